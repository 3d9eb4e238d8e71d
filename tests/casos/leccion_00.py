"""Respuestas incorrectas típicas de la lección 00: cada una debe dar «incorrecto» con su mensaje."""
def _numero_de_tensores():
    from helpers.ejercicios.leccion_00 import _parametros_codificador

    return _parametros_codificador()[1]


INCORRECTAS = {
    "ej1": [(lambda: "gpu", "'cuda', 'mps' o 'cpu'"), (lambda: 0, "debe ser un texto")],
    "ej2": [(lambda: 22.7, "entero"), (_numero_de_tensores, "número de tensores"), (lambda: 12345, "no es el número de parámetros")],
    "ej3": [(lambda: "/no/existe", "config.json"), (lambda: 42, "Da una ruta")],
}
