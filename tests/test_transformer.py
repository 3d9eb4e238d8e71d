"""Pruebas de helpers/transformer.py: la capa de BERT a mano coincide con la de transformers."""
import math

import pytest
import torch

from helpers.transformer import (capa_bert_a_mano, codificacion_sinusoidal, posicion_de, similitud_por_capa,
                                 vectores_por_capa)

MINILM = "sentence-transformers/all-MiniLM-L6-v2"


@pytest.fixture(scope="module")
def minilm():
    from transformers import AutoModel, AutoTokenizer

    from helpers import modelos

    modelos.preparar("codificador", progreso=False)  # siembra la caché con la copia idéntica al Hub
    return AutoModel.from_pretrained(MINILM).eval(), AutoTokenizer.from_pretrained(MINILM)


def test_sinusoidal_formula_y_forma():
    pe = codificacion_sinusoidal(50, 8)
    assert pe.shape == (50, 8)
    assert torch.allclose(pe[0, 0::2], torch.zeros(4)) and torch.allclose(pe[0, 1::2], torch.ones(4))
    assert math.isclose(pe[7, 2].item(), math.sin(7 / 10000 ** (2 / 8)), rel_tol=1e-5)
    assert math.isclose(pe[7, 3].item(), math.cos(7 / 10000 ** (2 / 8)), rel_tol=1e-5)
    with pytest.raises(ValueError, match="par"):
        codificacion_sinusoidal(4, 7)


def test_capa_a_mano_igual_que_transformers(minilm):
    modelo, tokenizador = minilm
    entrada = tokenizador(["the bank of the river", "a longer sentence with padding at the end here"],
                          padding=True, return_tensors="pt")
    with torch.no_grad():
        ocultos = modelo(**entrada, output_hidden_states=True).hidden_states
        X = ocultos[0]
        for i, capa in enumerate(modelo.encoder.layer):
            mia = capa_bert_a_mano(capa, X, entrada["attention_mask"])
            reales = entrada["attention_mask"].bool()  # el relleno no importa
            assert torch.allclose(mia[reales], ocultos[i + 1][reales], atol=1e-4), f"capa {i}"
            X = mia


def test_vectores_por_capa_y_contexto(minilm):
    modelo, tokenizador = minilm
    rio = vectores_por_capa(modelo, tokenizador, "the bank of the river was muddy.", "bank")
    dinero = vectores_por_capa(modelo, tokenizador, "the bank approved my loan.", "bank")
    assert rio.shape == (modelo.config.num_hidden_layers + 1, modelo.config.hidden_size)
    similitudes = similitud_por_capa(rio, dinero)
    assert similitudes[0] == pytest.approx(1.0, abs=1e-6)  # misma pieza, misma posición: mismo embedding
    assert min(similitudes[1:]) < 0.95  # el contexto las separa


def test_pieza_ausente_da_error_en_espanol(minilm):
    _, tokenizador = minilm
    assert posicion_de(tokenizador, "the bank", "bank") == 2
    with pytest.raises(ValueError, match="no es una pieza"):
        posicion_de(tokenizador, "the bank", "banco")
