"""Respuestas incorrectas típicas de la lección 12: cada una debe dar «incorrecto» con su mensaje."""
from helpers.ejercicios.leccion_12 import LATENCIAS_EJ2, MODELO_EJ4, TEXTOS_EJ4


def _medidas_de_ejemplo():
    """Registra una comparación fp32/int8 pequeña (como la de la sección 7) y la devuelve."""
    import numpy as np

    from helpers import despliegue

    fp32 = np.array([[2.0, -1.0], [0.1, 0.0], [-1.0, 2.0], [0.0, 0.2], [1.0, -1.0], [-2.0, 1.0]])
    int8 = np.array([[1.9, -0.9], [0.0, 0.1], [-1.1, 2.1], [0.3, 0.1], [0.9, -0.8], [-1.9, 1.1]])
    etiquetas = [0, 0, 1, 1, 1, 1]  # etiqueta humana: el modelo falla en la 3 y la 4
    return despliegue.registrar_comparacion(fp32, int8, etiquetas)


def _errores_frente_a_humanos():
    medida = _medidas_de_ejemplo()
    return [i for i, (p, v) in enumerate(zip(medida["pred_int8"], medida["etiquetas"])) if p != v]


def _todas_las_posiciones():
    return list(range(len(_medidas_de_ejemplo()["pred_fp32"])))


def _solo_una_de_dos():
    _medidas_de_ejemplo()  # discrepan las posiciones 1 y 3
    return [1]


def _sin_float(textos, predicciones, modelo):
    resultados = []
    for texto, clases in zip(textos, predicciones):
        mejor = max(clases, key=lambda c: c["score"])
        etiqueta = {"POS": "positivo", "NEG": "negativo", "NEU": "neutro"}[mejor["label"]]
        resultados.append({"texto": texto, "etiqueta": etiqueta, "puntuacion": mejor["score"]})
    return {"modelo": modelo, "resultados": resultados}


def _la_primera(textos, predicciones, modelo):
    nombres = {"POS": "positivo", "NEG": "negativo", "NEU": "neutro"}
    return {"modelo": modelo, "resultados": [
        {"texto": t, "etiqueta": nombres[p[0]["label"]], "puntuacion": float(p[0]["score"])}
        for t, p in zip(textos, predicciones)]}


def _sin_normalizar(textos, predicciones, modelo):
    resultados = []
    for texto, clases in zip(textos, predicciones):
        mejor = max(clases, key=lambda c: c["score"])
        resultados.append({"texto": texto, "etiqueta": mejor["label"], "puntuacion": float(mejor["score"])})
    return {"modelo": modelo, "resultados": resultados}


def _sin_modelo(textos, predicciones, modelo):
    return {"resultados": _sin_normalizar(textos, predicciones, modelo)["resultados"]}


INCORRECTAS = {
    "ej1": [(lambda: 3, "lista de posiciones"),
            (_errores_frente_a_humanos, "etiqueta humana"),
            (_todas_las_posiciones, "Demasiadas posiciones"),
            (_solo_una_de_dos, "Te faltan posiciones")],
    "ej2": [(lambda: max(LATENCIAS_EJ2), "máximo"),
            (lambda: 40.0, "mediana"),
            (lambda: sum(LATENCIAS_EJ2) / len(LATENCIAS_EJ2), "media"),
            (lambda: LATENCIAS_EJ2[18], "SIN ordenar"),
            (lambda: "120", "número")],
    "ej3": [(lambda: "a", "rama"), (lambda: "c", "etiqueta"), (lambda: "d", "no fija los pesos"),
            (lambda: "e", "no es ninguna opción")],
    "ej4": [(lambda: _sin_float, "float"), (lambda: _la_primera, "MAYOR puntuación"),
            (lambda: _sin_normalizar, "Normaliza"), (lambda: _sin_modelo, "'modelo'"),
            (lambda: {"modelo": MODELO_EJ4, "textos": TEXTOS_EJ4}, "función")],
}
