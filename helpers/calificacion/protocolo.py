"""Mensajes entre el calificador y sus procesos aislados: una cabecera JSON por línea y, si la
cabecera lo dice (`bytes`), esa cantidad de bytes crudos detrás.

Todo lo que llega desde dentro del aislamiento se trata como no fiable: cabeceras y cargas
tienen tamaño máximo y cualquier cosa mal formada corta la lectura.
"""
from __future__ import annotations

import json
import os
from typing import BinaryIO, Iterator

MAX_CABECERA = 1 << 20  # 1 MiB
MAX_CARGA = 1 << 30  # 1 GiB por respuesta


class MensajeInvalido(Exception):
    """El otro lado mandó algo que no sigue el protocolo."""


def enviar(canal: BinaryIO, cabecera: dict, carga: bytes = b"") -> None:
    """Escribe un mensaje (cabecera y carga opcional) y vacía el búfer."""
    if carga:
        cabecera = {**cabecera, "bytes": len(carga)}
    canal.write(json.dumps(cabecera, ensure_ascii=False).encode() + b"\n")
    if carga:
        canal.write(carga)
    canal.flush()


def recibir(canal: BinaryIO, max_carga: int = MAX_CARGA) -> Iterator[tuple[dict, bytes]]:
    """Genera (cabecera, carga) hasta el final del canal."""
    while True:
        linea = canal.readline(MAX_CABECERA + 1)
        if not linea:
            return
        if len(linea) > MAX_CABECERA or not linea.endswith(b"\n"):
            raise MensajeInvalido("cabecera demasiado larga o cortada")
        try:
            cabecera = json.loads(linea)
        except ValueError:
            raise MensajeInvalido("cabecera que no es JSON") from None
        if not isinstance(cabecera, dict):
            raise MensajeInvalido("cabecera que no es un objeto JSON")
        tamano = cabecera.get("bytes", 0)
        if not isinstance(tamano, int) or not 0 <= tamano <= max_carga:
            raise MensajeInvalido("carga de tamaño no válido")
        carga = _leer_exacto(canal, tamano)
        yield cabecera, carga


def _leer_exacto(canal: BinaryIO, tamano: int) -> bytes:
    partes, falta = [], tamano
    while falta:
        parte = canal.read(min(falta, 1 << 20))
        if not parte:
            raise MensajeInvalido("carga cortada")
        partes.append(parte)
        falta -= len(parte)
    return b"".join(partes)


def canal_privado() -> BinaryIO:
    """Aparta la salida estándar para el protocolo: lo que imprima cualquier otro (el núcleo,
    una biblioteca) va a la salida de errores y no se mezcla con los mensajes."""
    privado = os.dup(1)  # os.dup no lo hereda ningún hijo
    os.dup2(2, 1)
    return os.fdopen(privado, "wb")
