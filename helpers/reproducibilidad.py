"""Semillas y silencio de los registros ruidosos, para salidas reproducibles."""
from __future__ import annotations

import logging
import os
import warnings

SEMILLA_DEL_CURSO = 42

VARIABLES_SILENCIO = {
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "TQDM_DISABLE": "1",
}


def fijar_semilla(semilla: int = SEMILLA_DEL_CURSO) -> int:
    """Fija las semillas de random, NumPy y PyTorch (vía `transformers.set_seed`)."""
    from transformers import set_seed

    set_seed(semilla)
    return semilla


def silenciar_bibliotecas() -> None:
    """Quita barras de progreso y avisos que cambian en cada ejecución."""
    os.environ.update(VARIABLES_SILENCIO)
    import datasets
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    datasets.utils.logging.set_verbosity_error()
    datasets.disable_progress_bars()
    for nombre in ("sentence_transformers", "huggingface_hub", "bitsandbytes", "peft", "accelerate"):
        logging.getLogger(nombre).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message=".*TRANSFORMERS_CACHE.*")
    warnings.filterwarnings("ignore", message="Could not find a config file")  # peft sin conexión al guardar
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*torch.ao.quantization.*")
    # quantize_dynamic (lección 07) avisa en inglés, con una ruta local, de que los tensores qint8 se retirarán.
    warnings.filterwarnings("ignore", category=UserWarning, message=".*quantize_per_tensor.*")
    warnings.filterwarnings("ignore", message=".*use_reentrant parameter should be passed explicitly.*")
