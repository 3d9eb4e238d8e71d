"""Ejercicios de la lección 04: atención."""
from __future__ import annotations

from functools import lru_cache

from ..formato import porcentaje
from . import Ejercicio, Incorrecto, es_entero

FRASE = "El banco del parque estaba recién pintado."
from ..modelos import MINILM_ID as BASE


@lru_cache(maxsize=1)
def _atenciones():
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizador = AutoTokenizer.from_pretrained(BASE)
    modelo = AutoModel.from_pretrained(BASE, attn_implementation="eager")
    with torch.no_grad():
        return modelo(**tokenizador(FRASE, return_tensors="pt"), output_attentions=True).attentions


def _comprobar_atencion(funcion) -> str:
    import torch
    import torch.nn.functional as F

    if not callable(funcion):
        raise Incorrecto("Esperaba una función atencion(Q, K, V, mascara=None).")
    generador = torch.Generator().manual_seed(0)
    Q, K, V = (torch.randn(2, 3, 5, 8, generator=generador) for _ in range(3))
    esperado = F.scaled_dot_product_attention(Q, K, V)
    obtenido = funcion(Q, K, V)
    if isinstance(obtenido, tuple):
        obtenido = obtenido[0]
    if tuple(obtenido.shape) != tuple(esperado.shape):
        raise Incorrecto(f"La salida debe tener la forma de V {tuple(esperado.shape)}; tiene {tuple(obtenido.shape)}.")
    sin_escala = torch.softmax(Q @ K.transpose(-2, -1), dim=-1) @ V
    if torch.allclose(obtenido, sin_escala, atol=1e-5):
        raise Incorrecto("Falta dividir QKᵀ entre √d (d = tamaño de la última dimensión de Q).")
    if not torch.allclose(obtenido, esperado, atol=1e-5):
        raise Incorrecto("No coincide con softmax(QKᵀ/√d)·V. ¿El softmax es sobre la última dimensión?")
    mascara = torch.zeros(2, 1, 1, 5)
    mascara[..., -2:] = float("-inf")
    try:
        con_mascara = funcion(Q, K, V, mascara)
    except TypeError:
        raise Incorrecto("Tu función debe aceptar un cuarto argumento opcional: mascara (aditiva).") from None
    if isinstance(con_mascara, tuple):
        con_mascara = con_mascara[0]
    if not torch.allclose(con_mascara, F.scaled_dot_product_attention(Q, K, V, attn_mask=mascara), atol=1e-5):
        raise Incorrecto("Con máscara no coincide: súmala a las puntuaciones antes del softmax.")
    return "Tu atención coincide con la de PyTorch, con y sin máscara."


def _comprobar_cabeza_cls(respuesta) -> str:
    if not es_entero(respuesta):
        raise Incorrecto("Esperaba un entero: el índice de la cabeza (0–11).")
    ultima = _atenciones()[-1][0]  # (cabezas, tokens, tokens)
    hacia_cls = ultima[:, :, 0].mean(dim=-1)
    esperado = int(hacia_cls.argmax())
    if respuesta == int(ultima[:, 0, :].mean(dim=-1).argmax()) and respuesta != esperado:
        raise Incorrecto("Has medido lo que [CLS] mira, no lo que los tokens miran hacia [CLS] (columna 0).")
    if respuesta != esperado:
        raise Incorrecto("No es la cabeza con más atención media hacia [CLS] en la última capa.")
    return f"La cabeza {esperado} dedica de media un {porcentaje(float(hacia_cls[esperado]), 0)} de su atención a [CLS]."


def _comprobar_figura(figura) -> str:
    import numpy as np

    imagenes = [im for ax in getattr(figura, "axes", []) for im in ax.get_images()]
    if not imagenes:
        raise Incorrecto("Esperaba una figura de matplotlib con un mapa de calor (imshow).")
    objetivo = _atenciones()[2][0, 5].numpy()
    datos = np.asarray(imagenes[0].get_array())
    if datos.shape != objetivo.shape:
        raise Incorrecto(f"El mapa debe ser {objetivo.shape} (tokens × tokens); el tuyo es {datos.shape}.")
    if not np.allclose(datos, objetivo, atol=1e-5):
        raise Incorrecto("El mapa no es el de la capa 2, cabeza 5 (índices desde 0).")
    return "Ese es el mapa de la capa 2, cabeza 5."


ej1 = Ejercicio("leccion_04.ej1", "Escribe atencion(Q, K, V, mascara=None) = softmax(QKᵀ/√d + máscara)·V.",
                _comprobar_atencion,
                pistas=["Q @ K.transpose(-2, -1) da las puntuaciones; divide entre math.sqrt(Q.shape[-1]).",
                        "Si hay máscara, súmala; luego torch.softmax(…, dim=-1) @ V."])
ej2 = Ejercicio("leccion_04.ej2", "¿Qué cabeza de la última capa presta más atención media a [CLS]?",
                _comprobar_cabeza_cls,
                pistas=["atenciones[-1][0] tiene forma (cabezas, tokens que miran, tokens mirados).",
                        "La atención hacia [CLS] es la columna 0: [:, :, 0]; promedia sobre los tokens y usa argmax."])
ej3 = Ejercicio("leccion_04.ej3", "Dibuja el mapa de atención de la capa 2, cabeza 5 y devuelve la figura.",
                _comprobar_figura,
                pistas=["atenciones[2][0, 5] es la matriz (tokens × tokens).",
                        "figura, eje = plt.subplots(); eje.imshow(matriz)"])
EJERCICIOS = [ej1, ej2, ej3]
