"""Siembra la caché estándar de Hugging Face con archivos locales.

Así `from_pretrained("org/nombre")` funciona sin conexión: la caché queda con
la misma estructura que crea `huggingface_hub` al descargar (blobs, snapshots y
refs/main), de modo que el código de los cuadernos es el mismo online y offline.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from huggingface_hub import constants


def carpeta_cache() -> Path:
    """Carpeta `hub/` de la caché que usará `from_pretrained` en este proceso."""
    return Path(constants.HF_HUB_CACHE)


def carpeta_repo(hub_id: str, cache: Path | None = None) -> Path:
    """Carpeta `models--org--nombre` de un modelo dentro de la caché."""
    return (cache or carpeta_cache()) / ("models--" + hub_id.replace("/", "--"))


def sha256_de(ruta: Path) -> str:
    """sha256 de un archivo, leído por bloques (sirve para archivos de GB)."""
    h = hashlib.sha256()
    with open(ruta, "rb") as f:
        for bloque in iter(lambda: f.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def archivos_de_carpeta(origen: Path) -> dict[str, Path]:
    """Todos los archivos de `origen` (sin ocultos), por su ruta relativa."""
    origen = Path(origen)
    if not origen.is_dir():
        raise FileNotFoundError(f"No existe la carpeta de modelo {origen}.")
    return {
        p.relative_to(origen).as_posix(): p
        for p in sorted(origen.rglob("*"))
        if p.is_file() and not any(parte.startswith(".") for parte in p.relative_to(origen).parts)
    }


def revision_de(archivos: dict[str, Path]) -> str:
    """Revisión local: huella (40 hex) de los nombres y contenidos de los archivos."""
    h = hashlib.sha1()
    for nombre in sorted(archivos):
        h.update(nombre.encode() + b"\0" + sha256_de(archivos[nombre]).encode())
    return h.hexdigest()


def _snapshot_completo(repo: Path, revision: str, nombres) -> bool:
    refs = repo / "refs" / "main"
    snapshot = repo / "snapshots" / revision
    return refs.is_file() and refs.read_text().strip() == revision and all((snapshot / n).exists() for n in nombres)


def esta_sembrado(hub_id: str, archivos: dict[str, Path], cache: Path | None = None) -> bool:
    """¿La caché ya tiene exactamente estos archivos como `refs/main`?"""
    return _snapshot_completo(carpeta_repo(hub_id, cache), revision_de(archivos), archivos)


def sembrar(hub_id: str, archivos: dict[str, Path], cache: Path | None = None) -> Path:
    """Copia `archivos` ({nombre: ruta}) a la caché como si se hubiera descargado `hub_id`.

    Devuelve la carpeta del snapshot. Es idempotente: si ya está sembrado con
    los mismos contenidos no escribe nada.
    """
    if not archivos:
        raise FileNotFoundError(f"No hay archivos de modelo que sembrar para {hub_id}.")
    repo = carpeta_repo(hub_id, cache)
    revision = revision_de(archivos)
    snapshot = repo / "snapshots" / revision
    if _snapshot_completo(repo, revision, archivos):  # sin volver a calcular las huellas
        return snapshot
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    for nombre, ruta in sorted(archivos.items()):
        blob = repo / "blobs" / sha256_de(ruta)
        if not blob.exists():
            temporal = blob.with_suffix(".incompleto")
            shutil.copyfile(ruta, temporal)
            os.replace(temporal, blob)
        enlace = snapshot / nombre
        enlace.parent.mkdir(parents=True, exist_ok=True)
        if enlace.is_symlink() or enlace.exists():
            enlace.unlink()
        enlace.symlink_to(os.path.relpath(blob, enlace.parent))
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(revision)
    return snapshot
