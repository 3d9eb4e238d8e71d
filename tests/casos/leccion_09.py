"""Respuestas incorrectas típicas de la lección 09."""


def _producto_escalar():
    def coseno(a, b):
        return a @ b

    return coseno


INCORRECTAS = {
    "ej1": [(_producto_escalar, "producto escalar"), (lambda: 1.0, "función")],
    "ej2": [(lambda: [0, 1, 2], "No son los 3"), (lambda: "0 1 2", "lista de 3")],
    "ej3": [(lambda: 1.5, "entero")],
}
