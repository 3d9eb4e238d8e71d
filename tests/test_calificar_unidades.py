"""Piezas del calificador que se prueban sin ejecutar cuadernos: cargador seguro, celdas de
comprobación, límites, organización de entregas, lista y CSV de Moodle, aislamiento (desmontar
una máscara con y sin endurecer bwrap) y modos de reserva."""
import io
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.calificacion import aislamiento, protocolo
from helpers.calificacion.captura import capturar
from helpers.calificacion.cuadernos import (bloquear_celdas_de_comprobacion, celdas_de_comprobacion,
                                            expresion_comprobada, preparar_para_calificar)
from helpers.calificacion.evaluacion import RESPUESTAS_CON_CODIGO
from helpers.calificacion.evaluador import ejercicio_por_id, evaluar
from helpers.calificacion.filas import fila
from helpers.calificacion.informes import escribir_moodle, leer_lista
from helpers.calificacion.limites import POR_DEFECTO, leer_limite, limites_de
from helpers.calificacion.lote import alumno_de, buscar_entregas
from helpers.calificacion.serializacion import RespuestaNoAdmitida, cargar_datos, serializar
from helpers.calificar import aislamiento_disponible
from helpers.ejercicios import ____

RAIZ = Path(__file__).resolve().parent.parent
CUADERNOS = sorted((RAIZ / "notebooks").glob("*.ipynb"))


# ---------------------------------------------------------------- cargador seguro

class _Sistema:
    def __reduce__(self):
        return (os.system, ("echo HACKEADO",))


class _Exec:
    def __reduce__(self):
        return (exec, ("import helpers.ejercicios as e; e.Ejercicio.evaluar = None",))


def _funcion(x):
    return x


@pytest.mark.parametrize("valor", [
    None, True, 3, 2.5, "texto", b"bytes", [1, [2]], (1, "a"), {"a": 1, (1, 2): [3]}, {1, 2}, frozenset({3}), 1 + 2j,
    Path("/tmp/x"), ____, {4: ____, 16: 1},
], ids=repr)
def test_cargador_seguro_reconstruye_datos(valor):
    reconstruido = cargar_datos(serializar(valor))
    assert reconstruido is valor if valor is ____ or valor is None else reconstruido == valor


def test_cargador_seguro_reconstruye_arrays_y_tensores():
    import numpy as np
    import torch

    for valor in (np.arange(6.0).reshape(2, 3), np.array([1, "a"], dtype=object), np.float32(1.5), np.int64(7)):
        assert np.array_equal(cargar_datos(serializar(valor)), valor)
    for tensor in (torch.tensor([1.0, 2.0]), torch.ones(2, dtype=torch.bfloat16), torch.tensor(3), torch.zeros(2, 2).requires_grad_()):
        reconstruido = cargar_datos(serializar(tensor))
        assert reconstruido.dtype == tensor.dtype and torch.equal(reconstruido, tensor.detach())


@pytest.mark.parametrize("valor", [_Sistema(), _Exec(), _funcion, lambda: 1], ids=["os.system", "exec", "funcion", "lambda"])
def test_cargador_seguro_no_ejecuta_nada(valor, capfd):
    with pytest.raises(RespuestaNoAdmitida):
        cargar_datos(serializar(valor))
    assert "HACKEADO" not in capfd.readouterr().out


@pytest.mark.parametrize("datos", [
    b"cos\nsystem\n(S'echo HACKEADO'\ntR.",  # protocolo 0
    b"\x80\x04cbuiltins\ngetattr\n(cos\nsystem\n)tR.",
    b"(cos\nsystem\nS'echo HACKEADO'\ni.",  # INST
    b"\x80\x04c__main__\nAlgo\n.",  # una clase de __main__
    b"\x80\x04chelpers.ejercicios\nEjercicio\n}\x94\x8c\x07evaluar\x94Nsb.",  # BUILD sobre una clase
], ids=["reduce", "getattr", "inst", "main", "build-clase"])
def test_cargador_seguro_rechaza_pickles_a_mano(datos, capfd):
    with pytest.raises(RespuestaNoAdmitida):
        cargar_datos(datos)
    assert "HACKEADO" not in capfd.readouterr().out


def test_evaluador_en_proceso():
    assert evaluar("leccion_00.ej1", "datos", serializar("mps"))[0] == "incorrecto"
    assert evaluar("leccion_00.ej1", "datos", serializar(____))[0] == "sin_intentar"
    estado, mensaje = evaluar("leccion_00.ej1", "datos", serializar(_Exec()))
    assert estado == "error" and "no es un dato simple" in mensaje
    assert evaluar("leccion_99.ej1", "datos", b"")[0] == "error"


def test_ejercicios_con_codigo_existen():
    for ejercicio in RESPUESTAS_CON_CODIGO:
        assert ejercicio_por_id(ejercicio).id == ejercicio


def test_captura_fuera_de_ipython(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CURSO_CALIFICACION_RESPUESTAS", str(tmp_path))
    capturar("leccion_00.ej2", 42)
    assert cargar_datos((tmp_path / "leccion_00.ej2.pkl").read_bytes()) == 42
    capturar("leccion_00.ej1", ____)
    assert "Sin intentar" in capsys.readouterr().out and not (tmp_path / "leccion_00.ej1.pkl").exists()


# ---------------------------------------------------------------- protocolo

@pytest.mark.parametrize("datos", [b"no es json\n", b'{"bytes": -1}\n', b'{"bytes": 10}\nabc', b"[1]\n",
                                   b"x" * (protocolo.MAX_CABECERA + 2)])
def test_protocolo_rechaza_mensajes_mal_formados(datos):
    with pytest.raises(protocolo.MensajeInvalido):
        list(protocolo.recibir(io.BytesIO(datos)))


def test_protocolo_ida_y_vuelta():
    canal = io.BytesIO()
    protocolo.enviar(canal, {"tipo": "respuesta"}, b"\x00\x01")
    protocolo.enviar(canal, {"tipo": "fin"})
    canal.seek(0)
    assert list(protocolo.recibir(canal)) == [({"tipo": "respuesta", "bytes": 2}, b"\x00\x01"), ({"tipo": "fin"}, b"")]


# ---------------------------------------------------------------- cuadernos

@pytest.mark.parametrize("ruta", CUADERNOS, ids=lambda r: r.name)
def test_cada_comprobacion_oficial_tiene_una_expresion_que_capturar(ruta):
    nb = nbformat.read(ruta, as_version=4)
    for indice, ejercicio in celdas_de_comprobacion(nb):
        assert expresion_comprobada(nb.cells[indice].source), f"{ejercicio}: la celda no es `ejN.comprobar(valor)`"


def test_expresion_comprobada():
    assert expresion_comprobada("ej1.comprobar(respuesta)") == "respuesta"
    assert expresion_comprobada("# NBVAL_CHECK_OUTPUT\nej2.comprobar(f(x, [1, 2]))") == "f(x, [1, 2])"
    assert expresion_comprobada("ej1.comprobar()") == "____"
    assert expresion_comprobada("print('hola')") is None and expresion_comprobada("ej1.comprobar(") is None


def test_bloquear_celdas_de_comprobacion():
    nb = bloquear_celdas_de_comprobacion(nbformat.read(CUADERNOS[0], as_version=4))
    comprobaciones = {i for i, _ in celdas_de_comprobacion(nb)}
    assert comprobaciones
    for i, celda in enumerate(nb.cells):
        bloqueada = celda.metadata.get("editable") is False and celda.metadata.get("deletable") is False
        assert bloqueada == (i in comprobaciones)
    nbformat.validate(nb)


def test_la_comprobacion_de_la_entrega_se_sustituye_por_la_captura_oficial():
    plantilla = nbformat.read(RAIZ / "notebooks" / "00_entorno.ipynb", as_version=4)
    entrega = nbformat.from_dict(plantilla)
    indice, ejercicio = celdas_de_comprobacion(entrega)[0]
    entrega.cells[indice].source = "print('✅ correcto')"
    cuaderno, a_comprobar, sin_celda = preparar_para_calificar(entrega, plantilla)
    celda = next(c for c in cuaderno.cells if c.id == entrega.cells[indice].id)
    assert a_comprobar[celda.id] == ejercicio and not sin_celda
    assert "capturar" in celda.source and "dispositivo_elegido" in celda.source and "print" not in celda.source


def test_entrega_con_otros_ids_como_las_de_colab():
    """Colab y otros editores cambian los ids: la comprobación va donde estaba la de la entrega."""
    plantilla = nbformat.read(RAIZ / "notebooks" / "00_entorno.ipynb", as_version=4)
    entrega = nbformat.from_dict(plantilla)
    for numero, celda in enumerate(entrega.cells):
        celda.id = f"colab-{numero}"
    comprobaciones = celdas_de_comprobacion(entrega)
    del entrega.cells[comprobaciones[2][0]]  # sin su comprobación ni ids, ej3 no se puede situar
    cuaderno, a_comprobar, sin_celda = preparar_para_calificar(entrega, plantilla)
    assert sorted(a_comprobar.values()) == ["leccion_00.ej1", "leccion_00.ej2"]
    assert list(sin_celda) == ["leccion_00.ej3"]
    for indice, celda in enumerate(cuaderno.cells):
        if celda.id in a_comprobar:
            assert cuaderno.cells[indice - 1].id == f"colab-{comprobaciones[0][0] - 1}" or \
                cuaderno.cells[indice - 1].id == f"colab-{comprobaciones[1][0] - 1}"
    assert len(cuaderno.cells) == len(entrega.cells)  # la comprobación de la entrega se sustituye, no se duplica


# ---------------------------------------------------------------- límites y organización

def test_limites_por_leccion():
    assert limites_de("00_entorno") == POR_DEFECTO and POR_DEFECTO.celda == 120
    assert limites_de("05_fine_tuning").celda >= 300 and limites_de("06_lora").celda >= 300
    assert limites_de("05_fine_tuning", celda=20).celda == 20
    leccion, limites = leer_limite("07_cuantizacion=300:900")
    assert limites_de(leccion, por_leccion={leccion: limites}) == limites
    with pytest.raises(ValueError):
        leer_limite("07_cuantizacion")


def test_organizacion_de_las_entregas(tmp_path):
    assert alumno_de(Path("ana/00_entorno.ipynb")) == "ana"
    assert alumno_de(Path("Ana García_123_assignsubmission_file_/x/00_entorno.ipynb")) == "Ana García_123_assignsubmission_file_"
    assert alumno_de(Path("luis__00_entorno.ipynb")) == "luis"
    assert alumno_de(Path("suelta.ipynb")) == "suelta"
    for relativa in ("ana/00_entorno.ipynb", "ana/.ipynb_checkpoints/00_entorno-checkpoint.ipynb", "luis__01.ipynb"):
        (tmp_path / relativa).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relativa).write_text("{}")
    assert [(e.nombre, e.alumno) for e in buscar_entregas(tmp_path)] == [("ana/00_entorno", "ana"), ("luis__01", "luis")]


# ---------------------------------------------------------------- lista y Moodle

def _filas():
    return [
        fila("ana/00_entorno", "ana", "00_entorno", "leccion_00.ej1", "correcto", ""),
        fila("ana/00_entorno", "ana", "00_entorno", "leccion_00.ej2", "incorrecto", ""),
        fila("ana/00_entorno", "ana", "00_entorno", "leccion_00.ej3", "correcto", ""),
        fila("ana/01_pipelines", "ana", "01_pipelines", "leccion_01.ej1", "correcto", ""),
        fila("ana/01_pipelines (1)", "ana", "01_pipelines", "leccion_01.ej1", "error", ""),  # la mejor cuenta
        fila("luis__00_entorno", "luis", "00_entorno", "leccion_00.ej1", "sin_intentar", ""),
        fila("eva/roto", "eva", "?", "(entrega)", "entrega_ilegible", ""),
    ]


def test_csv_de_moodle(tmp_path):
    (tmp_path / "lista.csv").write_text("\ufeffEntrega,Email,Usuario\nana,ana@x.es,ana1\nluis,luis@x.es,luis1\n"
                                        "marta,,marta1\n", encoding="utf-8")
    lista = leer_lista(tmp_path / "lista.csv")
    faltan = escribir_moodle(_filas(), lista, tmp_path / "m.csv")
    # Un archivo por lección y solo quien entregó esa lección: en Moodle, una celda vacía borra la nota.
    assert faltan["archivos"] == [str(tmp_path / "m_00_entorno.csv"), str(tmp_path / "m_01_pipelines.csv")]
    assert (tmp_path / "m_00_entorno.csv").read_text() == "email,00_entorno\nana@x.es,6.67\nluis@x.es,0.00\n"
    assert (tmp_path / "m_01_pipelines.csv").read_text() == "email,01_pipelines\nana@x.es,10.00\n"
    assert faltan["sin_lista"] == [] and faltan["sin_identificador"] == ["marta"]
    escribir_moodle(_filas(), lista, tmp_path / "p.csv", escala="puntos", identificador="usuario")
    assert (tmp_path / "p_00_entorno.csv").read_text() == "username,00_entorno\nana1,2\nluis1,0\n"
    assert (tmp_path / "p_01_pipelines.csv").read_text() == "username,01_pipelines\nana1,1\n"
    una = [f for f in _filas() if f.leccion == "00_entorno"]
    assert escribir_moodle(una, lista, tmp_path / "solo.csv")["archivos"] == [str(tmp_path / "solo.csv")]
    del lista["luis"]
    assert escribir_moodle(_filas(), lista, tmp_path / "m.csv")["sin_lista"] == ["luis"]


def test_ningun_csv_de_moodle_tiene_celdas_vacias(tmp_path):
    (tmp_path / "lista.csv").write_text("entrega,idnumber\nana,A1\nluis,L2\nsin_entregas,S3\n", encoding="utf-8")
    faltan = escribir_moodle(_filas(), leer_lista(tmp_path / "lista.csv"), tmp_path / "m.csv", identificador="idnumber")
    for archivo in faltan["archivos"]:
        lineas = Path(archivo).read_text().splitlines()
        assert lineas[0].startswith("idnumber,") and all("" not in l.split(",") for l in lineas), lineas
        assert not any(l.startswith("S3") for l in lineas)


MOODLE_ANA = "Ana García_1001_assignsubmission_file_"
MOODLE_LUIS = "Luis Pérez_1002_assignsubmission_file_"


def _filas_moodle(leccion="00_entorno"):
    n = leccion[:2]
    return [fila(f"{MOODLE_ANA}/{leccion}", MOODLE_ANA, leccion, f"leccion_{n}.ej1", "correcto", ""),
            fila(f"{MOODLE_ANA}/{leccion}", MOODLE_ANA, leccion, f"leccion_{n}.ej2", "incorrecto", ""),
            fila(f"{MOODLE_LUIS}/{leccion}", MOODLE_LUIS, leccion, f"leccion_{n}.ej1", "correcto", ""),
            fila(f"{MOODLE_LUIS}/{leccion}", MOODLE_LUIS, leccion, f"leccion_{n}.ej2", "correcto", ""),
            fila("suelto__00_entorno", "suelto", leccion, f"leccion_{n}.ej1", "correcto", "")]


def test_carpetas_de_moodle_se_reconocen_por_el_nombre_de_la_lista(tmp_path):
    from helpers.calificacion.informes import nombre_y_participante

    assert nombre_y_participante(MOODLE_ANA) == ("Ana García", "1001")
    assert nombre_y_participante("ana") == ("ana", None)
    (tmp_path / "lista.csv").write_text("nombre,email\nAna García,ana@x.es\nLuis Pérez,luis@x.es\n", encoding="utf-8")
    faltan = escribir_moodle(_filas_moodle(), leer_lista(tmp_path / "lista.csv"), tmp_path / "m.csv")
    assert (tmp_path / "m.csv").read_text() == "email,00_entorno\nana@x.es,5.00\nluis@x.es,10.00\n"
    assert faltan["sin_lista"] == ["suelto"]


HOJA = ("\ufeffIdentificador,\"Nombre completo\",\"Dirección de correo\",Estado,Calificación,\"Calificación máxima\","
        "\"La calificación puede ser cambiada\",\"Última modificación (calificación)\",\"Comentarios de retroalimentación\"\n"
        "\"Participante 1001\",\"Ana García\",ana@x.es,Enviado,,\"100,00\",Sí,-,\n"
        "\"Participante 1002\",\"Luis Pérez\",luis@x.es,Enviado,\"55,00\",\"100,00\",Sí,-,\n"
        "\"Participante 1003\",\"Eva Ruiz\",eva@x.es,\"Sin entrega\",\"80,00\",\"100,00\",Sí,-,\n")


def test_hoja_de_calificaciones_de_moodle(tmp_path):
    import csv

    from helpers.calificacion.informes import rellenar_hoja_moodle

    (tmp_path / "hoja.csv").write_text(HOJA, encoding="utf-8")
    resultado = rellenar_hoja_moodle(_filas_moodle(), tmp_path / "hoja.csv", tmp_path / "hoja_calificada.csv")
    assert resultado["calificados"] == ["Participante 1001", "Participante 1002"]
    assert resultado["sin_participante"] == ["suelto"] and resultado["fuera_de_la_hoja"] == []
    crudo = (tmp_path / "hoja_calificada.csv").read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf")  # como la descargó Moodle
    filas = list(csv.reader(crudo.decode("utf-8-sig").splitlines()))
    assert filas[0] == next(csv.reader(HOJA.lstrip("\ufeff").splitlines()))  # cabecera intacta
    assert [f[4] for f in filas[1:]] == ["50,00", "100,00", "80,00"]  # escala 0-100, coma; Eva sin tocar
    assert [f[7] for f in filas[1:]] == ["-", "-", "-"]


def test_hoja_de_moodle_rechaza_lo_que_no_es_suyo(tmp_path):
    from helpers.calificacion.informes import rellenar_hoja_moodle

    (tmp_path / "hoja.csv").write_text(HOJA, encoding="utf-8")
    with pytest.raises(ValueError, match="una sola tarea"):
        rellenar_hoja_moodle(_filas_moodle() + _filas_moodle("01_pipelines"), tmp_path / "hoja.csv", tmp_path / "x.csv")
    (tmp_path / "otra.csv").write_text("email,nota\na@x.es,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no parece una hoja de calificaciones"):
        rellenar_hoja_moodle(_filas_moodle(), tmp_path / "otra.csv", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_entregas_que_no_son_cuadernos_no_desaparecen(tmp_path):
    from helpers.calificacion.entrega import calificar_entrega

    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "00_entorno.py").write_text("print(1)")
    (tmp_path / "Eva_7_assignsubmission_onlinetext_").mkdir()
    (tmp_path / "Eva_7_assignsubmission_onlinetext_" / "onlinetext.html").write_text("<p>hola</p>")
    entregas = buscar_entregas(tmp_path)
    assert [(e.nombre, e.alumno) for e in entregas] == [("ana/00_entorno.py", "ana")]
    filas, _ = calificar_entrega(entregas[0].ruta, entregas[0].nombre, "ana", {}, None, None, None)
    assert [(f.estado, f.puntos) for f in filas] == [("no_es_cuaderno", 0.0)]
    assert "00_entorno.py" in filas[0].mensaje and ".ipynb" in filas[0].mensaje


def test_errores_de_argumentos_en_espanol(capsys):
    from helpers.calificar import main

    for argumentos, esperado in [(["--identificador", "dni"], "valor no válido: 'dni'"),
                                 (["--trabajadores", "dos"], "'dos' no es un número válido"),
                                 (["--no-existe"], "opciones desconocidas: --no-existe"),
                                 ([str(RAIZ), "--moodle", "m.csv"], "--moodle necesita --lista")]:
        with pytest.raises(SystemExit):
            main(argumentos)
        error = capsys.readouterr().err
        assert esperado in error and "usage" not in error and "invalid" not in error, error


def test_respuestas_libres_no_cuentan_en_la_nota_y_llegan_al_profesor(tmp_path):
    from helpers.calificacion.evaluador import evaluar
    from helpers.calificacion.informes import escribir_respuestas_libres, notas_por_leccion, retroalimentacion

    texto = "Usaría el modelo abierto: los datos no salen de la biblioteca y no hay coste por consulta."
    estado, mensaje = evaluar("leccion_10.ej3", "datos", serializar(texto))
    assert estado == "para_revisar" and texto in mensaje
    filas = [fila("ana/10", "ana", "10_gemini_vs_abiertos", "leccion_10.ej1", "correcto", ""),
             fila("ana/10", "ana", "10_gemini_vs_abiertos", "leccion_10.ej2", "incorrecto", ""),
             fila("ana/10", "ana", "10_gemini_vs_abiertos", "leccion_10.ej3", estado, mensaje)]
    assert notas_por_leccion(filas)["ana"]["10_gemini_vs_abiertos"]["ejercicios"] == 2  # la abierta no cuenta
    assert "1 de 2 ejercicios correctos" in retroalimentacion("ana", filas)
    assert escribir_respuestas_libres(filas, tmp_path / "libres.csv") == 1
    assert texto in (tmp_path / "libres.csv").read_text(encoding="utf-8")


def test_lista_sin_columna_entrega(tmp_path):
    (tmp_path / "lista.csv").write_text("email\nana@x.es\n")
    with pytest.raises(ValueError, match="entrega"):
        leer_lista(tmp_path / "lista.csv")


# ---------------------------------------------------------------- aislamiento

SIN_ENDURECER = {"--unshare-user": 0, "--disable-userns": 0, "--uid": 1, "--gid": 1, "--cap-drop": 1}
DESMONTAR = ("import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
             "r = libc.umount2(b'/oculto', 2)\n"
             "print('desmontado' if r == 0 else os.strerror(ctypes.get_errno()), os.listdir('/oculto'))")


def _quitar(orden, opciones):
    salida, i = [], 0
    while i < len(orden):
        if orden[i] == "--":
            return salida + orden[i:]
        if orden[i] in opciones:
            i += 1 + opciones[orden[i]]
            continue
        salida.append(orden[i])
        i += 1
    return salida


@pytest.fixture(scope="module")
def con_bwrap():
    if aislamiento_disponible() != "bwrap":
        pytest.skip("hace falta bubblewrap")
    preparado = aislamiento.preparar("bwrap", [], 1, 64)
    yield preparado
    preparado.cerrar()


def _desmontar(orden, secreto):
    corte = orden.index("--")
    orden = orden[:corte] + ["--ro-bind", str(secreto), "/oculto", "--tmpfs", "/oculto"] + orden[corte:]
    return subprocess.run(orden, capture_output=True, text=True, timeout=120).stdout


def test_con_bwrap_endurecido_no_se_puede_desmontar_una_mascara(con_bwrap, tmp_path):
    (tmp_path / "secreto.txt").write_text("secreto")
    salida = _desmontar(con_bwrap.envolver([sys.executable, "-I", "-c", DESMONTAR]), tmp_path)
    assert "Operation not permitted" in salida and "secreto.txt" not in salida


@pytest.mark.skipif(os.geteuid() != 0, reason="el caso peligroso solo existe como root")
def test_como_root_sin_endurecer_la_mascara_se_desmonta(con_bwrap, tmp_path):
    """Lo que pasaba antes: root con capacidades desmonta la máscara y ve lo que tapa."""
    (tmp_path / "secreto.txt").write_text("secreto")
    orden = _quitar(con_bwrap.envolver([sys.executable, "-I", "-c", DESMONTAR]), SIN_ENDURECER)
    assert "--uid" not in orden and "--cap-drop" not in orden
    assert "desmontado ['secreto.txt']" in _desmontar(orden, tmp_path)


def test_info_del_aislamiento(con_bwrap):
    info = con_bwrap.info()
    assert info["bwrap"] and info["red"] is False and info["uid"] == 1000 and info["capacidades"] == "ninguna"
    assert info["memoria_gib"] == 1 and info["procesos_max"] == 64 and info["avisos"] == []


def _del_cuaderno(codigo: str, nombre: str):
    """Una función definida como en un cuaderno (módulo __main__): cloudpickle la lleva por valor."""
    espacio = {"__name__": "__main__"}
    exec(codigo, espacio)
    return espacio[nombre]


def test_respuestas_con_codigo_cada_una_en_su_proceso(con_bwrap):
    """Una respuesta que es código se ejecuta al comprobarla; si parchea el evaluador, solo se
    estropea su propio proceso: la comprobación de los demás ejercicios no se entera."""
    from helpers.calificacion.evaluacion import Evaluador

    coseno = _del_cuaderno("def coseno(a, b):\n    return (a @ b) / (a.norm() * b.norm())", "coseno")
    tramposa = _del_cuaderno(
        "def coseno(a, b):\n    import helpers.ejercicios as e\n"
        "    e.Ejercicio.evaluar = lambda self, r: e.Resultado(self.id, 'correcto', 'trampa')\n    return 0.0", "coseno")
    evaluador = Evaluador(con_bwrap)
    assert evaluador.evaluar({"leccion_09.ej1": serializar(coseno)}, 60)["leccion_09.ej1"][0] == "correcto"
    resultados = evaluador.evaluar({"leccion_09.ej1": serializar(tramposa), "leccion_00.ej1": serializar("mps")}, 60)
    assert resultados["leccion_00.ej1"][0] == "incorrecto"  # el parche no llegó a este proceso
    assert resultados["leccion_09.ej1"][0] == "incorrecto"  # el parche llega tarde para su propia comprobación


def test_una_carpeta_con_el_entorno_dentro_no_se_lleva_las_que_si_se_ocultan(tmp_path, monkeypatch):
    raiz = tmp_path / "curso"
    for carpeta in ("venv", "solutions", "entregas"):
        (raiz / carpeta).mkdir(parents=True)
    monkeypatch.setattr(aislamiento.sys, "prefix", str(raiz / "venv"))
    preparado = aislamiento.preparar("ninguno", [raiz, raiz / "solutions", raiz / "entregas"], 1, 64)
    try:  # las notas en la raíz del curso: la raíz no se puede tapar (tiene el entorno), sus carpetas sí
        assert preparado.ocultar == [(raiz / "entregas").resolve(), (raiz / "solutions").resolve()]
    finally:
        preparado.cerrar()


def test_sin_bwrap_se_avisa_y_se_recurre_a_unshare(monkeypatch):
    real = aislamiento.shutil.which
    monkeypatch.setattr(aislamiento.shutil, "which", lambda orden: None if orden == "bwrap" else real(orden))
    with pytest.raises(aislamiento.ErrorAislamiento, match="bwrap no está instalado"):
        aislamiento.preparar("bwrap")
    preparado = aislamiento.preparar("auto", [], 1, 64)
    try:
        assert preparado.modo in ("unshare", "ninguno")
        assert preparado.info()["bwrap"] is False
        assert any("sin bubblewrap" in aviso and "bubblewrap" in aviso for aviso in preparado.avisos)
    finally:
        preparado.cerrar()


def test_varias_entregas_a_la_vez_se_reparten_los_nucleos(monkeypatch):
    """Dos entregas a la vez con todos los hilos cada una se pisan (OpenMP espera activamente):
    cada ejecución aislada recibe su parte de los núcleos; con una sola, los de la biblioteca."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(aislamiento.os, "cpu_count", lambda: 8)
    preparado = aislamiento.preparar("ninguno", [], 1, 64)
    try:
        preparado.repartir_nucleos(1)
        assert "OMP_NUM_THREADS" not in preparado.entorno(None)
        preparado.repartir_nucleos(3)
        entorno = preparado.entorno(None)
        assert entorno["OMP_NUM_THREADS"] == entorno["MKL_NUM_THREADS"] == "2"
        assert preparado.info()["hilos_por_entrega"] == 2
        monkeypatch.setenv("OMP_NUM_THREADS", "1")  # lo que fije el profesor manda
        otro = aislamiento.preparar("ninguno", [], 1, 64)
        otro.repartir_nucleos(4)
        assert otro.entorno(None)["OMP_NUM_THREADS"] == "1" and otro.hilos is None
        otro.cerrar()
    finally:
        preparado.cerrar()
