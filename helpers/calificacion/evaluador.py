"""Dentro del aislamiento, en un proceso nuevo: comprueba respuestas con `Ejercicio.evaluar`.

`helpers` viene de la copia de solo lectura tomada al empezar a calificar: ni el núcleo del
alumno ni su carpeta de trabajo existen aquí. Lee de la entrada estándar mensajes
{"ejercicio", "modo"} + bytes de la respuesta y escribe por el canal una línea JSON
{"ejercicio", "estado", "mensaje"} por respuesta, en cuanto la tiene.

Modo "datos": cargador seguro (no ejecuta nada de la entrega). Modo "codigo": cloudpickle
completo, para respuestas que son código; el calificador usa un proceso por respuesta.
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys

from . import protocolo
from .recursos import aplicar_limites
from .serializacion import RespuestaNoAdmitida, cargar_codigo, cargar_datos

_ID = re.compile(r"^(leccion_\d+)\.(ej\d+)$")


def ejercicio_por_id(ejercicio: str):
    """El objeto `Ejercicio` oficial de un id como 'leccion_00.ej1'."""
    coincidencia = _ID.match(ejercicio)
    if not coincidencia:
        raise ValueError(f"id de ejercicio no válido: {ejercicio!r}")
    modulo = importlib.import_module(f"helpers.ejercicios.{coincidencia.group(1)}")
    return getattr(modulo, coincidencia.group(2))


def evaluar(ejercicio: str, modo: str, datos: bytes) -> tuple[str, str]:
    """(estado, mensaje) de una respuesta; nunca lanza excepciones."""
    try:
        oficial = ejercicio_por_id(ejercicio)
    except Exception as error:
        return "error", f"No encuentro el ejercicio {ejercicio} en helpers ({type(error).__name__})."
    try:
        valor = cargar_codigo(datos) if modo == "codigo" else cargar_datos(datos)
    except RespuestaNoAdmitida as motivo:
        return "error", (f"Tu respuesta contiene algo que no es un dato simple ({str(motivo)[:120]}). Para este "
                         "ejercicio da un número, un texto, una lista, un diccionario, un array o un tensor.")
    except Exception as error:
        return "error", f"No pude reconstruir tu respuesta fuera del cuaderno ({type(error).__name__}: {str(error)[:150]})."
    resultado = oficial.evaluar(valor)
    if resultado.estado == "para_revisar":  # respuesta libre: el texto va al profesor
        return resultado.estado, f"{resultado.mensaje}\nRespuesta: «{str(valor)[:1200]}»"
    return resultado.estado, resultado.mensaje


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Comprueba respuestas dentro del aislamiento.")
    parser.add_argument("--memoria", type=int, default=0)
    parser.add_argument("--procesos", type=int, default=0)
    args = parser.parse_args(argv)
    canal = protocolo.canal_privado()
    aplicar_limites(args.memoria, args.procesos)
    for cabecera, datos in protocolo.recibir(sys.stdin.buffer):
        ejercicio, modo = str(cabecera.get("ejercicio")), cabecera.get("modo")
        try:
            estado, mensaje = evaluar(ejercicio, modo, datos)
        except MemoryError:
            estado, mensaje = "error", "La comprobación de tu respuesta superó el límite de memoria."
        protocolo.enviar(canal, {"ejercicio": ejercicio, "estado": estado, "mensaje": mensaje})
    return 0
