"""Ejercicios de la lección 02: tokenizadores."""
from __future__ import annotations

from functools import lru_cache

from ..formato import decimal
from . import Ejercicio, Incorrecto, es_entero

FRASE_EJ2 = "El barco llegó a la desembocadura del río al amanecer."
TEXTO_EJ3 = ("Los tokenizadores multilingües trocean mejor el español que los ingleses, "
             "pero las palabras largas y poco frecuentes siguen partiéndose en varias piezas.")


@lru_cache(maxsize=None)
def _tokenizador(id_hub: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(id_hub)


from ..modelos import MINILM_ID as MINILM
from ..modelos import modelo as _modelo


def _comprobar_ids(respuesta) -> str:
    if hasattr(respuesta, "tolist"):
        respuesta = respuesta.tolist()
    if isinstance(respuesta, dict):
        raise Incorrecto("Eso es el diccionario completo: quédate con la clave 'input_ids'.")
    if not isinstance(respuesta, list) or not all(isinstance(i, int) for i in respuesta):
        raise Incorrecto("Esperaba una lista de enteros (ids).")
    t = _tokenizador(MINILM)
    sin = t("Hola, mundo", add_special_tokens=False)["input_ids"]
    con = t("Hola, mundo")["input_ids"]
    if respuesta == con:
        raise Incorrecto(f"Incluye [CLS]={t.cls_token_id} y [SEP]={t.sep_token_id}: usa add_special_tokens=False.")
    if respuesta != sin:
        raise Incorrecto("Esos no son los ids de 'Hola, mundo' con el tokenizador de MiniLM.")
    return f"{t.convert_ids_to_tokens(sin)}"


def _comprobar_char_to_token(respuesta) -> str:
    if not es_entero(respuesta):
        raise Incorrecto("Esperaba un entero: el índice del token.")
    t = _tokenizador(_modelo("tokenizador_multilingue", explicar=False))
    codificado = t(FRASE_EJ2)
    caracter = FRASE_EJ2.index("desembocadura")
    esperado = codificado.char_to_token(caracter)
    if respuesta == caracter:
        raise Incorrecto("Ese es el índice del carácter; conviértelo a índice de token con char_to_token.")
    if respuesta == esperado - 1:
        raise Incorrecto("Te falta uno: el token especial <s> del principio también cuenta.")
    if respuesta != esperado:
        raise Incorrecto("No es el token donde empieza 'desembocadura'.")
    return f"El token {esperado} es {t.convert_ids_to_tokens(codificado['input_ids'])[esperado]!r}."


def _comprobar_fertilidad(respuesta) -> str:
    try:
        valor = float(respuesta)
    except (TypeError, ValueError):
        raise Incorrecto(f"Esperaba un número (tokens por palabra), no {type(respuesta).__name__}.") from None
    t = _tokenizador(_modelo("tokenizador_multilingue", explicar=False))
    esperado = len(t.tokenize(TEXTO_EJ3)) / len(TEXTO_EJ3.split())
    con_especiales = len(t(TEXTO_EJ3)["input_ids"]) / len(TEXTO_EJ3.split())
    if abs(valor - con_especiales) < 1e-9 and abs(valor - esperado) > 1e-9:
        raise Incorrecto("Has contado <s> y </s>: usa tokenizador.tokenize(), que no añade especiales.")
    if abs(valor - esperado) > 1e-6:
        raise Incorrecto("No coincide con len(tokenize(texto)) / len(texto.split()).")
    return f"{decimal(esperado)} tokens por palabra con el tokenizador multilingüe."


def _comprobar_entrenado(respuesta) -> str:
    if not hasattr(respuesta, "tokenize") or not hasattr(respuesta, "get_vocab"):
        raise Incorrecto("Esperaba un tokenizador (lo que devuelve train_new_from_iterator).")
    tamano = len(respuesta.get_vocab())
    if tamano > 2100:
        raise Incorrecto(f"Su vocabulario tiene {tamano} piezas; pide vocab_size=2000.")
    if tamano < 500:
        raise Incorrecto(f"Su vocabulario tiene solo {tamano} piezas; ¿lo entrenaste con todo el corpus?")
    if respuesta.tokenize("dios") != ["dios"]:
        raise Incorrecto("Una palabra tan frecuente en el corpus como 'dios' debería ser una sola pieza.")
    return f"Vocabulario de {tamano} piezas aprendido del corpus del curso."


ej1 = Ejercicio("leccion_02.ej1", "Ids de 'Hola, mundo' con el tokenizador de MiniLM, sin tokens especiales.",
                _comprobar_ids, pistas=["tokenizador(texto, add_special_tokens=False)", "…['input_ids']"])
ej2 = Ejercicio("leccion_02.ej2", "Índice del token donde empieza 'desembocadura' en FRASE_EJ2 (tokenizador multilingüe).",
                _comprobar_char_to_token,
                pistas=["FRASE_EJ2.index('desembocadura') da la posición del carácter.",
                        "codificado.char_to_token(posicion) la convierte en índice de token."])
ej3 = Ejercicio("leccion_02.ej3", "Tokens por palabra de TEXTO_EJ3 con el tokenizador multilingüe.",
                _comprobar_fertilidad, pistas=["len(multilingue.tokenize(TEXTO_EJ3))", "…/ len(TEXTO_EJ3.split())"])
ej4 = Ejercicio("leccion_02.ej4", "Entrena un tokenizador de 2000 piezas con el corpus del curso.", _comprobar_entrenado,
                pistas=["Todo tokenizador rápido tiene train_new_from_iterator(textos, vocab_size=...).",
                        "tokenizador.train_new_from_iterator(corpus, vocab_size=2000)"])
EJERCICIOS = [ej1, ej2, ej3, ej4]
