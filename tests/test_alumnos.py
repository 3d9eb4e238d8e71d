"""Una sola fuente: notebooks/ se genera desde solutions/ y debe estar al día."""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.alumnos import MarcasMalFormadas, generar, version_alumno

RAIZ = Path(__file__).resolve().parent.parent


def test_version_alumno_quita_la_solucion():
    fuente = "import x\n### SOLUCIÓN\nr = x.f()\n### ALUMNO\n# r = ____\n### FIN\nprint(r)"
    assert version_alumno(fuente) == "import x\nr = ____\nprint(r)"


def test_version_alumno_conserva_sangria_y_quita_marcas_nbval():
    fuente = "# NBVAL_CHECK_OUTPUT\nif True:\n    ### SOLUCIÓN\n    a = 1\n    ### ALUMNO\n    # a = ____\n    ### FIN"
    assert version_alumno(fuente) == "if True:\n    a = ____"


@pytest.mark.parametrize("fuente, motivo", [
    ("### SOLUCIÓN\na = 1\n### FIN", "ALUMNO"),
    ("### SOLUCIÓN\na = 1\n### ALUMNO\n# a = ____", "falta"),
    ("### SOLUCIÓN\na = 1\n### ALUMNO\na = ____\n### FIN", "comentada"),
])
def test_marcas_mal_formadas(fuente, motivo):
    with pytest.raises(MarcasMalFormadas, match=motivo):
        version_alumno(fuente, "prueba.ipynb")


def test_cuadernos_de_alumno_sin_soluciones_ni_salidas():
    for ruta in sorted((RAIZ / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(ruta, as_version=4)
        assert nb.metadata["curso"]["version"] == "alumno"
        for celda in nb.cells:
            assert "### SOLUCIÓN" not in celda.source and "NBVAL_" not in celda.source
            if celda.cell_type == "code":
                assert celda.outputs == [] and celda.execution_count is None


def test_cada_solucion_tiene_su_cuaderno_de_alumno():
    soluciones = sorted(p.name for p in (RAIZ / "solutions").glob("*.ipynb"))
    assert soluciones and soluciones == sorted(p.name for p in (RAIZ / "notebooks").glob("*.ipynb"))


def test_notebooks_al_dia_con_una_generacion_nueva():
    salida = subprocess.run([sys.executable, "-m", "helpers.alumnos", "--comprobar"],
                            capture_output=True, text=True, cwd=RAIZ)
    assert salida.returncode == 0, salida.stderr


def test_comprobar_detecta_un_cuaderno_desfasado(tmp_path):
    destino = tmp_path / "notebooks"
    assert generar(RAIZ / "solutions", destino) != []
    assert generar(RAIZ / "solutions", destino, comprobar=True) == []
    primero = sorted(destino.glob("*.ipynb"))[0]
    primero.write_text(primero.read_text().replace("____", "42", 1))
    assert generar(RAIZ / "solutions", destino, comprobar=True) == [primero.name]


def test_cada_leccion_empieza_con_insignia_y_celda_de_arranque():
    """Colab en un clic: insignia tras el título y la celda de arranque como primera celda de código."""
    from helpers.plantillas.arranque_colab import celda_arranque, insignia_colab

    for carpeta in ("solutions", "notebooks"):
        for ruta in sorted((RAIZ / carpeta).glob("*.ipynb")):
            cuaderno = nbformat.read(ruta, as_version=4)
            assert cuaderno.cells[1].source == insignia_colab(ruta.name), ruta
            primera = next(c for c in cuaderno.cells if c.cell_type == "code")
            assert primera.source.rstrip("\n") == celda_arranque().rstrip("\n"), ruta


def test_celdas_de_comprobacion_bloqueadas_en_notebooks():
    for ruta in sorted((RAIZ / "notebooks").glob("*.ipynb")):
        comprobaciones = [c for c in nbformat.read(ruta, as_version=4).cells
                          if c.cell_type == "code" and "comprobacion" in c.metadata.get("curso", {})]
        assert comprobaciones, ruta
        assert all(c.metadata.get("editable") is False and c.metadata.get("deletable") is False
                   for c in comprobaciones), ruta


def _con_celda_despues_del_ejercicio(codigo: str):
    from helpers.calificar import celdas_de_comprobacion

    nb = nbformat.read(RAIZ / "solutions" / "00_entorno.ipynb", as_version=4)
    indice = dict((ej, i) for i, ej in celdas_de_comprobacion(nb))["leccion_00.ej2"]
    nb.cells.insert(indice + 1, nbformat.v4.new_code_cell(codigo))
    return nb, indice + 1


def test_ninguna_celda_usa_una_respuesta_sin_mirarla():
    """Sin ejecutar nada: en cada cuaderno en blanco, lo que sigue a un ejercicio corre sin su respuesta."""
    from helpers.alumnos import respuestas_usadas_despues

    for ruta in sorted((RAIZ / "solutions").glob("*.ipynb")):
        assert respuestas_usadas_despues(nbformat.read(ruta, as_version=4), ruta.name) == []


def test_detecta_una_celda_que_usa_la_respuesta():
    from helpers.alumnos import respuestas_usadas_despues

    nb, nueva = _con_celda_despues_del_ejercicio("print(f'{n_parametros / 1e6:.1f} millones')")
    assert respuestas_usadas_despues(nb, "00") == [
        f"00 celda {nueva}: usa «n_parametros», la respuesta del ejercicio de la celda {nueva - 2}; "
        "en el cuaderno en blanco vale ____"]


@pytest.mark.parametrize("codigo", [
    "from helpers.ejercicios import contiene_hueco\nif not contiene_hueco(n_parametros):\n    print(n_parametros)",
    "if ej2.evaluar(n_parametros).correcto:\n    print(n_parametros)",
    "n_parametros = 3\nprint(n_parametros)",
    "print([n_parametros for n_parametros in range(3)])",
])
def test_no_avisa_si_la_celda_mira_antes_o_define_el_nombre(codigo):
    from helpers.alumnos import respuestas_usadas_despues

    nb, _ = _con_celda_despues_del_ejercicio(codigo)
    assert respuestas_usadas_despues(nb, "00") == []


def test_tras_redefinir_el_nombre_ya_no_es_la_respuesta():
    from helpers.alumnos import respuestas_usadas_despues

    nb, nueva = _con_celda_despues_del_ejercicio("n_parametros = 3")
    nb.cells.insert(nueva + 1, nbformat.v4.new_code_cell("print(n_parametros)"))
    assert respuestas_usadas_despues(nb, "00") == []


def test_comprobar_falla_si_una_celda_usa_la_respuesta(tmp_path):
    soluciones = tmp_path / "solutions"
    soluciones.mkdir()
    nb, _ = _con_celda_despues_del_ejercicio("print(n_parametros)")
    nbformat.write(nb, soluciones / "00_entorno.ipynb")
    salida = subprocess.run([sys.executable, "-m", "helpers.alumnos", "--comprobar", "--soluciones", str(soluciones),
                             "--destino", str(tmp_path / "notebooks")], capture_output=True, text=True, cwd=RAIZ)
    assert salida.returncode == 3 and "n_parametros" in salida.stderr and "contiene_hueco" in salida.stderr
