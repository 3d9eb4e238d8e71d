"""Genera los cuadernos de alumno (`notebooks/`) a partir de las soluciones.

Una sola fuente: `solutions/` tiene los cuadernos con las soluciones entre
marcas. En una celda de código::

    ### SOLUCIÓN
    respuesta = dispositivo()
    ### ALUMNO
    # respuesta = ____
    ### FIN

el alumno recibe solo `respuesta = ____` (las líneas de ALUMNO sin el «# »).
También se borran las salidas y las marcas `# NBVAL_…`.

    python -m helpers.alumnos             # regenera notebooks/
    python -m helpers.alumnos --comprobar # falla si notebooks/ no está al día
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

RAIZ = Path(__file__).resolve().parent.parent
MARCA_SOLUCION, MARCA_ALUMNO, MARCA_FIN = "### SOLUCIÓN", "### ALUMNO", "### FIN"


class MarcasMalFormadas(ValueError):
    """Las marcas de solución de una celda no siguen el formato."""


def version_alumno(fuente: str, donde: str = "") -> str:
    """Quita de una celda las soluciones y deja la parte del alumno."""
    salida, modo = [], "normal"
    for numero, linea in enumerate(fuente.splitlines(), start=1):
        marca = linea.strip()
        esperado = {"normal": MARCA_SOLUCION, "solucion": MARCA_ALUMNO, "alumno": MARCA_FIN}[modo]
        if marca in (MARCA_SOLUCION, MARCA_ALUMNO, MARCA_FIN):
            if marca != esperado:
                raise MarcasMalFormadas(
                    f"{donde} línea {numero}: aparece «{marca}» donde tocaba «{esperado}». "
                    f"El orden es {MARCA_SOLUCION} → {MARCA_ALUMNO} → {MARCA_FIN}."
                )
            modo = {"normal": "solucion", "solucion": "alumno", "alumno": "normal"}[modo]
        elif modo == "normal":
            if not marca.startswith("# NBVAL_"):
                salida.append(linea)
        elif modo == "alumno":
            sangria = linea[: len(linea) - len(linea.lstrip())]
            resto = linea.lstrip()
            if resto and not resto.startswith("#"):
                raise MarcasMalFormadas(
                    f"{donde} línea {numero}: en la parte {MARCA_ALUMNO} cada línea va comentada con «# »."
                )
            salida.append(sangria + (resto[2:] if resto.startswith("# ") else resto[1:]))
    if modo != "normal":
        raise MarcasMalFormadas(f"{donde}: falta «{MARCA_FIN}» al final de una solución.")
    return "\n".join(salida)


def cuaderno_alumno(solucion: nbformat.NotebookNode, nombre: str = "") -> nbformat.NotebookNode:
    """Copia del cuaderno de soluciones sin soluciones ni salidas."""
    alumno = nbformat.from_dict(solucion)
    for indice, celda in enumerate(alumno.cells):
        if celda.cell_type == "code":
            celda.source = version_alumno(celda.source, f"{nombre} celda {indice}")
            celda.outputs = []
            celda.execution_count = None
        celda.metadata.pop("execution", None)
    alumno.metadata.setdefault("curso", {})["version"] = "alumno"
    return alumno


def texto_alumno(ruta_solucion: Path) -> str:
    solucion = nbformat.read(ruta_solucion, as_version=4)
    return nbformat.writes(cuaderno_alumno(solucion, ruta_solucion.name)) + "\n"


def generar(soluciones: Path, destino: Path, comprobar: bool = False) -> list[str]:
    """Escribe (o compara, si `comprobar`) los cuadernos de alumno. Devuelve los desfasados."""
    desfasados = []
    destino.mkdir(parents=True, exist_ok=True)
    esperados = {r.name for r in sorted(soluciones.glob("*.ipynb"))}
    for ruta in sorted(soluciones.glob("*.ipynb")):
        texto = texto_alumno(ruta)
        objetivo = destino / ruta.name
        if objetivo.exists() and objetivo.read_text(encoding="utf-8") == texto:
            continue
        desfasados.append(ruta.name)
        if not comprobar:
            objetivo.write_text(texto, encoding="utf-8")
    sobrantes = sorted(r.name for r in destino.glob("*.ipynb") if r.name not in esperados)
    return desfasados + [f"{n} (no existe en {soluciones.name}/)" for n in sobrantes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Genera notebooks/ desde solutions/.")
    parser.add_argument("--soluciones", type=Path, default=RAIZ / "solutions")
    parser.add_argument("--destino", type=Path, default=RAIZ / "notebooks")
    parser.add_argument("--comprobar", action="store_true", help="no escribe; falla si hay diferencias")
    args = parser.parse_args(argv)
    try:
        desfasados = generar(args.soluciones, args.destino, args.comprobar)
    except MarcasMalFormadas as error:
        print(f"Error en las marcas de solución: {error}", file=sys.stderr)
        return 2
    if args.comprobar and desfasados:
        print("Los cuadernos de alumno no están al día con solutions/: " + ", ".join(desfasados)
              + ".\nRegenera con `python -m helpers.alumnos` y haz commit.", file=sys.stderr)
        return 1
    print(("Actualizados: " + ", ".join(desfasados)) if desfasados else "notebooks/ ya estaba al día.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
