"""Respuestas incorrectas típicas de la lección 04."""


def _sin_escala():
    import torch

    def atencion(Q, K, V, mascara=None):
        puntuaciones = Q @ K.transpose(-2, -1)
        if mascara is not None:
            puntuaciones = puntuaciones + mascara
        return torch.softmax(puntuaciones, dim=-1) @ V

    return atencion


def _sin_mascara():
    import math

    import torch

    def atencion(Q, K, V, mascara=None):
        return torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1]), dim=-1) @ V

    return atencion


def _figura_vacia():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figura, eje = plt.subplots()
    eje.imshow([[0.0, 1.0], [1.0, 0.0]])
    return figura


INCORRECTAS = {
    "ej1": [(_sin_escala, "√d"), (_sin_mascara, "Con máscara no coincide"), (lambda: 3, "Esperaba una función")],
    "ej2": [(lambda: 2.0, "entero"), (lambda: 99, "No es la cabeza")],
    "ej3": [(lambda: "figura", "figura de matplotlib"), (_figura_vacia, "tokens × tokens")],
}
