"""Entrenar y evaluar MiniLM deprisa en CPU para comparar configuraciones (lecciones 13 y 14).

Un bucle de PyTorch corto y determinista (mismo orden de lotes para la misma semilla), sin `Trainer`:
en la lección 13 se entrenan unas quince configuraciones y cada segundo cuenta. Lo que hace por
dentro es lo de la lección 05 (sección 7): forward → pérdida → backward → paso de AdamW.

    from helpers import evaluacion
    part = evaluacion.particiones(tokenizador)            # entrenamiento / validación / prueba
    modelo = evaluacion.nuevo_clasificador(base)
    resultado = evaluacion.entrenar(modelo, part["entrenamiento"], tokenizador, tasa=1e-4)
    evaluacion.exactitud(modelo, part["validacion"], tokenizador)
"""
from __future__ import annotations

import time
from collections.abc import Iterable

from .datos import ETIQUETAS, SEMILLA_PARTICION

from . import formato

LONGITUD_MAXIMA = 64
ESTRATEGIAS_CONGELADO = ("solo cabeza", "capas de arriba", "todo salvo embeddings", "todo")


def particiones(tokenizador, n_entrenamiento: int = 360, n_validacion: int = 120, n_prueba: int | None = None,
                semilla: int = SEMILLA_PARTICION) -> dict:
    """Tres particiones tokenizadas (máx. 64 tokens), estratificadas por etiqueta y sin reseñas en común.

    La validación sale de la partición de entrenamiento de `datos.cargar_resenas()`; la de prueba es la
    misma que usa la lección 05 (504 reseñas), o sus `n_prueba` primeras. Cada fila conserva `indice`,
    su número de fila en el CSV original (así se puede comprobar que no hay solapes).
    """
    from . import datos

    # La misma partición que `datos.cargar_resenas()`, con cada reseña numerada antes de partir.
    completo = datos._resenas_con_etiqueta("resenas/resenas.csv")
    completo = completo.add_column("indice", list(range(len(completo))))
    resenas = completo.train_test_split(test_size=0.2, seed=SEMILLA_PARTICION, stratify_by_column="label")
    desarrollo = resenas["train"].train_test_split(test_size=n_validacion, train_size=n_entrenamiento,
                                                   seed=semilla, stratify_by_column="label")
    prueba = resenas["test"] if n_prueba is None else resenas["test"].select(range(n_prueba))

    def tokenizar(lote):
        return tokenizador(lote["texto"], truncation=True, max_length=LONGITUD_MAXIMA)

    quitar = ["texto", "dominio"]
    return {"entrenamiento": desarrollo["train"].map(tokenizar, batched=True, remove_columns=quitar),
            "validacion": desarrollo["test"].map(tokenizar, batched=True, remove_columns=quitar),
            "prueba": prueba.map(tokenizar, batched=True, remove_columns=quitar)}


def nuevo_clasificador(base: str, dropout: float | None = None, semilla: int = 42):
    """MiniLM con una cabeza de 2 clases nueva (misma inicialización para la misma semilla).

    `dropout` cambia a la vez el de las capas ocultas, el de la atención y el de la cabeza
    (MiniLM trae 0,1).
    """
    from transformers import AutoModelForSequenceClassification, set_seed

    set_seed(semilla)
    extra = {} if dropout is None else {"hidden_dropout_prob": dropout, "attention_probs_dropout_prob": dropout,
                                        "classifier_dropout": dropout}
    return AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=2, id2label=dict(enumerate(ETIQUETAS)), label2id={e: i for i, e in enumerate(ETIQUETAS)},
        **extra)


def congelar(modelo, estrategia: str, capas_arriba: int = 2):
    """Deja entrenable solo una parte y devuelve el modelo:

    - «solo cabeza»: el clasificador (770 parámetros en MiniLM);
    - «capas de arriba»: las `capas_arriba` últimas capas del codificador + pooler + cabeza;
    - «todo salvo embeddings»: como la lección 05 (la mitad de los pesos son los embeddings);
    - «todo».
    """
    if estrategia not in ESTRATEGIAS_CONGELADO:
        raise ValueError(f"Estrategia desconocida {estrategia!r}: usa una de {ESTRATEGIAS_CONGELADO}.")
    for parametro in modelo.parameters():
        parametro.requires_grad = estrategia == "todo"
    entrenables = {"solo cabeza": [modelo.classifier],
                   "capas de arriba": [modelo.classifier, modelo.base_model.pooler, *modelo.base_model.encoder.layer[-capas_arriba:]],
                   "todo salvo embeddings": [modelo.classifier, modelo.base_model.pooler, modelo.base_model.encoder],
                   "todo": []}[estrategia]
    for modulo in entrenables:
        for parametro in modulo.parameters():
            parametro.requires_grad = True
    return modelo


def parametros_entrenables(modelo) -> int:
    return sum(p.numel() for p in modelo.parameters() if p.requires_grad)


def bytes_optimizador(optimizador) -> int:
    """Bytes que ocupa de verdad el estado del optimizador (en AdamW: dos tensores por parámetro entrenable)."""
    import torch

    return sum(t.numel() * t.element_size() for estado in optimizador.state.values()
               for t in estado.values() if torch.is_tensor(t) and t.dim())


def _grupos_adamw(modelo, weight_decay: float) -> list[dict]:
    """Como `Trainer`: sin weight decay en sesgos ni LayerNorm."""
    con, sin = [], []
    for nombre, parametro in modelo.named_parameters():
        if parametro.requires_grad:
            (sin if nombre.endswith("bias") or "LayerNorm" in nombre else con).append(parametro)
    return [{"params": con, "weight_decay": weight_decay}, {"params": sin, "weight_decay": 0.0}]


def entrenar(modelo, datos, tokenizador, tasa: float, epocas: int = 1, lote: int = 16, weight_decay: float = 0.0,
             semilla: int = 42) -> dict:
    """Ajusta `modelo` con AdamW y tasa con decaimiento lineal (como `Trainer`); devuelve un resumen.

    {segundos, por_paso (Tiempo: mediana de los pasos), pasos, perdidas (una por paso), entrenables,
    bytes_optimizador, optimizador}
    """
    import torch
    from torch.utils.data import DataLoader
    from transformers import DataCollatorWithPadding, get_linear_schedule_with_warmup

    from .medicion import CronometroDePasos

    cargador = DataLoader(datos.remove_columns([c for c in datos.column_names if c == "indice"]),
                          batch_size=lote, shuffle=True, collate_fn=DataCollatorWithPadding(tokenizador),
                          generator=torch.Generator().manual_seed(semilla))
    optimizador = torch.optim.AdamW(_grupos_adamw(modelo, weight_decay), lr=tasa)
    pasos = epocas * len(cargador)
    planificador = get_linear_schedule_with_warmup(optimizador, 0, pasos)
    torch.manual_seed(semilla)  # máscaras de dropout iguales en cada ejecución
    modelo.train()
    perdidas, cronometro = [], CronometroDePasos()
    inicio = time.perf_counter()
    for _ in range(epocas):
        for lotes in cargador:
            cronometro.empezar()
            perdida = modelo(**lotes).loss
            perdida.backward()
            optimizador.step()
            planificador.step()
            optimizador.zero_grad()
            perdidas.append(perdida.item())
            cronometro.terminar()
    segundos = time.perf_counter() - inicio
    modelo.eval()
    return {"segundos": segundos, "por_paso": cronometro.tiempo(), "pasos": pasos, "perdidas": perdidas,
            "entrenables": parametros_entrenables(modelo),
            "bytes_optimizador": bytes_optimizador(optimizador), "optimizador": optimizador}


def predecir(modelo, datos, tokenizador, lote: int = 64) -> list[int]:
    """Clases predichas (lista de int) para un Dataset tokenizado, sin gradientes ni dropout."""
    import torch
    from torch.utils.data import DataLoader
    from transformers import DataCollatorWithPadding

    columnas = [c for c in datos.column_names if c in ("input_ids", "token_type_ids", "attention_mask")]
    cargador = DataLoader(datos.select_columns(columnas), batch_size=lote,
                          collate_fn=DataCollatorWithPadding(tokenizador))
    modelo.eval()
    predichas = []
    with torch.no_grad():
        for lotes in cargador:
            predichas += modelo(**lotes).logits.argmax(-1).tolist()
    return predichas


def exactitud(modelo, datos, tokenizador, lote: int = 64) -> float:
    """Proporción de aciertos de `modelo` en un Dataset tokenizado con columna `label`."""
    predichas = predecir(modelo, datos, tokenizador, lote)
    return sum(int(p == r) for p, r in zip(predichas, datos["label"])) / len(predichas)


def media_y_desviacion(valores: Iterable[float]) -> tuple[float, float]:
    """Media y desviación típica muestral (n − 1), la que da `statistics.stdev`."""
    import statistics

    valores = list(valores)
    return statistics.mean(valores), statistics.stdev(valores)


def porcentaje(x: float, decimales: int = 1) -> str:
    """0.9583 → '95,8 %' (formato español, helpers.formato)."""
    return formato.porcentaje(x, decimales)


def decimal(x: float, decimales: int = 1) -> str:
    """1.25 → '1,2' (coma decimal, helpers.formato)."""
    return formato.decimal(x, decimales)
