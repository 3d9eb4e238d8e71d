"""`python -m helpers.preparar`: prepara una vez las copias locales de todos los modelos del curso."""
from __future__ import annotations

import sys
import time

from . import modelos
from .cache_hf import carpeta_cache
from .entorno import activar_modo_offline, hay_hub
from .reproducibilidad import silenciar_bibliotecas


def main() -> int:
    if not hay_hub():  # sin esto, cada from_pretrained de los entrenamientos insiste casi un minuto
        activar_modo_offline()
    silenciar_bibliotecas()
    print(f"Copias locales de los modelos del curso: caché de HF en {carpeta_cache()}, "
          f"preparados en {modelos.carpeta_preparados()}.")
    inicio = time.perf_counter()
    estados = modelos.preparar_todos(progreso=True)
    for rol, estado in estados.items():
        print(f"  {rol:<24} {estado}")
    fallos = [rol for rol, estado in estados.items() if estado != "listo"]
    if fallos:
        print(f"No se pudieron preparar: {', '.join(fallos)}. Lee el mensaje de cada uno.", file=sys.stderr)
        return 1
    print(f"Todo listo en {modelos.formatear_duracion(time.perf_counter() - inicio)}: "
          "los cuadernos funcionan sin conexión.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
