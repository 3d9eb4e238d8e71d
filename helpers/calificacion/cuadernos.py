"""Cuadernos: plantillas oficiales, celdas de comprobación y el cuaderno que se ejecuta al calificar."""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat


def es_celda_de_comprobacion(celda) -> bool:
    curso = celda.get("metadata", {}).get("curso")
    return celda.get("cell_type") == "code" and isinstance(curso, dict) and "comprobacion" in curso


def celdas_de_comprobacion(cuaderno: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """[(índice, id del ejercicio)] de las celdas de comprobación de un cuaderno."""
    return [(i, c.metadata["curso"]["comprobacion"]) for i, c in enumerate(cuaderno.cells)
            if es_celda_de_comprobacion(c)]


def bloquear_celdas_de_comprobacion(cuaderno: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Marca las celdas de comprobación como no editables ni borrables (Jupyter y Colab lo respetan).

    Para `helpers.alumnos`: al generar cada cuaderno de alumno. Es solo una ayuda para que nadie
    las rompa sin querer: el calificador usa siempre las celdas oficiales.
    """
    for celda in cuaderno.cells:
        if es_celda_de_comprobacion(celda):
            celda.metadata["editable"] = False
            celda.metadata["deletable"] = False
    return cuaderno


def cargar_plantillas(carpeta: Path) -> dict[str, nbformat.NotebookNode]:
    """Cuadernos de alumno oficiales, por lección (`metadata.curso.leccion`)."""
    plantillas = {}
    for ruta in sorted(carpeta.glob("*.ipynb")):
        nb = nbformat.read(ruta, as_version=4)
        plantillas[nb.metadata.get("curso", {}).get("leccion", ruta.stem)] = nb
    return plantillas


def leccion_de(entrega: nbformat.NotebookNode, ruta: Path, plantillas: dict) -> str | None:
    """Lección de una entrega: por sus metadatos o, si se perdieron, por el nombre del archivo."""
    curso = entrega.metadata.get("curso")
    leccion = curso.get("leccion") if isinstance(curso, dict) else None
    if leccion in plantillas:
        return leccion
    return next((l for l in plantillas if ruta.stem.startswith(l) or l in ruta.stem), None)


def expresion_comprobada(fuente: str) -> str | None:
    """La expresión que la celda oficial pasa a `ejN.comprobar(...)`; None si la celda no tiene esa forma."""
    try:
        arbol = ast.parse(fuente)
    except SyntaxError:
        return None
    for nodo in reversed(arbol.body):
        llamada = nodo.value if isinstance(nodo, ast.Expr) else None
        if (isinstance(llamada, ast.Call) and isinstance(llamada.func, ast.Attribute)
                and llamada.func.attr == "comprobar" and not llamada.keywords and len(llamada.args) <= 1):
            if not llamada.args:
                return "____"
            return ast.get_source_segment(fuente, llamada.args[0])
    return None


def celda_de_captura(ejercicio: str, expresion: str) -> str:
    """Código que sustituye a la comprobación oficial: recoge el valor para comprobarlo fuera."""
    return (f"__import__('helpers.calificacion.captura', fromlist=['capturar']).capturar(\n"
            f"    {ejercicio!r}, ({expresion}))")


def preparar_para_calificar(entrega: nbformat.NotebookNode, plantilla: nbformat.NotebookNode):
    """Cuaderno a ejecutar: celdas del alumno + una celda de captura por cada comprobación oficial.

    Las celdas de comprobación de la entrega se quitan: cuentan las oficiales, puestas tras la
    celda de respuesta (por su id) o, si los ids cambiaron (Colab, otro editor), donde estaba la
    comprobación de la entrega con ese ejercicio en sus metadatos.
    Devuelve (cuaderno, {id de celda de captura: ejercicio}, {ejercicio: motivo}).
    """
    oficiales = {plantilla.cells[i].id: (i, ej) for i, ej in celdas_de_comprobacion(plantilla)}
    elementos: list = []  # celdas de la entrega y, donde tenía comprobaciones, ("hueco", ejercicio)
    for c in entrega.cells:
        if c.get("id") in oficiales or es_celda_de_comprobacion(c):
            ejercicio = oficiales[c["id"]][1] if c.get("id") in oficiales else c.metadata["curso"]["comprobacion"]
            elementos.append(("hueco", ejercicio))
            continue
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
        elementos.append(c)
    a_comprobar, sin_celda = {}, {}
    for id_celda, (i, ejercicio) in oficiales.items():
        ids = [e.get("id") if not isinstance(e, tuple) else None for e in elementos]
        anterior = plantilla.cells[i - 1].id if i > 0 else None
        if anterior in ids:
            posicion = ids.index(anterior) + 1
        elif ("hueco", ejercicio) in elementos:
            posicion = elementos.index(("hueco", ejercicio))
        else:
            sin_celda[ejercicio] = "Falta la celda del ejercicio en la entrega (¿se borró?)."
            continue
        expresion = expresion_comprobada(plantilla.cells[i].source)
        if expresion is None:
            sin_celda[ejercicio] = "La celda de comprobación oficial no tiene la forma `ejN.comprobar(valor)`."
            continue
        celda = nbformat.v4.new_code_cell(celda_de_captura(ejercicio, expresion),
                                          metadata={"curso": {"comprobacion": ejercicio}})
        celda.id = id_celda
        elementos.insert(posicion, celda)
        a_comprobar[id_celda] = ejercicio
    celdas = [e for e in elementos if not isinstance(e, tuple)]
    cuaderno = nbformat.v4.new_notebook(cells=celdas, metadata=plantilla.metadata)
    return cuaderno, a_comprobar, sin_celda
