"""Huella de lo que produce las salidas de `solutions/`: código, datos, dependencias y el propio cuaderno.

Cada solución guarda en `metadata.curso.huella` la huella con la que se ejecutó. La puerta de
frescura (`python -m helpers.huella --comprobar`, en `make test`) falla si alguna se ejecutó con
código distinto del actual: entonces hay que re-ejecutarlas todas con `make soluciones`.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import nbformat

RAIZ = Path(__file__).resolve().parent.parent
# Herramientas de autor y de profesor: no cambian lo que imprime una lección.
NO_CUENTAN = {"alumnos.py", "benchmark.py", "calificar.py", "calificacion", "huella.py", "procedencia.py",
              "secretos.py", "soluciones.py", "soluciones.json"}


# Código que las lecciones ejecutan fuera de helpers/: el guion de accelerate (14) y la app de despliegue (12).
OTRAS_CARPETAS = ("scripts", "despliegue")


def _archivos_que_cuentan(raiz: Path = RAIZ) -> list[Path]:
    codigo = [p for p in sorted((raiz / "helpers").rglob("*"))
              if p.is_file() and not {"__pycache__", *NO_CUENTAN} & set(p.relative_to(raiz / "helpers").parts)]
    otras = [p for carpeta in OTRAS_CARPETAS for p in sorted((raiz / carpeta).rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts]
    return codigo + otras + [raiz / "data" / "SHA256SUMS", raiz / "requirements.txt"]


def huella_codigo(raiz: Path = RAIZ) -> str:
    """sha256 de helpers/ (salvo herramientas de autor), scripts/, despliegue/, las sumas de data/ y requirements.txt."""
    h = hashlib.sha256()
    for ruta in _archivos_que_cuentan(raiz):
        h.update(ruta.relative_to(raiz).as_posix().encode() + b"\0" + ruta.read_bytes() + b"\0")
    return h.hexdigest()


def huella_fuente(cuaderno: nbformat.NotebookNode) -> str:
    """sha256 del texto de las celdas (sin salidas): cambia si se edita la lección."""
    h = hashlib.sha256()
    for celda in cuaderno.cells:
        h.update(celda.cell_type.encode() + b"\0" + celda.source.encode() + b"\0")
    return h.hexdigest()


def huella(cuaderno: nbformat.NotebookNode, raiz: Path = RAIZ) -> dict:
    return {"codigo": huella_codigo(raiz), "fuente": huella_fuente(cuaderno)}


def sellar(cuaderno: nbformat.NotebookNode, raiz: Path = RAIZ) -> None:
    """Guarda en el cuaderno la huella actual (llamar justo después de ejecutarlo)."""
    cuaderno.metadata.setdefault("curso", {})["huella"] = huella(cuaderno, raiz)


def desfasadas(carpeta: Path, raiz: Path = RAIZ) -> list[str]:
    """Soluciones cuya huella guardada no coincide con la actual, con el motivo."""
    actual = huella_codigo(raiz)
    problemas = []
    for ruta in sorted(carpeta.glob("*.ipynb")):
        cuaderno = nbformat.read(ruta, as_version=4)
        guardada = cuaderno.metadata.get("curso", {}).get("huella")
        if not guardada:
            problemas.append(f"{ruta.name}: sin huella (nunca se ejecutó con `make soluciones`)")
        elif guardada.get("fuente") != huella_fuente(cuaderno):
            problemas.append(f"{ruta.name}: se editó después de ejecutarse")
        elif guardada.get("codigo") != actual:
            problemas.append(f"{ruta.name}: se ejecutó con otro helpers/, scripts/, despliegue/, data/ o requirements.txt")
    return problemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Puerta de frescura de solutions/.")
    parser.add_argument("--comprobar", action="store_true", help="falla si alguna solución está desfasada")
    parser.add_argument("--carpeta", type=Path, default=RAIZ / "solutions")
    args = parser.parse_args(argv)
    problemas = desfasadas(args.carpeta)
    if problemas:
        print("Las salidas guardadas de estas soluciones no son de este código:\n  " + "\n  ".join(problemas)
              + "\nRe-ejecútalas todas en una sola pasada limpia con `make soluciones` y haz commit.", file=sys.stderr)
        return 1
    print(f"solutions/ al día con el código (huella {huella_codigo()[:12]}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
