"""Comprobación del entorno, modo offline y reproducibilidad."""
import os

import helpers
from helpers import entorno, reproducibilidad


def test_dispositivo_valido():
    import torch

    d = entorno.dispositivo()
    assert d in {"cuda", "mps", "cpu"}
    assert (d == "cuda") == torch.cuda.is_available()


def test_sin_conexion_si_offline_forzado(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert entorno.hay_hub() is False


def test_sin_hub_si_el_servidor_no_responde(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:1")
    assert entorno.hay_hub(espera=0.5) is False


def test_hub_e_internet_son_comprobaciones_distintas(monkeypatch):
    """HF_HUB_OFFLINE apaga el Hub, no internet; cada una mira su propio servidor."""
    import socket

    with socket.socket() as servidor:
        servidor.bind(("127.0.0.1", 0))
        servidor.listen()
        url = f"http://127.0.0.1:{servidor.getsockname()[1]}"
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", url)
        assert entorno.hay_hub() is False and entorno.hay_internet() is True
        monkeypatch.delenv("HF_HUB_OFFLINE")
        monkeypatch.setenv("HF_ENDPOINT", url)
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", "http://127.0.0.1:1")
        assert entorno.hay_hub() is True and entorno.hay_internet(espera=0.5) is False


def test_activar_modo_offline_afecta_a_huggingface_hub(monkeypatch):
    import huggingface_hub.constants as constantes

    monkeypatch.setattr(constantes, "HF_HUB_OFFLINE", False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    entorno.activar_modo_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and constantes.HF_HUB_OFFLINE is True


def test_colab_detectado_por_variable(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert entorno.en_colab() is False
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab")
    assert entorno.en_colab() is True


def test_informe_avisa_de_paquetes_que_faltan_y_de_transformers_4(monkeypatch):
    versiones = {"transformers": "4.46.0", "peft": None}
    monkeypatch.setattr(entorno, "version", lambda p: versiones.get(p, "1.0"))
    informe = entorno.comprobar_entorno(comprobar_conexion=False)
    texto = str(informe)
    assert "falta el paquete peft" in texto and "make lab" in texto
    assert "transformers 4.46.0" in texto and "eval_strategy" in texto


def test_informe_sin_avisos_en_el_entorno_del_curso():
    informe = entorno.comprobar_entorno(comprobar_conexion=False)
    assert informe.avisos == []
    assert informe.versiones["transformers"].startswith("5.")


def test_semilla_reproducible():
    import torch

    reproducibilidad.fijar_semilla(7)
    a = torch.randn(3)
    reproducibilidad.fijar_semilla(7)
    assert torch.equal(a, torch.randn(3))


def test_preparar_entorno_es_rapido_y_no_prepara_modelos(monkeypatch, capsys, tmp_path):
    """La primera celda no entrena nada: con una caché vacía solo dice qué falta."""
    import time

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("CURSO_HF_CACHE", str(tmp_path))
    inicio = time.perf_counter()
    resumen = helpers.preparar_entorno()
    assert time.perf_counter() - inicio < 30  # sin entrenar (entrenar lleva minutos)
    assert resumen["hub"] is False and set(resumen) == {"hub", "internet", "dispositivo", "modelos"}
    assert resumen["modelos"]["codificador"] == "copia local lista"
    assert resumen["modelos"]["sentimiento"].startswith("se preparará al usarlo")
    assert list(tmp_path.iterdir()) == []
    assert os.environ["TRANSFORMERS_VERBOSITY"] == "error"
    salida = capsys.readouterr().out
    assert "modo offline" in salida and "Copias locales por preparar" in salida
