"""Respuestas incorrectas típicas de la lección 13: cada una debe dar «incorrecto» con su mensaje."""
import statistics

_EXACTITUDES = [0.925, 0.8875, 0.9375]
_MEDIA = statistics.mean(_EXACTITUDES)

INCORRECTAS = {
    "ej1": [
        (lambda: (_MEDIA, statistics.pstdev(_EXACTITUDES)), "desviación poblacional"),
        (lambda: (100 * _MEDIA, 100 * statistics.stdev(_EXACTITUDES)), "en fracción"),
        (lambda: (_MEDIA, statistics.variance(_EXACTITUDES)), "varianza"),
        (lambda: (statistics.stdev(_EXACTITUDES), _MEDIA), "orden al revés"),
        (lambda: (0.9, statistics.stdev(_EXACTITUDES)), "La media no es"),
        (lambda: 0.9167, "tupla de dos números"),
    ],
    "ej2": [
        (lambda: {"elegida": "tasa 2e-4 + wd", "exactitud_a_reportar": 0.905}, "elegir mirando la prueba"),
        (lambda: {"elegida": "tasa 2e-4", "exactitud_a_reportar": 0.925}, "la que usaste para elegir"),
        (lambda: {"elegida": "tasa 2e-4", "exactitud_a_reportar": 0.905}, "no es la de la configuración"),
        (lambda: {"elegida": "LoRA r=8", "exactitud_a_reportar": 0.770}, "no es la mejor en validación"),
        (lambda: {"elegida": "tasa 3e-4", "exactitud_a_reportar": 0.9}, "no es ninguna de las configuraciones"),
        (lambda: "tasa 2e-4", "exactitud_a_reportar"),
    ],
    "ej3": [
        (lambda: "a", "No hace falta calcular gradientes"),
        (lambda: "c", "Evaluar no cambia los pesos"),
        (lambda: "d", "Las reseñas repetidas son otra fuga"),
        (lambda: "e", "no es ninguna opción"),
    ],
}
