"""La fila de notas: un ejercicio de una entrega."""
from __future__ import annotations

from dataclasses import dataclass

PUNTOS = {"correcto": 1.0}
COLUMNAS_CSV = ("entrega", "alumno", "leccion", "ejercicio", "estado", "puntos", "mensaje")
SIN_INTENTAR = "Sin intentar: sustituye ____ por tu respuesta y vuelve a ejecutar la celda."


@dataclass
class Fila:
    """Una fila de la tabla de notas.

    `estado`: correcto, incorrecto, sin_intentar, para_revisar (respuesta libre, no puntúa), error,
    no_ejecutado, celda_borrada, entrega_ilegible, no_es_cuaderno, leccion_desconocida o
    error_calificador (falló el calificador, no la entrega). `ejecuta_codigo`: la comprobación tuvo que ejecutar
    código de la respuesta (funciones, clases, objetos): ver `evaluacion.RESPUESTAS_CON_CODIGO`.
    """

    entrega: str
    alumno: str
    leccion: str
    ejercicio: str
    estado: str
    puntos: float
    mensaje: str
    ejecuta_codigo: bool = False


def fila(entrega: str, alumno: str, leccion: str, ejercicio: str, estado: str, mensaje: str,
         ejecuta_codigo: bool = False) -> Fila:
    return Fila(entrega, alumno, leccion, ejercicio, estado, PUNTOS.get(estado, 0.0), mensaje, ejecuta_codigo)
