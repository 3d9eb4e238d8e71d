"""Números a la española para lo que se imprime al alumno: `1,5 s`, `98,6 %`, `22 713 216`.

    >>> from helpers.formato import decimal, porcentaje, entero
    >>> decimal(0.3712), porcentaje(0.986), entero(22713216)
    ('0,37', '98,6 %', '22 713 216')
"""
from __future__ import annotations

ESPACIO_MILES = " "  # la RAE separa los miles con un espacio, no con punto (ni coma)


def entero(n: int | float) -> str:
    """Entero con los miles separados por un espacio: 22 713 216 (la RAE no pone punto)."""
    return f"{int(round(n)):,}".replace(",", ESPACIO_MILES)


def decimal(x: float, decimales: int = 2) -> str:
    """Coma decimal y miles con espacio: 1 234,57."""
    texto = f"{float(x):,.{decimales}f}"
    return texto.replace(",", "\0").replace(".", ",").replace("\0", ESPACIO_MILES)


def porcentaje(x: float, decimales: int = 1) -> str:
    """Una proporción (0–1) como porcentaje con espacio antes de %: 98,6 %."""
    return f"{decimal(100 * float(x), decimales)} %"


def segundos(s: float, decimales: int = 1) -> str:
    """Una duración en segundos: 1,5 s."""
    return f"{decimal(s, decimales)} s"
