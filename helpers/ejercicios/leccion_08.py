"""Ejercicios de la lección 08: LLMs y generación."""
from __future__ import annotations

from functools import lru_cache

from ..formato import decimal, porcentaje
from . import Ejercicio, Incorrecto

PROMPT_EJ1 = "El cielo despejado de un día de verano es de color"
TEMPERATURAS_EJ3 = (0.5, 1.0, 2.0)


@lru_cache(maxsize=1)
def _modelo():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from ..modelos import modelo

    generador = modelo("generador", explicar=False)
    return AutoTokenizer.from_pretrained(generador), AutoModelForCausalLM.from_pretrained(generador)


def _comprobar_top5(respuesta) -> str:
    import torch

    if not isinstance(respuesta, (list, tuple)) or not all(isinstance(t, str) for t in respuesta):
        raise Incorrecto("Esperaba una lista de 5 textos (los tokens decodificados).")
    tokenizador, modelo = _modelo()
    with torch.no_grad():
        logits = modelo(**tokenizador(PROMPT_EJ1, return_tensors="pt")).logits[0, -1]
    ids = logits.topk(5).indices.tolist()
    esperado = [tokenizador.decode([i]) for i in ids]
    if list(respuesta) == [tokenizador.convert_ids_to_tokens(i) for i in ids] and respuesta != esperado:
        raise Incorrecto("Son los tokens en bruto (con Ġ en lugar del espacio); usa tokenizador.decode([id]).")
    if len(respuesta) != 5:
        raise Incorrecto(f"Pide exactamente 5 tokens; tienes {len(respuesta)}.")
    if list(respuesta) != esperado:
        raise Incorrecto("No son los 5 más probables tras el prompt, en orden. Usa logits[0, -1].topk(5).")
    return f"Tras {PROMPT_EJ1!r}, los favoritos son {esperado}."


def _comprobar_parada(clase) -> str:
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    if not (isinstance(clase, type) and issubclass(clase, StoppingCriteria)):
        raise Incorrecto("Esperaba una clase que herede de transformers.StoppingCriteria.")
    tokenizador, modelo = _modelo()
    try:
        criterio = clase(tokenizador)
    except TypeError:
        raise Incorrecto("El constructor debe recibir el tokenizador: ParaEnPunto(tokenizador).") from None
    entrada = tokenizador("Escribe dos frases sobre el mar.", return_tensors="pt")
    with torch.no_grad():
        salida = modelo.generate(**entrada, max_new_tokens=60, do_sample=False,
                                 stopping_criteria=StoppingCriteriaList([criterio]))
    nuevo = tokenizador.decode(salida[0, entrada["input_ids"].shape[1]:])
    if "." not in nuevo:
        raise Incorrecto("La generación llegó al límite sin parar: detecta '.' en el último token generado.")
    if nuevo.rstrip().count(".") > 1 or not nuevo.rstrip().endswith("."):
        raise Incorrecto("Debe parar justo en el primer punto, no después.")
    return f"Para en el primer punto: {nuevo!r}"


def _comprobar_temperaturas(respuesta) -> str:
    import torch

    if not isinstance(respuesta, dict) or set(respuesta) != set(TEMPERATURAS_EJ3):
        raise Incorrecto(f"Esperaba un diccionario {{temperatura: probabilidad}} con las claves {list(TEMPERATURAS_EJ3)}.")
    tokenizador, modelo = _modelo()
    with torch.no_grad():
        logits = modelo(**tokenizador(PROMPT_EJ1, return_tensors="pt")).logits[0, -1].float()
    esperado = {t: float(torch.softmax(logits / t, -1).max()) for t in TEMPERATURAS_EJ3}
    valores = {t: float(v) for t, v in respuesta.items()}
    if len({round(v, 6) for v in valores.values()}) == 1:
        raise Incorrecto("Las tres valen lo mismo: divide los logits ENTRE la temperatura antes del softmax.")
    if all(abs(valores[t] - float(torch.softmax(logits * t, -1).max())) < 1e-4 for t in TEMPERATURAS_EJ3):
        raise Incorrecto("Has multiplicado por la temperatura: se divide, logits / T.")
    if any(v > 1.0 + 1e-6 for v in valores.values()):
        raise Incorrecto("Alguna pasa de 1: son logits, no probabilidades. Aplica torch.softmax.")
    if any(abs(valores[t] - esperado[t]) > 1e-3 for t in TEMPERATURAS_EJ3):
        raise Incorrecto("No coinciden: probabilidad del token más probable = softmax(logits[0, -1] / T).max().")
    texto = ", ".join(f"T={decimal(t, 1)}: {porcentaje(p, 0)}" for t, p in esperado.items())
    return f"{texto}. T < 1 afila la distribución (más determinista); T > 1 la aplana (más variada y más errática)."


ej1 = Ejercicio("leccion_08.ej1", "Los 5 tokens más probables tras PROMPT_EJ1, decodificados y en orden.", _comprobar_top5,
                pistas=["modelo(**tokenizador(PROMPT_EJ1, return_tensors='pt')).logits[0, -1] son los logits del siguiente token.",
                        "[tokenizador.decode([i]) for i in logits.topk(5).indices.tolist()]"])
ej2 = Ejercicio("leccion_08.ej2", "Un StoppingCriteria que pare al generar el primer '.'.", _comprobar_parada,
                pistas=["__call__(self, input_ids, scores, **kwargs) se llama tras cada token nuevo.",
                        "Decodifica el último token de cada fila (fila[-1:]) y mira si contiene '.'.",
                        "Devuelve un booleano por fila: torch.tensor(['.' in self.tokenizador.decode(fila[-1:]) for fila in input_ids])."])
ej3 = Ejercicio("leccion_08.ej3", "Probabilidad del token más probable tras PROMPT_EJ1 con temperatura 0,5, 1 y 2.",
                _comprobar_temperaturas,
                pistas=["Antes de calcular, predice: ¿sube o baja esa probabilidad al subir T?",
                        "Con los logits del ejercicio 1 (modelo(**tokenizador(PROMPT_EJ1, return_tensors='pt')).logits[0, -1]): "
                        "{t: float(torch.softmax(logits / t, -1).max()) for t in TEMPERATURAS_EJ3}"])
EJERCICIOS = [ej1, ej2, ej3]
