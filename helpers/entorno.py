"""Comprobación del entorno: versiones, dispositivo, Colab, conexión al Hub y a internet.

Son dos preguntas distintas: el Hub puede no estar (aula con proxy, CI) y Gemini sí,
o al revés. El modo offline solo se activa para el Hub.
"""
from __future__ import annotations

import importlib.metadata
import os
import socket
import sys
from urllib.parse import urlsplit
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


def url_hub() -> str:
    """Dirección del Hub que usará huggingface_hub (HF_ENDPOINT, o la del Hub real)."""
    return os.environ.get("HF_ENDPOINT", "").strip().rstrip("/") or "https://huggingface.co"


def url_gemini() -> str:
    """Dirección de la API de Gemini (GOOGLE_GEMINI_BASE_URL, o la de Google)."""
    return os.environ.get("GOOGLE_GEMINI_BASE_URL", "").strip() or "https://generativelanguage.googleapis.com"


def alcanzable(url: str, espera: float = 2.0) -> bool:
    """¿Se puede abrir una conexión TCP con el servidor de `url`? No descarga nada."""
    partes = urlsplit(url)
    puerto = partes.port or (443 if partes.scheme == "https" else 80)
    try:
        with socket.create_connection((partes.hostname, puerto), timeout=espera):
            return True
    except (OSError, ValueError):
        return False


def hay_hub(espera: float = 2.0) -> bool:
    """¿Está accesible el Hub de Hugging Face (o HF_ENDPOINT)? False si se forzó HF_HUB_OFFLINE=1."""
    return not modo_offline_forzado() and alcanzable(url_hub(), espera)


def hay_internet(espera: float = 2.0) -> bool:
    """¿Está accesible la API de Gemini? Independiente del Hub y de HF_HUB_OFFLINE."""
    return alcanzable(url_gemini(), espera)


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


AVISO_MPS = ("Apple MPS: algunas operaciones no existen en MPS y van a la CPU (PYTORCH_ENABLE_MPS_FALLBACK=1), "
             "bitsandbytes (lección 07) solo funciona en CUDA o CPU, y los resultados pueden diferir en los últimos "
             "decimales de los guardados en solutions/.")


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
    hub: bool
    internet: bool
    versiones: dict[str, str | None]
    avisos: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lineas = [
            f"Python            {self.python}",
            f"Dispositivo       {self.dispositivo}",
            f"Google Colab      {'sí' if self.colab else 'no'}",
            f"Hub de HF         {'accesible' if self.hub else 'no accesible (modo offline: copias locales)'}",
            f"Internet (Gemini) {'accesible' if self.internet else 'no accesible'}",
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
    if dispositivo() == "mps":
        avisos.append(AVISO_MPS)
    return InformeEntorno(
        python=sys.version.split()[0],
        dispositivo=dispositivo(),
        colab=en_colab(),
        hub=hay_hub() if comprobar_conexion else False,
        internet=hay_internet() if comprobar_conexion else False,
        versiones=versiones,
        avisos=avisos,
    )
