"""Modos de reserva (sin bubblewrap): califican igual, avisan en español y el JSON dice qué no se protegió.

Solo entregas inofensivas: en estos modos el código del alumno no está aislado de verdad.
"""
import csv
import json
import subprocess
import sys

import nbformat
import pytest

from entregas_hostiles.generar import bien, cuaderno_barato
from helpers.calificar import aislamiento_disponible


@pytest.mark.parametrize("modo", ["unshare", "ninguno"])
def test_modo_de_reserva(modo, tmp_path):
    if modo == "unshare" and aislamiento_disponible() is None:
        pytest.skip("este sistema no permite unshare")
    entregas = tmp_path / "entregas"
    entregas.mkdir()
    nbformat.write(cuaderno_barato(bien()), entregas / "ana__00_entorno.ipynb")
    nbformat.write(cuaderno_barato(), entregas / "luis__00_entorno.ipynb")
    salida = tmp_path / "notas" / "notas.csv"
    proceso = subprocess.run(
        [sys.executable, "-m", "helpers.calificar", str(entregas), "--salida", str(salida), "--aislamiento", modo,
         "--trabajadores", "2", "--sin-progreso"], capture_output=True, text=True, timeout=600)
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    with open(salida, encoding="utf-8") as f:
        estados = {(f["alumno"], f["ejercicio"]): f["estado"] for f in csv.DictReader(f)}
    assert {e for (a, _), e in estados.items() if a == "ana"} == {"correcto"}
    assert {e for (a, _), e in estados.items() if a == "luis"} == {"sin_intentar"}
    aislamiento = json.loads(salida.with_suffix(".json").read_text())["aislamiento"]
    assert aislamiento["modo"] == modo and aislamiento["bwrap"] is False and aislamiento["red"] is True
    assert "AVISO: sin bubblewrap" in proceso.stderr and "apt-get install bubblewrap" in proceso.stderr
    if modo == "ninguno":
        assert "SIN AISLAR" in proceso.stderr and aislamiento["procesos_mueren_con_la_ejecucion"] is False
