"""Cliente de Gemini contra un servidor local (GOOGLE_GEMINI_BASE_URL): éxito y errores en español."""
import time
from pathlib import Path

import nbformat
import pytest

from helpers import gemini
from helpers.secretos import textos_de
from servidor_gemini import ServidorGemini

RAIZ = Path(__file__).resolve().parent.parent


@pytest.fixture
def servidor(monkeypatch):
    with ServidorGemini() as s:
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", s.url)
        for variable in gemini.VARIABLES_CLAVE:
            monkeypatch.delenv(variable, raising=False)
        yield s


def test_clave_desde_el_entorno_y_nunca_mostrada(monkeypatch):
    for variable in gemini.VARIABLES_CLAVE:
        monkeypatch.delenv(variable, raising=False)
    assert gemini.obtener_clave() is None and "no configurada" in gemini.estado_clave()
    monkeypatch.setenv("GOOGLE_API_KEY", "clave-secreta-de-prueba-1234")
    assert gemini.obtener_clave() == "clave-secreta-de-prueba-1234"
    monkeypatch.setenv("GEMINI_API_KEY", "  otra-clave-secreta-5678  ")
    assert gemini.obtener_clave() == "otra-clave-secreta-5678"  # GEMINI_API_KEY tiene prioridad
    assert "secreta" not in gemini.estado_clave() and "configurada" in gemini.estado_clave()


def test_respuesta_correcta(servidor):
    r = gemini.preguntar("¿Qué es un tokenizador?", clave="clave-buena")
    assert r.texto == "Respuesta simulada a: ¿Qué es un tokenizador?"
    assert (r.tokens_entrada, r.tokens_salida) == (4, 7) and r.segundos > 0
    assert servidor.peticiones[-1]["ruta"].endswith(f"/models/{gemini.MODELO_POR_DEFECTO}:generateContent")


def test_clave_del_entorno_se_usa(servidor, monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", "clave-buena")
    assert gemini.preguntar("hola").texto.startswith("Respuesta simulada")


@pytest.mark.parametrize("clave, tipo, frase", [
    ("clave-mala", gemini.ClaveInvalida, "rechazó la clave"),
    ("clave-limite", gemini.LimiteDeUso, "límite de uso"),
    ("clave-caida", gemini.ErrorDelServicio, "reinténtalo"),
])
def test_errores_en_espanol_sin_mostrar_la_clave(servidor, clave, tipo, frase):
    with pytest.raises(tipo) as error:
        gemini.preguntar("hola", clave=clave)
    assert frase in str(error.value) and clave not in str(error.value)
    assert error.value.__cause__ is None  # sin la traza interna del SDK


def test_tiempo_agotado(servidor):
    inicio = time.monotonic()
    with pytest.raises(gemini.TiempoAgotado, match="no respondió en 1 s"):
        gemini.preguntar("hola", clave="clave-lenta", espera=1)
    assert time.monotonic() - inicio < 2.9


def test_sin_clave_y_prompt_vacio(servidor):
    with pytest.raises(gemini.SinClave, match="GEMINI_API_KEY"):
        gemini.preguntar("hola")
    with pytest.raises(gemini.ErrorGemini, match="no vacío"):
        gemini.preguntar("   ", clave="clave-buena")


def test_coste():
    assert gemini.coste_usd(1_000_000, 1_000_000, 0.3, 2.5) == pytest.approx(2.8)


def test_cuaderno_10_compara_con_gemini_sin_filtrar_la_clave(servidor, monkeypatch, tmp_path):
    """El cuaderno de la lección 10, ejecutado con una clave y el servidor local en lugar de Google."""
    from nbclient import NotebookClient

    monkeypatch.setenv("GEMINI_API_KEY", "clave-buena")
    nb = nbformat.read(RAIZ / "solutions" / "10_gemini_vs_abiertos.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    salidas = "\n".join(texto for donde, texto in textos_de(nb) if donde.startswith("salida"))
    assert "Clave de Gemini: configurada" in salidas
    assert "Respuestas de Gemini: 3" in salidas and "Respuesta simulada a: Traduce al inglés" in salidas
    assert "gemini-2.5-flash (API)" in salidas
    assert "clave-buena" not in salidas
    assert len(servidor.peticiones) == 3
