"""Ejercicios de la lección 12: despliegue (Gradio, FastAPI, latencias, versiones, ONNX int8)."""
from __future__ import annotations

import json
import math
import statistics

from . import Incorrecto, Ejercicio, es_entero, opcion_multiple
from ..formato import decimal

# Latencias (ms) de 20 peticiones a un servicio, en el orden en que llegaron.
LATENCIAS_EJ2 = [38, 41, 35, 44, 39, 37, 250, 42, 36, 40, 43, 38, 61, 39, 41, 37, 45, 40, 36, 120]

# Ejercicio 4: lo que devuelve un clasificador con top_k=None (puntuaciones en cualquier orden) para estos textos.
TEXTOS_EJ4 = ["Me encantó, volveré seguro.", "Horrible, no lo recomiendo.", "Normalito, ni fu ni fa."]
MODELO_EJ4 = "modelo-de-prueba@0123abc"


def _predicciones_ej4():
    import numpy as np

    f = np.float32
    return [
        [{"label": "NEG", "score": f(0.02)}, {"label": "POS", "score": f(0.95)}, {"label": "NEU", "score": f(0.03)}],
        [{"label": "POS", "score": f(0.01)}, {"label": "NEU", "score": f(0.09)}, {"label": "NEG", "score": f(0.90)}],
        [{"label": "POS", "score": f(0.30)}, {"label": "NEG", "score": f(0.10)}, {"label": "NEU", "score": f(0.60)}],
    ]


def _coma(x: float, decimales: int) -> str:
    return decimal(x, decimales)


# ---------------------------------------------------------------------------
# Ejercicio 1: ¿cambia int8 alguna predicción?
# ---------------------------------------------------------------------------

def _comprobar_cambios_int8(respuesta) -> str:
    from .. import despliegue

    try:
        import numpy as np

        if isinstance(respuesta, np.ndarray):
            respuesta = respuesta.tolist()
    except ImportError:
        pass
    if isinstance(respuesta, (set, tuple)):
        respuesta = sorted(respuesta)
    if not isinstance(respuesta, list) or not all(es_entero(i) for i in respuesta):
        raise Incorrecto("Esperaba una lista de posiciones (enteros): los índices de las reseñas en las que la "
                         "etiqueta de int8 no es la de fp32, p. ej. [3, 17]. Una lista vacía también vale.")
    medida = despliegue.MEDIDAS.get("onnx")
    if medida is None:
        raise Incorrecto("Aún no hay medidas: ejecuta antes las celdas de la sección 6 (exportar y cuantizar).")
    fp32, int8, verdad = medida["pred_fp32"], medida["pred_int8"], medida["etiquetas"]
    correctos = [i for i in range(len(fp32)) if fp32[i] != int8[i]]
    respuesta = sorted(respuesta)
    if respuesta == correctos:
        margenes, cambios = medida["margen_fp32"], medida["cambio_probabilidad"]
        if not correctos:
            return ("Ninguna cambia: int8 mueve un poco las probabilidades (como mucho "
                    f"{_coma(max(cambios), 2)}), pero ninguna reseña estaba tan cerca de la frontera.")
        mediana_todas = statistics.median(margenes)
        mediana_cambian = statistics.median(margenes[i] for i in correctos)
        por_debajo = sum(margenes[i] < mediana_todas for i in correctos)
        return (f"Cambian {len(correctos)} de {len(fp32)} ({_coma(100 * len(correctos) / len(fp32), 1)} %). "
                f"Margen fp32 (p₁ − p₂) de las que cambian: mediana {_coma(mediana_cambian, 2)}, frente a "
                f"{_coma(mediana_todas, 2)} en todas; {por_debajo} de {len(correctos)} estaban por debajo de esa "
                f"mediana. int8 mueve las probabilidades {_coma(statistics.mean(cambios), 2)} de media y hasta "
                f"{_coma(max(cambios), 2)}: cambia la reseña cuyo margen es menor que lo que int8 la mueve, no "
                "siempre la más dudosa.")
    errores_int8 = [i for i in range(len(int8)) if int8[i] != verdad[i]]
    if respuesta == errores_int8:
        raise Incorrecto("Has listado los errores de int8 frente a la etiqueta humana. La pregunta es otra: dónde "
                         "discrepan int8 y fp32 (compara las dos predicciones entre sí).")
    if len(respuesta) == len(fp32) or (respuesta and len(respuesta) > 3 * max(1, len(correctos)) + 5):
        raise Incorrecto("Demasiadas posiciones: ¿comparas logits en vez de etiquetas? Los logits de int8 siempre "
                         "cambian un poco; compara el argmax de cada modelo.")
    if set(respuesta) < set(correctos):
        raise Incorrecto(f"Te faltan posiciones: hay {len(correctos)} discrepancias y listas {len(respuesta)}.")
    raise Incorrecto("Esas posiciones no coinciden con las discrepancias medidas. Usa pred_fp32 y pred_int8 "
                     "(argmax de los logits ONNX) con los mismos textos y en el mismo orden.")


# ---------------------------------------------------------------------------
# Ejercicio 2: p95 de una lista
# ---------------------------------------------------------------------------

def _comprobar_p95(respuesta) -> str:
    if isinstance(respuesta, bool) or not isinstance(respuesta, (int, float)) and not hasattr(respuesta, "__float__"):
        raise Incorrecto("Esperaba un número: la latencia p95 en milisegundos.")
    valor = float(respuesta)
    ordenados = sorted(LATENCIAS_EJ2)
    n = len(ordenados)
    rango_cercano = ordenados[math.ceil(0.95 * n) - 1]
    posicion = 0.95 * (n - 1)  # interpolación lineal (numpy.percentile por defecto)
    lineal = ordenados[int(posicion)] + (posicion - int(posicion)) * (ordenados[int(posicion) + 1] - ordenados[int(posicion)])
    if math.isclose(valor, rango_cercano) or math.isclose(valor, lineal):
        metodo = "rango más cercano" if math.isclose(valor, rango_cercano) else "interpolación lineal de numpy"
        return (f"p95 = {_coma(valor, 1)} ms ({metodo}), frente a una mediana de "
                f"{_coma(statistics.median(ordenados), 1)} ms: la mediana esconde la cola. Un usuario de cada veinte "
                "espera eso o más.")
    if math.isclose(valor, max(ordenados)):
        raise Incorrecto("Ese es el máximo (p100). Con 20 valores, el p95 deja por encima un 5 %, o sea 1 valor: "
                         "es el que ocupa la posición ⌈0,95·20⌉ = 19 de la lista ORDENADA (índice 18 en Python).")
    if math.isclose(valor, statistics.median(ordenados)):
        raise Incorrecto("Esa es la mediana (p50): la mitad de las peticiones tarda menos. El p95 mira la cola lenta.")
    if math.isclose(valor, statistics.mean(ordenados)):
        raise Incorrecto("Esa es la media: los dos valores lentos la inflan, pero no es un percentil.")
    if valor in (LATENCIAS_EJ2[18], LATENCIAS_EJ2[19]):
        raise Incorrecto("Has tomado un elemento de la lista SIN ordenar: ordénala primero (sorted).")
    raise Incorrecto("Ordena la lista y toma el valor de la posición ⌈0,95·n⌉ (contando desde 1).")


# ---------------------------------------------------------------------------
# Ejercicio 3: qué revisión fijar
# ---------------------------------------------------------------------------

OPCIONES_EJ3 = {  # el cuaderno las imprime
    "a": 'revision="main"',
    "b": "revision= el hash del commit (40 caracteres hexadecimales)",
    "c": 'revision="v1.0" (una etiqueta git que puso el autor)',
    "d": "no pasar revision y fijar transformers==5.23.0 en requirements.txt",
}


# ---------------------------------------------------------------------------
# Ejercicio 4: la respuesta JSON de /sentimiento/lote
# ---------------------------------------------------------------------------

def _comprobar_respuesta_lote(funcion) -> str:
    if not callable(funcion):
        raise Incorrecto("Esperaba una función respuesta_lote(textos, predicciones, modelo) que devuelva un dict.")
    predicciones = _predicciones_ej4()
    salida = funcion(list(TEXTOS_EJ4), predicciones, MODELO_EJ4)
    if not isinstance(salida, dict):
        raise Incorrecto(f"Debe devolver un dict (FastAPI lo convierte en JSON), no {type(salida).__name__}.")
    try:
        texto_json = json.dumps(salida)
    except TypeError as error:
        raise Incorrecto(f"No se puede convertir a JSON ({error}). Las puntuaciones llegan como numpy.float32: "
                         "pásalas a float de Python con float(...).") from None
    datos = json.loads(texto_json)
    if set(datos) != {"modelo", "resultados"}:
        raise Incorrecto(f"Las claves de primer nivel deben ser 'modelo' y 'resultados'; tienes {sorted(datos)}.")
    if datos["modelo"] != MODELO_EJ4:
        raise Incorrecto("'modelo' debe ser el texto que recibe la función (nombre@revisión): sin él no sabrás "
                         "qué versión respondió cuando algo falle.")
    resultados = datos["resultados"]
    if not isinstance(resultados, list) or len(resultados) != len(TEXTOS_EJ4):
        raise Incorrecto("'resultados' debe ser una lista con un elemento por texto, en el mismo orden.")
    esperadas = [("positivo", 0.95), ("negativo", 0.90), ("neutro", 0.60)]
    for i, (resultado, (etiqueta, puntuacion)) in enumerate(zip(resultados, esperadas)):
        if not isinstance(resultado, dict) or set(resultado) != {"texto", "etiqueta", "puntuacion"}:
            raise Incorrecto("Cada resultado debe tener exactamente las claves 'texto', 'etiqueta' y 'puntuacion'.")
        if resultado["texto"] != TEXTOS_EJ4[i]:
            raise Incorrecto("Cada resultado debe llevar su texto y en el mismo orden que 'textos'.")
        if resultado["etiqueta"] in ("POS", "NEG", "NEU"):
            raise Incorrecto("Normaliza las etiquetas: 'POS' → 'positivo', 'NEG' → 'negativo', 'NEU' → 'neutro' "
                             "(el cliente no debe depender de cómo llama a las clases cada modelo).")
        if resultado["etiqueta"] != etiqueta:
            raise Incorrecto(f"Para «{TEXTOS_EJ4[i]}» la etiqueta es la de MAYOR puntuación. Las puntuaciones "
                             "pueden venir en cualquier orden: no tomes la primera de la lista, busca el máximo.")
        if not isinstance(resultado["puntuacion"], float) or abs(resultado["puntuacion"] - puntuacion) > 1e-3:
            raise Incorrecto("'puntuacion' debe ser la puntuación (float entre 0 y 1) de la etiqueta elegida.")
    if funcion([], [], MODELO_EJ4) != {"modelo": MODELO_EJ4, "resultados": []}:
        raise Incorrecto("Con una lista vacía debe devolver {'modelo': modelo, 'resultados': []}.")
    return ("JSON estable: etiquetas normalizadas, floats de Python y la versión del modelo en cada respuesta. "
            "Un cliente puede cambiar de modelo sin cambiar su código.")


ej1 = Ejercicio("leccion_12.ej1", "Posiciones de las reseñas en las que la etiqueta ONNX int8 difiere de la ONNX fp32.",
                _comprobar_cambios_int8,
                pistas=["pred_fp32 y pred_int8 son arrays de 0/1 del mismo largo: compáralos elemento a elemento.",
                        "numpy.flatnonzero(pred_fp32 != pred_int8).tolist() da las posiciones."])
ej2 = Ejercicio("leccion_12.ej2", "Latencia p95 (ms) de LATENCIAS_EJ2.", _comprobar_p95,
                pistas=["Ordena la lista: los percentiles se leen sobre los valores ordenados.",
                        "Con n = 20, el p95 por rango más cercano es el valor número ⌈0,95·20⌉ = 19 (índice 18)."])
ej3 = opcion_multiple(
    "leccion_12.ej3", "¿Qué revision= fijas en producción? (a, b, c o d)", OPCIONES_EJ3, correcta="b",
    por_que={"a": "«main» es una rama: apunta al último commit y se mueve cada vez que el autor sube algo. Es justo lo "
                  "que pasa si no fijas nada.",
             "c": "Una etiqueta es legible, pero el dueño del repositorio puede moverla o borrarla: no es inmutable. "
                  "Si el repositorio no es tuyo, no garantiza que mañana cargues los mismos pesos.",
             "d": "Fijar la biblioteca no fija los pesos: from_pretrained sigue descargando lo último de «main». Hacen "
                  "falta las dos cosas (código y modelo)."},
    explicacion="Un commit es inmutable: si el autor sube pesos nuevos, tu servicio sigue cargando exactamente los "
                "mismos bytes hasta que tú cambies el hash (y lo pruebes).",
    pistas=["¿Cuál de las cuatro opciones NO puede cambiar aunque el autor suba pesos nuevos?",
            "Ramas y etiquetas son nombres que apuntan a un commit y se pueden mover; un commit no."])
ej4 = Ejercicio("leccion_12.ej4", "respuesta_lote(textos, predicciones, modelo) → {'modelo', 'resultados': [...]}.",
                _comprobar_respuesta_lote,
                pistas=["Para cada texto: max(prediccion, key=lambda d: d['score']) da la clase ganadora.",
                        "normalizar_etiqueta(...) para la etiqueta y float(...) para la puntuación (numpy.float32 "
                        "no se puede pasar a JSON)."])
EJERCICIOS = [ej1, ej2, ej3, ej4]
