"""Ejercicios de la lección 07: cuantización."""
from __future__ import annotations

from ..formato import decimal
from . import Ejercicio, Incorrecto, opcion_multiple

PARAMETROS_EJ1 = 7_000_000_000  # un LLM de 7 B


def _comprobar_memoria(respuesta) -> str:
    if not isinstance(respuesta, dict) or set(respuesta) != {"fp32", "fp16", "int8", "int4"}:
        raise Incorrecto("Esperaba un diccionario con las claves 'fp32', 'fp16', 'int8' e 'int4' (en GB).")
    bytes_por = {"fp32": 4, "fp16": 2, "int8": 1, "int4": 0.5}
    for formato, b in bytes_por.items():
        esperado = PARAMETROS_EJ1 * b / 1e9
        valor = float(respuesta[formato])
        if abs(valor - PARAMETROS_EJ1 * b / 2**30) < 1e-6 and abs(valor - esperado) > 1e-6:
            raise Incorrecto("Has usado GiB (2³⁰); el enunciado pide GB (10⁹ bytes).")
        if abs(valor - esperado) > 1e-6:
            raise Incorrecto(f"{formato}: no es {valor}. Multiplica parámetros × bytes por parámetro y divide entre 10⁹.")
    return "fp32 28 GB → int4 3,5 GB: por eso un 7 B cuantizado cabe en una GPU de consumo."


def _comprobar_cuantizar(funcion) -> str:
    import torch

    if not callable(funcion):
        raise Incorrecto("Esperaba una función cuantizar_int8(w) que devuelva (q, escala).")
    w = torch.randn(64, 32, generator=torch.Generator().manual_seed(0)) * 0.05
    resultado = funcion(w)
    if not (isinstance(resultado, tuple) and len(resultado) == 2):
        raise Incorrecto("Debe devolver una tupla (q, escala).")
    q, escala = resultado
    if not torch.is_tensor(q) or q.dtype != torch.int8:
        raise Incorrecto("q debe ser un tensor de tipo torch.int8 (usa .to(torch.int8)).")
    if q.shape != w.shape:
        raise Incorrecto("q debe tener la misma forma que w.")
    escala = float(escala)
    if abs(escala - float(w.abs().max()) / 127) > 1e-8:
        raise Incorrecto("La escala absmax es max(|w|) / 127.")
    if int(q.abs().max()) != 127:
        raise Incorrecto("El valor de mayor magnitud debe ir a ±127.")
    if float((q.float() * escala - w).abs().max()) > escala / 2 + 1e-7:
        raise Incorrecto("Redondea w / escala (torch.round) antes de convertir: el error debe ser ≤ escala/2.")
    return "Error máximo ≤ medio escalón: así funciona la cuantización absmax por tensor."


def _comprobar_reduccion(respuesta) -> str:
    try:
        valor = float(respuesta)
    except (TypeError, ValueError):
        raise Incorrecto("Esperaba un número: huella fp32 / huella nf4.") from None
    if valor < 1:
        raise Incorrecto("Te salió < 1: divide la huella de fp32 entre la de nf4, no al revés.")
    import torch
    from transformers import AutoModelForSequenceClassification, BitsAndBytesConfig

    from ..modelos import copia_local

    ident = copia_local("sentimiento_minilm", explicar=False)
    fp32 = AutoModelForSequenceClassification.from_pretrained(ident).get_memory_footprint()
    nf4 = AutoModelForSequenceClassification.from_pretrained(ident, quantization_config=BitsAndBytesConfig(
        load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.float32,
        llm_int8_skip_modules=["classifier"])).get_memory_footprint()
    if abs(valor - fp32 / nf4) > 0.01:
        raise Incorrecto("No coincide con get_memory_footprint() de los dos modelos.")
    return (f"{decimal(fp32 / nf4, 1)}× menos, no 8×: los embeddings, LayerNorm y la cabeza no se cuantizan, "
            "y cada bloque guarda su escala.")


ej1 = Ejercicio("leccion_07.ej1", "Memoria (GB) de los pesos de un modelo de 7 000 millones de parámetros en fp32, fp16, int8 e int4.",
                _comprobar_memoria,
                pistas=["fp32 = 4 bytes, fp16 = 2, int8 = 1, int4 = medio byte por parámetro.",
                        "GB = bytes / 1e9."])
ej2 = Ejercicio("leccion_07.ej2", "Escribe cuantizar_int8(w) → (q, escala) con cuantización absmax por tensor.",
                _comprobar_cuantizar,
                pistas=["escala = w.abs().max() / 127", "q = torch.round(w / escala).to(torch.int8)"])
ej3 = Ejercicio("leccion_07.ej3", "¿Cuántas veces ocupa menos el modelo de sentimiento en nf4 que en fp32 (get_memory_footprint)?",
                _comprobar_reduccion,
                pistas=["modelo.get_memory_footprint() devuelve bytes.", "reduccion = huella_fp32 / huella_nf4"])
ej4 = opcion_multiple(
    "leccion_07.ej4",
    "QLoRA: quieres ajustar un modelo de 7 000 millones de parámetros en una GPU de 16 GB. ¿En qué orden y en qué precisión?",
    opciones={"a": "Entrenar LoRA en fp32 sobre el modelo completo y cuantizar a 4 bits al final.",
              "b": "Cuantizar el modelo base a 4 bits (nf4, congelado) y entrenar encima adaptadores LoRA en bf16/fp32; "
                   "para desplegar, fusionar sobre los pesos en 16 bits o servir base nf4 + adaptador.",
              "c": "Cuantizar a 4 bits y entrenar TODOS los pesos en 4 bits.",
              "d": "Cuantizar también los adaptadores LoRA a 4 bits para ahorrar más memoria durante el entrenamiento."},
    correcta="b",
    por_que={"a": "Entrenar primero exige cargar el modelo completo en fp32: 28 GB solo de pesos (ej1). No cabe.",
             "c": "Los pesos de 4 bits no se pueden actualizar con gradientes pequeños: el redondeo se los come. "
                  "Por eso el base se congela.",
             "d": "Los adaptadores son una fracción mínima de la memoria; en 4 bits su entrenamiento sería inestable."},
    explicacion="El base en nf4 ocupa ~3,5 GB y no recibe gradientes; los adaptadores (pocos millones de "
                "parámetros) se entrenan en precisión alta. Es lo que hace la celda de QLoRA con GPU.",
    pistas=["Usa tu respuesta del ejercicio 1: ¿cabe el modelo en fp32 en 16 GB?",
            "¿Qué parte necesita gradientes precisos y cuál puede quedarse congelada?"])
EJERCICIOS = [ej1, ej2, ej3, ej4]
