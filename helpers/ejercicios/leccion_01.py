"""Ejercicios de la lección 01: pipelines."""
from __future__ import annotations

from functools import lru_cache

from ..formato import decimal
from ..modelos import MINILM_ID, modelo, normalizar_etiqueta
from . import Ejercicio, Incorrecto

# Reseñas escritas aquí con la etiqueta que pondría una persona (la verdad, no lo que diga un modelo).
RESENAS_EJ1 = [
    "El hotel estaba impecable y el desayuno era abundante.",
    "La batería no dura nada y el servicio técnico no responde.",
    "Una película previsible desde el primer minuto.",
    "No está nada mal para lo que cuesta.",
    "Genial, otra vez el pedido llegó roto. Justo lo que necesitaba.",
    "Tardaron en atendernos, pero la paella compensó la espera.",
]
VERDAD_EJ1 = ["positivo", "negativo", "negativo", "positivo", "negativo", "positivo"]
FRASE_EJ2 = "El envío llegó antes de lo previsto, aunque la caja venía algo golpeada."
FRASE_EJ3 = "Los transformers procesan frases enteras a la vez."


@lru_cache(maxsize=None)
def _pipeline(tarea: str, modelo: str):
    from transformers import pipeline

    return pipeline(tarea, model=modelo, device="cpu")


def _sentimiento():
    return _pipeline("sentiment-analysis", modelo("sentimiento", explicar=False))


def _errores_del_modelo() -> list[int]:
    predichas = [normalizar_etiqueta(r["label"]) for r in _sentimiento()(RESENAS_EJ1)]
    return [i for i, (p, v) in enumerate(zip(predichas, VERDAD_EJ1)) if p != v]


def _comprobar_errores(respuesta) -> str:
    if not isinstance(respuesta, (list, tuple, set)):
        raise Incorrecto(f"Esperaba una lista de índices (enteros), no {type(respuesta).__name__}.")
    if any(isinstance(r, str) for r in respuesta):
        raise Incorrecto("Son etiquetas o textos: devuelve los ÍNDICES (0, 1, …) de las reseñas en que el modelo falla.")
    if any(isinstance(r, dict) for r in respuesta):
        raise Incorrecto("Son las salidas del pipeline: compara r['label'] (normalizada) con VERDAD_EJ1 y quédate con los índices.")
    errores = _errores_del_modelo()
    aciertos = [i for i in range(len(RESENAS_EJ1)) if i not in errores]
    respuesta = sorted(int(i) for i in respuesta)
    if respuesta == aciertos and errores:
        raise Incorrecto("Esos son los índices en que el modelo ACIERTA; pide aquellos en que se equivoca.")
    if respuesta != errores:
        raise Incorrecto("No son exactamente las reseñas en que la etiqueta del modelo (normalizada con "
                         "modelos.normalizar_etiqueta) difiere de VERDAD_EJ1.")
    if not errores:
        return "Este modelo acierta las seis: lista vacía."
    return (f"El modelo falla en {errores}. Mira qué tienen esas frases (ironía, negación, pros y contras): "
            "la sección siguiente lo comenta.")


def _comprobar_probabilidad(respuesta) -> str:
    if isinstance(respuesta, (list, dict)):
        raise Incorrecto("Da solo el número (la 'score' de la etiqueta 'positivo'), no la estructura completa.")
    try:
        valor = float(respuesta)
    except (TypeError, ValueError):
        raise Incorrecto(f"Esperaba un número entre 0 y 1, no {type(respuesta).__name__}.") from None
    # Vale con cualquier modelo del catálogo: POS/NEG/NEU (Hub) o positivo/negativo (copia local).
    puntuaciones = {normalizar_etiqueta(r["label"]): r["score"] for r in _sentimiento()(FRASE_EJ2, top_k=None)}
    if abs(valor - puntuaciones["negativo"]) < 1e-4 and abs(valor - puntuaciones["positivo"]) > 1e-4:
        raise Incorrecto("Esa es la probabilidad de 'negativo'. Busca la entrada con label == 'positivo'.")
    if abs(valor - puntuaciones["positivo"]) > 1e-4:
        raise Incorrecto("No coincide con la probabilidad de 'positivo' que da el modelo con top_k=None.")
    return f"P(positivo) = {decimal(puntuaciones['positivo'])}; las puntuaciones de todas las etiquetas suman 1."


def _comprobar_media(respuesta) -> str:
    import numpy as np

    vector = np.asarray(respuesta, dtype=float)
    esperado = np.asarray(_pipeline("feature-extraction", MINILM_ID)(FRASE_EJ3))[0]
    if vector.shape == esperado.shape:
        raise Incorrecto(f"Tienes un vector por token {vector.shape}: haz la media sobre los tokens (axis=0).")
    if vector.shape != (esperado.shape[-1],):
        raise Incorrecto(f"La forma debe ser ({esperado.shape[-1]},) y es {vector.shape}.")
    if not np.allclose(vector, esperado.mean(axis=0), atol=1e-4):
        raise Incorrecto("La forma es correcta pero los valores no: ¿promediaste sobre el eje de los tokens?")
    return f"Un vector de {vector.shape[0]} números resume la frase entera."


ej1 = Ejercicio(
    "leccion_01.ej1", "Índices de las reseñas de RESENAS_EJ1 en que el modelo contradice VERDAD_EJ1 (una sola llamada al pipeline).",
    _comprobar_errores,
    pistas=["Un pipeline acepta una lista de textos y devuelve una lista de resultados: una sola llamada.",
            "Normaliza cada r['label'] con modelos.normalizar_etiqueta y compárala con VERDAD_EJ1[i]; guarda i si difieren."],
)
ej2 = Ejercicio(
    "leccion_01.ej2", "¿Qué probabilidad da el modelo a 'positivo' para FRASE_EJ2?", _comprobar_probabilidad,
    pistas=["Con top_k=None el pipeline devuelve la puntuación de todas las etiquetas.",
            "Recorre la lista y quédate con la 'score' cuya 'label' es la positiva ('positivo' o 'POS', según el modelo: modelos.normalizar_etiqueta las unifica)."],
)
ej3 = Ejercicio(
    "leccion_01.ej3", "Resume FRASE_EJ3 en un único vector: media de los vectores de sus tokens.", _comprobar_media,
    pistas=["extractor(FRASE_EJ3) tiene forma (1, tokens, 384).",
            "np.asarray(extractor(FRASE_EJ3))[0].mean(axis=0)"],
)
EJERCICIOS = [ej1, ej2, ej3]
