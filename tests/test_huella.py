"""Puerta de frescura: una solución ejecutada con código anterior no pasa."""
import nbformat

from helpers import huella


def _raiz(tmp_path):
    (tmp_path / "helpers").mkdir(parents=True)
    (tmp_path / "helpers" / "modelos.py").write_text("X = 1\n")
    (tmp_path / "helpers" / "calificar.py").write_text("Y = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "SHA256SUMS").write_text("abc  a.csv\n")
    (tmp_path / "requirements.txt").write_text("torch==2.13.0\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "entrenar.py").write_text("E = 1\n")
    (tmp_path / "despliegue").mkdir()
    (tmp_path / "despliegue" / "app.py").write_text("A = 1\n")
    (tmp_path / "solutions").mkdir()
    cuaderno = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    huella.sellar(cuaderno, tmp_path)
    nbformat.write(cuaderno, tmp_path / "solutions" / "00.ipynb")
    return tmp_path


def test_recien_sellada_esta_al_dia(tmp_path):
    assert huella.desfasadas(_raiz(tmp_path) / "solutions", tmp_path) == []


def test_cambiar_helpers_datos_o_requisitos_la_desfasa(tmp_path):
    for archivo in ("helpers/modelos.py", "data/SHA256SUMS", "requirements.txt", "scripts/entrenar.py",
                    "despliegue/app.py"):
        raiz = _raiz(tmp_path / archivo.replace("/", "_"))
        (raiz / archivo).write_text("cambiado\n")
        problemas = huella.desfasadas(raiz / "solutions", raiz)
        assert problemas == ["00.ipynb: se ejecutó con otro helpers/, scripts/, despliegue/, data/ o requirements.txt"], archivo


def test_herramientas_de_autor_no_cuentan(tmp_path):
    raiz = _raiz(tmp_path)
    (raiz / "helpers" / "calificar.py").write_text("Y = 2\n")
    (raiz / "helpers" / "calificacion").mkdir()
    (raiz / "helpers" / "calificacion" / "aislamiento.py").write_text("Z = 1\n")
    assert huella.desfasadas(raiz / "solutions", raiz) == []


def test_editar_el_cuaderno_o_no_sellarlo_la_desfasa(tmp_path):
    raiz = _raiz(tmp_path)
    ruta = raiz / "solutions" / "00.ipynb"
    cuaderno = nbformat.read(ruta, as_version=4)
    cuaderno.cells[0].source = "print(2)"
    nbformat.write(cuaderno, ruta)
    nbformat.write(nbformat.v4.new_notebook(), raiz / "solutions" / "01.ipynb")
    assert huella.desfasadas(raiz / "solutions", raiz) == [
        "00.ipynb: se editó después de ejecutarse", "01.ipynb: sin huella (nunca se ejecutó con `make soluciones`)"]


def test_las_soluciones_del_curso_estan_al_dia():
    """La puerta real: solutions/ se ejecutó con el código de este commit."""
    from helpers.huella import RAIZ

    assert huella.desfasadas(RAIZ / "solutions") == []


def test_tiempos_del_readme_son_los_de_las_soluciones():
    """Los tiempos por lección del README salen de los metadatos de la última ejecución limpia."""
    from helpers import soluciones

    leeme = (soluciones.RAIZ / "README.md").read_text(encoding="utf-8")
    bloque = leeme.split(soluciones.INICIO_TIEMPOS)[1].split(soluciones.FIN_TIEMPOS)[0].strip()
    assert bloque == soluciones.tabla_tiempos()
    assert bloque.count("\n| `") == len(list((soluciones.RAIZ / "solutions").glob("*.ipynb")))
