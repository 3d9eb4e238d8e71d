"""Conjuntos de datos del curso (carpeta `data/`), verificados con sus sumas SHA-256."""
from __future__ import annotations

import hashlib
from pathlib import Path

CARPETA_DATOS = Path(__file__).resolve().parent.parent / "data"
SEMILLA_PARTICION = 42
ETIQUETAS = ["negativo", "positivo"]


class DatosAlterados(RuntimeError):
    """Un archivo de `data/` falta o no coincide con su suma de comprobación."""


def sumas_esperadas(carpeta: Path = CARPETA_DATOS) -> dict[str, str]:
    """{ruta relativa: sha256} leído de data/SHA256SUMS."""
    sumas = {}
    for linea in (carpeta / "SHA256SUMS").read_text().splitlines():
        if linea.strip():
            suma, nombre = linea.split(maxsplit=1)
            sumas[nombre.strip().lstrip("*")] = suma
    return sumas


def ruta_verificada(nombre: str, carpeta: Path = CARPETA_DATOS) -> Path:
    """Ruta de un archivo de datos tras comprobar que está intacto."""
    ruta = carpeta / nombre
    esperada = sumas_esperadas(carpeta).get(nombre)
    if esperada is None:
        raise DatosAlterados(f"'{nombre}' no figura en data/SHA256SUMS: no es un conjunto de datos del curso.")
    if not ruta.is_file():
        raise DatosAlterados(f"Falta {ruta}. Recupéralo con `git checkout -- data/{nombre}`.")
    real = hashlib.sha256(ruta.read_bytes()).hexdigest()
    if real != esperada:
        raise DatosAlterados(
            f"data/{nombre} cambió respecto a la versión del curso (SHA-256 distinto). Si no lo editaste a "
            f"propósito, recupéralo con `git checkout -- data/{nombre}`; los resultados de los cuadernos dependen de él."
        )
    return ruta


def _resenas_con_etiqueta(nombre: str):
    """Un CSV de reseñas verificado, con la columna `label` (ClassLabel negativo/positivo)."""
    from datasets import ClassLabel, load_dataset

    datos = load_dataset("csv", data_files=str(ruta_verificada(nombre)))["train"]
    return datos.cast_column("etiqueta", ClassLabel(names=ETIQUETAS)).rename_column("etiqueta", "label")


def cargar_resenas(proporcion_prueba: float = 0.2):
    """Reseñas sintéticas como DatasetDict {train, test}, estratificado por etiqueta (semilla fija)."""
    return _resenas_con_etiqueta("resenas/resenas.csv").train_test_split(
        test_size=proporcion_prueba, seed=SEMILLA_PARTICION, stratify_by_column="label")


def cargar_resenas_entrenamiento():
    """900 reseñas escritas a mano para ENTRENAR (ironía, negación, mixtas, coloquiales; 15 dominios) como Dataset.

    Columnas: texto, label, tipo y dominio. Distintas de las de evaluación (`cargar_resenas_manuales`).
    """
    return _resenas_con_etiqueta("resenas/resenas_entrenamiento.csv")


def cargar_resenas_manuales():
    """Reseñas escritas a mano (más difíciles, fuera de las plantillas) como Dataset, solo para evaluar.

    Columnas: texto, label y tipo (directa, negacion, ironia, mixta o coloquial: qué las hace difíciles).
    """
    return _resenas_con_etiqueta("resenas/resenas_manuales.csv")


TEMAS = ["deportes", "economía", "cocina", "tecnología", "salud"]


def cargar_temas():
    """Frases escritas a mano con su tema (columnas texto, tema; 30 por tema) para evaluar zero-shot. Dataset."""
    from datasets import load_dataset

    return load_dataset("csv", data_files=str(ruta_verificada("temas/temas.csv")))["train"]


def texto_corpus() -> list[str]:
    """Corpus de español de dominio público (Reina-Valera 1909, extracto): un capítulo por elemento."""
    return ruta_verificada("corpus_es/reina_valera_1909.txt").read_text(encoding="utf-8").splitlines()


ETIQUETAS_NER = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]


def cargar_ner(proporcion_prueba: float = 0.2):
    """Frases sintéticas con entidades (BIO: PER, LOC, ORG) como DatasetDict {train, test}."""
    from datasets import ClassLabel, Sequence, load_dataset

    datos = load_dataset("json", data_files=str(ruta_verificada("ner_qa/ner.jsonl")))["train"]
    datos = datos.cast_column("etiquetas", Sequence(ClassLabel(names=ETIQUETAS_NER)))
    return datos.train_test_split(test_size=proporcion_prueba, seed=SEMILLA_PARTICION)


def cargar_qa(proporcion_prueba: float = 0.2):
    """Preguntas sintéticas con respuesta extractiva (contexto, pregunta, respuesta, inicio) como DatasetDict."""
    from datasets import load_dataset

    datos = load_dataset("json", data_files=str(ruta_verificada("ner_qa/qa.jsonl")))["train"]
    return datos.train_test_split(test_size=proporcion_prueba, seed=SEMILLA_PARTICION)
