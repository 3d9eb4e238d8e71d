"""Dentro del núcleo del alumno: recoge el valor que la celda oficial pasaría a `ejN.comprobar`.

La celda de comprobación oficial `ej1.comprobar(respuesta)` se ejecuta como
`capturar("leccion_00.ej1", (respuesta))`: el valor se guarda (cloudpickle) en una carpeta del
aislamiento y el calificador lo comprueba fuera, en otro proceso, con una copia intacta de
`helpers`. Nada de lo que el alumno haga en su núcleo (reasignar `ej1`, cambiar
`helpers.ejercicios`) cambia ese veredicto. Aquí solo se decide «sin intentar» (hay `____`) o
«no se puede llevar»: las dos valen 0 puntos, así que falsificarlas no sirve de nada.
"""
from __future__ import annotations

import json
import os
import re

TIPO_MIME_CAPTURA = "application/vnd.curso-hf-es.captura.v1"
VARIABLE_CARPETA = "CURSO_CALIFICACION_RESPUESTAS"
_ID = re.compile(r"^[A-Za-z0-9_.]+$")


def carpeta_respuestas() -> str:
    return os.environ.get(VARIABLE_CARPETA, "/tmp/calificacion-respuestas")


def ruta_respuesta(ejercicio: str) -> str:
    if not _ID.match(ejercicio):
        raise ValueError(f"id de ejercicio no válido: {ejercicio!r}")
    return os.path.join(carpeta_respuestas(), ejercicio + ".pkl")


def capturar(ejercicio: str, valor) -> None:
    """Guarda `valor` para el calificador y lo dice en la salida de la celda."""
    from helpers.ejercicios import contiene_hueco

    from .serializacion import serializar

    if contiene_hueco(valor):
        registro = {"estado": "sin_intentar"}
        texto = "✏️ Sin intentar."
    else:
        try:
            datos = serializar(valor)
        except Exception as error:
            registro = {"estado": "error", "mensaje": (
                f"No pude llevar tu respuesta al calificador: un valor de tipo {type(valor).__name__} no se "
                f"puede copiar fuera del cuaderno ({type(error).__name__}: {str(error)[:150]}). Da un valor "
                "normal (número, texto, lista, diccionario, array, tensor, función o clase del cuaderno).")}
            texto = "⚠️ " + registro["mensaje"]
        else:
            os.makedirs(carpeta_respuestas(), exist_ok=True)
            destino = ruta_respuesta(ejercicio)
            with open(destino + ".tmp", "wb") as archivo:
                archivo.write(datos)
            os.replace(destino + ".tmp", destino)
            registro = {"estado": "capturada", "bytes": len(datos)}
            texto = "Respuesta recogida: la comprueba el calificador fuera de este cuaderno."
    registro["ejercicio"] = ejercicio
    _mostrar({TIPO_MIME_CAPTURA: json.dumps(registro, ensure_ascii=False), "text/plain": texto})


def _mostrar(datos: dict) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(datos, raw=True)
            return
    except ImportError:
        pass
    print(datos["text/plain"])
