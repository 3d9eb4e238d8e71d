"""Respuestas incorrectas típicas de la lección 05."""


def _metricas_sin_argmax():
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

    def calcular(prediccion):
        predichas = (prediccion.predictions[:, 0] > 0).astype(int)  # mira solo un logit, no el argmax
        reales = prediccion.label_ids
        return {"accuracy": accuracy_score(reales, predichas), "f1": f1_score(reales, predichas),
                "precision": precision_score(reales, predichas), "recall": recall_score(reales, predichas)}

    return calcular


def _tasa_de_error():
    def exactitud_por_tipo(predichas, reales, tipos):
        errores, total = {}, {}
        for p, r, t in zip(predichas, reales, tipos):
            errores[t] = errores.get(t, 0) + int(p != r)
            total[t] = total.get(t, 0) + 1
        return {t: errores[t] / total[t] for t in total}

    return exactitud_por_tipo


def _global():
    def exactitud_por_tipo(predichas, reales, tipos):
        global_ = sum(p == r for p, r in zip(predichas, reales)) / len(reales)
        return {t: global_ for t in set(tipos)}

    return exactitud_por_tipo


INCORRECTAS = {
    "ej1": [(_metricas_sin_argmax, "debería valer"), (lambda: (lambda prediccion: [0.5]), "diccionario")],
    "ej2": [(_tasa_de_error, "tasa de ERROR"), (_global, "exactitud global")],
    "ej3": [(lambda: 12.5, "entero"), (lambda: 1, "Cuenta los ceros")],
    "ej4": [(lambda: "a", "DECIDE con ella"), (lambda: "c", "no calcula gradientes"), (lambda: "z", "no es ninguna opción"),
            (lambda: 2, "letra")],
}
