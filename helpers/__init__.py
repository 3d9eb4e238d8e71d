"""Paquete auxiliar del curso de Hugging Face en español.

Uso típico en la primera celda de cada cuaderno::

    from helpers import preparar_entorno
    entorno = preparar_entorno()
"""
from __future__ import annotations

from .entorno import activar_modo_offline, comprobar_entorno, dispositivo, en_colab, hay_hub, hay_internet
from .reproducibilidad import SEMILLA_DEL_CURSO, fijar_semilla, silenciar_bibliotecas

__all__ = [
    "activar_modo_offline", "comprobar_entorno", "dispositivo", "en_colab", "fijar_semilla",
    "hay_hub", "hay_internet", "preparar_entorno", "silenciar_bibliotecas", "SEMILLA_DEL_CURSO",
]


def preparar_entorno(semilla: int = SEMILLA_DEL_CURSO, mostrar: bool = True) -> dict:
    """Deja el cuaderno listo en un momento: conexión, modo offline si no hay Hub, silencio y semilla.

    No prepara modelos: cada lección prepara solo los que usa, la primera vez que los
    pide (`modelos.modelo(rol)`), con barra de progreso. Devuelve
    {hub, internet, dispositivo, modelos} (estado de la copia local de cada rol).
    """
    from . import modelos

    hub = hay_hub()
    if not hub:
        activar_modo_offline()
    internet = hay_internet()
    silenciar_bibliotecas()
    fijar_semilla(semilla)
    modelos.olvidar_elecciones()
    resumen = {"hub": hub, "internet": internet, "dispositivo": dispositivo(),
               "modelos": {rol: modelos.estado(rol) for rol in modelos.roles()}}
    if mostrar:
        print("Hub de Hugging Face:", "accesible → modelos del Hub" if hub
              else "no accesible → modo offline (copias locales del curso)")
        print("Internet (Gemini):  ", "accesible" if internet else "no accesible")
        print("Dispositivo:        ", resumen["dispositivo"])
        pendientes = [rol for rol, e in resumen["modelos"].items() if e != "copia local lista"]
        if not hub and pendientes:
            print("Copias locales por preparar (se hará al usarlas):", ", ".join(pendientes))
    return resumen
