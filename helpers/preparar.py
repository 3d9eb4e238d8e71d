"""`python -m helpers.preparar`: siembra la caché local con los modelos del curso."""
from __future__ import annotations

import sys

from . import preparar_entorno
from .cache_hf import carpeta_cache


def main() -> int:
    print(f"Preparando los modelos del curso en {carpeta_cache()} …")
    estados = preparar_entorno()["modelos"]  # modo offline si no hay Hub, silencio, modelos y semilla
    fallos = [rol for rol, estado in estados.items() if estado != "listo"]
    if fallos:
        print(f"No se pudieron preparar: {', '.join(fallos)}. Lee el mensaje de cada uno.", file=sys.stderr)
        return 1
    print("Todo listo: los cuadernos funcionan sin conexión.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
