"""Busca claves de API y tokens en cuadernos (código y salidas).

    python -m helpers.secretos notebooks/ solutions/
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

PATRONES = {
    "clave de Google/Gemini": re.compile(r"AIza[0-9A-Za-z\-_]{35}"),
    "token de Hugging Face": re.compile(r"\bhf_[A-Za-z0-9]{30,}"),
    "clave de OpenAI": re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_\-]{20,}"),
    "clave escrita en el código": re.compile(
        r"(?i)\b(api_key|GEMINI_API_KEY|GOOGLE_API_KEY|HF_TOKEN)\s*=\s*['\"][^'\"\s]{12,}['\"]"),
}


def textos_de(cuaderno) -> list[tuple[str, str]]:
    """[(dónde, texto)] de cada celda y de cada salida de un cuaderno."""
    textos = []
    for i, celda in enumerate(cuaderno.cells):
        textos.append((f"celda {i}", celda.source))
        for salida in celda.get("outputs", []):
            partes = [salida.get("text", ""), salida.get("evalue", "")]
            partes += [v if isinstance(v, str) else str(v) for v in salida.get("data", {}).values()]
            textos.append((f"salida de la celda {i}", "\n".join(p for p in partes if p)))
    return textos


def buscar(rutas: list[Path]) -> list[str]:
    """Hallazgos «archivo: dónde: tipo» (sin mostrar el secreto)."""
    hallazgos = []
    for ruta in rutas:
        for archivo in sorted(ruta.rglob("*.ipynb") if ruta.is_dir() else [ruta]):
            for donde, texto in textos_de(nbformat.read(archivo, as_version=4)):
                hallazgos += [f"{archivo}: {donde}: {tipo}" for tipo, patron in PATRONES.items() if patron.search(texto)]
    return hallazgos


def main(argv: list[str] | None = None) -> int:
    rutas = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("notebooks"), Path("solutions")]
    hallazgos = buscar(rutas)
    for h in hallazgos:
        print("POSIBLE SECRETO:", h)
    print("Sin secretos." if not hallazgos else f"{len(hallazgos)} posibles secretos: bórralos y rota esas claves.")
    return 1 if hallazgos else 0


if __name__ == "__main__":
    sys.exit(main())
