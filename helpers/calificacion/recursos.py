"""Límites de recursos del propio proceso (setrlimit), heredados por el núcleo y sus hijos.

El límite blando y el duro son iguales: sin privilegios, nadie dentro los puede subir.
"""
from __future__ import annotations

import resource


def aplicar_limites(memoria: int = 0, procesos: int = 0) -> None:
    """RLIMIT_AS = `memoria` bytes y RLIMIT_NPROC = `procesos` (0: no se toca); nunca volcados de memoria."""
    if memoria:
        resource.setrlimit(resource.RLIMIT_AS, (memoria, memoria))
    if procesos:
        resource.setrlimit(resource.RLIMIT_NPROC, (procesos, procesos))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
