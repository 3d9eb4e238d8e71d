"""Modelos que el curso entrena con los datos de `data/` (no hay equivalentes en PyPI).

Se entrenan una vez (`python -m helpers.preparar`) y quedan en la caché local
con un id propio del curso (`curso-hf-es/...`), que no existe en el Hub.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

BASE_SENTIMIENTO = "sentence-transformers/all-MiniLM-L6-v2"


def entrenar_sentimiento(destino: Path) -> dict:
    """Ajusta MiniLM para clasificar reseñas en positivo/negativo (≈1 min en 2 núcleos).

    Guarda modelo, tokenizador y una ficha (README.md) con las métricas en `destino`.
    """
    from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                              Trainer, TrainingArguments)

    from . import datos, modelos
    from .reproducibilidad import fijar_semilla

    modelos.preparar("codificador")
    fijar_semilla()
    tokenizador = AutoTokenizer.from_pretrained(BASE_SENTIMIENTO)
    resenas = datos.cargar_resenas().map(
        lambda lote: tokenizador(lote["texto"], truncation=True, max_length=64), batched=True)
    modelo = AutoModelForSequenceClassification.from_pretrained(
        BASE_SENTIMIENTO, num_labels=2, id2label=dict(enumerate(datos.ETIQUETAS)),
        label2id={e: i for i, e in enumerate(datos.ETIQUETAS)})
    for parametro in modelo.bert.embeddings.parameters():  # la mitad de los pesos: congelarlos acelera
        parametro.requires_grad = False
    argumentos = TrainingArguments(
        output_dir=str(destino / "_trainer"), num_train_epochs=1, learning_rate=1e-4,
        per_device_train_batch_size=32, per_device_eval_batch_size=64, eval_strategy="no",
        save_strategy="no", logging_strategy="no", report_to="none", seed=42, disable_tqdm=True,
        dataloader_pin_memory=False)
    trainer = Trainer(model=modelo, args=argumentos, train_dataset=resenas["train"],
                      processing_class=tokenizador, data_collator=DataCollatorWithPadding(tokenizador))
    inicio = time.perf_counter()
    trainer.train()
    segundos = time.perf_counter() - inicio
    prediccion = trainer.predict(resenas["test"])
    exactitud = float((prediccion.predictions.argmax(-1) == prediccion.label_ids).mean())
    trainer.save_model(str(destino))
    metricas = {"exactitud_prueba": round(exactitud, 4), "segundos_entrenamiento": round(segundos, 1),
                "ejemplos_entrenamiento": len(resenas["train"]), "ejemplos_prueba": len(resenas["test"])}
    (destino / "metricas.json").write_text(json.dumps(metricas, indent=2))
    (destino / "README.md").write_text(
        "# curso-hf-es/minilm-sentimiento-es\n\n"
        f"`{BASE_SENTIMIENTO}` ajustado 1 época en las reseñas sintéticas de `data/resenas/` "
        "(positivo/negativo) por `helpers.entrenamiento.entrenar_sentimiento`. Modelo del curso: no está en el Hub.\n\n"
        f"Métricas: {json.dumps(metricas)}\n\n"
        "Limitación: el vocabulario de MiniLM es inglés y los datos son sintéticos; en reseñas reales acierta menos.\n")
    for sobrante in destino.glob("_trainer"):
        import shutil
        shutil.rmtree(sobrante, ignore_errors=True)
    (destino / "training_args.bin").unlink(missing_ok=True)
    return metricas
