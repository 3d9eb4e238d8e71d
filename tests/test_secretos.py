"""Ningún cuaderno contiene claves ni tokens, ni en el código ni en las salidas."""
from pathlib import Path

import nbformat

from helpers import secretos

RAIZ = Path(__file__).resolve().parent.parent


def test_cuadernos_sin_secretos():
    assert secretos.buscar([RAIZ / "notebooks", RAIZ / "solutions"]) == []


def test_el_buscador_detecta_secretos_plantados(tmp_path):
    clave_falsa = "AIza" + "B" * 35
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("GEMINI_API_KEY = 'abcdefghijklmnop123'"),
        nbformat.v4.new_code_cell("print(token)", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                                   text="hf_" + "a" * 34)]),
        nbformat.v4.new_code_cell("x = 1", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": clave_falsa}, execution_count=1)]),
    ])
    nbformat.write(nb, tmp_path / "fuga.ipynb")
    hallazgos = secretos.buscar([tmp_path])
    assert len(hallazgos) == 3
    assert not any(clave_falsa in h for h in hallazgos)  # el informe no repite el secreto
    assert secretos.main([str(tmp_path)]) == 1
