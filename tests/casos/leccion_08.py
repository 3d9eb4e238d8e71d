"""Respuestas incorrectas típicas de la lección 08."""
from helpers.ejercicios.leccion_08 import PROMPT_EJ1, TEMPERATURAS_EJ3


def _logits():
    import torch

    from helpers.ejercicios.leccion_08 import _modelo

    tokenizador, modelo = _modelo()
    with torch.no_grad():
        return modelo(**tokenizador(PROMPT_EJ1, return_tensors="pt")).logits[0, -1].float()


def _multiplicando():
    import torch

    logits = _logits()
    return {t: float(torch.softmax(logits * t, -1).max()) for t in TEMPERATURAS_EJ3}


def _sin_temperatura():
    import torch

    logits = _logits()
    return {t: float(torch.softmax(logits, -1).max()) for t in TEMPERATURAS_EJ3}


def _sin_parar():
    from transformers import StoppingCriteria

    class NuncaPara(StoppingCriteria):
        def __init__(self, tokenizador):
            self.tokenizador = tokenizador

        def __call__(self, input_ids, scores, **kwargs):
            return False

    return NuncaPara


INCORRECTAS = {
    "ej1": [(lambda: ["a", "b", "c", "d", "e"], "No son los 5"), (lambda: "azul", "lista de 5")],
    "ej2": [(_sin_parar, "primer punto"), (lambda: len, "herede de transformers.StoppingCriteria")],
    "ej3": [(_multiplicando, "multiplicado"), (_sin_temperatura, "Las tres valen lo mismo"), (lambda: {0.5: 1}, "claves")],
}
