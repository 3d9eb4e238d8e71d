"""Ejercicios de la lección 01: pipelines."""
from __future__ import annotations

from functools import lru_cache

from ..modelos import MINILM_ID, modelo, normalizar_etiqueta
from . import Ejercicio, Incorrecto

RESENAS_EJ1 = [
    "El hotel estaba impecable y el desayuno era abundante.",
    "La batería no dura nada y el servicio técnico no responde.",
    "Una película previsible desde el primer minuto.",
]
FRASE_EJ2 = "El envío llegó antes de lo previsto, aunque la caja venía algo golpeada."
FRASE_EJ3 = "Los transformers procesan frases enteras a la vez."


@lru_cache(maxsize=None)
def _pipeline(tarea: str, modelo: str):
    from transformers import pipeline

    return pipeline(tarea, model=modelo, device="cpu")


def _sentimiento():
    return _pipeline("sentiment-analysis", modelo("sentimiento", explicar=False))


def _comprobar_lote(respuesta) -> str:
    if not isinstance(respuesta, list):
        raise Incorrecto(f"Esperaba una lista de etiquetas, no {type(respuesta).__name__}.")
    if len(respuesta) != len(RESENAS_EJ1):
        raise Incorrecto(f"Hay {len(RESENAS_EJ1)} reseñas y tu lista tiene {len(respuesta)} elementos.")
    if any(isinstance(r, dict) for r in respuesta):
        raise Incorrecto("Cada elemento es un diccionario {'label', 'score'}: quédate solo con r['label'].")
    esperadas = [r["label"] for r in _sentimiento()(RESENAS_EJ1)]
    if [normalizar_etiqueta(r) for r in respuesta] != [normalizar_etiqueta(e) for e in esperadas]:
        raise Incorrecto("Alguna etiqueta no coincide con lo que predice el modelo: pásale la lista entera.")
    return f"Etiquetas del modelo: {esperadas}."


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
    return f"P(positivo) = {puntuaciones['positivo']:.2f}; las puntuaciones de todas las etiquetas suman 1."


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
    "leccion_01.ej1", "Clasifica en lote las tres reseñas de RESENAS_EJ1 y guarda solo sus etiquetas.",
    _comprobar_lote,
    pistas=["Un pipeline acepta una lista de textos y devuelve una lista de resultados.",
            "[r['label'] for r in clasificador(RESENAS_EJ1)]"],
    texto_solucion="etiquetas = [r['label'] for r in clasificador(RESENAS_EJ1)]",
)
ej2 = Ejercicio(
    "leccion_01.ej2", "¿Qué probabilidad da el modelo a 'positivo' para FRASE_EJ2?", _comprobar_probabilidad,
    pistas=["Con top_k=None el pipeline devuelve la puntuación de todas las etiquetas.",
            "Recorre la lista y quédate con la 'score' cuya 'label' es la positiva ('positivo' o 'POS', según el modelo: modelos.normalizar_etiqueta las unifica)."],
    texto_solucion="puntuaciones = clasificador(FRASE_EJ2, top_k=None)\n"
                   "p_positivo = next(r['score'] for r in puntuaciones if modelos.normalizar_etiqueta(r['label']) == 'positivo')",
)
ej3 = Ejercicio(
    "leccion_01.ej3", "Resume FRASE_EJ3 en un único vector: media de los vectores de sus tokens.", _comprobar_media,
    pistas=["extractor(FRASE_EJ3) tiene forma (1, tokens, 384).",
            "np.asarray(extractor(FRASE_EJ3))[0].mean(axis=0)"],
    texto_solucion="vector_frase = np.asarray(extractor(FRASE_EJ3))[0].mean(axis=0)",
)
EJERCICIOS = [ej1, ej2, ej3]
