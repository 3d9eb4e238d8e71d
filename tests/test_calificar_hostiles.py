"""Entregas hostiles de verdad (tests/entregas_hostiles/) contra el calificador con bubblewrap.

Una sola ejecución del calificador (fixture de módulo, 2 trabajadores, 3 GiB por núcleo) sobre:
reasignar `ej1`, parchear `helpers.ejercicios`, desmontar/montar y mirar carpetas prohibidas,
reescribir `helpers/` del repositorio, procesos huérfanos, 6 GiB de memoria, red (un servidor
TCP de la prueba en 127.0.0.1), una respuesta con `__reduce__` malicioso y otra que no se
puede copiar; más una entrega en blanco y una correcta de control.
"""
import csv
import hashlib
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from entregas_hostiles.generar import HOSTILES, RAIZ, bien, cuaderno_barato, hostil
from helpers.calificar import aislamiento_disponible

pytestmark = pytest.mark.skipif(aislamiento_disponible() != "bwrap",
                                reason="hace falta bubblewrap (apt-get install bubblewrap) con espacios de usuario")
VIGILADOS = ["helpers/ejercicios/__init__.py", "helpers/ejercicios/leccion_00.py", "helpers/calificacion/evaluador.py"]
MARCAS_HUERFANOS = ("1000.4242", "1000.4243")


def _huella(rutas):
    return {r: hashlib.sha256((RAIZ / r).read_bytes()).hexdigest() for r in rutas}


def _procesos_con(marca: str) -> list[str]:
    encontrados = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            texto = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marca in texto:
            encontrados.append(texto)
    return encontrados


class Servidor:
    """Servidor TCP en 127.0.0.1 que apunta cada conexión que recibe."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.puerto = self.socket.getsockname()[1]
        self.conexiones = []
        threading.Thread(target=self._aceptar, daemon=True).start()

    def _aceptar(self):
        while True:
            try:
                conexion, origen = self.socket.accept()
            except OSError:
                return
            self.conexiones.append(origen)
            conexion.close()


@pytest.fixture(scope="module")
def calificacion(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostiles")
    entregas, salida = base / "entregas", base / "notas" / "notas.csv"
    servidor = Servidor()
    sustituciones = {"RAIZ": RAIZ, "SOLUCIONES": RAIZ / "solutions", "ENTREGAS": entregas,
                     "SALIDA": salida.parent, "PUERTO": servidor.puerto}
    cuadernos = {nombre: hostil(nombre, sustituciones) for nombre in HOSTILES}
    cuadernos["en_blanco"] = cuaderno_barato()
    cuadernos["control"] = cuaderno_barato(bien())
    for nombre, nb in cuadernos.items():
        (entregas / nombre).mkdir(parents=True)
        nbformat.write(nb, entregas / nombre / "00_entorno.ipynb")
    antes = _huella(VIGILADOS)
    trampa = RAIZ / "helpers" / "ejercicios" / "trampa_de_prueba.py"
    inicio = time.monotonic()
    try:
        proceso = subprocess.run(
            [sys.executable, "-m", "helpers.calificar", str(entregas), "--salida", str(salida), "--trabajadores", "2",
             "--memoria-gib", "3", "--limite-celda", "60", "--sin-progreso"],
            capture_output=True, text=True, timeout=900)
    finally:
        creado = trampa.exists()
        trampa.unlink(missing_ok=True)
    segundos = time.monotonic() - inicio
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    with open(salida, encoding="utf-8") as f:
        filas = {(f["alumno"], f["ejercicio"]): f for f in csv.DictReader(f)}
    info = json.loads(salida.with_suffix(".json").read_text())
    return {"filas": filas, "info": info, "servidor": servidor, "antes": antes, "trampa_creada": creado, "base": base,
            "segundos": segundos, "salida": proceso.stdout + proceso.stderr}


def _fila(calificacion, alumno, ejercicio="leccion_00.ej1"):
    return calificacion["filas"][(alumno, ejercicio)]


def test_aislamiento_declarado_en_el_json(calificacion):
    aislamiento = calificacion["info"]["aislamiento"]
    assert aislamiento["modo"] == "bwrap" and aislamiento["bwrap"] is True
    assert aislamiento["red"] is False and aislamiento["uid"] == 1000 and aislamiento["capacidades"] == "ninguna"
    assert aislamiento["memoria_gib"] == 3 and aislamiento["procesos_max"] == 512
    assert aislamiento["avisos"] == [] and "sin bubblewrap" not in calificacion["salida"]


def test_control_correcto_y_en_blanco_sin_intentar(calificacion):
    for ejercicio in ("leccion_00.ej1", "leccion_00.ej2", "leccion_00.ej3"):
        assert _fila(calificacion, "control", ejercicio)["estado"] == "correcto"
        assert _fila(calificacion, "en_blanco", ejercicio)["estado"] == "sin_intentar"


def test_reasignar_ej1_a_un_falso_no_cambia_la_nota(calificacion):
    fila = _fila(calificacion, "falso_ej1")
    assert fila["estado"] == "incorrecto" and "gpu" in fila["mensaje"]


def test_parchear_helpers_ejercicios_en_el_nucleo_no_cambia_la_nota(calificacion):
    for ejercicio in ("leccion_00.ej1", "leccion_00.ej2", "leccion_00.ej3"):
        assert _fila(calificacion, "parchea_modulo", ejercicio)["estado"] == "sin_intentar"


def test_no_puede_desmontar_ni_montar_ni_ver_carpetas_prohibidas(calificacion):
    fila = _fila(calificacion, "desmontar")
    assert fila["estado"] == "correcto", fila["mensaje"]  # si algo le funciona, responde «robado: …»


def test_no_puede_escribir_en_helpers_del_repositorio(calificacion):
    fila = _fila(calificacion, "escribe_helpers")
    assert fila["estado"] == "correcto", fila["mensaje"]
    assert _huella(VIGILADOS) == calificacion["antes"] and not calificacion["trampa_creada"]


def test_procesos_huerfanos_no_sobreviven(calificacion):
    assert _fila(calificacion, "huerfano")["estado"] == "correcto"
    for marca in MARCAS_HUERFANOS:
        assert not _procesos_con(marca), f"sigue vivo un proceso de la entrega: {_procesos_con(marca)}"


def test_memoria_limitada_con_fila_clara(calificacion):
    assert _fila(calificacion, "memoria")["estado"] == "correcto"  # lo anterior a la reserva cuenta
    fila = _fila(calificacion, "memoria", "leccion_00.ej2")
    assert fila["estado"] in ("no_ejecutado", "error") and "límite de memoria (3 GiB)" in fila["mensaje"]
    recursos = calificacion["info"]["recursos"]["memoria/00_entorno"]
    if recursos["memoria_max_mib"] is not None:  # con cgroups: pico medido, nunca por encima del límite
        assert recursos["sin_memoria"] and recursos["memoria_max_mib"] <= 3 * 1024


def test_sin_red(calificacion):
    fila = _fila(calificacion, "red")
    assert fila["estado"] == "correcto", fila["mensaje"]
    assert calificacion["servidor"].conexiones == []


def test_respuesta_con_reduce_malicioso_no_ejecuta_codigo_en_el_evaluador(calificacion):
    fila = _fila(calificacion, "reduce_malicioso", "leccion_00.ej2")
    assert fila["estado"] == "error" and "no es un dato simple" in fila["mensaje"]
    assert _fila(calificacion, "reduce_malicioso")["estado"] == "sin_intentar"  # el evaluador sigue intacto


def test_respuesta_que_no_se_puede_copiar_da_error_claro(calificacion):
    fila = _fila(calificacion, "reduce_malicioso", "leccion_00.ej3")
    assert fila["estado"] == "error" and "no se puede copiar" in fila["mensaje"]


def test_retroalimentacion_por_alumno(calificacion):
    carpeta = calificacion["base"] / "notas" / "retroalimentacion"
    texto = (carpeta / "falso_ej1.md").read_text(encoding="utf-8")
    assert texto.startswith("# Retroalimentación de falso_ej1")
    assert "❌ leccion_00.ej1: incorrecto" in texto and "> **Pista:** PyTorch te lo dice" in texto
    assert len(list(carpeta.glob("*.md"))) == len(HOSTILES) + 2


def test_el_lote_no_tarda_demasiado(calificacion):
    assert calificacion["segundos"] < 400
    print(f"{len(HOSTILES) + 2} entregas hostiles en {calificacion['segundos']:.0f} s "
          f"({calificacion['info']['rendimiento']['entregas_por_minuto']} por minuto)", file=sys.stderr)
