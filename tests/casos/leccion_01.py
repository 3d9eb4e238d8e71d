"""Respuestas incorrectas típicas de la lección 01."""
from helpers.ejercicios.leccion_01 import FRASE_EJ3, RESENAS_EJ1, VERDAD_EJ1


def _aciertos_del_modelo():
    from helpers.ejercicios.leccion_01 import _errores_del_modelo

    errores = _errores_del_modelo()
    return [i for i in range(len(RESENAS_EJ1)) if i not in errores]


def _vector_por_token():
    import numpy as np
    from transformers import pipeline

    from helpers.modelos import MINILM_ID

    return np.asarray(pipeline("feature-extraction", model=MINILM_ID)(FRASE_EJ3))[0]


INCORRECTAS = {
    "ej1": [(lambda: list(VERDAD_EJ1), "ÍNDICES"), (_aciertos_del_modelo, "ACIERTA"),
            (lambda: [0, 1, 2, 3, 4, 5], "No son exactamente")],
    "ej2": [(lambda: [{"label": "POS", "score": 0.9}], "solo el número"), (lambda: 1.5, "No coincide")],
    "ej3": [(_vector_por_token, "media sobre los tokens"), (lambda: [0.0] * 10, "La forma debe ser")],
}
