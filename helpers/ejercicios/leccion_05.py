"""Ejercicios de la lección 05: fine-tuning."""
from __future__ import annotations

from ..formato import decimal
from . import Ejercicio, Incorrecto, es_entero, opcion_multiple

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
            raise Incorrecto(f"'{nombre}' vale {resultado[nombre]} y debería valer {decimal(valor, 4)}.{pista}")
    return "Las cuatro métricas coinciden con scikit-learn."


def _comprobar_exactitud_por_tipo(funcion) -> str:
    if not callable(funcion):
        raise Incorrecto("Esperaba una función exactitud_por_tipo(predichas, reales, tipos).")
    # Un caso pequeño cuya respuesta se sabe de memoria: la verdad, no lo que diga un modelo.
    predichas = [1, 0, 1, 1, 0, 0, 1]
    reales = [1, 1, 1, 0, 0, 1, 1]
    tipos = ["ironia", "ironia", "directa", "negacion", "negacion", "mixta", "mixta"]
    esperado = {"ironia": 0.5, "directa": 1.0, "negacion": 0.5, "mixta": 0.5}
    resultado = funcion(predichas, reales, tipos)
    if not isinstance(resultado, dict):
        raise Incorrecto("Debe devolver un diccionario {tipo: exactitud}.")
    if set(resultado) != set(esperado):
        raise Incorrecto(f"Las claves deben ser los tipos que aparecen ({sorted(esperado)}); tienes {sorted(map(str, resultado))}.")
    valores = {t: float(v) for t, v in resultado.items()}
    if all(abs(valores[t] - (1 - esperado[t])) < 1e-9 for t in esperado):
        raise Incorrecto("Has calculado la tasa de ERROR por tipo; pide la exactitud (aciertos / total del tipo).")
    if all(abs(valores[t] - round(esperado[t] * tipos.count(t))) < 1e-9 for t in esperado):
        raise Incorrecto("Son recuentos de aciertos: divide entre el número de reseñas de cada tipo.")
    if len({round(v, 9) for v in valores.values()}) == 1:
        raise Incorrecto("Todas valen lo mismo: ¿calculas la exactitud global en vez de agrupar por tipo?")
    mal = [t for t in esperado if abs(valores[t] - esperado[t]) > 1e-9]
    if mal:
        raise Incorrecto(f"No cuadra la exactitud de {mal}: aciertos del tipo / reseñas del tipo.")
    return "Agrupar los errores por tipo dice QUÉ falla, no solo cuánto: la base del análisis de errores."


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
                        "predichas = prediccion.predictions.argmax(-1); luego sklearn.metrics.*_score(reales, predichas)."])
ej2 = Ejercicio("leccion_05.ej2", "Escribe exactitud_por_tipo(predichas, reales, tipos) → {tipo: exactitud}.",
                _comprobar_exactitud_por_tipo,
                pistas=["Recorre las tres listas a la vez con zip y acumula, por tipo, aciertos y total.",
                        "pandas: pd.Series(np.array(predichas) == np.array(reales), index=tipos).groupby(level=0).mean().to_dict()"])
ej3 = Ejercicio("leccion_05.ej3", "¿Cuántos tokens de relleno ahorra el relleno dinámico en las 32 primeras reseñas de entrenamiento?",
                _comprobar_ahorro,
                pistas=["Tokeniza esas 32 reseñas con padding='max_length' (max_length=64) y con padding=True.",
                        "Relleno = posiciones con attention_mask 0. Resta los dos totales."])
ej4 = opcion_multiple(
    "leccion_05.ej4",
    "En esta lección evaluamos en la partición de PRUEBA después de cada época. Si eligiéramos la mejor época "
    "con esa cifra y la publicáramos, ¿qué pasaría?",
    opciones={"a": "Nada: la partición de prueba no se usa para entrenar, así que la cifra es justa.",
              "b": "La cifra sería optimista: elegir con la partición de prueba la convierte en parte del ajuste; "
                   "hay que elegir con una de validación y medir en prueba una sola vez al final.",
              "c": "El modelo aprendería las reseñas de prueba porque evaluar actualiza los pesos.",
              "d": "Ninguna: el problema solo existe si hay más de 3 épocas."},
    correcta="b",
    por_que={"a": "No entrena con ella, pero DECIDE con ella: cada elección tomada mirando la prueba se ajusta a su ruido.",
             "c": "Evaluar no calcula gradientes ni cambia pesos (model.eval() y torch.no_grad()).",
             "d": "Basta una sola decisión tomada con la prueba (época, tasa de aprendizaje…) para sesgar la cifra."},
    explicacion="Elegir con la prueba la convierte en validación. Lo correcto: entrenamiento / validación (para decidir) / "
                "prueba (una sola medida final). La lección 13 lo hace así.",
    pistas=["¿Qué diferencia hay entre usar unos datos para entrenar y usarlos para decidir?",
            "Si pruebas 10 épocas y te quedas con la mejor en prueba, ¿esa cifra estima lo que verás con datos nuevos?"])
EJERCICIOS = [ej1, ej2, ej3, ej4]
