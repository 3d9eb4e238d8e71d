"""Cliente de Gemini (google-genai) para el curso: clave segura y errores en español.

La clave se busca en GEMINI_API_KEY, GOOGLE_API_KEY o, en Colab, en los secretos
del cuaderno. Nunca se imprime ni se guarda. Sin clave, `hay_clave()` es False y
los cuadernos explican que se omite Gemini. GOOGLE_GEMINI_BASE_URL (del SDK)
permite apuntar a otro servidor, p. ej. uno local en las pruebas.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

MODELO_POR_DEFECTO = "gemini-2.5-flash"
VARIABLES_CLAVE = ("GEMINI_API_KEY", "GOOGLE_API_KEY")
COMO_CONSEGUIR_CLAVE = (
    "Crea una clave gratuita en Google AI Studio y guárdala como variable de entorno GEMINI_API_KEY "
    "(en Colab: icono de la llave → secreto GEMINI_API_KEY con acceso para el cuaderno). No la pegues en el cuaderno."
)


class ErrorGemini(RuntimeError):
    """Error al usar Gemini, con un mensaje en español que dice qué hacer."""


class SinClave(ErrorGemini):
    pass


class ClaveInvalida(ErrorGemini):
    pass


class LimiteDeUso(ErrorGemini):
    pass


class TiempoAgotado(ErrorGemini):
    pass


class ErrorDelServicio(ErrorGemini):
    pass


def _clave_de_colab() -> str | None:
    try:
        from google.colab import userdata  # type: ignore[import-not-found]
    except ImportError:
        return None
    for nombre in VARIABLES_CLAVE:
        try:
            valor = userdata.get(nombre)
        except Exception:  # secreto inexistente o sin permiso para este cuaderno
            continue
        if valor:
            return valor.strip()
    return None


def obtener_clave() -> str | None:
    """La clave de Gemini si existe (entorno o secretos de Colab), o None. No la muestres."""
    for nombre in VARIABLES_CLAVE:
        valor = os.environ.get(nombre, "").strip()
        if valor:
            return valor
    return _clave_de_colab()


def hay_clave() -> bool:
    return obtener_clave() is not None


def estado_clave() -> str:
    """Texto seguro para mostrar: dice si hay clave, nunca cuál es."""
    return "Clave de Gemini: configurada (no se muestra)." if hay_clave() else \
        "Clave de Gemini: no configurada. " + COMO_CONSEGUIR_CLAVE


@dataclass
class RespuestaGemini:
    texto: str
    segundos: float
    tokens_entrada: int
    tokens_salida: int
    modelo: str


def _sin_clave(texto: str, clave: str) -> str:
    return texto.replace(clave, "[CLAVE OCULTA]") if clave else texto


def _traducir(error: Exception, clave: str, espera: float) -> ErrorGemini:
    import httpx
    from google.genai import errors

    if isinstance(error, httpx.TimeoutException) or "timed out" in str(error).lower():
        return TiempoAgotado(f"Gemini no respondió en {espera:g} s. Prueba otra vez, con un prompt más corto "
                             "o con más tiempo (argumento espera=).")
    if isinstance(error, errors.APIError):
        codigo, detalle = error.code, _sin_clave(str(getattr(error, "message", "") or ""), clave)
        if codigo in (400, 401, 403) and ("key" in detalle.lower() or codigo != 400):
            return ClaveInvalida("Gemini rechazó la clave (¿caducada, mal copiada o sin permiso para la API?). "
                                 + COMO_CONSEGUIR_CLAVE)
        if codigo == 429:
            return LimiteDeUso("Has superado el límite de uso de Gemini (cuota o peticiones por minuto). "
                               "Espera un minuto y vuelve a ejecutar; el nivel gratuito tiene límites bajos.")
        if codigo == 404:
            return ErrorGemini(f"Gemini no conoce ese modelo. Revisa el nombre (p. ej. '{MODELO_POR_DEFECTO}').")
        if codigo and codigo >= 500:
            return ErrorDelServicio(f"El servicio de Gemini falló ({codigo}). No es culpa de tu código: "
                                    "reinténtalo en unos minutos.")
        return ErrorGemini(f"Gemini devolvió un error {codigo}: {detalle[:200]}")
    if isinstance(error, httpx.HTTPError):
        return ErrorDelServicio("No se pudo conectar con Gemini (¿sin conexión a internet?).")
    return ErrorGemini(f"Error inesperado al llamar a Gemini: {type(error).__name__}: {_sin_clave(str(error), clave)[:200]}")


def preguntar(prompt: str, modelo: str = MODELO_POR_DEFECTO, clave: str | None = None,
              espera: float = 60.0) -> RespuestaGemini:
    """Envía `prompt` a Gemini y devuelve texto, latencia y tokens. Errores: subclases de ErrorGemini."""
    from google import genai
    from google.genai import types

    clave = clave or obtener_clave()
    if not clave:
        raise SinClave("No hay clave de Gemini. " + COMO_CONSEGUIR_CLAVE)
    if not isinstance(prompt, str) or not prompt.strip():
        raise ErrorGemini("El prompt debe ser un texto no vacío.")
    opciones = types.HttpOptions(timeout=int(espera * 1000), retry_options=types.HttpRetryOptions(attempts=1))
    cliente = genai.Client(api_key=clave, http_options=opciones)
    inicio = time.perf_counter()
    try:
        respuesta = cliente.models.generate_content(model=modelo, contents=prompt)
    except Exception as error:
        raise _traducir(error, clave, espera) from None
    uso = respuesta.usage_metadata
    return RespuestaGemini(texto=respuesta.text or "", segundos=time.perf_counter() - inicio,
                           tokens_entrada=getattr(uso, "prompt_token_count", 0) or 0,
                           tokens_salida=getattr(uso, "candidates_token_count", 0) or 0, modelo=modelo)


def coste_usd(tokens_entrada: int, tokens_salida: int, usd_por_millon_entrada: float,
              usd_por_millon_salida: float) -> float:
    """Coste de una llamada según los precios por millón de tokens que indiques (consulta los vigentes)."""
    return tokens_entrada / 1e6 * usd_por_millon_entrada + tokens_salida / 1e6 * usd_por_millon_salida
