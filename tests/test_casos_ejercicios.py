"""Cada ejercicio del curso, probado en los dos sentidos (idea de `assert_check_failed` de learntools).

- La solución pasa: en cada `solutions/*.ipynb` guardada, la salida de cada comprobación es «correcto»
  (o «para revisar», en las preguntas abiertas).
- Lo que recibe el alumno cuenta como «sin intentar»: la parte `### ALUMNO` asigna `____` al nombre que
  comprueba la celda oficial.
- Al menos una respuesta incorrecta típica por ejercicio da «incorrecto» con SU mensaje (tests/casos/).
- `solucion()` muestra el código del bloque `### SOLUCIÓN`, con el nombre que comprueba la celda.
"""
from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import nbformat
import pytest

from helpers.alumnos import MARCA_ALUMNO, MARCA_FIN, version_alumno
from helpers.calificacion.cuadernos import celdas_de_comprobacion, expresion_comprobada
from helpers.ejercicios import TIPO_MIME, soluciones_generadas

RAIZ = Path(__file__).resolve().parent.parent
LECCIONES = sorted(p.stem for p in (RAIZ / "helpers" / "ejercicios").glob("leccion_*.py"))


def _ejercicios(leccion: str) -> dict:
    modulo = importlib.import_module(f"helpers.ejercicios.{leccion}")
    return {e.id.split(".")[1]: e for e in modulo.EJERCICIOS}


def _casos(leccion: str) -> dict:
    return importlib.import_module(f"casos.{leccion}").INCORRECTAS


def _cuaderno(leccion: str) -> tuple[Path, nbformat.NotebookNode]:
    numero = leccion.split("_")[1]
    rutas = sorted((RAIZ / "solutions").glob(f"{numero}_*.ipynb"))
    assert len(rutas) == 1, f"{leccion}: esperaba un cuaderno solutions/{numero}_*.ipynb"
    return rutas[0], nbformat.read(rutas[0], as_version=4)


def _parametros_incorrectos():
    for leccion in LECCIONES:
        try:
            casos = _casos(leccion)
        except ModuleNotFoundError:
            continue  # lo señala test_cada_ejercicio_tiene_casos
        for ej, lista in casos.items():
            for k, (construir, fragmento) in enumerate(lista):
                yield pytest.param(leccion, ej, construir, fragmento, id=f"{leccion}.{ej}-{k}")


@pytest.mark.parametrize("leccion", LECCIONES)
def test_cada_ejercicio_tiene_casos_incorrectos(leccion):
    casos = _casos(leccion)
    sin_casos = sorted(set(_ejercicios(leccion)) - {ej for ej, lista in casos.items() if lista})
    assert not sin_casos, f"{leccion}: sin respuesta incorrecta típica en tests/casos/{leccion}.py: {sin_casos}"
    sobran = sorted(set(casos) - set(_ejercicios(leccion)))
    assert not sobran, f"{leccion}: casos de ejercicios que no existen: {sobran}"


@pytest.mark.parametrize("leccion,ej,construir,fragmento", list(_parametros_incorrectos()))
def test_respuesta_incorrecta_tipica(leccion, ej, construir, fragmento):
    resultado = _ejercicios(leccion)[ej].evaluar(construir())
    assert resultado.estado == "incorrecto", resultado
    assert fragmento in resultado.mensaje, resultado.mensaje


@pytest.mark.parametrize("leccion", LECCIONES)
def test_solucion_guardada_pasa_y_cada_ejercicio_tiene_su_celda(leccion):
    ruta, cuaderno = _cuaderno(leccion)
    ejercicios = _ejercicios(leccion)
    vistos = {}
    for indice, id_ejercicio in celdas_de_comprobacion(cuaderno):
        estados = [json.loads(s["data"][TIPO_MIME])["estado"] for s in cuaderno.cells[indice].outputs
                   if TIPO_MIME in s.get("data", {})]
        vistos[id_ejercicio.split(".")[1]] = estados
    assert set(vistos) == set(ejercicios), f"{ruta.name}: celdas {sorted(vistos)} frente a ejercicios {sorted(ejercicios)}"
    for ej, estados in vistos.items():
        esperado = "para_revisar" if ejercicios[ej].abierta else "correcto"
        assert estados == [esperado], f"{ruta.name} {ej}: la solución guardada da {estados}"


@pytest.mark.parametrize("leccion", LECCIONES)
def test_version_alumno_queda_sin_intentar(leccion):
    """La parte ### ALUMNO deja `____` en el nombre que comprueba la celda oficial."""
    ruta, cuaderno = _cuaderno(leccion)
    for indice, id_ejercicio in celdas_de_comprobacion(cuaderno):
        nombre = expresion_comprobada(cuaderno.cells[indice].source)
        anterior = next(c for c in reversed(cuaderno.cells[:indice]) if c.cell_type == "code")
        assert MARCA_ALUMNO in anterior.source, f"{ruta.name} {id_ejercicio}: la celda anterior no tiene ### ALUMNO"
        parte = anterior.source.split(MARCA_ALUMNO, 1)[1].split(MARCA_FIN, 1)[0]
        alumno = version_alumno(MARCA_SOLUCION_VACIA + parte + MARCA_FIN)
        asignados = {}
        for nodo in ast.parse(alumno).body:
            objetivos = ([t.id for t in nodo.targets if isinstance(t, ast.Name)] if isinstance(nodo, ast.Assign)
                         else [nodo.name] if isinstance(nodo, (ast.FunctionDef, ast.ClassDef)) else [])
            for objetivo in objetivos:
                asignados[objetivo] = "____" in ast.get_source_segment(alumno, nodo)
        assert asignados.get(nombre), f"{ruta.name} {id_ejercicio}: el alumno no recibe `{nombre} = ____` ({alumno!r})"


MARCA_SOLUCION_VACIA = "### SOLUCIÓN\n### ALUMNO\n"


@pytest.mark.parametrize("leccion", LECCIONES)
def test_solucion_sale_de_solutions(leccion, capsys):
    ruta, cuaderno = _cuaderno(leccion)
    generadas = soluciones_generadas()
    for indice, id_ejercicio in celdas_de_comprobacion(cuaderno):
        nombre = expresion_comprobada(cuaderno.cells[indice].source)
        codigo = generadas.get(id_ejercicio, "")
        assert "### " not in codigo and "____" not in codigo, codigo
        assert f".comprobar({nombre})" in codigo, f"{id_ejercicio}: la solución no acaba comprobando `{nombre}`"
        ast.parse(codigo)
        ej = _ejercicios(leccion)[id_ejercicio.split(".")[1]]
        assert codigo in ej.solucion()
