"""Comprobación del entorno, modo offline y reproducibilidad."""
import os

import pytest

import helpers
from helpers import entorno, reproducibilidad


def test_dispositivo_valido():
    import torch

    d = entorno.dispositivo()
    assert d in {"cuda", "mps", "cpu"}
    assert (d == "cuda") == torch.cuda.is_available()


def test_sin_conexion_si_offline_forzado(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert entorno.hay_conexion() is False


def test_sin_conexion_si_el_host_no_responde(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert entorno.hay_conexion(host="127.0.0.1", puerto=1, espera=0.5) is False


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


def test_preparar_entorno_deja_todo_listo(monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    resumen = helpers.preparar_entorno()
    assert resumen["conexion"] is False
    assert all(estado == "listo" for estado in resumen["modelos"].values())
    assert os.environ["TRANSFORMERS_VERBOSITY"] == "error"
    assert "modo offline" in capsys.readouterr().out
