"""Medir tiempos como se deben enseñar: la mediana de varias repeticiones, con su rango y la máquina.

    >>> from helpers.medicion import cronometrar
    >>> tiempo, resultado = cronometrar(lambda: sum(range(10**6)))
    >>> print(tiempo)          # p. ej. «0,02 s (mediana de 3; 0,02–0,03)»

Una sola medida engaña: en una máquina compartida (Colab, un aula) otra tarea puede robar la
CPU justo entonces. La mediana de 3 ya descarta un tropiezo; el rango dice cuánto varía.
"""
from __future__ import annotations

import os
import platform
import statistics
import time
from dataclasses import dataclass
from typing import Any, Callable

from .formato import decimal


@dataclass(frozen=True)
class Tiempo:
    """Segundos medidos: mediana, mínimo y máximo de `repeticiones` ejecuciones."""

    mediana: float
    minimo: float
    maximo: float
    repeticiones: int

    @classmethod
    def de(cls, medidas: list[float]) -> "Tiempo":
        """El Tiempo de unas medidas ya tomadas (segundos)."""
        if not medidas:
            raise ValueError("No hay ninguna medida: ¿se ejecutó al menos una vez?")
        return cls(statistics.median(medidas), min(medidas), max(medidas), len(medidas))

    def rango(self, decimales: int = 2, unidad: str = "s") -> str:
        """«1,25 s (1,20–1,31)»."""
        return (f"{decimal(self.mediana, decimales)} {unidad} "
                f"({decimal(self.minimo, decimales)}–{decimal(self.maximo, decimales)})")

    def __str__(self) -> str:
        return (f"{decimal(self.mediana)} s (mediana de {self.repeticiones}; "
                f"{decimal(self.minimo)}–{decimal(self.maximo)})")


def cronometrar(funcion: Callable[[], Any], repeticiones: int = 3) -> tuple[Tiempo, Any]:
    """Ejecuta `funcion` `repeticiones` veces; devuelve (Tiempo, lo que devolvió la última)."""
    if repeticiones < 1:
        raise ValueError("Hace falta al menos 1 repetición (mejor 3 o más: se da la mediana).")
    medidas, resultado = [], None
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        resultado = funcion()
        medidas.append(time.perf_counter() - inicio)
    return Tiempo.de(medidas), resultado


class CronometroDePasos:
    """Duración de cada paso de un entrenamiento: su mediana (`tiempo()`) no la mueve un paso lento suelto.

    Un entrenamiento de N pasos ya son N repeticiones de lo mismo: sin entrenar tres veces, la mediana por
    paso dice cuánto cuesta un paso, y el rango cuánto varía (lotes más largos, otra tarea en la máquina).
    En un bucle propio: `empezar()` y `terminar()` alrededor de cada paso; con `Trainer`, `callback()`.
    """

    def __init__(self) -> None:
        self.duraciones: list[float] = []
        self._inicio: float | None = None

    def empezar(self) -> None:
        self._inicio = time.perf_counter()

    def terminar(self) -> None:
        if self._inicio is not None:
            self.duraciones.append(time.perf_counter() - self._inicio)
            self._inicio = None

    def tiempo(self) -> Tiempo:
        return Tiempo.de(self.duraciones)

    def callback(self):
        """Un TrainerCallback que cronometra cada paso de `Trainer` (del lote al paso del optimizador)."""
        from transformers import TrainerCallback

        cronometro = self

        class _Cronometro(TrainerCallback):
            def on_step_begin(self, args, state, control, **kwargs):
                cronometro.empezar()

            def on_step_end(self, args, state, control, **kwargs):
                cronometro.terminar()

        return _Cronometro()


def maquina(con_torch: bool = False) -> str:
    """La máquina en palabras: «x86_64, 2 núcleos de CPU, sin GPU, Python 3.11.7»."""
    import torch

    acelerador = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "sin GPU"
    texto = f"{platform.machine()}, {os.cpu_count()} núcleos de CPU, {acelerador}, Python {platform.python_version()}"
    return texto + (f", torch {torch.__version__}" if con_torch else "")
