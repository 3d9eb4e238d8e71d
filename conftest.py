"""Configuración común de pytest y nbval: sin Hub, sin barras de progreso, salidas estables."""
import os

from helpers.reproducibilidad import VARIABLES_SILENCIO

# Los núcleos que lanza nbval heredan este entorno.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("PYTHONHASHSEED", "0")
for variable, valor in VARIABLES_SILENCIO.items():
    os.environ.setdefault(variable, valor)
