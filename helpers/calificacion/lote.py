"""Calificar una clase: buscar las entregas, saber de qué alumno es cada una y calificarlas en paralelo.

Organización de la carpeta de entregas (se admiten las dos, incluso mezcladas):

    entregas/<alumno>/<lección>.ipynb       una carpeta por alumno (como la descarga de Moodle)
    entregas/<alumno>__<lección>.ipynb      todo en una carpeta: alumno, dos guiones bajos, lección

La lección sale de los metadatos del cuaderno o, si se perdieron, del nombre del archivo
(que contenga p. ej. `00_entorno`). Un archivo suelto sin `__` cuenta como alumno con su nombre.
"""
from __future__ import annotations

import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .entrega import calificar_entrega
from .filas import Fila, fila


@dataclass(frozen=True)
class Entrega:
    ruta: Path
    nombre: str  # ruta relativa sin .ipynb: identifica la entrega en las notas
    alumno: str


def alumno_de(relativa: Path) -> str:
    """El alumno de una entrega según la organización de la carpeta."""
    if len(relativa.parts) > 1:
        return relativa.parts[0]
    nombre = relativa.stem
    return nombre.split("__", 1)[0] if "__" in nombre else nombre


def buscar_entregas(carpeta: Path) -> list[Entrega]:
    """Todos los archivos (también en subcarpetas), sin copias de seguridad de Jupyter, ocultos ni el texto en
    línea de Moodle. Los que no son .ipynb también cuentan: reciben una fila que lo dice, no desaparecen."""
    entregas = []
    for ruta in sorted(carpeta.rglob("*")):
        relativa = ruta.relative_to(carpeta)
        if (not ruta.is_file() or ".ipynb_checkpoints" in relativa.parts
                or any(p.startswith(".") for p in relativa.parts)
                or any(p.endswith("_assignsubmission_onlinetext_") for p in relativa.parts)):
            continue
        nombre = relativa.with_suffix("") if ruta.suffix == ".ipynb" else relativa
        entregas.append(Entrega(ruta, nombre.as_posix(), alumno_de(relativa)))
    return entregas


def calificar_lote(entregas: list[Entrega], plantillas: dict, aislamiento, evaluador, limites_de,
                   trabajadores: int = 1, progreso: bool = True) -> tuple[list[Fila], dict, dict]:
    """(filas, {entrega: recursos}, rendimiento). `trabajadores` entregas a la vez."""
    from tqdm.auto import tqdm

    inicio = time.monotonic()
    filas: dict[str, list[Fila]] = {}
    recursos: dict[str, dict] = {}

    def una(entrega: Entrega):
        try:
            return calificar_entrega(entrega.ruta, entrega.nombre, entrega.alumno, plantillas, aislamiento,
                                     evaluador, limites_de)
        except Exception as error:  # un fallo del calificador no pierde la entrega: queda una fila que lo dice
            traceback.print_exc(file=sys.stderr)
            return [fila(entrega.nombre, entrega.alumno, "?", "(entrega)", "error_calificador",
                         f"El calificador falló con esta entrega ({type(error).__name__}: {error}). "
                         "Vuelve a calificarla o revísala a mano.")], {}

    with ThreadPoolExecutor(max_workers=max(1, trabajadores)) as grupo, \
            tqdm(total=len(entregas), desc="Calificando", unit="entrega", disable=not progreso, file=sys.stderr) as barra:
        futuros = {grupo.submit(una, e): e for e in entregas}
        for futuro in as_completed(futuros):
            entrega = futuros[futuro]
            filas[entrega.nombre], recursos_entrega = futuro.result()
            if recursos_entrega:
                recursos[entrega.nombre] = recursos_entrega
            barra.set_postfix_str(entrega.nombre[-30:])
            barra.update()
    segundos = time.monotonic() - inicio
    rendimiento = {"entregas": len(entregas), "trabajadores": trabajadores, "segundos": round(segundos, 1),
                   "entregas_por_minuto": round(len(entregas) / segundos * 60, 2) if segundos else None}
    return [f for e in entregas for f in filas[e.nombre]], recursos, rendimiento
