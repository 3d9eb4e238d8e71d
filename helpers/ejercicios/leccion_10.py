"""Ejercicios de la lección 10: Gemini frente a modelos abiertos."""
from __future__ import annotations

from ..formato import decimal
from . import Ejercicio, Incorrecto, pregunta_abierta

TOKENS_ENTRADA_EJ1, TOKENS_SALIDA_EJ1 = 1_200_000, 300_000
PRECIO_ENTRADA_EJ1, PRECIO_SALIDA_EJ1 = 0.30, 2.50  # USD por millón de tokens (ejemplo)
SISTEMA_EJ2 = "Responde en español y en una sola frase."
PREGUNTA_EJ2 = "¿Qué es un embedding?"


def _comprobar_coste(respuesta) -> str:
    try:
        valor = float(respuesta)
    except (TypeError, ValueError):
        raise Incorrecto("Esperaba un número (dólares).") from None
    esperado = TOKENS_ENTRADA_EJ1 / 1e6 * PRECIO_ENTRADA_EJ1 + TOKENS_SALIDA_EJ1 / 1e6 * PRECIO_SALIDA_EJ1
    if abs(valor - (TOKENS_ENTRADA_EJ1 + TOKENS_SALIDA_EJ1) / 1e6 * PRECIO_ENTRADA_EJ1) < 1e-9:
        raise Incorrecto("Los tokens de salida tienen otro precio (más caro).")
    if abs(valor - esperado) > 1e-9:
        raise Incorrecto("Coste = tokens_entrada/1e6 · precio_entrada + tokens_salida/1e6 · precio_salida.")
    return f"{decimal(esperado)} USD: la salida pesa más que la entrada aunque sean menos tokens."


def _comprobar_mensajes(respuesta) -> str:
    if not isinstance(respuesta, list) or not all(isinstance(m, dict) for m in respuesta):
        raise Incorrecto("Esperaba una lista de diccionarios {'role': …, 'content': …}.")
    roles = [m.get("role") for m in respuesta]
    if roles != ["system", "user"]:
        raise Incorrecto(f"Los roles deben ser ['system', 'user'] en ese orden; tienes {roles}.")
    if respuesta[0].get("content") != SISTEMA_EJ2 or respuesta[1].get("content") != PREGUNTA_EJ2:
        raise Incorrecto("Usa SISTEMA_EJ2 como contenido del sistema y PREGUNTA_EJ2 como el del usuario.")
    return "Ese formato sirve para apply_chat_template y, casi igual, para las APIs de chat."


ej1 = Ejercicio("leccion_10.ej1", "Coste en USD de TOKENS_ENTRADA_EJ1 y TOKENS_SALIDA_EJ1 con los precios por millón dados.",
                _comprobar_coste, pistas=["Divide los tokens entre un millón y multiplica por su precio; suma entrada y salida."])
ej2 = Ejercicio("leccion_10.ej2", "La conversación [sistema, usuario] con SISTEMA_EJ2 y PREGUNTA_EJ2.", _comprobar_mensajes,
                pistas=["Cada mensaje es {'role': 'system' | 'user' | 'assistant', 'content': texto}."])
ej3 = pregunta_abierta(
    "leccion_10.ej3",
    "Con las respuestas de los dos modelos que has visto en esta lección: ¿cuál usarías para un asistente de "
    "atención al cliente de una biblioteca pública, y por qué? Ten en cuenta calidad, latencia, coste y privacidad.",
    pistas=["Mira la tabla de la comparación: aciertos, segundos y coste por respuesta.",
            "¿Qué pasa con los datos de los usuarios en cada caso? ¿Y si no hay conexión?"])
EJERCICIOS = [ej1, ej2, ej3]
