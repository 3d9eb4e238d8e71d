"""`python -m helpers.preparar`: siembra la caché local con los modelos del curso."""
from __future__ import annotations

import sys

from . import modelos
from .cache_hf import carpeta_cache
from .entorno import activar_modo_offline, hay_conexion
from .reproducibilidad import silenciar_bibliotecas


def main() -> int:
    if not hay_conexion():
        activar_modo_offline()  # sin esto, cada carga reintenta el Hub durante minutos
    silenciar_bibliotecas()
    print(f"Preparando los modelos del curso en {carpeta_cache()} …")
    estados = modelos.preparar_todos()
    for rol, estado in estados.items():
        print(f"  {rol:<25} {estado}")
    fallos = [rol for rol, estado in estados.items() if estado != "listo"]
    if fallos:
        print(f"No se pudieron preparar: {', '.join(fallos)}. Lee el mensaje de cada uno.", file=sys.stderr)
        return 1
    print("Todo listo: los cuadernos funcionan sin conexión.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
