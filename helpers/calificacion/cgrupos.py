"""Grupos de control (cgroups) por ejecución: límite de memoria real y de procesos, y medida del pico.

Se crean dentro del cgroup del propio calificador (nunca por encima), en cgroup v2 si tiene
los controladores `memory` y `pids`, o en v1 (jerarquías `memory` y `pids`). Si no se puede
escribir en ninguno, `Cgrupos.detectar()` devuelve None y se usa RLIMIT_AS.
"""
from __future__ import annotations

import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

RAIZ_CGROUP = Path("/sys/fs/cgroup")
_contador = itertools.count()


def _propios() -> dict[str, str]:
    """{controlador o '' (v2): ruta del cgroup de este proceso}."""
    rutas = {}
    for linea in Path("/proc/self/cgroup").read_text().splitlines():
        _, controladores, ruta = linea.split(":", 2)
        for c in controladores.split(",") if controladores else [""]:
            rutas[c] = ruta
    return rutas


@dataclass
class Medida:
    memoria_max: int | None  # bytes
    sin_memoria: bool  # el núcleo de Linux mató algo por falta de memoria


class Grupo:
    """Un cgroup (o par memory+pids en v1) para una ejecución."""

    def __init__(self, carpetas: dict[str, Path], version: int):
        self.carpetas, self.version = carpetas, version

    @property
    def archivos_procs(self) -> list[str]:
        return sorted({str(c / "cgroup.procs") for c in self.carpetas.values()})

    def _leer(self, controlador: str, nombre: str) -> str:
        try:
            return (self.carpetas[controlador] / nombre).read_text()
        except (OSError, KeyError):
            return ""

    def medir(self) -> Medida:
        if self.version == 2:
            pico = self._leer("memory", "memory.peak").strip()
            eventos = dict(l.split() for l in self._leer("memory", "memory.events").splitlines() if " " in l)
            return Medida(int(pico) if pico.isdigit() else None, int(eventos.get("oom_kill", 0)) > 0)
        pico = self._leer("memory", "memory.max_usage_in_bytes").strip()
        oom = dict(l.split() for l in self._leer("memory", "memory.oom_control").splitlines() if " " in l)
        return Medida(int(pico) if pico.isdigit() else None, int(oom.get("oom_kill", 0)) > 0)

    def cerrar(self) -> None:
        """Mata lo que quede dentro y borra el cgroup."""
        for _ in range(50):
            vivos = {int(p) for f in self.archivos_procs for p in _leer_lineas(f)}
            if not vivos:
                break
            for pid in vivos:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.1)
        for carpeta in self.carpetas.values():
            for _ in range(20):
                try:
                    carpeta.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)


def _leer_lineas(ruta: str) -> list[str]:
    try:
        return Path(ruta).read_text().split()
    except OSError:
        return []


class Cgrupos:
    """Fábrica de grupos con límites; `descripcion` dice qué mecanismo se usa."""

    def __init__(self, version: int, padres: dict[str, Path]):
        self.version, self.padres = version, padres
        self.descripcion = f"cgroup v{version}"

    @classmethod
    def detectar(cls) -> "Cgrupos | None":
        try:
            propios = _propios()
        except OSError:
            return None
        for candidato in (cls._v2(propios), cls._v1(propios)):
            if candidato is not None and candidato._probar():
                return candidato
        return None

    @classmethod
    def _v2(cls, propios) -> "Cgrupos | None":
        if "" not in propios or not (RAIZ_CGROUP / "cgroup.controllers").exists():
            return None
        padre = RAIZ_CGROUP / propios[""].lstrip("/")
        try:
            disponibles = (padre / "cgroup.subtree_control").read_text().split()
        except OSError:
            return None
        return cls(2, {"memory": padre, "pids": padre}) if {"memory", "pids"} <= set(disponibles) else None

    @classmethod
    def _v1(cls, propios) -> "Cgrupos | None":
        padres = {}
        for controlador in ("memory", "pids"):
            montaje = RAIZ_CGROUP / controlador
            if controlador not in propios or not (montaje / "cgroup.procs").exists():
                return None
            padres[controlador] = montaje / propios[controlador].lstrip("/")
        return cls(1, padres)

    def _probar(self) -> bool:
        try:
            grupo = self.crear(1 << 30, 64)
        except OSError:
            return False
        grupo.cerrar()
        return True

    def crear(self, memoria: int, procesos: int) -> Grupo:
        """Un grupo nuevo con `memoria` bytes (sin intercambio) y `procesos` como máximo."""
        nombre = f"calificacion-{os.getpid()}-{next(_contador)}"
        carpetas = {c: p / nombre for c, p in self.padres.items()}
        grupo = Grupo(carpetas, self.version)
        try:
            for carpeta in set(carpetas.values()):
                carpeta.mkdir()
            if self.version == 2:
                (carpetas["memory"] / "memory.max").write_text(str(memoria))
                if (carpetas["memory"] / "memory.swap.max").exists():
                    (carpetas["memory"] / "memory.swap.max").write_text("0")
            else:
                (carpetas["memory"] / "memory.limit_in_bytes").write_text(str(memoria))
                intercambio = carpetas["memory"] / "memory.memsw.limit_in_bytes"
                if intercambio.exists():
                    try:
                        intercambio.write_text(str(memoria))
                    except OSError:
                        pass
            (carpetas["pids"] / "pids.max").write_text(str(procesos))
        except OSError:
            grupo.cerrar()
            raise
        return grupo
