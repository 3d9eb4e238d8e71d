"""Límites de recursos del propio proceso (setrlimit), heredados por el núcleo y sus hijos.

El límite blando y el duro son iguales: sin privilegios, nadie dentro los puede subir.
"""
from __future__ import annotations

try:
    import resource
except ImportError:  # Windows
    resource = None


def aplicar_limites(memoria: int = 0, procesos: int = 0) -> None:
    """RLIMIT_AS = `memoria` bytes y RLIMIT_NPROC = `procesos` (0: no se toca); nunca volcados de memoria.

    Donde el sistema no admite alguno (macOS con RLIMIT_AS, Windows), se omite.
    """
    if resource is None:
        return
    for limite, valor in ((resource.RLIMIT_AS, memoria), (resource.RLIMIT_NPROC, procesos), (resource.RLIMIT_CORE, 0)):
        if valor or limite == resource.RLIMIT_CORE:
            try:
                resource.setrlimit(limite, (valor, valor))
            except (ValueError, OSError):
                pass
