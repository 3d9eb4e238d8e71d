"""Configuración común de pytest y nbval: salidas estables, y modo sin Hub o con un Hub local.

Por defecto las pruebas (y los núcleos que lanza nbval, que heredan este entorno) trabajan sin
conexión: HF_HUB_OFFLINE=1. Con CURSO_HUB_LOCAL=1 trabajan «con conexión» contra un Hub local
(tests/hub_local.py) que sirve los repositorios reales que el curso tiene byte a byte y responde
401 RepositoryNotFound a todo lo demás, como el Hub de verdad. CURSO_HUB_REGISTRO=ruta guarda
allí, al terminar, las peticiones que recibió (para comprobarlas).
"""
import atexit
import json
import os
import sys
from pathlib import Path

from helpers.reproducibilidad import VARIABLES_SILENCIO

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("PYTHONHASHSEED", "0")
for variable, valor in VARIABLES_SILENCIO.items():
    os.environ.setdefault(variable, valor)

if os.environ.get("CURSO_HUB_LOCAL") == "1":
    sys.path.insert(0, str(Path(__file__).parent / "tests"))
    from hub_local import ServidorHub, repos_del_curso

    _servidor = ServidorHub(repos_del_curso()).__enter__()
    os.environ["HF_ENDPOINT"] = _servidor.url
    for variable in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.pop(variable, None)

    @atexit.register
    def _guardar_registro():
        registro = os.environ.get("CURSO_HUB_REGISTRO")
        if registro:
            Path(registro).write_text(json.dumps([list(p) for p in _servidor.peticiones]))
        _servidor.__exit__(None, None, None)
else:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
