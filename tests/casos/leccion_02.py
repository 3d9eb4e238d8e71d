"""Respuestas incorrectas típicas de la lección 02."""


def _con_especiales():
    from transformers import AutoTokenizer

    from helpers.modelos import MINILM_ID

    return AutoTokenizer.from_pretrained(MINILM_ID)("Hola, mundo")["input_ids"]


def _indice_caracter():
    from helpers.ejercicios.leccion_02 import FRASE_EJ2

    return FRASE_EJ2.index("desembocadura")


INCORRECTAS = {
    "ej1": [(_con_especiales, "add_special_tokens=False"), (lambda: "Hola", "lista de enteros")],
    "ej2": [(_indice_caracter, "índice del carácter"), (lambda: "3", "entero")],
    "ej3": [(lambda: "mucho", "Esperaba un número"), (lambda: 99.0, "No coincide")],
    "ej4": [(lambda: "tokenizador", "Esperaba un tokenizador")],
}
