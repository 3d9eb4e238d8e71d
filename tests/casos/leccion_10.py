"""Respuestas incorrectas típicas de la lección 10."""
from helpers.ejercicios.leccion_10 import PREGUNTA_EJ2, SISTEMA_EJ2, TOKENS_ENTRADA_EJ1, TOKENS_SALIDA_EJ1, PRECIO_ENTRADA_EJ1

INCORRECTAS = {
    "ej1": [(lambda: (TOKENS_ENTRADA_EJ1 + TOKENS_SALIDA_EJ1) / 1e6 * PRECIO_ENTRADA_EJ1, "otro precio"),
            (lambda: "caro", "número")],
    "ej2": [(lambda: [{"role": "user", "content": PREGUNTA_EJ2}, {"role": "system", "content": SISTEMA_EJ2}], "en ese orden"),
            (lambda: "hola", "lista de diccionarios")],
    "ej3": [(lambda: "Gemini.", "al menos"), (lambda: 3, "como texto")],
}
