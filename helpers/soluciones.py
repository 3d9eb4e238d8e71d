"""`python -m helpers.soluciones`: re-ejecuta todas las soluciones en una sola pasada limpia y las sella.

Con `--caches-nuevas` (lo que hace `make soluciones`) usa una caché de Hugging Face y una de
modelos del curso vacías, como una máquina nueva: prepara los modelos desde cero y después
ejecuta cada cuaderno sin conexión, guarda sus salidas, el tiempo que tardó y su huella, y
regenera `notebooks/`.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def ejecutar(rutas: list[Path], limite_celda: int = 1200) -> dict[str, float]:
    """Ejecuta y sella cada cuaderno (en su carpeta, sin conexión); devuelve {nombre: segundos}."""
    import nbformat
    from nbclient import NotebookClient
    from tqdm.auto import tqdm

    from .huella import sellar
    from .medicion import maquina

    from nbclient.exceptions import CellExecutionError

    tiempos, fallos = {}, {}
    barra = tqdm(rutas, desc="Ejecutando soluciones", unit="cuaderno", disable=False)
    for ruta in barra:
        barra.set_postfix_str(ruta.name)
        cuaderno = nbformat.read(ruta, as_version=4)
        inicio = time.perf_counter()
        try:
            NotebookClient(cuaderno, timeout=limite_celda, kernel_name="python3",
                           resources={"metadata": {"path": str(ruta.parent)}}).execute()
        except CellExecutionError as error:  # no se guarda: sigue con los demás y lo dice al final
            fallos[ruta.name] = str(error)[-3000:]
            continue
        tiempos[ruta.name] = round(time.perf_counter() - inicio, 1)
        curso = cuaderno.metadata.setdefault("curso", {})
        curso["ejecucion"] = {"segundos": tiempos[ruta.name], "maquina": maquina()}
        sellar(cuaderno)
        nbformat.write(cuaderno, ruta)
    for nombre, error in fallos.items():
        print(f"\n✘ {nombre} falló y no se guardó:\n{error}", file=sys.stderr)
    if fallos:
        raise SystemExit(f"Fallaron {len(fallos)} cuadernos: {', '.join(fallos)}. Corrígelos y repite la pasada entera.")
    return tiempos


INICIO_TIEMPOS, FIN_TIEMPOS = "<!-- tiempos:inicio -->", "<!-- tiempos:fin -->"


def tabla_tiempos(carpeta: Path = RAIZ / "solutions") -> str:
    """Tabla Markdown con el tiempo de ejecución guardado en cada solución (metadata.curso.ejecucion)."""
    import nbformat

    from .modelos import formatear_duracion

    filas = ["| Cuaderno | Tiempo | Máquina |", "|---|---|---|"]
    for ruta in sorted(carpeta.glob("*.ipynb")):
        ejecucion = nbformat.read(ruta, as_version=4).metadata.get("curso", {}).get("ejecucion")
        if ejecucion:
            filas.append(f"| `{ruta.stem}` | {formatear_duracion(ejecucion['segundos'])} | {ejecucion['maquina']} |")
    return "\n".join(filas)


def actualizar_leeme(leeme: Path = RAIZ / "README.md") -> None:
    """Escribe la tabla de tiempos entre las marcas del README."""
    texto = leeme.read_text(encoding="utf-8")
    antes, resto = texto.split(INICIO_TIEMPOS, 1)
    _, despues = resto.split(FIN_TIEMPOS, 1)
    leeme.write_text(f"{antes}{INICIO_TIEMPOS}\n{tabla_tiempos()}\n{FIN_TIEMPOS}{despues}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-ejecuta y sella solutions/.")
    parser.add_argument("cuadernos", nargs="*", type=Path, help="por defecto, todos los de solutions/")
    parser.add_argument("--caches-nuevas", action="store_true", help="HF_HOME y CURSO_HF_CACHE vacíos")
    args = parser.parse_args(argv)
    rutas = args.cuadernos or sorted((RAIZ / "solutions").glob("*.ipynb"))
    if args.caches_nuevas:
        temporal = Path(tempfile.mkdtemp(prefix="curso-soluciones-"))
        os.environ["HF_HOME"] = str(temporal / "hf")
        os.environ["CURSO_HF_CACHE"] = str(temporal / "curso")
        print(f"Cachés nuevas en {temporal}: se preparan los modelos desde cero.", flush=True)
    from .reproducibilidad import VARIABLES_SILENCIO

    # El mismo entorno que dan conftest.py y nbval a sus núcleos: las salidas deben coincidir. Salvo las figuras:
    # aquí se dibujan en línea (como en Jupyter) para que las soluciones guarden sus imágenes; nbval no las compara.
    os.environ.update(VARIABLES_SILENCIO, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1",
                      MPLBACKEND="module://matplotlib_inline.backend_inline", PYTHONHASHSEED="0")
    from . import modelos, preparar

    if args.caches_nuevas and preparar.main() != 0:
        return 1
    tiempos = ejecutar(rutas)
    for nombre, segundos in tiempos.items():
        print(f"  {nombre:<32} {modelos.formatear_duracion(segundos)}")
    actualizar_leeme()
    from .alumnos import main as generar_alumnos

    return generar_alumnos([])


if __name__ == "__main__":
    sys.exit(main())
