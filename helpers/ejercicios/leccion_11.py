"""Ejercicios de la lección 11: visión y multimodal (CLIP y ViT)."""
from __future__ import annotations

import math

from . import Ejercicio, Incorrecto, es_entero, opcion_multiple

COSENOS_EJ1 = (0.31, 0.29, 0.20)
ESCALA_EJ1 = 100.0


def _softmax(valores):
    maximo = max(valores)
    exponenciales = [math.exp(v - maximo) for v in valores]
    return [e / sum(exponenciales) for e in exponenciales]


def _comprobar_temperatura(respuesta) -> str:
    if isinstance(respuesta, bool) or not isinstance(respuesta, (int, float)):
        raise Incorrecto("Esperaba un número entre 0 y 1: la probabilidad del primer pie.")
    correcta = _softmax([ESCALA_EJ1 * c for c in COSENOS_EJ1])[0]
    sin_escala = _softmax(list(COSENOS_EJ1))[0]
    if abs(respuesta - 100 * correcta) < 0.5:
        raise Incorrecto("Eso es un porcentaje: da la probabilidad como fracción entre 0 y 1.")
    if abs(respuesta - sin_escala) < 0.01:
        raise Incorrecto("Has aplicado softmax a los cosenos tal cual. CLIP los multiplica antes por "
                         "logit_scale.exp() (100 aquí): mira qué hace eso con una diferencia de 0,02.")
    if abs(respuesta - COSENOS_EJ1[0]) < 1e-6 or abs(respuesta - COSENOS_EJ1[0] / sum(COSENOS_EJ1)) < 0.01:
        raise Incorrecto("Un coseno no es una probabilidad, ni tampoco el coseno dividido por la suma: "
                         "hace falta softmax(100 · cosenos).")
    if not 0 <= respuesta <= 1:
        raise Incorrecto("Una probabilidad está entre 0 y 1.")
    if abs(respuesta - correcta) > 0.005:
        raise Incorrecto("No sale eso. Calcula softmax([100·0,31, 100·0,29, 100·0,20]) y quédate con el primero.")
    texto = f"{correcta:.2f}".replace(".", ",")
    return (f"≈{texto}: una ventaja de solo 0,02 en el coseno se vuelve e² ≈ 7,4 veces más probabilidad. "
            "Por eso las probabilidades de CLIP parecen tan seguras aunque los cosenos estén muy juntos.")


CASOS_EJ2 = [
    ([(False, True), (False, True), (False, False), (True, True), (True, False), (True, False), (True, False)],
     {"vistas": 2 / 3, "no_vistas": 1 / 4}),
    ([(False, True), (True, False)], {"vistas": 1.0, "no_vistas": 0.0}),
    ([(True, True), (False, False), (False, False), (False, True), (True, True)], {"vistas": 1 / 3, "no_vistas": 1.0}),
]


def _comprobar_por_grupo(respuesta) -> str:
    if not callable(respuesta):
        raise Incorrecto("Esperaba una función: exactitud_por_grupo(filas) → {'vistas': …, 'no_vistas': …}.")
    for filas, esperado in CASOS_EJ2:
        try:
            obtenido = respuesta(list(filas))
        except Exception as error:  # el código del alumno puede fallar de muchas formas
            raise Incorrecto(f"Tu función falla con filas={filas}: {type(error).__name__}: {error}.") from None
        if not isinstance(obtenido, dict) or set(obtenido) != {"vistas", "no_vistas"}:
            raise Incorrecto("Devuelve un diccionario con exactamente las claves 'vistas' y 'no_vistas'.")
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in obtenido.values()):
            raise Incorrecto("Los valores deben ser números (fracciones entre 0 y 1).")
        if all(abs(obtenido[k] - esperado[k]) < 1e-9 for k in esperado):
            continue
        if all(abs(obtenido[k] - 100 * esperado[k]) < 1e-6 for k in esperado):
            raise Incorrecto("Devuelves porcentajes: usa fracciones entre 0 y 1.")
        if abs(obtenido["vistas"] - esperado["no_vistas"]) < 1e-9 and abs(obtenido["no_vistas"] - esperado["vistas"]) < 1e-9:
            raise Incorrecto("Tienes los grupos al revés: el primer valor de cada fila es True cuando la "
                             "combinación NO se vio al entrenar.")
        aciertos = {k: sum(a for n, a in filas if n == (k == "no_vistas")) for k in esperado}
        if all(abs(obtenido[k] - aciertos[k] / len(filas)) < 1e-9 for k in esperado):
            raise Incorrecto("Divides entre TODAS las filas: la exactitud de un grupo se divide entre las filas "
                             "de ese grupo.")
        if all(abs(obtenido[k] - aciertos[k]) < 1e-9 for k in esperado):
            raise Incorrecto("Devuelves cuántos aciertos hay, no la fracción: divide entre el tamaño del grupo.")
        raise Incorrecto(f"Con filas={filas} esperaba {esperado} y das {obtenido}.")
    return ("Bien: en la prueba hay 3 combinaciones vistas por cada no vista, así que una exactitud global "
            "escondería el fallo; separar por grupos es lo que lo destapa.")


SECUENCIAS = {"curso": 17, "vit_base_patch16_224": 197, "clip_base_patch32": 50}


def _comprobar_parches(respuesta) -> str:
    if not isinstance(respuesta, dict) or set(respuesta) != set(SECUENCIAS):
        raise Incorrecto(f"Esperaba un diccionario con las claves {sorted(SECUENCIAS)}.")
    if not all(es_entero(v) for v in respuesta.values()):
        raise Incorrecto("Las longitudes son números enteros (cuántos vectores entran al transformer).")
    sin_cls = {k: v - 1 for k, v in SECUENCIAS.items()}
    lado = {"curso": 4, "vit_base_patch16_224": 14, "clip_base_patch32": 7}
    if respuesta == sin_cls:
        raise Incorrecto("Has contado los parches, pero falta un vector: el token [CLS] que el ViT añade al "
                         "principio (de él sale la clasificación).")
    if all(respuesta[k] in (lado[k], lado[k] + 1) for k in lado):
        raise Incorrecto("Eso son parches por LADO: la imagen se corta en una rejilla, así que son lado × lado "
                         "parches (más el [CLS]).")
    for clave, esperado in SECUENCIAS.items():
        if respuesta[clave] != esperado:
            raise Incorrecto(f"«{clave}» no es {respuesta[clave]}: (lado de la imagen / lado del parche)² + 1.")
    return ("17, 197 y 50: (32/8)² + 1, (224/16)² + 1 y (224/32)² + 1. La atención cuesta ~n², así que pasar de "
            "parches de 32 a 16 px cuadruplica los parches y multiplica por ~16 el coste de la atención.")


ej1 = Ejercicio("leccion_11.ej1",
                "Cosenos 0,31 / 0,29 / 0,20 y logit_scale = 100: probabilidad que da CLIP al primer pie (entre 0 y 1).",
                _comprobar_temperatura,
                pistas=["CLIP calcula softmax(logit_scale · cosenos), no softmax(cosenos).",
                        "torch.softmax(100 * torch.tensor([0.31, 0.29, 0.20]), dim=0)[0]"])
ej2 = Ejercicio("leccion_11.ej2",
                "Función exactitud_por_grupo(filas) con filas = [(no_vista, acierto), …] → "
                "{'vistas': fracción, 'no_vistas': fracción}.",
                _comprobar_por_grupo,
                pistas=["Separa primero las filas en dos listas según el primer valor; luego cuenta aciertos en cada una.",
                        "La exactitud de un grupo es aciertos del grupo / filas del grupo (True cuenta como 1)."])
ej3 = opcion_multiple(
    "leccion_11.ej3",
    "Sin negativos (solo acercar cada imagen a su pie), ¿qué le pasa a CLIP? Letra a, b, c o d.",
    opciones={"a": "Aprende igual de bien, solo que más despacio.",
              "b": "Puede dar el mismo vector a todas las imágenes y a todos los textos: coseno 1 en todos los pares, "
                   "pérdida mínima y un modelo que no distingue nada.",
              "c": "No se puede entrenar porque el coseno no es derivable.",
              "d": "Aprende solo el color, que es lo más fácil de ver."},
    correcta="b",
    por_que={"a": "Sin negativos, nada en la pérdida premia separar un círculo de un cuadrado: la solución más fácil "
                  "no es aprender despacio, es no aprender nada útil. ¿Cuál es esa solución?",
             "c": "El coseno es derivable (es un producto escalar de vectores normalizados); CLIP lo usa también con "
                  "negativos. El problema está en qué minimiza la pérdida, no en el gradiente.",
             "d": "Nada en «acercar cada imagen a su pie» favorece el color; y sin negativos ni siquiera hace falta "
                  "distinguir colores para bajar la pérdida. Piensa en un vector constante."},
    explicacion="Exacto: es el colapso. Los negativos del lote (los otros pies) obligan a que cada imagen se parezca "
                "MÁS a su pie que a los demás, y eso solo se logra distinguiendo lo que hay en ella.",
    pistas=["Busca la solución más barata que hace la pérdida mínima sin mirar la imagen.",
            "¿Qué coseno dan dos vectores idénticos? ¿Y si todos los vectores son el mismo?"])
ej4 = Ejercicio("leccion_11.ej4",
                "Longitud de la secuencia (parches + [CLS]) del ViT del curso (32 px, parches de 8), de "
                "google/vit-base-patch16-224 y de la torre de imagen de openai/clip-vit-base-patch32 (224 px).",
                _comprobar_parches,
                pistas=["Una imagen de L × L píxeles con parches de P × P da (L/P) × (L/P) parches.",
                        "El ViT añade además un vector [CLS] al principio de la secuencia."])
EJERCICIOS = [ej1, ej2, ej3, ej4]
