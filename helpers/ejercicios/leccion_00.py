"""Ejercicios de la lección 00: el entorno del curso."""
from __future__ import annotations

import json
from pathlib import Path

from ..formato import decimal, entero
from . import Ejercicio, Incorrecto, es_entero


def _comprobar_dispositivo(respuesta) -> str:
    from ..entorno import dispositivo

    if not isinstance(respuesta, str):
        raise Incorrecto(f"La respuesta debe ser un texto como 'cpu', no {type(respuesta).__name__}.")
    if respuesta.strip().lower() not in {"cuda", "mps", "cpu"}:
        raise Incorrecto(f"'{respuesta}' no es un dispositivo de PyTorch: usa 'cuda', 'mps' o 'cpu'.")
    real = dispositivo()
    if respuesta.strip().lower() != real:
        raise Incorrecto(f"Dices '{respuesta}', pero PyTorch no ve ese acelerador en esta máquina.")
    # Sin nombrar el dispositivo: la salida guardada debe valer igual en CPU que en GPU (nbval la compara).
    return "Coincide con el acelerador que PyTorch ve en esta máquina (o la CPU si no hay ninguno)."


def _parametros_codificador() -> tuple[int, int]:
    from transformers import AutoModel

    from ..modelos import id_hub

    modelo = AutoModel.from_pretrained(id_hub("codificador"))
    return sum(p.numel() for p in modelo.parameters()), len(list(modelo.parameters()))


def _comprobar_parametros(respuesta) -> str:
    if not es_entero(respuesta):
        raise Incorrecto(f"Da un número entero (int), no {type(respuesta).__name__}; usa sum(...) sin redondear.")
    total, tensores = _parametros_codificador()
    if respuesta == tensores:
        raise Incorrecto(f"{respuesta} es el número de tensores. Suma p.numel() de cada uno para contar números.")
    if respuesta != total:
        raise Incorrecto(f"{entero(respuesta)} no es el número de parámetros del codificador.")
    return f"El codificador tiene {entero(total)} parámetros (≈{decimal(total / 1e6, 1)} M)."


def _comprobar_ruta_cache(respuesta) -> str:
    if not isinstance(respuesta, (str, Path)):
        raise Incorrecto(f"Da una ruta (str o pathlib.Path), no {type(respuesta).__name__}.")
    carpeta = Path(respuesta)
    if carpeta.is_file():
        raise Incorrecto("Es un archivo; pide la carpeta que lo contiene (el «snapshot» del modelo).")
    config = carpeta / "config.json"
    if not config.is_file():
        raise Incorrecto(f"En {carpeta} no hay config.json: no es la carpeta de un modelo descargado.")
    datos = json.loads(config.read_text())
    if datos.get("model_type") != "bert" or datos.get("hidden_size") != 384:
        raise Incorrecto("Esa carpeta es de otro modelo: busca la de sentence-transformers/all-MiniLM-L6-v2.")
    if "snapshots" not in carpeta.resolve().parts and "snapshots" not in carpeta.parts:
        raise Incorrecto("Es una copia del modelo, pero no la de la caché de Hugging Face (…/snapshots/…).")
    return "Ahí vive el modelo: es lo que lee from_pretrained cuando no hay conexión."


ej1 = Ejercicio(
    id="leccion_00.ej1",
    enunciado="¿En qué dispositivo se ejecutarán los modelos en esta máquina? ('cuda', 'mps' o 'cpu')",
    comprobacion=_comprobar_dispositivo,
    pistas=[
        "PyTorch te lo dice: torch.cuda.is_available() y torch.backends.mps.is_available().",
        "helpers.dispositivo() hace esas preguntas por ti y devuelve el texto.",
    ],
)

ej2 = Ejercicio(
    id="leccion_00.ej2",
    enunciado="¿Cuántos parámetros (números) tiene el modelo del rol 'codificador'?",
    comprobacion=_comprobar_parametros,
    pistas=[
        "Carga el modelo con AutoModel.from_pretrained(id_hub('codificador')).",
        "modelo.parameters() da los tensores; cada tensor p tiene p.numel() números.",
        "sum(p.numel() for p in modelo.parameters())",
    ],
)

ej3 = Ejercicio(
    id="leccion_00.ej3",
    enunciado="¿En qué carpeta de la caché local vive el modelo del rol 'codificador'?",
    comprobacion=_comprobar_ruta_cache,
    pistas=[
        "huggingface_hub sabe dónde guardó cada modelo: busca snapshot_download.",
        "snapshot_download(id, local_files_only=True) no descarga nada (ni con conexión): devuelve la carpeta local.",
    ],
)

EJERCICIOS = [ej1, ej2, ej3]
