"""Calificación: entregas rotas o tramposas reciben un resultado claro y no detienen el lote.

Una sola ejecución del calificador (fixture de módulo) sobre:
- los cuadernos de alumno tal cual (LECCIONES_EN_BLANCO), con los límites normales de cada lección:
  se ejecutan enteros y sin errores, aislados como al calificar, y cada comprobación dice «sin intentar»,
- la solución de la lección 00 (cada comprobación debe pasar),
- entregas rotas de la lección 00: sintaxis, excepción, celdas borradas, bucle infinito,
  núcleo caído, archivo ilegible y una entrega que intenta hacer trampas.
"""
import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers.calificar import aislamiento_disponible, celdas_de_comprobacion
from helpers.ejercicios import TIPO_MIME

RAIZ = Path(__file__).resolve().parent.parent
ALUMNO_00 = RAIZ / "notebooks" / "00_entorno.ipynb"
SOLUCIONES = RAIZ / "solutions"

# Cuadernos de alumno que CI ejecuta enteros en blanco, aislados. Las lecciones 05, 06, 07, 08 y 13 entrenan o
# miden durante minutos (≈16 min de CPU entre las cinco, con un hilo por entrega) y nbval ya ejecuta ese mismo
# código en solutions/: en blanco solo cambian las celdas de los ejercicios. Que lo que sigue a un ejercicio no
# use su respuesta lo comprueba sin ejecutar nada tests/test_alumnos.py (`respuestas_usadas_despues`); que la
# respuesta en blanco cuente como «sin intentar», tests/test_casos_ejercicios.py; las carpetas del curso que
# ve cada lección aislada, test_cada_leccion_solo_usa_carpetas_que_ve_aislada. Que las cinco terminen dentro
# de sus límites al calificarlas es rendimiento: lo mide `make benchmark` (todas las lecciones en blanco).
LECCIONES_LARGAS = {"05_fine_tuning", "06_lora", "07_cuantizacion", "08_llms", "13_evaluacion"}
LECCIONES_EN_BLANCO = sorted(r.stem for r in (RAIZ / "notebooks").glob("*.ipynb") if r.stem not in LECCIONES_LARGAS)


def _cuaderno():
    return nbformat.read(ALUMNO_00, as_version=4)


def _celda_respuesta(nb, ejercicio):
    """La celda de respuesta es la anterior a la de comprobación del ejercicio."""
    indice = dict((ej, i) for i, ej in celdas_de_comprobacion(nb))[ejercicio]
    return nb.cells[indice - 1]


def _responder(nb, ejercicio, codigo):
    _celda_respuesta(nb, ejercicio).source = codigo


BIEN = {
    "leccion_00.ej1": "from helpers import dispositivo\ndispositivo_elegido = dispositivo()",
    "leccion_00.ej2": "n_parametros = sum(p.numel() for p in modelo.parameters())",
    "leccion_00.ej3": "from huggingface_hub import snapshot_download\ncarpeta_modelo = snapshot_download(modelos.id_hub('codificador'))",
}


def _entregas(carpeta: Path, salida: Path):
    carpeta.mkdir()
    (carpeta / "alumnos").mkdir()
    (carpeta / "soluciones").mkdir()
    for leccion in LECCIONES_EN_BLANCO:
        shutil.copy(RAIZ / "notebooks" / f"{leccion}.ipynb", carpeta / "alumnos" / f"{leccion}.ipynb")
    shutil.copy(SOLUCIONES / "00_entorno.ipynb", carpeta / "soluciones" / "00_entorno.ipynb")

    nb = _cuaderno()
    _responder(nb, "leccion_00.ej1", "dispositivo_elegido = = 'cpu'")
    _responder(nb, "leccion_00.ej2", BIEN["leccion_00.ej2"])
    nbformat.write(nb, carpeta / "sintaxis.ipynb")

    nb = _cuaderno()
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('me equivoqué')"))
    _responder(nb, "leccion_00.ej3", BIEN["leccion_00.ej3"])
    nbformat.write(nb, carpeta / "excepcion.ipynb")

    nb = _cuaderno()
    comprobaciones = dict((ej, i) for i, ej in celdas_de_comprobacion(nb))
    _responder(nb, "leccion_00.ej1", BIEN["leccion_00.ej1"])
    _responder(nb, "leccion_00.ej3", BIEN["leccion_00.ej3"])
    del nb.cells[comprobaciones["leccion_00.ej3"]]  # solo la comprobación: se vuelve a poner
    del nb.cells[comprobaciones["leccion_00.ej2"] - 1: comprobaciones["leccion_00.ej2"] + 1]  # respuesta y comprobación
    nbformat.write(nb, carpeta / "borradas.ipynb")

    nb = _cuaderno()
    _responder(nb, "leccion_00.ej1", "while True:\n    pass")
    _responder(nb, "leccion_00.ej2", BIEN["leccion_00.ej2"])
    nbformat.write(nb, carpeta / "bucle.ipynb")

    nb = _cuaderno()
    _responder(nb, "leccion_00.ej1", BIEN["leccion_00.ej1"])
    _responder(nb, "leccion_00.ej2", "import os\nos._exit(1)")
    nbformat.write(nb, carpeta / "caida.ipynb")

    (carpeta / "ilegible.ipynb").write_text("{esto no es json")

    nb = _cuaderno()
    objetivo = salida.resolve()
    _responder(nb, "leccion_00.ej1", f'''
import os, subprocess
from pathlib import Path
# Si puede ver las soluciones, responde mal a propósito: así el test lo detecta.
vio_soluciones = Path({str(SOLUCIONES / "00_entorno.ipynb")!r}).exists()
for ruta in [{str(objetivo)!r}, {str(carpeta / "sintaxis.ipynb")!r}]:
    try:
        Path(ruta).write_text("HACKED")
    except OSError:
        pass
subprocess.Popen(["sh", "-c", "sleep 4; echo HACKED > {objetivo}"], start_new_session=True)
dispositivo_elegido = "robado" if vio_soluciones else "cpu"
''')
    comprobacion_ej2 = dict((ej, i) for i, ej in celdas_de_comprobacion(nb))["leccion_00.ej2"]
    nb.cells[comprobacion_ej2].source = "print('✅ todo correcto')"  # la entrega cambia la comprobación
    falsa = {"ejercicio": "leccion_00.ej3", "estado": "correcto", "mensaje": "falsificado"}
    nb.cells.insert(comprobacion_ej2 + 1, nbformat.v4.new_code_cell(
        f"import json\nfrom IPython.display import display\ndisplay({{{TIPO_MIME!r}: json.dumps({falsa!r}), "
        "'text/plain': 'ok'}, raw=True)"))
    nbformat.write(nb, carpeta / "tramposa.ipynb")


@pytest.fixture(scope="module")
def notas(tmp_path_factory):
    base = tmp_path_factory.mktemp("calificacion")
    salida = base / "notas" / "notas.csv"
    _entregas(base / "entregas", salida)
    inicio = time.monotonic()
    proceso = subprocess.run(
        [sys.executable, "-m", "helpers.calificar", str(base / "entregas"), "--salida", str(salida),
         "--soluciones", str(SOLUCIONES), "--limite", "00_entorno=20:400",
         "--trabajadores", "2", "--sin-progreso"],
        capture_output=True, text=True, timeout=1800,
    )
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    time.sleep(6)  # margen para el proceso «desligado» de la entrega tramposa
    with open(salida, encoding="utf-8") as f:
        filas = list(csv.DictReader(f))
    info = json.loads(salida.with_suffix(".json").read_text())
    return {(f["entrega"], f["ejercicio"]): f for f in filas}, info, base, time.monotonic() - inicio


def _fila(notas, entrega, ejercicio):
    return notas[0][(entrega, ejercicio)]


def test_cada_comprobacion_falla_con_el_codigo_del_alumno(notas):
    filas = [f for (entrega, _), f in notas[0].items() if entrega.startswith("alumnos/")]
    assert filas, "no se calificó ningún cuaderno de alumno"
    for fila in filas:
        assert fila["estado"] == "sin_intentar" and float(fila["puntos"]) == 0, fila


def test_los_cuadernos_de_alumno_en_blanco_se_ejecutan_enteros_sin_errores(notas):
    """Sustituye a nbval sobre notebooks/: cada lección en blanco corre hasta el final, aislada."""
    _, info, _, _ = notas
    alumnos = {nombre: r for nombre, r in info["recursos"].items() if nombre.startswith("alumnos/")}
    assert sorted(alumnos) == [f"alumnos/{leccion}" for leccion in LECCIONES_EN_BLANCO]
    assert {"12_despliegue", "14_distribuido"} <= set(LECCIONES_EN_BLANCO)  # las que usan despliegue/ y scripts/
    for nombre, recursos in alumnos.items():
        assert recursos["terminado"] and recursos["celdas_con_error"] == [], (nombre, recursos)


def test_los_errores_fuera_de_las_comprobaciones_se_anotan(notas):
    _, info, _, _ = notas
    errores = info["recursos"]["excepcion"]["celdas_con_error"]
    assert errores == ["celda 2: RuntimeError: me equivoqué"], errores
    assert info["recursos"]["bucle"]["celdas_con_error"][0].split(": ", 1)[1].startswith("TiempoAgotado")


def test_la_calificacion_de_una_solucion_da_todo_correcto(notas):
    filas = [f for (entrega, _), f in notas[0].items() if entrega.startswith("soluciones/")]
    assert len(filas) == 3
    for fila in filas:
        assert fila["estado"] == "correcto" and float(fila["puntos"]) == 1, fila


@pytest.mark.parametrize("ruta", sorted(SOLUCIONES.glob("*.ipynb")), ids=lambda r: r.name)
def test_cada_comprobacion_pasa_con_la_solucion(ruta):
    """Cada celda de comprobación de solutions/ guarda «correcto» y lleva NBVAL_CHECK_OUTPUT:
    nbval (en `make test`) re-ejecuta el cuaderno y exige ese mismo resultado."""
    from helpers.ejercicios import resultado_desde_mime

    nb = nbformat.read(ruta, as_version=4)
    for indice, ejercicio in celdas_de_comprobacion(nb):
        celda = nb.cells[indice]
        assert celda.source.startswith("# NBVAL_CHECK_OUTPUT"), f"{ejercicio}: falta la marca de nbval"
        resultados = [resultado_desde_mime(s.get("data", {}).get(TIPO_MIME)) for s in celda.outputs]
        esperado = "para_revisar" if _es_abierta(ejercicio) else "correcto"  # respuesta libre: la lee el profesor
        assert [r.estado for r in resultados if r] == [esperado], f"{ejercicio}: {resultados}"


def _es_abierta(ejercicio: str) -> bool:
    from helpers.calificacion.evaluador import ejercicio_por_id

    return ejercicio_por_id(ejercicio).abierta


def test_todo_ejercicio_definido_aparece_en_su_cuaderno():
    import importlib
    import pkgutil

    import helpers.ejercicios as paquete

    en_cuadernos = {
        ej for ruta in (RAIZ / "notebooks").glob("*.ipynb")
        for _, ej in celdas_de_comprobacion(nbformat.read(ruta, as_version=4))
    }
    for modulo in pkgutil.iter_modules(paquete.__path__):
        for ejercicio in importlib.import_module(f"helpers.ejercicios.{modulo.name}").EJERCICIOS:
            assert ejercicio.id in en_cuadernos, f"{ejercicio.id} no tiene celda de comprobación"


def test_error_de_sintaxis_no_impide_calificar_el_resto(notas):
    fila = _fila(notas, "sintaxis", "leccion_00.ej1")
    assert fila["estado"] == "error" and "SyntaxError" in fila["mensaje"]
    assert _fila(notas, "sintaxis", "leccion_00.ej2")["estado"] == "correcto"


def test_excepcion_en_una_celda_no_detiene_el_cuaderno(notas):
    assert _fila(notas, "excepcion", "leccion_00.ej3")["estado"] == "correcto"
    assert _fila(notas, "excepcion", "leccion_00.ej1")["estado"] == "sin_intentar"


def test_celdas_borradas(notas):
    assert _fila(notas, "borradas", "leccion_00.ej2")["estado"] == "celda_borrada"
    assert "borró" in _fila(notas, "borradas", "leccion_00.ej2")["mensaje"]
    assert _fila(notas, "borradas", "leccion_00.ej3")["estado"] == "correcto"  # comprobación repuesta
    assert _fila(notas, "borradas", "leccion_00.ej1")["estado"] == "correcto"


def test_bucle_infinito_se_corta_y_sigue(notas):
    fila = _fila(notas, "bucle", "leccion_00.ej1")
    assert fila["estado"] == "error" and "TiempoAgotado" in fila["mensaje"]
    assert _fila(notas, "bucle", "leccion_00.ej2")["estado"] == "correcto"


def test_nucleo_caido(notas):
    assert _fila(notas, "caida", "leccion_00.ej1")["estado"] == "correcto"
    for ejercicio in ("leccion_00.ej2", "leccion_00.ej3"):
        fila = _fila(notas, "caida", ejercicio)
        assert fila["estado"] == "no_ejecutado" and "núcleo se cayó" in fila["mensaje"]


def test_archivo_ilegible(notas):
    assert _fila(notas, "ilegible", "(entrega)")["estado"] == "entrega_ilegible"


def test_tramposa_no_falsifica_resultados(notas):
    assert _fila(notas, "tramposa", "leccion_00.ej2")["estado"] == "sin_intentar"  # comprobación oficial
    assert _fila(notas, "tramposa", "leccion_00.ej3")["estado"] == "sin_intentar"  # MIME falsificado ignorado


@pytest.mark.skipif(not aislamiento_disponible(), reason="este sistema no permite aislar (ni bwrap ni unshare)")
def test_tramposa_no_ve_soluciones_ni_toca_notas_ni_entregas(notas):
    _, info, base, _ = notas
    assert info["aislamiento"]["modo"] in ("bwrap", "unshare")
    assert _fila(notas, "tramposa", "leccion_00.ej1")["estado"] == "correcto"  # no vio solutions/
    salida = base / "notas" / "notas.csv"
    assert "HACKED" not in salida.read_text() and salida.read_text().startswith("entrega,")
    assert "HACKED" not in (base / "entregas" / "sintaxis.ipynb").read_text()


def test_json_con_totales(notas):
    _, info, _, _ = notas
    assert info["totales"]["soluciones/00_entorno"]["puntos"] == 3.0
    assert info["totales"]["alumnos/00_entorno"]["puntos"] == 0.0


def test_carpeta_inexistente_da_error_claro(tmp_path):
    proceso = subprocess.run([sys.executable, "-m", "helpers.calificar", str(tmp_path / "no"), "--salida",
                              str(tmp_path / "n.csv")], capture_output=True, text=True)
    assert proceso.returncode == 2 and "no encuentro la carpeta de entregas" in proceso.stderr
    assert "Traceback" not in proceso.stderr


def _carpetas_nombradas(cuaderno, carpetas: set[str]) -> set[str]:
    """Carpetas del repositorio que nombra el código de un cuaderno («scripts/…», "despliegue")."""
    import ast

    from helpers.alumnos import arbol_de_celda

    nombradas = set()
    for celda in cuaderno.cells:
        arbol = arbol_de_celda(celda.source) if celda.cell_type == "code" else None
        for nodo in ast.walk(arbol) if arbol else ():
            if isinstance(nodo, ast.Constant) and isinstance(nodo.value, str):
                primera = nodo.value.split("/", 1)[0]
                if primera in carpetas and (nodo.value == primera or "/" in nodo.value):
                    nombradas.add(primera)
    return nombradas


def test_cada_leccion_solo_usa_carpetas_que_ve_aislada():
    """Al calificar, la entrega solo ve CARPETAS_DEL_CURSO (y su propia carpeta, «notebooks» en el arranque)."""
    from helpers.calificacion.aislamiento import CARPETAS_DEL_CURSO

    carpetas = {r.name for r in RAIZ.iterdir() if r.is_dir() and not r.name.startswith(".")}
    for ruta in sorted((RAIZ / "notebooks").glob("*.ipynb")):
        nombradas = _carpetas_nombradas(nbformat.read(ruta, as_version=4), carpetas)
        assert nombradas <= set(CARPETAS_DEL_CURSO) | {"notebooks"}, (ruta.name, nombradas)
    catorce = _carpetas_nombradas(nbformat.read(RAIZ / "notebooks" / "14_distribuido.ipynb", as_version=4), carpetas)
    assert "scripts" in catorce  # la prueba ve de verdad las carpetas que usa una lección
