"""Una clase de 30 entregas de la lección 00 (correctas, en blanco y con errores), calificadas con
`--trabajadores 2` y una lista de alumnos, hasta el CSV de importación de Moodle (comprobado entero).

Organización mezclada: `alumno_NN/00_entorno.ipynb` (pares) y `alumno_NN__00_entorno.ipynb` (impares).
La lista tiene a los alumnos 1-28, una alumna sin entrega y un alumno sin correo; 29 y 30 no están.
"""
import json
import subprocess
import sys
import time

import nbformat
import pytest

from entregas_hostiles.generar import MAL, bien, cuaderno_barato
from helpers.calificar import aislamiento_disponible

pytestmark = pytest.mark.skipif(aislamiento_disponible() is None, reason="sin aislamiento en esta máquina")
ALUMNOS = 30
NOTA = {0: "10.00", 1: "0.00", 2: "3.33"}  # i % 3: todo bien, en blanco, solo ej2 bien


def _respuestas(i: int) -> dict:
    if i % 3 == 0:
        return bien()
    if i % 3 == 1:
        return {}
    return {**MAL, "leccion_00.ej2": bien()["leccion_00.ej2"]}


@pytest.fixture(scope="module")
def clase(tmp_path_factory):
    base = tmp_path_factory.mktemp("clase")
    entregas = base / "entregas"
    entregas.mkdir()
    for i in range(1, ALUMNOS + 1):
        nb = cuaderno_barato(_respuestas(i))
        if i % 2 == 0:
            (entregas / f"alumno_{i:02d}").mkdir()
            nbformat.write(nb, entregas / f"alumno_{i:02d}" / "00_entorno.ipynb")
        else:
            nbformat.write(nb, entregas / f"alumno_{i:02d}__00_entorno.ipynb")
    lista = base / "alumnos.csv"
    lista.write_text("entrega,email,usuario,nombre\n"
                     + "".join(f"alumno_{i:02d},alumno_{i:02d}@ejemplo.es,a{i:02d},Alumno {i}\n" for i in range(1, 29))
                     + "alumna_sin_entrega,sin_entrega@ejemplo.es,sin,Sin Entrega\n"
                     + "alumno_sin_correo,,sincorreo,Sin Correo\n", encoding="utf-8")
    salida = base / "notas" / "notas.csv"
    inicio = time.monotonic()
    proceso = subprocess.run(
        [sys.executable, "-m", "helpers.calificar", str(entregas), "--salida", str(salida), "--trabajadores", "2",
         "--lista", str(lista), "--limite-celda", "60", "--sin-progreso"],
        capture_output=True, text=True, timeout=1200)
    segundos = time.monotonic() - inicio
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    info = json.loads(salida.with_suffix(".json").read_text())
    print(f"\n{ALUMNOS} entregas en {segundos:.0f} s con 2 trabajadores: "
          f"{info['rendimiento']['entregas_por_minuto']} entregas por minuto", file=sys.stderr)
    return {"base": base, "info": info, "stderr": proceso.stderr, "moodle": base / "notas" / "notas_moodle.csv"}


def test_csv_de_moodle_exacto(clase):
    esperado = "email,00_entorno\n" + "".join(
        f"alumno_{i:02d}@ejemplo.es,{NOTA[i % 3]}\n" for i in range(1, 29))  # sin fila para quien no entregó
    assert clase["moodle"].read_text(encoding="utf-8") == esperado


def test_entregas_fuera_de_la_lista_se_avisan_y_no_se_pierden(clase):
    info = clase["info"]
    assert info["sin_lista"] == ["alumno_29", "alumno_30"]
    assert info["sin_identificador"] == ["alumno_sin_correo"]
    assert "'alumno_29' entregó pero no está en la lista" in clase["stderr"]
    assert "'alumno_30' entregó pero no está en la lista" in clase["stderr"]
    assert info["notas"]["alumno_30"]["00_entorno"]["puntos"] == 3.0  # sigue en notas.json
    assert (clase["base"] / "notas" / "retroalimentacion" / "alumno_29.md").exists()


def test_todas_las_entregas_calificadas_con_sus_nombres(clase):
    totales = clase["info"]["totales"]
    assert len(totales) == ALUMNOS
    assert totales["alumno_02/00_entorno"]["alumno"] == "alumno_02"
    assert totales["alumno_03__00_entorno"]["alumno"] == "alumno_03"
    assert clase["info"]["rendimiento"]["trabajadores"] == 2


def test_retroalimentacion_con_pista_solo_en_lo_que_no_esta_bien(clase):
    texto = (clase["base"] / "notas" / "retroalimentacion" / "alumno_02.md").read_text(encoding="utf-8")
    assert "nota 3,33/10" in texto and "1 de 3 ejercicios correctos" in texto
    assert texto.count("> **Pista:**") == 2 and "✅ leccion_00.ej2: correcto" in texto


def test_una_tarea_de_moodle_con_su_hoja_de_calificaciones(tmp_path):
    """La descarga de una tarea de Moodle tal cual y su hoja de calificaciones, sin lista: la hoja sale con la
    nota de quien entregó (escalada a la máxima de la tarea) y el resto intacto; un .html entregado no se pierde."""
    import csv

    entregas = tmp_path / "entregas"
    for numero, nombre, respuestas in [(5001, "Ana García", bien()), (5002, "Luis Pérez", {})]:
        carpeta = entregas / f"{nombre}_{numero}_assignsubmission_file_"
        carpeta.mkdir(parents=True)
        nbformat.write(cuaderno_barato(respuestas), carpeta / "00_entorno.ipynb")
    (entregas / "Eva Ruiz_5003_assignsubmission_file_").mkdir()
    (entregas / "Eva Ruiz_5003_assignsubmission_file_" / "00_entorno.html").write_text("<html></html>")
    hoja = tmp_path / "hoja.csv"
    hoja.write_text("Identifier,\"Full name\",\"Email address\",Status,Grade,\"Maximum Grade\",\"Grade can be changed\","
                    "\"Last modified (grade)\",\"Feedback comments\"\n"
                    "\"Participant 5001\",\"Ana García\",ana@x.es,Submitted,,100.00,Yes,-,\n"
                    "\"Participant 5002\",\"Luis Pérez\",luis@x.es,Submitted,,100.00,Yes,-,\n"
                    "\"Participant 5003\",\"Eva Ruiz\",eva@x.es,Submitted,,100.00,Yes,-,\n"
                    "\"Participant 5004\",\"Sin Entrega\",sin@x.es,\"No submission\",70.00,100.00,Yes,-,\n",
                    encoding="utf-8")
    salida = tmp_path / "notas" / "notas.csv"
    proceso = subprocess.run(
        [sys.executable, "-m", "helpers.calificar", str(entregas), "--salida", str(salida), "--hoja-moodle", str(hoja),
         "--limite-celda", "60", "--sin-progreso"], capture_output=True, text=True, timeout=900)
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    filas = list(csv.reader((tmp_path / "notas" / "hoja_calificada.csv").read_text(encoding="utf-8").splitlines()))
    assert [(f[0], f[4]) for f in filas[1:]] == [("Participant 5001", "100.00"), ("Participant 5002", "0.00"),
                                                 ("Participant 5003", ""), ("Participant 5004", "70.00")]
    with open(salida, encoding="utf-8") as f:
        eva = [f for f in csv.DictReader(f) if f["alumno"].startswith("Eva Ruiz")]
    assert [f["estado"] for f in eva] == ["no_es_cuaderno"]
    assert "Hoja de Moodle:" in proceso.stdout and "(2 notas puestas)" in proceso.stdout
