"""Datos del curso: sumas de comprobación, licencia, regeneración reproducible y errores claros."""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import datos

RAIZ = Path(__file__).resolve().parent.parent


def test_todas_las_sumas_coinciden():
    for nombre, suma in datos.sumas_esperadas().items():
        assert hashlib.sha256((datos.CARPETA_DATOS / nombre).read_bytes()).hexdigest() == suma, nombre


def test_cada_archivo_de_datos_tiene_licencia_en_el_leeme():
    leeme = (datos.CARPETA_DATOS / "LEEME.md").read_text()
    for nombre in datos.sumas_esperadas():
        assert f"`{nombre}`" in leeme, f"{nombre} no aparece en data/LEEME.md"
    assert "CC0-1.0" in leeme and "dominio público" in leeme


def test_resenas_se_regeneran_byte_a_byte(tmp_path):
    destino = tmp_path / "resenas.csv"
    subprocess.run([sys.executable, str(RAIZ / "data/fuentes/generar_resenas.py"), str(destino)], check=True,
                   capture_output=True)
    assert destino.read_bytes() == (datos.CARPETA_DATOS / "resenas/resenas.csv").read_bytes()


def test_particion_estratificada_y_estable():
    a, b = datos.cargar_resenas(), datos.cargar_resenas()
    assert len(a["train"]) == 2016 and len(a["test"]) == 504
    assert list(a["test"]["texto"]) == list(b["test"]["texto"])
    positivos = sum(a["test"]["label"])
    assert abs(positivos - len(a["test"]) / 2) <= 1
    assert not set(a["train"]["texto"]) & set(a["test"]["texto"])


def test_archivo_alterado_da_error_en_espanol(tmp_path):
    copia = tmp_path / "data"
    shutil.copytree(datos.CARPETA_DATOS, copia)
    (copia / "resenas/resenas_manuales.csv").write_text("texto,etiqueta\nhola,positivo\n")
    with pytest.raises(datos.DatosAlterados, match="git checkout -- data/resenas/resenas_manuales.csv"):
        datos.ruta_verificada("resenas/resenas_manuales.csv", copia)
    (copia / "corpus_es/reina_valera_1909.txt").unlink()
    with pytest.raises(datos.DatosAlterados, match="Falta"):
        datos.ruta_verificada("corpus_es/reina_valera_1909.txt", copia)
    with pytest.raises(datos.DatosAlterados, match="no figura"):
        datos.ruta_verificada("otro.csv", copia)


def test_corpus_es_espanol_de_1909():
    corpus = datos.texto_corpus()
    assert len(corpus) == 250 and corpus[0].startswith("EN el principio crió Dios")


def test_ner_y_qa_se_regeneran_y_son_coherentes(tmp_path):
    subprocess.run([sys.executable, str(RAIZ / "data/fuentes/generar_ner_qa.py"), str(tmp_path)], check=True,
                   capture_output=True)
    for nombre in ("ner.jsonl", "qa.jsonl"):
        assert (tmp_path / nombre).read_bytes() == (datos.CARPETA_DATOS / "ner_qa" / nombre).read_bytes()
    qa = datos.cargar_qa()["train"]
    for fila in qa.select(range(50)):
        assert fila["contexto"][fila["inicio"]:fila["inicio"] + len(fila["respuesta"])] == fila["respuesta"]
    ner = datos.cargar_ner()["train"]
    for fila in ner.select(range(50)):
        assert len(fila["tokens"]) == len(fila["etiquetas"])
        assert all(datos.ETIQUETAS_NER[e].startswith(("O", "B-", "I-")) for e in fila["etiquetas"])
