# Curso de Hugging Face en español: dos órdenes para todo.
#   make lab   → crea .venv, instala, prepara los modelos offline y abre JupyterLab
#   make test  → misma preparación, luego pruebas unitarias + nbval de los cuadernos
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
NBVAL  := --nbval-lax --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg

.PHONY: lab test test-gpu benchmark preparar instalar alumnos soluciones limpiar

$(VENV)/.instalado: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "No encuentro '$(PYTHON)'. Indica un Python 3.11 o 3.12: make lab PYTHON=python3.11"; exit 1; }
	@$(PYTHON) -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 'El curso necesita Python 3.11 o más nuevo y $(PYTHON) es ' + sys.version.split()[0] + '. Instala Python 3.11 e indica cuál usar: make lab PYTHON=python3.11')"
	$(PYTHON) -m venv $(VENV) || { echo "No se pudo crear el entorno $(VENV). En Debian y Ubuntu instala python3-venv (apt install python3-venv)."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

instalar: $(VENV)/.instalado

preparar: instalar
	$(PY) -m helpers.preparar

lab: preparar
	$(VENV)/bin/jupyter lab notebooks/

test: preparar
	@# La otra versión de Python admitida (3.12): al menos que todo el código compile con ella.
	@for py in $$(ls $$HOME/.pyenv/versions/3.12.*/bin/python 2>/dev/null) python3.12; do \
	  if $$py -c "" 2>/dev/null; then $$py -m compileall -q helpers tests conftest.py || exit 1; \
	  echo "$$($$py --version): el código compila"; fi; done
	$(PY) -m helpers.alumnos --comprobar
	$(PY) -m helpers.huella --comprobar
	$(PY) -m helpers.procedencia --comprobar
	@# notebooks/ (los cuadernos de alumno en blanco) se ejecutan enteros en tests/test_calificar.py, aislados
	@# como al calificar: allí se comprueba que terminan sin errores. nbval compara las salidas de solutions/.
	$(PY) -m pytest tests solutions $(NBVAL) --durations=30

# En una máquina con GPU CUDA: nbval de todas las soluciones con las celdas de GPU activas
# (bitsandbytes en CUDA, QLoRA…). En CPU esas celdas dicen por qué se omiten.
test-gpu: preparar
	$(PY) -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 'make test-gpu necesita una GPU CUDA y torch.cuda.is_available() es False.')"
	$(PY) -m pytest solutions $(NBVAL) --durations=0

# Calidad y velocidad de los modelos del curso (no es un test): escribe BENCHMARK.md y la tabla del README.
benchmark: preparar
	$(PY) -m helpers.benchmark

# Para autores: regenerar notebooks/ desde solutions/ y re-ejecutar las soluciones.
alumnos: instalar
	$(PY) -m helpers.alumnos

soluciones: instalar
	$(PY) -m helpers.soluciones --caches-nuevas

limpiar:
	rm -rf $(VENV) *.egg-info
