"""Respuestas incorrectas típicas de la lección 07."""
from helpers.ejercicios.leccion_07 import PARAMETROS_EJ1


def _cuantizar_sin_redondeo():
    import torch

    def cuantizar_int8(w):
        escala = w.abs().max() / 127
        return (w / escala).to(torch.int8), escala  # trunca en vez de redondear

    return cuantizar_int8


def _cuantizar_mal_escala():
    import torch

    def cuantizar_int8(w):
        escala = w.abs().max() / 255
        return torch.round(w / escala).clamp(-128, 127).to(torch.int8), escala

    return cuantizar_int8


INCORRECTAS = {
    "ej1": [(lambda: {f: PARAMETROS_EJ1 * b / 2**30 for f, b in {"fp32": 4, "fp16": 2, "int8": 1, "int4": 0.5}.items()}, "GiB"),
            (lambda: {"fp32": 1}, "claves")],
    "ej2": [(_cuantizar_sin_redondeo, "Redondea"), (_cuantizar_mal_escala, "max(|w|) / 127"), (lambda: 5, "función")],
    "ej3": [(lambda: 0.25, "no al revés"), (lambda: "mucho", "número")],
    "ej4": [(lambda: "a", "No cabe"), (lambda: "c", "congela"), (lambda: "d", "inestable")],
}
