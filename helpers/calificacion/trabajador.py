"""Dentro del aislamiento: ejecuta el cuaderno de una entrega y manda al calificador lo que pasó.

Lee el cuaderno (JSON) de la entrada estándar, lo ejecuta con nbclient (el núcleo es hijo de
este proceso y vive en el mismo aislamiento) y, tras cada celda, manda por el canal del
protocolo sus errores y, si es una celda de captura, la respuesta recogida. Así, aunque se
agote el tiempo total, el calificador tiene todo lo ejecutado hasta entonces.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

from . import protocolo
from .captura import TIPO_MIME_CAPTURA, VARIABLE_CARPETA, carpeta_respuestas, ruta_respuesta
from .recursos import aplicar_limites

NOMBRE_NUCLEO = "curso-calificacion"


def _errores(celda) -> list[dict]:
    return [{"ename": str(s.get("ename", ""))[:200], "evalue": str(s.get("evalue", ""))[:500]}
            for s in celda.get("outputs", []) if s.get("output_type") == "error"]


def _registros(celda, ejercicio: str) -> list[dict]:
    """Registros de captura de la celda (solo del ejercicio de la celda y con estados conocidos)."""
    registros = []
    for salida in celda.get("outputs", []):
        texto = salida.get("data", {}).get(TIPO_MIME_CAPTURA)
        try:
            registro = json.loads(texto) if isinstance(texto, str) else None
        except ValueError:
            registro = None
        if isinstance(registro, dict) and registro.get("ejercicio") == ejercicio \
                and registro.get("estado") in ("capturada", "sin_intentar", "error"):
            registros.append({"estado": registro["estado"], "mensaje": str(registro.get("mensaje", ""))[:600]})
    return registros


def _leer_respuesta(ejercicio: str) -> bytes | None:
    try:
        with open(ruta_respuesta(ejercicio), "rb", opener=lambda r, f: os.open(r, f | os.O_NOFOLLOW)) as f:
            datos = f.read(protocolo.MAX_CARGA + 1)
        os.unlink(ruta_respuesta(ejercicio))
    except OSError:
        return None
    return datos if len(datos) <= protocolo.MAX_CARGA else None


def _escribir_nucleo(carpeta: str) -> None:
    destino = os.path.join(carpeta, "kernels", NOMBRE_NUCLEO)
    os.makedirs(destino, exist_ok=True)
    with open(os.path.join(destino, "kernel.json"), "w") as f:
        json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                   "display_name": "Calificación", "language": "python", "interrupt_mode": "signal"}, f)


def ejecutar(canal, cuaderno, limite_celda: int) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    def al_ejecutar(cell=None, cell_index=None, **_):
        cabecera = {"tipo": "celda", "id": cell.get("id"), "errores": _errores(cell)}
        ejercicio = cell.get("metadata", {}).get("curso", {}).get("comprobacion")
        if ejercicio:
            cabecera["capturas"] = _registros(cell, ejercicio)
        protocolo.enviar(canal, cabecera)
        if ejercicio and any(r["estado"] == "capturada" for r in cabecera["capturas"]):
            datos = _leer_respuesta(ejercicio)
            if datos is not None:
                protocolo.enviar(canal, {"tipo": "respuesta", "ejercicio": ejercicio}, datos)

    cliente = NotebookClient(
        cuaderno, kernel_name=NOMBRE_NUCLEO, timeout=limite_celda, allow_errors=True,
        interrupt_on_timeout=True, startup_timeout=180, record_timing=False,
        error_on_timeout={"ename": "TiempoAgotado", "evalue": f"la celda superó {limite_celda} s (¿un bucle infinito?)"},
        resources={"metadata": {"path": os.getcwd()}}, on_cell_executed=al_ejecutar,
    )
    try:
        cliente.execute()
    except DeadKernelError:
        protocolo.enviar(canal, {"tipo": "fin", "estado": "nucleo_muerto"})
        return
    protocolo.enviar(canal, {"tipo": "fin", "estado": "ok"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ejecuta una entrega dentro del aislamiento.")
    parser.add_argument("--limite-celda", type=int, required=True)
    parser.add_argument("--memoria", type=int, default=0, help="bytes (0: sin RLIMIT_AS)")
    parser.add_argument("--procesos", type=int, default=0)
    args = parser.parse_args(argv)
    canal = protocolo.canal_privado()
    aplicar_limites(args.memoria, args.procesos)
    import nbformat

    cuaderno = nbformat.reads(sys.stdin.read(), as_version=4)
    temporal = tempfile.mkdtemp(prefix="jupyter-")
    os.environ["JUPYTER_PATH"] = temporal
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(temporal, "runtime"))
    os.environ.setdefault(VARIABLE_CARPETA, carpeta_respuestas())
    os.makedirs(carpeta_respuestas(), exist_ok=True)
    _escribir_nucleo(temporal)
    try:
        ejecutar(canal, cuaderno, args.limite_celda)
    except Exception as error:  # nbclient no arrancó el núcleo, etc.
        protocolo.enviar(canal, {"tipo": "fin", "estado": "error", "mensaje": f"{type(error).__name__}: {error}"[:300]})
    return 0
