"""Ejercicios de la lección 13: evaluar bien (validación, ruido y elección de hiperparámetros)."""
from __future__ import annotations

import math
import statistics

from . import Ejercicio, Incorrecto, opcion_multiple

EXACTITUDES_EJ1 = [0.925, 0.8875, 0.9375]
TABLA_EJ2 = {
    "tasa 5e-5": {"validacion": 0.792, "prueba": 0.812},
    "tasa 2e-4": {"validacion": 0.925, "prueba": 0.893},
    "tasa 2e-4 + wd": {"validacion": 0.917, "prueba": 0.905},
    "LoRA r=8": {"validacion": 0.783, "prueba": 0.770},
}


def _numero(valor) -> float:
    if isinstance(valor, bool) or not isinstance(valor, (int, float)) and not hasattr(valor, "__float__"):
        raise Incorrecto(f"Esperaba un número, no {type(valor).__name__}.")
    return float(valor)


def _comprobar_media_desviacion(respuesta) -> str:
    if not isinstance(respuesta, (tuple, list)) or len(respuesta) != 2:
        raise Incorrecto("Esperaba una tupla de dos números: (media, desviacion).")
    media, desviacion = (_numero(v) for v in respuesta)
    verdad_media = statistics.mean(EXACTITUDES_EJ1)
    verdad_desv = statistics.stdev(EXACTITUDES_EJ1)
    poblacional = statistics.pstdev(EXACTITUDES_EJ1)
    if media > 1 or desviacion > 1:
        raise Incorrecto("Da las dos cifras en fracción (0–1), como las exactitudes de la lista, no en porcentaje.")
    if math.isclose(media, verdad_desv, rel_tol=1e-6) and math.isclose(desviacion, verdad_media, rel_tol=1e-6):
        raise Incorrecto("Tienes el orden al revés: primero la media y después la desviación.")
    if not math.isclose(media, verdad_media, rel_tol=1e-6):
        raise Incorrecto(f"La media no es {media:.4f}: suma las tres exactitudes y divide entre 3.")
    if math.isclose(desviacion, poblacional, rel_tol=1e-6):
        raise Incorrecto("Esa es la desviación poblacional (divide entre n = 3). Con pocas medidas se usa la muestral: "
                         "divide la suma de cuadrados entre n − 1 = 2 (statistics.stdev o np.std(..., ddof=1)).")
    if math.isclose(desviacion, verdad_desv ** 2, rel_tol=1e-6) or math.isclose(desviacion, poblacional ** 2, rel_tol=1e-6):
        raise Incorrecto("Eso es la varianza: la desviación típica es su raíz cuadrada.")
    if not math.isclose(desviacion, verdad_desv, rel_tol=1e-6):
        raise Incorrecto(f"La desviación no es {desviacion:.4f}: raíz de Σ(x − media)² / (n − 1).")
    return (f"{100 * verdad_media:.1f} % ± {100 * verdad_desv:.1f} puntos".replace(".", ",")
            + ": una diferencia con otra configuración menor que esa desviación no demuestra nada.")


def _comprobar_eleccion(respuesta) -> str:
    if not isinstance(respuesta, dict) or set(respuesta) != {"elegida", "exactitud_a_reportar"}:
        raise Incorrecto('Esperaba {"elegida": nombre, "exactitud_a_reportar": número}.')
    elegida, cifra = respuesta["elegida"], _numero(respuesta["exactitud_a_reportar"])
    if elegida not in TABLA_EJ2:
        raise Incorrecto(f"{elegida!r} no es ninguna de las configuraciones de la tabla: {list(TABLA_EJ2)}.")
    por_validacion = max(TABLA_EJ2, key=lambda n: TABLA_EJ2[n]["validacion"])
    por_prueba = max(TABLA_EJ2, key=lambda n: TABLA_EJ2[n]["prueba"])
    if elegida == por_prueba and elegida != por_validacion:
        raise Incorrecto(f"Has elegido «{elegida}» porque gana en prueba: eso es elegir mirando la prueba, y su cifra "
                         "de prueba deja de ser una estimación honesta. Elige solo con la columna de validación.")
    if elegida != por_validacion:
        raise Incorrecto(f"«{elegida}» no es la mejor en validación: la elección se hace con la columna de validación.")
    if math.isclose(cifra, TABLA_EJ2[elegida]["validacion"]):
        raise Incorrecto("Esa es su exactitud de validación, la que usaste para elegir: es optimista (la ganadora de "
                         "varias medidas ruidosas sale inflada). Publica la de la partición que no se usó para elegir.")
    if math.isclose(cifra, TABLA_EJ2[por_prueba]["prueba"]):
        raise Incorrecto("Esa es la mejor cifra de prueba de la tabla, pero no es la de la configuración que has "
                         "elegido: publica la exactitud de prueba de tu elegida.")
    if not math.isclose(cifra, TABLA_EJ2[elegida]["prueba"]):
        raise Incorrecto("La cifra a publicar no es esa: búscala en la tabla, en la fila de tu elegida.")
    return (f"Eliges «{elegida}» por validación y publicas su prueba ({str(TABLA_EJ2[elegida]['prueba']).replace('.', ',')}). Que "
            f"«{por_prueba}» saque más en prueba no cambia nada: con 504 reseñas, 1 punto está dentro del ruido.")


ej1 = Ejercicio("leccion_13.ej1", "Media y desviación típica muestral de [0.925, 0.8875, 0.9375], como (media, desviacion).",
                _comprobar_media_desviacion,
                pistas=["La media es la suma entre 3. La desviación muestral divide la suma de cuadrados entre n − 1.",
                        "statistics.mean y statistics.stdev lo hacen; np.std necesita ddof=1."])
ej2 = Ejercicio("leccion_13.ej2", "Elige la configuración por validación y di qué exactitud publicas.",
                _comprobar_eleccion,
                pistas=["Una columna sirve para elegir y la otra para informar; no las mezcles.",
                        "Elige el máximo de la columna de validación y publica la cifra de prueba de esa misma fila."])
ej3 = opcion_multiple(
    "leccion_13.ej3",
    "Opción múltiple: elegir la tasa mirando la partición de prueba de la lección 05.",
    opciones={"a": "Nada: la partición de prueba nunca se usa para calcular gradientes, así que no hay fuga.",
              "b": "Pasa a ser optimista: al elegir con ella, la prueba ha hecho de validación; hace falta otra "
                   "partición que no se haya usado para decidir nada.",
              "c": "Es optimista porque el modelo memoriza las reseñas de prueba al evaluarlas en cada época.",
              "d": "Solo sería optimista si hubiera reseñas repetidas entre entrenamiento y prueba."},
    correcta="b",
    por_que={"a": "No hace falta calcular gradientes con la prueba para que haya fuga: basta con que una decisión (qué "
                  "tasa quedarse) dependa de ella. Entonces la cifra está elegida a favor de esa partición.",
             "c": "Evaluar no cambia los pesos (sin backward no hay aprendizaje): el modelo no memoriza nada al "
                  "evaluar. El problema está en la decisión que tomas tú con esa cifra.",
             "d": "Las reseñas repetidas son otra fuga distinta. Aunque no haya ninguna, elegir la tasa con la prueba "
                  "la convierte en validación y su cifra sale optimista."},
    explicacion="Elegir es ajustar: la partición con la que eliges deja de medir honestamente. Separa una validación "
                "(o usa validación cruzada) y mira la prueba una sola vez.",
    pistas=["¿Qué papel hace una partición con la que tomas una decisión?",
            "La fuga no necesita gradientes: basta con que la cifra influya en lo que eliges."])
EJERCICIOS = [ej1, ej2, ej3]
