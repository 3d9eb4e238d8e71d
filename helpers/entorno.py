"""Comprobación del entorno: versiones, dispositivo, Colab y conexión al Hub."""
from __future__ import annotations

import importlib.metadata
import os
import socket
import sys
from dataclasses import dataclass, field

PAQUETES_CLAVE = (
    "torch", "transformers", "tokenizers", "datasets", "accelerate", "peft",
    "bitsandbytes", "sentence-transformers", "scikit-learn", "google-genai",
)
TRANSFORMERS_MAYOR_ESPERADA = 5


def en_colab() -> bool:
    """True si el cuaderno se ejecuta en Google Colab."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def modo_offline_forzado() -> bool:
    """True si el usuario ya pidió trabajar sin conexión (HF_HUB_OFFLINE=1)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def hay_conexion(host: str = "huggingface.co", puerto: int = 443, espera: float = 2.0) -> bool:
    """¿Se puede abrir una conexión TCP con el Hub? No descarga nada."""
    if modo_offline_forzado():
        return False
    try:
        with socket.create_connection((host, puerto), timeout=espera):
            return True
    except OSError:
        return False


def activar_modo_offline() -> None:
    """Hace que transformers y huggingface_hub usen solo la caché local.

    Sin esto, cada `from_pretrained` intenta contactar el Hub y tarda casi un
    minuto en rendirse antes de leer la caché.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    if "huggingface_hub" in sys.modules:  # ya importado: su constante se leyó al importar
        import huggingface_hub.constants as constantes
        constantes.HF_HUB_OFFLINE = True


def dispositivo() -> str:
    """'cuda', 'mps' o 'cpu': el acelerador disponible, por ese orden."""
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def version(paquete: str) -> str | None:
    """Versión instalada de `paquete`, o None si no está instalado."""
    try:
        return importlib.metadata.version(paquete)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass
class InformeEntorno:
    """Resumen del entorno, con avisos en español si algo no encaja."""

    python: str
    dispositivo: str
    colab: bool
    conexion: bool
    versiones: dict[str, str | None]
    avisos: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lineas = [
            f"Python            {self.python}",
            f"Dispositivo       {self.dispositivo}",
            f"Google Colab      {'sí' if self.colab else 'no'}",
            f"Conexión al Hub   {'sí' if self.conexion else 'no (modo offline: se usa la caché local)'}",
        ]
        lineas += [f"{nombre:<17} {v or 'NO INSTALADO'}" for nombre, v in self.versiones.items()]
        lineas += [f"AVISO: {aviso}" for aviso in self.avisos]
        return "\n".join(lineas)


def comprobar_entorno(comprobar_conexion: bool = True) -> InformeEntorno:
    """Reúne versiones, dispositivo, Colab y conexión, y anota los problemas."""
    versiones = {p: version(p) for p in PAQUETES_CLAVE}
    avisos = [
        f"falta el paquete {p}: instala las dependencias con `make lab` o `pip install -r requirements.txt`."
        for p, v in versiones.items() if v is None
    ]
    v_tf = versiones.get("transformers")
    if v_tf and int(v_tf.split(".")[0]) < TRANSFORMERS_MAYOR_ESPERADA:
        avisos.append(
            f"tienes transformers {v_tf}; el curso usa la API de la 5.x "
            "(eval_strategy, processing_class, dtype). Actualiza con `pip install -r requirements.txt`."
        )
    return InformeEntorno(
        python=sys.version.split()[0],
        dispositivo=dispositivo(),
        colab=en_colab(),
        conexion=hay_conexion() if comprobar_conexion else False,
        versiones=versiones,
        avisos=avisos,
    )
