"""Ejercicios de la lección 09: embeddings."""
from __future__ import annotations

from functools import lru_cache

from . import Ejercicio, Incorrecto

CONSULTA, PASAJE = "query: ", "passage: "  # prefijos con los que se entrenó multilingual-e5
FRASES_EJ3 = [
    "La habitación del hotel estaba limpia y el personal fue muy amable.",
    "Gran hotel: habitación impecable y recepcionistas encantadores.",
    "El desayuno del hotel era variado y abundante.",
    "Nuestra habitación tenía unas vistas al mar preciosas.",
    "La fotosíntesis convierte la energía de la luz en energía química.",
    "La piscina del hotel estaba tranquila y bien cuidada.",
]


@lru_cache(maxsize=1)
def _modelo():
    from sentence_transformers import SentenceTransformer

    from ..modelos import modelo

    return SentenceTransformer(modelo("embeddings", explicar=False), device="cpu")


def _comprobar_coseno(funcion) -> str:
    import torch

    if not callable(funcion):
        raise Incorrecto("Esperaba una función coseno(a, b) para dos vectores.")
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(384, generator=g), torch.randn(384, generator=g)
    esperado = float(torch.nn.functional.cosine_similarity(a, b, dim=0))
    valor = float(funcion(a, b))
    if abs(valor - float(a @ b)) < 1e-5 and abs(valor - esperado) > 1e-5:
        raise Incorrecto("Eso es el producto escalar: divide entre el producto de las normas.")
    if abs(valor - esperado) > 1e-5:
        raise Incorrecto("No coincide con a·b / (‖a‖·‖b‖).")
    if abs(float(funcion(a, 3 * a)) - 1) > 1e-5:
        raise Incorrecto("El coseno de un vector con un múltiplo suyo debe ser 1.")
    return "El coseno solo mira la dirección, no la longitud."


def _comprobar_busqueda(respuesta) -> str:
    from sentence_transformers import util

    from ..datos import cargar_resenas

    if not isinstance(respuesta, (list, tuple)) or not all(isinstance(i, int) for i in respuesta):
        raise Incorrecto("Esperaba una lista de 3 índices enteros (corpus_id).")
    textos = list(cargar_resenas()["test"]["texto"])
    corpus = _modelo().encode([PASAJE + t for t in textos], normalize_embeddings=True, convert_to_tensor=True)

    def buscar(consulta):
        vector = _modelo().encode([consulta], normalize_embeddings=True, convert_to_tensor=True)
        return [h["corpus_id"] for h in util.semantic_search(vector, corpus, top_k=3)[0]]

    esperado = buscar(CONSULTA + "el envío llegó tarde y roto")
    if list(respuesta) != esperado and list(respuesta) == buscar("el envío llegó tarde y roto"):
        raise Incorrecto("Falta el prefijo de consulta: codifica 'query: el envío llegó tarde y roto'.")
    if sorted(respuesta) == sorted(esperado) and list(respuesta) != esperado:
        raise Incorrecto("Son los índices correctos pero no en orden de similitud decreciente.")
    if list(respuesta) != esperado:
        raise Incorrecto("No son los 3 más parecidos a la consulta en las reseñas de prueba.")
    return f"La más parecida: {textos[esperado[0]]!r}"


def _comprobar_atipico(respuesta) -> str:
    import numpy as np

    if isinstance(respuesta, bool) or not isinstance(respuesta, (int, np.integer)):
        raise Incorrecto("Esperaba un índice entero de FRASES_EJ3.")
    E = _modelo().encode([CONSULTA + f for f in FRASES_EJ3], normalize_embeddings=True)
    esperado = int((E @ E.mean(axis=0)).argmin())
    if int(respuesta) != esperado:
        raise Incorrecto("No es la frase menos parecida al centroide (media de los embeddings).")
    return f"Atípica: {FRASES_EJ3[esperado]!r}"


ej1 = Ejercicio("leccion_09.ej1", "Escribe coseno(a, b) para dos vectores de PyTorch.", _comprobar_coseno,
                pistas=["a @ b es el producto escalar; a.norm() la longitud.", "(a @ b) / (a.norm() * b.norm())"])
ej2 = Ejercicio("leccion_09.ej2", "Índices (corpus_id) de las 3 reseñas de prueba más parecidas a 'el envío llegó tarde y roto'.",
                _comprobar_busqueda,
                pistas=["Codifica la consulta con el prefijo CONSULTA; util.semantic_search(consulta, corpus, top_k=3) "
                        "devuelve una lista por consulta.",
                        "[h['corpus_id'] for h in resultados[0]]"])
ej3 = Ejercicio("leccion_09.ej3", "¿Qué frase de FRASES_EJ3 es la atípica (la menos parecida al centroide)?", _comprobar_atipico,
                pistas=["Codifica con el prefijo CONSULTA y normalize_embeddings=True; el centroide es E.mean(axis=0).",
                        "La atípica tiene el menor producto con el centroide: (E @ centroide).argmin()."])
EJERCICIOS = [ej1, ej2, ej3]
