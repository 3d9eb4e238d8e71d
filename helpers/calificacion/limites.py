"""Límites de tiempo por lección (segundos por celda y por cuaderno) y de recursos por núcleo.

Las lecciones 05, 06, 13 y 14 entrenan modelos, y la 08 mide el LLM sin caché KV: una celda
puede tardar varios minutos en 2 núcleos de CPU (más con varias entregas a la vez, que se reparten
los núcleos). Las demás caben de sobra en 2 minutos por celda. Se cambian con `--limite-celda`,
`--limite-cuaderno` (todas las lecciones) o `--limite LECCION=CELDA[:CUADERNO]` (una).
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limites:
    celda: int  # segundos por celda
    cuaderno: int  # segundos por entrega completa


POR_DEFECTO = Limites(celda=120, cuaderno=1800)
POR_LECCION = {
    "05_fine_tuning": Limites(celda=900, cuaderno=3600),
    "06_lora": Limites(celda=900, cuaderno=3600),
    "08_llms": Limites(celda=600, cuaderno=1800),  # la caché KV se mide 3 veces sin caché: minutos con 1 hilo
    "13_evaluacion": Limites(celda=600, cuaderno=3600),
    "14_distribuido": Limites(celda=600, cuaderno=3600),
}
MEMORIA_GIB = 6  # por núcleo (y por proceso de comprobación); la lección 12 llega a ≈5 GiB (e5 + ONNX + el LLM)
PROCESOS = 512  # procesos e hilos por entrega


def limites_de(leccion: str, celda: int | None = None, cuaderno: int | None = None,
               por_leccion: dict[str, Limites] | None = None) -> Limites:
    """Límites de `leccion`: la tabla, luego `--limite LECCION=…`, luego `--limite-celda/cuaderno`."""
    limites = (por_leccion or {}).get(leccion) or POR_LECCION.get(leccion, POR_DEFECTO)
    if celda is not None:
        limites = replace(limites, celda=celda)
    if cuaderno is not None:
        limites = replace(limites, cuaderno=cuaderno)
    return limites


def leer_limite(texto: str) -> tuple[str, Limites]:
    """'05_fine_tuning=600' o '05_fine_tuning=600:2400' → (lección, Limites)."""
    leccion, _, valor = texto.partition("=")
    celda, _, cuaderno = valor.partition(":")
    if not leccion or not celda.isdigit() or (cuaderno and not cuaderno.isdigit()):
        raise ValueError(f"'{texto}' no tiene la forma LECCION=SEGUNDOS_CELDA[:SEGUNDOS_CUADERNO]")
    base = POR_LECCION.get(leccion, POR_DEFECTO)
    return leccion, Limites(int(celda), int(cuaderno) if cuaderno else max(base.cuaderno, int(celda)))
