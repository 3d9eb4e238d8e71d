"""Respuestas incorrectas típicas de la lección 06."""


def _con_cabeza():
    from helpers.ejercicios.leccion_06 import _parametros_lora

    return {r: _parametros_lora(r, ["query", "value"]) + 770 for r in (4, 16, 32)}

INCORRECTAS = {
    "ej1": [(lambda: {4: 1, 16: 2}, "claves 4, 16 y 32"), (_con_cabeza, "cabeza de clasificación"),
            (lambda: {4: 1, 16: 2, 32: 3}, "r·(entrada + salida)")],
    "ej2": [(lambda: ["query", "key", "value", "dense"], "feed-forward"), (lambda: ["query", "value"], "faltan o sobran"),
            (lambda: "query", "lista de nombres")],
    "ej3": [(lambda: "a", "A y B desaparecen"), (lambda: "c", "no se pierde"), (lambda: "d", "sin peft")],
}
