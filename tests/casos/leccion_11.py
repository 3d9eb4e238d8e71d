"""Respuestas incorrectas típicas de la lección 11: cada una debe dar «incorrecto» con su mensaje."""


def _divide_entre_todas(filas):
    total = len(filas)
    return {"vistas": sum(a for n, a in filas if not n) / total, "no_vistas": sum(a for n, a in filas if n) / total}


def _al_reves(filas):
    grupos = {"no_vistas": [a for n, a in filas if not n], "vistas": [a for n, a in filas if n]}
    return {k: sum(v) / len(v) for k, v in grupos.items()}


def _porcentajes(filas):
    grupos = {"vistas": [a for n, a in filas if not n], "no_vistas": [a for n, a in filas if n]}
    return {k: 100 * sum(v) / len(v) for k, v in grupos.items()}


def _cuenta_aciertos(filas):
    return {"vistas": sum(a for n, a in filas if not n), "no_vistas": sum(a for n, a in filas if n)}


INCORRECTAS = {
    "ej1": [(lambda: 0.3477, "softmax a los cosenos tal cual"), (lambda: 88.08, "porcentaje"),
            (lambda: 0.31, "Un coseno no es una probabilidad"), (lambda: 0.5, "softmax([100·0,31"),
            (lambda: "0.88", "Esperaba un número")],
    "ej2": [(lambda: _divide_entre_todas, "Divides entre TODAS las filas"), (lambda: _al_reves, "al revés"),
            (lambda: _porcentajes, "porcentajes"), (lambda: _cuenta_aciertos, "cuántos aciertos"),
            (lambda: {"vistas": 1.0, "no_vistas": 0.5}, "Esperaba una función")],
    "ej3": [(lambda: "a", "no aprender nada útil"), (lambda: "c", "es derivable"), (lambda: "d", "vector constante"),
            (lambda: "e", "no es ninguna opción")],
    "ej4": [(lambda: {"curso": 16, "vit_base_patch16_224": 196, "clip_base_patch32": 49}, "[CLS]"),
            (lambda: {"curso": 4, "vit_base_patch16_224": 14, "clip_base_patch32": 7}, "parches por LADO"),
            (lambda: {"curso": 17, "vit_base_patch16_224": 197, "clip_base_patch32": 197}, "«clip_base_patch32»"),
            (lambda: {"curso": 17}, "claves")],
}
