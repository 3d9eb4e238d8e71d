"""Ejercicios de la lección 08: LLMs y generación."""
from __future__ import annotations

from functools import lru_cache

from . import Ejercicio, Incorrecto

PROMPT_EJ1 = "El cielo despejado de un día de verano es de color"
CONVERSACION_EJ3 = [
    {"role": "system", "content": "Eres un asistente breve."},
    {"role": "user", "content": "¿Cuántos días tiene una semana?"},
]


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


def _comprobar_plantilla(respuesta) -> str:
    if not isinstance(respuesta, str):
        raise Incorrecto("Esperaba el texto del prompt (tokenize=False).")
    tokenizador, _ = _modelo()
    esperado = tokenizador.apply_chat_template(CONVERSACION_EJ3, tokenize=False, add_generation_prompt=True)
    if respuesta == tokenizador.apply_chat_template(CONVERSACION_EJ3, tokenize=False):
        raise Incorrecto("Falta el turno del asistente al final: add_generation_prompt=True.")
    if respuesta != esperado:
        raise Incorrecto("No es lo que produce la plantilla de chat del tokenizador para CONVERSACION_EJ3.")
    return "Así ve el modelo la conversación: texto plano con marcas de turno."


ej1 = Ejercicio("leccion_08.ej1", "Los 5 tokens más probables tras PROMPT_EJ1, decodificados y en orden.", _comprobar_top5,
                pistas=["modelo(**tokenizador(PROMPT_EJ1, return_tensors='pt')).logits[0, -1] son los logits del siguiente token.",
                        "[tokenizador.decode([i]) for i in logits.topk(5).indices.tolist()]"],
                texto_solucion="logits = modelo(**tokenizador(PROMPT_EJ1, return_tensors='pt')).logits[0, -1]\n"
                               "top5 = [tokenizador.decode([i]) for i in logits.topk(5).indices.tolist()]")
ej2 = Ejercicio("leccion_08.ej2", "Un StoppingCriteria que pare al generar el primer '.'.", _comprobar_parada,
                pistas=["__call__(self, input_ids, scores, **kwargs) se llama tras cada token nuevo.",
                        "Decodifica input_ids[0, -1:] y devuelve True si contiene '.'."],
                texto_solucion="class ParaEnPunto(StoppingCriteria):\n    def __init__(self, tokenizador):\n"
                               "        self.tokenizador = tokenizador\n    def __call__(self, input_ids, scores, **kwargs):\n"
                               "        return '.' in self.tokenizador.decode(input_ids[0, -1:])")
ej3 = Ejercicio("leccion_08.ej3", "El prompt de texto para CONVERSACION_EJ3, listo para que responda el asistente.",
                _comprobar_plantilla,
                pistas=["tokenizador.apply_chat_template(conversación, tokenize=False, …)",
                        "add_generation_prompt=True añade la marca de turno del asistente."],
                texto_solucion="prompt = tokenizador.apply_chat_template(CONVERSACION_EJ3, tokenize=False, add_generation_prompt=True)")
EJERCICIOS = [ej1, ej2, ej3]
