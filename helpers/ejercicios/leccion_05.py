"""Ejercicios de la lección 05: fine-tuning."""
from __future__ import annotations

from . import Ejercicio, Incorrecto, es_entero

from ..modelos import MINILM_ID as BASE


def _comprobar_metricas(funcion) -> str:
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
    from transformers import EvalPrediction

    if not callable(funcion):
        raise Incorrecto("Esperaba una función calcular_metricas(prediccion).")
    azar = np.random.default_rng(0)
    logits = azar.normal(size=(50, 2))
    etiquetas = azar.integers(0, 2, size=50)
    resultado = funcion(EvalPrediction(predictions=logits, label_ids=etiquetas))
    if not isinstance(resultado, dict):
        raise Incorrecto("compute_metrics debe devolver un diccionario {nombre: valor}.")
    predichas = logits.argmax(-1)
    esperado = {"accuracy": accuracy_score(etiquetas, predichas), "f1": f1_score(etiquetas, predichas),
                "precision": precision_score(etiquetas, predichas), "recall": recall_score(etiquetas, predichas)}
    faltan = set(esperado) - set(resultado)
    if faltan:
        raise Incorrecto(f"Faltan métricas: {sorted(faltan)} (usa exactamente esos nombres).")
    for nombre, valor in esperado.items():
        if abs(float(resultado[nombre]) - valor) > 1e-6:
            pista = " ¿Usaste argmax sobre los logits?" if nombre == "accuracy" else ""
            raise Incorrecto(f"'{nombre}' vale {resultado[nombre]} y debería valer {valor:.4f}.{pista}")
    return "Las cuatro métricas coinciden con scikit-learn."


def _comprobar_tokenizar(funcion) -> str:
    from transformers import AutoTokenizer

    if not callable(funcion):
        raise Incorrecto("Esperaba una función tokenizar(lote).")
    tokenizador = AutoTokenizer.from_pretrained(BASE)
    lote = {"texto": ["Corto.", "Una reseña algo más larga que la anterior. " * 12, "Mediana, ni fu ni fa."]}
    salida = funcion(lote)
    ids = salida["input_ids"] if hasattr(salida, "keys") else None
    if ids is None:
        raise Incorrecto("Debe devolver lo que devuelve el tokenizador (con 'input_ids').")
    longitudes = [len(x) for x in ids]
    if max(longitudes) > 64:
        raise Incorrecto("Alguna secuencia pasa de 64 tokens: usa truncation=True, max_length=64.")
    if len(set(longitudes)) == 1:
        raise Incorrecto("Todas miden lo mismo: no rellenes aquí; lo hará DataCollatorWithPadding en cada lote.")
    if ids[0] != tokenizador(lote["texto"][0])["input_ids"]:
        raise Incorrecto("Tokeniza la columna 'texto' con el tokenizador de MiniLM.")
    return "Truncado a 64 y sin relleno: el relleno lo hace el collator, lote a lote."


def _comprobar_ahorro(respuesta) -> str:
    from transformers import AutoTokenizer

    from ..datos import cargar_resenas

    if not es_entero(respuesta):
        raise Incorrecto("Esperaba un entero: número de tokens de relleno ahorrados.")
    tokenizador = AutoTokenizer.from_pretrained(BASE)
    textos = list(cargar_resenas()["train"]["texto"][:32])
    fijo = tokenizador(textos, padding="max_length", truncation=True, max_length=64)
    dinamico = tokenizador(textos, padding=True, truncation=True, max_length=64)
    relleno = lambda c: sum(len(m) - sum(m) for m in c["attention_mask"])
    esperado = relleno(fijo) - relleno(dinamico)
    if respuesta != esperado:
        raise Incorrecto("Cuenta los ceros de attention_mask con padding='max_length' (64) y con padding=True, y resta.")
    return f"En ese lote el relleno dinámico se ahorra {esperado} de {32 * 64} posiciones."


ej1 = Ejercicio("leccion_05.ej1", "Escribe calcular_metricas(prediccion) con accuracy, f1, precision y recall.",
                _comprobar_metricas,
                pistas=["prediccion.predictions son logits; prediccion.label_ids las etiquetas reales.",
                        "predichas = prediccion.predictions.argmax(-1); luego sklearn.metrics.*_score(reales, predichas)."],
                texto_solucion="def calcular_metricas(prediccion):\n    predichas = prediccion.predictions.argmax(-1)\n"
                               "    reales = prediccion.label_ids\n    return {'accuracy': accuracy_score(reales, predichas), ...}")
ej2 = Ejercicio("leccion_05.ej2", "Escribe tokenizar(lote) para datasets.map: trunca a 64 tokens y no rellena.",
                _comprobar_tokenizar,
                pistas=["El lote es un dict con la columna 'texto' (una lista).",
                        "return tokenizador(lote['texto'], truncation=True, max_length=64)"],
                texto_solucion="def tokenizar(lote):\n    return tokenizador(lote['texto'], truncation=True, max_length=64)")
ej3 = Ejercicio("leccion_05.ej3", "¿Cuántos tokens de relleno ahorra el relleno dinámico en las 32 primeras reseñas de entrenamiento?",
                _comprobar_ahorro,
                pistas=["Tokeniza esas 32 reseñas con padding='max_length' (max_length=64) y con padding=True.",
                        "Relleno = posiciones con attention_mask 0. Resta los dos totales."],
                texto_solucion="relleno = lambda c: sum(len(m) - sum(m) for m in c['attention_mask'])\n"
                               "ahorro = relleno(fijo) - relleno(dinamico)")
EJERCICIOS = [ej1, ej2, ej3]
