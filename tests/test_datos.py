"""Datos del curso: sumas de comprobación, licencia, regeneración reproducible y errores claros."""
import csv
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
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
        fila = next((linea for linea in leeme.splitlines() if linea.startswith(f"| `{nombre}`")), None)
        assert fila is not None, f"{nombre} no tiene fila en la tabla de data/LEEME.md"
        assert fila.rstrip(" |").endswith(("CC0-1.0", "dominio público")), f"{nombre}: falta la licencia"
    assert "CC0-1.0" in leeme and "dominio público" in leeme


def test_todo_archivo_de_datos_figura_en_las_sumas():
    sumas = datos.sumas_esperadas()
    for ruta in datos.CARPETA_DATOS.rglob("*"):
        relativa = ruta.relative_to(datos.CARPETA_DATOS).as_posix()
        if ruta.is_file() and ruta.suffix in {".csv", ".jsonl", ".txt"}:
            assert relativa in sumas, f"data/{relativa} no figura en data/SHA256SUMS"


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


def _filas_csv(nombre):
    with open(datos.CARPETA_DATOS / nombre, encoding="utf-8", newline="") as archivo:
        return list(csv.DictReader(archivo))


TIPOS_MINIMOS = {"negacion": 30, "ironia": 25, "mixta": 30, "coloquial": 30}


def test_resenas_manuales_variadas_equilibradas_y_fuera_del_entrenamiento():
    filas = _filas_csv("resenas/resenas_manuales.csv")
    assert len(filas) >= 220
    assert set(filas[0]) == {"texto", "etiqueta", "tipo"}
    assert {f["etiqueta"] for f in filas} == set(datos.ETIQUETAS)
    tipos = Counter(f["tipo"] for f in filas)
    assert set(tipos) == {"directa", *TIPOS_MINIMOS}, tipos
    for tipo, minimo in TIPOS_MINIMOS.items():
        assert tipos[tipo] >= minimo, (tipo, tipos[tipo])
    positivas = sum(f["etiqueta"] == "positivo" for f in filas) / len(filas)
    assert 0.4 <= positivas <= 0.6, positivas
    textos = [f["texto"].strip() for f in filas]
    assert all(textos) and len(set(textos)) == len(textos), "hay reseñas repetidas"
    sinteticas = {f["texto"].strip() for f in _filas_csv("resenas/resenas.csv")}
    assert not set(textos) & sinteticas, "una reseña manual está también en resenas.csv"


def test_cargar_resenas_manuales_conserva_label_y_tipo():
    manuales = datos.cargar_resenas_manuales()
    assert manuales.column_names == ["texto", "label", "tipo"]
    assert manuales.features["label"].names == datos.ETIQUETAS
    filas = _filas_csv("resenas/resenas_manuales.csv")
    assert [datos.ETIQUETAS[e] for e in manuales["label"]] == [f["etiqueta"] for f in filas]
    assert list(manuales["tipo"]) == [f["tipo"] for f in filas]
    assert manuales[0]["texto"].startswith("Pedí la hamburguesa")  # las 40 de siempre siguen primero


RAICES_TEMA = {"deportes": "deport", "economía": "econ", "cocina": "cocin", "tecnología": "tecnol", "salud": "salud"}


def test_temas_cinco_por_treinta_sin_regalar_la_palabra():
    assert datos.TEMAS == list(RAICES_TEMA)
    temas = datos.cargar_temas()
    assert temas.column_names == ["texto", "tema"]
    cuenta = Counter(temas["tema"])
    assert set(cuenta) == set(datos.TEMAS) and min(cuenta.values()) >= 30, cuenta
    textos = list(temas["texto"])
    assert len(set(textos)) == len(textos)
    for tema, raiz in RAICES_TEMA.items():
        del_tema = [t for t, e in zip(textos, temas["tema"]) if e == tema]
        sin_pista = sum(raiz not in t.lower() for t in del_tema)
        assert sin_pista >= len(del_tema) / 3, (tema, sin_pista)


def _generador():
    especificacion = importlib.util.spec_from_file_location("generar_ner_qa", RAIZ / "data/fuentes/generar_ner_qa.py")
    modulo = importlib.util.module_from_spec(especificacion)
    especificacion.loader.exec_module(modulo)
    return modulo


def _lineas_json(nombre):
    return [json.loads(linea) for linea in (datos.CARPETA_DATOS / "ner_qa" / nombre).read_text(encoding="utf-8").splitlines()]


def _textos_ner_qa():
    ner = [" ".join(f["tokens"]) for f in _lineas_json("ner.jsonl")]
    qa = [t for f in _lineas_json("qa.jsonl") for t in (f["contexto"], f["pregunta"], f["respuesta"])]
    return ner + qa


def test_ner_qa_tamanos_y_tramos():
    ner, qa = _lineas_json("ner.jsonl"), _lineas_json("qa.jsonl")
    assert len(ner) == 1500 and 1200 <= len(qa) <= 1500
    for fila in ner:
        assert len(fila["tokens"]) == len(fila["etiquetas"])
        anterior = "O"
        for etiqueta in fila["etiquetas"]:
            assert etiqueta in datos.ETIQUETAS_NER
            if etiqueta.startswith("I-"):  # una I- continúa una entidad del mismo tipo
                assert anterior[2:] == etiqueta[2:], fila
            anterior = etiqueta
    for fila in qa:
        assert fila["respuesta"] and fila["contexto"][fila["inicio"]:fila["inicio"] + len(fila["respuesta"])] == fila["respuesta"]


def test_ner_qa_contracciones():
    for texto in _textos_ner_qa():
        assert not re.search(r"\b(de|a) el\b", texto, re.IGNORECASE), texto


MARCAS_GENERO = {
    "m": {"nuevo", "director", "presidente", "jefe", "conservador", "atendido", "amigo"},
    "f": {"nueva", "directora", "presidenta", "jefa", "conservadora", "atendida", "amiga", "médica"},
}


def test_ner_qa_concordancia_de_genero():
    personas = _generador().PERSONAS
    assert {g for _, g in personas} == {"m", "f"}
    textos = _textos_ner_qa()
    vistas = Counter()
    for nombre, genero in personas:
        contrario = MARCAS_GENERO["f" if genero == "m" else "m"]
        for forma in {nombre, nombre.rsplit(" ", 1)[0]}:
            patron = re.compile(rf"(\w+ )?\b{re.escape(forma)}\b((?: [\w,]+){{0,4}})")
            for texto in textos:
                for antes, despues in patron.findall(texto):
                    palabras = set(re.findall(r"\w+", antes + despues.lower()))
                    assert not palabras & contrario, f"{nombre} ({genero}): {texto}"
                    vistas[genero] += bool(palabras & MARCAS_GENERO[genero])
    assert vistas["m"] > 50 and vistas["f"] > 50, vistas  # la prueba ve cargos de los dos géneros


def test_ner_qa_organizaciones_plausibles():
    generador = _generador()
    reales = {nombre: ciudad for _, nombre, _, ciudad in generador.ORGANIZACIONES if ciudad}
    educativas = {nombre for _, nombre, clase, _ in generador.ORGANIZACIONES if clase == "educativa"}
    assert reales and educativas
    for texto in _textos_ner_qa():
        for resto in re.findall(r"estudi(?:ó|aban) en (?:la |el )?([^.,]+)", texto):
            assert any(resto.startswith(nombre) for nombre in educativas), texto
        for nombre, ciudad in reales.items():
            if nombre in texto:
                assert not re.search(r"sede|fundaron|reunión|nuev[oa] ", texto), texto
                for patron in (r"vive en ([^.,]+?) y trabaja", r"se mudó a ([^.,]+?) para trabajar",
                               r"caída en ([^.,]+?) ?\.", r"mañana a ([^.,]+?) para visitar"):
                    for lugar in re.findall(patron, texto):
                        assert lugar.strip() == ciudad, texto
