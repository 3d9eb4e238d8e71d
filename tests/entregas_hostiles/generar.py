"""Fabrica entregas de la lección 00 a partir de notebooks/00_entorno.ipynb (ver LEEME.md)."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat

from helpers.calificacion.cuadernos import celdas_de_comprobacion

AQUI = Path(__file__).resolve().parent
RAIZ = AQUI.parent.parent
ALUMNO_00 = RAIZ / "notebooks" / "00_entorno.ipynb"
HOSTILES = sorted(p.stem for p in AQUI.glob("*.py") if p.stem not in ("generar", "__init__"))


@functools.lru_cache(maxsize=1)
def parametros_codificador() -> int:
    from helpers.ejercicios.leccion_00 import _parametros_codificador

    return _parametros_codificador()[0]


def bien() -> dict[str, str]:
    """Respuestas correctas y baratas (sin cargar el modelo en el núcleo)."""
    return {
        "leccion_00.ej1": "from helpers import dispositivo\ndispositivo_elegido = dispositivo()",
        "leccion_00.ej2": f"n_parametros = {parametros_codificador()}",
        "leccion_00.ej3": "from helpers import modelos\nfrom huggingface_hub import snapshot_download\n"
                          "carpeta_modelo = snapshot_download(modelos.id_hub('codificador'))",
    }


MAL = {
    "leccion_00.ej1": "dispositivo_elegido = 'mps'",
    "leccion_00.ej2": "n_parametros = 12345",
    "leccion_00.ej3": "carpeta_modelo = '/tmp'",
}


def cuaderno_barato(respuestas: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """El cuaderno de alumno con solo la celda de importaciones, las de respuesta y las de comprobación."""
    nb = nbformat.read(ALUMNO_00, as_version=4)
    comprobaciones = dict((i, ej) for i, ej in celdas_de_comprobacion(nb))
    respuestas = respuestas or {}
    conservar = []
    for i, celda in enumerate(nb.cells):
        if i in comprobaciones:
            conservar.append(celda)
        elif i + 1 in comprobaciones:
            if comprobaciones[i + 1] in respuestas:
                celda.source = respuestas[comprobaciones[i + 1]]
            conservar.append(celda)
        elif celda.cell_type == "code" and "helpers.ejercicios" in celda.source:
            conservar.append(celda)
    nb.cells = conservar
    return nb


def secciones(texto: str) -> dict[str, str]:
    """{ejercicio: código} de un archivo con secciones `# --- leccion_00.ejN`."""
    partes = re.split(r"^# --- (leccion_\d+\.ej\d+)\n", texto, flags=re.M)
    return {partes[i]: partes[i + 1].strip() + "\n" for i in range(1, len(partes), 2)}


def hostil(nombre: str, sustituciones: dict[str, str]) -> nbformat.NotebookNode:
    """La entrega hostil `nombre` (un .py de esta carpeta) con @@CLAVE@@ sustituidas."""
    texto = (AQUI / f"{nombre}.py").read_text(encoding="utf-8")
    for clave, valor in sustituciones.items():
        texto = texto.replace(f"@@{clave}@@", str(valor))
    assert "@@" not in texto, f"{nombre}: falta una sustitución"
    return cuaderno_barato(secciones(texto))
