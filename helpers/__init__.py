"""Paquete auxiliar del curso de Hugging Face en español.

Uso típico en la primera celda de cada cuaderno::

    from helpers import preparar_entorno
    preparar_entorno()
"""
from __future__ import annotations

from .entorno import activar_modo_offline, comprobar_entorno, dispositivo, en_colab, hay_conexion
from .reproducibilidad import SEMILLA_DEL_CURSO, fijar_semilla, silenciar_bibliotecas

__all__ = [
    "activar_modo_offline", "comprobar_entorno", "dispositivo", "en_colab", "fijar_semilla",
    "hay_conexion", "preparar_entorno", "silenciar_bibliotecas", "SEMILLA_DEL_CURSO",
]


def preparar_entorno(semilla: int = SEMILLA_DEL_CURSO, mostrar: bool = True) -> dict:
    """Deja el cuaderno listo: modo offline si no hay Hub, silencio, modelos y semilla.

    Devuelve un resumen {conexion, dispositivo, modelos}. Los modelos que no
    se puedan preparar se indican con un mensaje que dice qué instalar.
    """
    from . import modelos

    conexion = hay_conexion()
    if not conexion:
        activar_modo_offline()
    silenciar_bibliotecas()
    estados = modelos.preparar_todos()
    fijar_semilla(semilla)
    resumen = {"conexion": conexion, "dispositivo": dispositivo(), "modelos": estados}
    if mostrar:
        print("Conexión al Hub:", "sí" if conexion else "no → modo offline (caché local)")
        print("Dispositivo:", resumen["dispositivo"])
        for rol, estado in estados.items():
            print(f"  {rol:<25} {estado}")
    return resumen
