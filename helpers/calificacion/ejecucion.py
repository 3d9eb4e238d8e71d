"""Ejecutar un proceso aislado: entrada por un hilo, mensajes del protocolo por otro, salida de
errores acotada, límite de tiempo total y, al terminar (bien o mal), matar todo lo que quede."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from . import protocolo
from .cgrupos import Grupo, Medida

MAX_ERRORES = 20000  # caracteres que se guardan del final de la salida de errores


@dataclass
class Ejecucion:
    """Cómo terminó una ejecución aislada."""

    codigo: int | None
    agotado: bool
    medida: Medida
    errores: str  # final de la salida de errores
    protocolo_roto: str | None = None


def ejecutar_proceso(orden: list[str], entorno: dict | None, carpeta: Path, alimentar: Callable[[BinaryIO], None],
                     al_recibir: Callable[[dict, bytes], None], limite: float, grupo: Grupo | None) -> Ejecucion:
    """Ejecuta `orden` en su propia sesión y espera como mucho `limite` segundos."""
    roto: list[str] = []
    errores = bytearray()
    proceso = subprocess.Popen(orden, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=carpeta, env=entorno, start_new_session=True)

    def escribir():
        try:
            alimentar(proceso.stdin)
        except (OSError, ValueError):  # el proceso ya no lee (terminó o se cayó)
            pass
        finally:
            try:
                proceso.stdin.close()
            except OSError:
                pass

    def leer():
        try:
            for cabecera, carga in protocolo.recibir(proceso.stdout):
                al_recibir(cabecera, carga)
        except protocolo.MensajeInvalido as error:
            roto.append(str(error))
        except (OSError, ValueError):
            pass
        finally:
            while proceso.stdout.read(1 << 16):
                pass

    def leer_errores():
        for bloque in iter(lambda: proceso.stderr.read(1 << 14), b""):
            errores.extend(bloque)
            del errores[:-MAX_ERRORES]

    hilos = [threading.Thread(target=f, daemon=True) for f in (escribir, leer, leer_errores)]
    for hilo in hilos:
        hilo.start()
    agotado = False
    try:
        proceso.wait(timeout=limite)
    except subprocess.TimeoutExpired:
        agotado = True
    finally:
        try:
            os.killpg(proceso.pid, signal.SIGKILL) if hasattr(os, "killpg") else proceso.kill()
        except OSError:
            pass
        medida = grupo.medir() if grupo else Medida(None, False)
        if grupo:
            grupo.cerrar()  # mata lo que quede dentro del cgroup
        proceso.wait()
        for hilo in hilos:
            hilo.join(timeout=30)
    return Ejecucion(proceso.returncode, agotado, medida, errores.decode(errors="replace"), roto[0] if roto else None)
