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

Cada lección empieza igual, a partir de una sola plantilla (helpers/plantillas/arranque_colab.py):
la insignia «Abrir en Colab» tras el título y la celda de arranque como primera celda de código.
`aplicar_plantillas` las pone (o actualiza) en `solutions/`.

    python -m helpers.alumnos             # pone las plantillas en solutions/ y regenera notebooks/
    python -m helpers.alumnos --comprobar # falla si algo no está al día

Los dos fallan también si una celda posterior a un ejercicio usa la respuesta del alumno sin mirar
antes si la ha dado (`respuestas_usadas_despues`): el cuaderno en blanco se pararía ahí.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import nbformat

from .calificacion.cuadernos import (bloquear_celdas_de_comprobacion, celdas_de_comprobacion,
                                     es_celda_de_comprobacion, expresion_comprobada)
from .plantillas.arranque_colab import celda_arranque, es_celda_arranque, insignia_colab

RAIZ = Path(__file__).resolve().parent.parent
SOLUCIONES_JSON = RAIZ / "helpers" / "ejercicios" / "soluciones.json"
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


def version_solucion(fuente: str) -> str:
    """La celda tal como la ve quien pide `solucion()`: sin la parte del alumno ni las marcas."""
    salida, modo = [], "normal"
    for linea in fuente.splitlines():
        marca = linea.strip()
        if marca in (MARCA_SOLUCION, MARCA_ALUMNO, MARCA_FIN):
            modo = {MARCA_SOLUCION: "solucion", MARCA_ALUMNO: "alumno", MARCA_FIN: "normal"}[marca]
        elif modo != "alumno" and not marca.startswith("# NBVAL_"):
            salida.append(linea)
    return "\n".join(salida).strip("\n")


def soluciones_de(cuaderno: nbformat.NotebookNode) -> dict[str, str]:
    """{id de ejercicio: código de su solución}: la celda con `### SOLUCIÓN` anterior a cada comprobación."""
    soluciones = {}
    for indice, ejercicio in celdas_de_comprobacion(cuaderno):
        for anterior in reversed(cuaderno.cells[:indice]):
            if anterior.cell_type == "code" and es_celda_de_comprobacion(anterior):
                break  # no cruzar a otro ejercicio
            if anterior.cell_type == "code" and MARCA_SOLUCION in anterior.source:
                comprobacion = version_solucion(cuaderno.cells[indice].source)
                soluciones[ejercicio] = version_solucion(anterior.source) + "\n" + comprobacion
                break
    return soluciones


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
    return bloquear_celdas_de_comprobacion(alumno)  # que nadie las rompa sin querer (el calificador usa las oficiales)


def _es_insignia(celda) -> bool:
    return celda.cell_type == "markdown" and celda.source.startswith("[![Abrir en Colab]")


def aplicar_plantillas(cuaderno: nbformat.NotebookNode, nombre: str) -> bool:
    """Pone la insignia de Colab tras el título y la celda de arranque como primera celda de código.

    Devuelve True si cambió algo (la solución habrá que re-ejecutarla: su huella cambia).
    """
    antes = nbformat.writes(cuaderno)
    celdas = cuaderno.cells
    insignia = insignia_colab(nombre)
    existente = next((c for c in celdas if _es_insignia(c)), None)
    if existente is None:
        celdas.insert(1, nbformat.v4.new_markdown_cell(insignia))
    else:
        existente.source = insignia
    codigo = [c for c in celdas if c.cell_type == "code"]
    if codigo and es_celda_arranque(codigo[0].source):
        codigo[0].source = celda_arranque()
    else:
        posicion = celdas.index(codigo[0]) if codigo else len(celdas)
        celdas.insert(posicion, nbformat.v4.new_code_cell(celda_arranque()))
    marcar_comprobaciones(cuaderno, nombre)
    return nbformat.writes(cuaderno) != antes


def marcar_comprobaciones(cuaderno: nbformat.NotebookNode, nombre: str) -> None:
    """Anota en sus metadatos el ejercicio de cada celda `ejN.comprobar(...)` (lo usan el calificador y las pruebas)."""
    numero = re.match(r"(\d+)_", nombre)
    if numero is None:
        return
    for celda in cuaderno.cells:
        if celda.cell_type != "code" or es_celda_de_comprobacion(celda) or expresion_comprobada(celda.source) is None:
            continue
        llamada = re.search(r"^(ej\d+)\.comprobar\(", celda.source, re.MULTILINE)
        if llamada:
            celda.metadata.setdefault("curso", {})["comprobacion"] = f"leccion_{numero.group(1)}.{llamada.group(1)}"


def texto_alumno(ruta_solucion: Path) -> str:
    solucion = nbformat.read(ruta_solucion, as_version=4)
    return nbformat.writes(cuaderno_alumno(solucion, ruta_solucion.name)) + "\n"


def generar(soluciones: Path, destino: Path, comprobar: bool = False) -> list[str]:
    """Escribe (o compara, si `comprobar`) los cuadernos de alumno y el texto de `solucion()`. Devuelve los desfasados."""
    soluciones_dir = soluciones
    desfasados = []
    destino.mkdir(parents=True, exist_ok=True)
    esperados = {r.name for r in sorted(soluciones.glob("*.ipynb"))}
    for ruta in sorted(soluciones.glob("*.ipynb")):
        solucion = nbformat.read(ruta, as_version=4)
        if aplicar_plantillas(solucion, ruta.name):
            desfasados.append(f"{ruta.name} (plantillas de solutions/)")
            if not comprobar:
                nbformat.write(solucion, ruta)
        texto = texto_alumno(ruta)
        objetivo = destino / ruta.name
        if objetivo.exists() and objetivo.read_text(encoding="utf-8") == texto:
            continue
        desfasados.append(ruta.name)
        if not comprobar:
            objetivo.write_text(texto, encoding="utf-8")
    soluciones: dict[str, str] = {}
    for ruta in sorted(soluciones_dir.glob("*.ipynb")):
        soluciones.update(soluciones_de(nbformat.read(ruta, as_version=4)))
    texto_json = json.dumps(soluciones, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not SOLUCIONES_JSON.exists() or SOLUCIONES_JSON.read_text(encoding="utf-8") != texto_json:
        desfasados.append(f"{SOLUCIONES_JSON.relative_to(RAIZ)} (texto de solucion())")
        if not comprobar:
            SOLUCIONES_JSON.write_text(texto_json, encoding="utf-8")
    sobrantes = sorted(r.name for r in destino.glob("*.ipynb") if r.name not in esperados)
    return desfasados + [f"{n} (no existe en {soluciones.name}/)" for n in sobrantes]


def arbol_de_celda(fuente: str) -> ast.Module | None:
    """AST de una celda sin las líneas mágicas de IPython (`%…`, `!…`); None si no es Python."""
    lineas = ["" if l.lstrip().startswith(("%", "!")) else l for l in fuente.splitlines()]
    try:
        return ast.parse("\n".join(lineas))
    except SyntaxError:
        return None


def _nombres_definidos(arbol: ast.AST) -> set[str]:
    """Nombres que un trozo de código asigna o define (también los de bucles y comprensiones)."""
    definidos = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Name) and isinstance(nodo.ctx, ast.Store):
            definidos.add(nodo.id)
        elif isinstance(nodo, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            definidos.add(nodo.name)
        elif isinstance(nodo, (ast.Import, ast.ImportFrom)):
            definidos.update((a.asname or a.name).split(".")[0] for a in nodo.names)
    return definidos


def _nombres_usados(arbol: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(arbol) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _nombres_protegidos(arbol: ast.AST) -> set[str]:
    """Nombres que la celda mira antes de usar: `contiene_hueco(x)` o `ejN.evaluar(x)`."""
    protegidos = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Call) and nodo.args and isinstance(nodo.args[0], ast.Name):
            funcion = nodo.func
            nombre = funcion.id if isinstance(funcion, ast.Name) else getattr(funcion, "attr", "")
            if nombre in ("contiene_hueco", "evaluar"):
                protegidos.add(nodo.args[0].id)
    return protegidos


def respuestas_usadas_despues(cuaderno: nbformat.NotebookNode, nombre: str = "") -> list[str]:
    """Celdas que usan lo que el alumno escribe en un ejercicio, fuera de su comprobación.

    En el cuaderno en blanco esos nombres valen `____`: una celda posterior que los use fallaría o
    enseñaría algo sin sentido. Así se sabe sin ejecutar nada (también en las lecciones largas) que
    cada cuaderno de alumno corre entero sin respuestas. Devuelve un aviso por cada uso.
    """
    avisos, pendientes = [], {}  # nombre → celda del ejercicio que lo define
    for indice, celda in enumerate(cuaderno.cells):
        if celda.cell_type != "code":
            continue
        if MARCA_SOLUCION in celda.source:
            arbol = arbol_de_celda(version_solucion(celda.source))
            for definido in _nombres_definidos(arbol) if arbol else ():
                pendientes[definido] = indice
            continue
        if es_celda_de_comprobacion(celda):
            continue
        arbol = arbol_de_celda(celda.source)
        if arbol is None:
            continue
        definidos = _nombres_definidos(arbol)
        for usado in sorted((_nombres_usados(arbol) - definidos - _nombres_protegidos(arbol)) & set(pendientes)):
            avisos.append(f"{nombre} celda {indice}: usa «{usado}», la respuesta del ejercicio de la celda "
                          f"{pendientes[usado]}; en el cuaderno en blanco vale ____")
        for redefinido in definidos:
            pendientes.pop(redefinido, None)
    return avisos


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
    avisos = [aviso for ruta in sorted(args.soluciones.glob("*.ipynb"))
              for aviso in respuestas_usadas_despues(nbformat.read(ruta, as_version=4), ruta.name)]
    if avisos:
        print("Estas celdas fallarían en el cuaderno de alumno en blanco:\n  " + "\n  ".join(avisos)
              + "\nUsa la respuesta solo tras mirarla: `if not contiene_hueco(x):` o `if ejN.evaluar(x).correcto:`.",
              file=sys.stderr)
        return 3
    if args.comprobar and desfasados:
        print("Los cuadernos de alumno no están al día con solutions/: " + ", ".join(desfasados)
              + ".\nRegenera con `python -m helpers.alumnos` y haz commit.", file=sys.stderr)
        return 1
    print(("Actualizados: " + ", ".join(desfasados)) if desfasados else "notebooks/ ya estaba al día.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
