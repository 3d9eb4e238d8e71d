"""Piezas de la lección 12 (despliegue): traductor, app Gradio, servidor local, carga y ONNX.

Todo funciona en CPU y sin conexión. Con conexión, el traductor es un modelo real del Hub
(Helsinki-NLP/opus-mt-es-en); sin ella, se le pide la traducción al LLM del curso.
"""
from __future__ import annotations

import importlib.util
import math
import os
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

RAIZ = Path(__file__).resolve().parent.parent
CARPETA_SERVICIO = RAIZ / "despliegue"
TRADUCTOR_HUB = "Helsinki-NLP/opus-mt-es-en"  # MarianMT es→en (repo real del Hub)
INSTRUCCION_TRADUCIR = ("You are a translator. Translate the user's Spanish text into English. "
                        "Answer only with the English translation, nothing else.")


# ---------------------------------------------------------------------------
# Traductor es→en
# ---------------------------------------------------------------------------

@dataclass
class Traductor:
    """Traduce del español al inglés con el modelo que haya en este entorno."""

    modelo: object
    tokenizador: object
    tipo: str  # "marian" (seq2seq del Hub) o "llm" (generador del curso con su plantilla de chat)
    descripcion: str
    max_tokens: int = 60

    def traducir(self, texto: str) -> str:
        import torch

        if self.tipo == "marian":
            entrada = self.tokenizador(texto, return_tensors="pt", truncation=True)
            with torch.no_grad():
                salida = self.modelo.generate(**entrada, max_new_tokens=self.max_tokens, num_beams=1)
            return self.tokenizador.decode(salida[0], skip_special_tokens=True).strip()
        mensajes = [{"role": "system", "content": INSTRUCCION_TRADUCIR}, {"role": "user", "content": texto}]
        entrada = self.tokenizador.apply_chat_template(mensajes, add_generation_prompt=True, return_tensors="pt",
                                                       return_dict=True)
        with torch.no_grad():
            salida = self.modelo.generate(**entrada, max_new_tokens=self.max_tokens, do_sample=False)
        nuevos = salida[0, entrada["input_ids"].shape[1]:]
        return self.tokenizador.decode(nuevos, skip_special_tokens=True).strip()


def cargar_traductor(explicar: bool = True) -> Traductor:
    """Con el Hub: MarianMT (Helsinki-NLP/opus-mt-es-en). Sin él: el generador del curso con su chat template."""
    from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    from . import modelos
    from .entorno import hay_hub

    motivo, fuente = "no hay conexión con el Hub", None
    if hay_hub():
        disponible, por_que = modelos.hub_tiene(TRADUCTOR_HUB)
        if disponible and importlib.util.find_spec("sentencepiece") is None:
            disponible, por_que = False, "su tokenizador (MarianTokenizer) necesita `pip install sentencepiece`"
        if disponible:
            fuente, clase, tipo = TRADUCTOR_HUB, AutoModelForSeq2SeqLM, "marian"
            descripcion = f"{TRADUCTOR_HUB} (MarianMT, seq2seq), del Hub, porque hay conexión"
        else:
            motivo = f"{TRADUCTOR_HUB}: {por_que}"
    if fuente is None:
        fuente, clase, tipo = modelos.modelo("generador", explicar=explicar), AutoModelForCausalLM, "llm"
        descripcion = f"el generador del curso con su plantilla de chat, porque {motivo}"
    tokenizador = AutoTokenizer.from_pretrained(fuente)
    modelo = clase.from_pretrained(fuente).eval()
    if explicar:
        print(f"Traductor: {descripcion}.")
    return Traductor(modelo, tokenizador, tipo, descripcion)


# ---------------------------------------------------------------------------
# App Gradio
# ---------------------------------------------------------------------------

def crear_app(clasificar: Callable[[str], str], traducir: Callable[[str], str]):
    """Una app Gradio con dos botones: sentimiento y traducción. Devuelve el gr.Blocks sin lanzar."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    with gr.Blocks(title="Reseñas: sentimiento y traducción") as app:
        gr.Markdown("## Reseñas en español\nEscribe una reseña: el modelo dice su sentimiento y la traduce al inglés.")
        resena = gr.Textbox(label="Reseña en español", lines=3, elem_id="resena")
        with gr.Row():
            boton_sentimiento = gr.Button("Analizar sentimiento", variant="primary", elem_id="analizar")
            boton_traducir = gr.Button("Traducir al inglés", elem_id="traducir")
        sentimiento = gr.Textbox(label="Sentimiento", interactive=False, elem_id="sentimiento")
        traduccion = gr.Textbox(label="Traducción", interactive=False, elem_id="traduccion")
        boton_sentimiento.click(clasificar, resena, sentimiento, api_name="sentimiento")
        boton_traducir.click(traducir, resena, traduccion, api_name="traducir")
    return app


def lanzar_app(app, puerto: int | None = None) -> str:
    """Lanza la app en 127.0.0.1 sin bloquear la celda y devuelve su URL."""
    puerto = puerto or puerto_libre()
    app.launch(server_name="127.0.0.1", server_port=puerto, prevent_thread_lock=True, quiet=True,
               share=False, inbrowser=False)
    return f"http://127.0.0.1:{puerto}/"


# ---------------------------------------------------------------------------
# Servicio FastAPI en un hilo
# ---------------------------------------------------------------------------

def puerto_libre() -> int:
    """Un puerto TCP libre en 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cargar_servicio():
    """El módulo despliegue/servicio.py (no es un paquete: se carga desde su ruta)."""
    especificacion = importlib.util.spec_from_file_location("servicio_curso", CARPETA_SERVICIO / "servicio.py")
    modulo = importlib.util.module_from_spec(especificacion)
    especificacion.loader.exec_module(modulo)
    return modulo


class ServidorLocal:
    """Arranca una app ASGI (FastAPI) con uvicorn en un hilo; `with ServidorLocal(app) as url: ...`."""

    def __init__(self, app, puerto: int | None = None):
        import uvicorn

        self.puerto = puerto or puerto_libre()
        self.url = f"http://127.0.0.1:{self.puerto}"
        self.servidor = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.puerto, log_level="warning"))
        self.hilo = threading.Thread(target=self.servidor.run, daemon=True)

    def arrancar(self) -> str:
        """Arranca el servidor y devuelve su URL (lo mismo que `with`)."""
        return self.__enter__()

    def parar(self) -> None:
        self.__exit__(None, None, None)

    def __enter__(self) -> str:
        self.hilo.start()
        limite = time.monotonic() + 30
        while not self.servidor.started:
            if not self.hilo.is_alive() or time.monotonic() > limite:
                raise RuntimeError(f"uvicorn no arrancó en {self.url}")
            time.sleep(0.05)
        return self.url

    def __exit__(self, *_):
        self.servidor.should_exit = True
        self.hilo.join(timeout=10)


# ---------------------------------------------------------------------------
# Carga y latencias
# ---------------------------------------------------------------------------

def percentil(valores, p: float) -> float:
    """Percentil por el método del rango más cercano: el valor en la posición ⌈p/100 · n⌉ de la lista ordenada."""
    ordenados = sorted(valores)
    if not ordenados:
        raise ValueError("lista vacía")
    posicion = max(1, math.ceil(p / 100 * len(ordenados)))
    return ordenados[posicion - 1]


def carga(peticion: Callable[[int], object], n: int = 50, concurrencia: int = 4) -> dict:
    """Lanza `n` llamadas a `peticion(i)` con `concurrencia` hilos. Devuelve latencias (s) y rendimiento."""
    def cronometrada(i):
        inicio = time.perf_counter()
        peticion(i)
        return time.perf_counter() - inicio

    inicio = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrencia) as hilos:
        latencias = list(hilos.map(cronometrada, range(n)))
    total = time.perf_counter() - inicio
    return {"latencias": latencias, "mediana": statistics.median(latencias), "p95": percentil(latencias, 95),
            "segundos": total, "por_segundo": n / total}


def ms(segundos: float) -> str:
    """'12,3 ms' con coma decimal."""
    from .formato import decimal

    return f"{decimal(segundos * 1000, 1)} ms"


# ---------------------------------------------------------------------------
# ONNX
# ---------------------------------------------------------------------------

MEDIDAS: dict = {}  # lo que mide la lección; lo leen las comprobaciones de los ejercicios


def registrar_comparacion(logits_fp32, logits_int8, etiquetas) -> dict:
    """Guarda las predicciones fp32/int8 (argmax), el margen p₁ − p₂ de fp32 y cuánto mueve int8 las probabilidades."""
    import numpy as np

    probabilidades = np.exp(logits_fp32 - logits_fp32.max(-1, keepdims=True))
    probabilidades /= probabilidades.sum(-1, keepdims=True)
    dos_mayores = np.sort(probabilidades, axis=-1)[:, -2:]
    probabilidades_int8 = np.exp(logits_int8 - logits_int8.max(-1, keepdims=True))
    probabilidades_int8 /= probabilidades_int8.sum(-1, keepdims=True)
    MEDIDAS["onnx"] = {"pred_fp32": logits_fp32.argmax(-1).tolist(), "pred_int8": logits_int8.argmax(-1).tolist(),
                       "etiquetas": list(etiquetas),
                       "margen_fp32": (dos_mayores[:, 1] - dos_mayores[:, 0]).tolist(),
                       "cambio_probabilidad": np.abs(probabilidades - probabilidades_int8).max(-1).tolist()}
    return MEDIDAS["onnx"]

def exportar_onnx(modelo, tokenizador, ruta: str | Path) -> Path:
    """Exporta un clasificador de transformers a ONNX con el exportador de TorchScript de torch (dynamo=False).

    Ejes dinámicos: lote y longitud. Así funciona con cualquier número de textos y de tokens.
    """
    import warnings

    import torch

    ruta = Path(ruta)
    ejemplo = tokenizador(["Una reseña corta.", "Otra reseña, un poco más larga que la primera."],
                          padding=True, return_tensors="pt")
    nombres = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in ejemplo]
    ejes = {n: {0: "lote", 1: "tokens"} for n in nombres} | {"logits": {0: "lote"}}
    modelo.eval()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # avisos de trazado de TorchScript: el resultado se verifica después
        torch.onnx.export(modelo, tuple(ejemplo[n] for n in nombres), str(ruta), dynamo=False,
                          input_names=nombres, output_names=["logits"], dynamic_axes=ejes, opset_version=17)
    return ruta


def cuantizar_onnx_int8(origen: str | Path, destino: str | Path) -> Path:
    """Cuantización dinámica a int8 de los pesos (MatMul/Gemm) con onnxruntime.quantization."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # «consider pre-processing»: no cambia el resultado aquí
    quantize_dynamic(str(origen), str(destino), weight_type=QuantType.QInt8)
    return Path(destino)


def sesion_onnx(ruta: str | Path, hilos: int = 2):
    """Una sesión de onnxruntime en CPU con `hilos` hilos."""
    import onnxruntime as ort

    opciones = ort.SessionOptions()
    opciones.intra_op_num_threads = hilos
    opciones.inter_op_num_threads = 1
    opciones.log_severity_level = 3
    return ort.InferenceSession(str(ruta), opciones, providers=["CPUExecutionProvider"])


def logits_onnx(sesion, tokenizador, textos, lote: int = 32):
    """Logits (numpy) de una sesión ONNX para una lista de textos."""
    import numpy as np

    nombres = [e.name for e in sesion.get_inputs()]
    partes = []
    for i in range(0, len(textos), lote):
        entrada = tokenizador(list(textos[i:i + lote]), padding=True, truncation=True, max_length=128,
                              return_tensors="np")
        partes.append(sesion.run(["logits"], {n: entrada[n].astype(np.int64) for n in nombres})[0])
    return np.concatenate(partes)


def logits_torch(modelo, tokenizador, textos, lote: int = 32):
    """Logits (numpy) del modelo de torch para una lista de textos."""
    import numpy as np
    import torch

    partes = []
    with torch.no_grad():
        for i in range(0, len(textos), lote):
            entrada = tokenizador(list(textos[i:i + lote]), padding=True, truncation=True, max_length=128,
                                  return_tensors="pt")
            partes.append(modelo(**entrada).logits.numpy())
    return np.concatenate(partes)


def mib(ruta: str | Path) -> float:
    """Tamaño de un archivo en MiB."""
    return Path(ruta).stat().st_size / 2**20
