# Curso de Hugging Face en español: dos órdenes para todo.
#   make lab   → crea .venv, instala, prepara los modelos offline y abre JupyterLab
#   make test  → misma preparación, luego pruebas unitarias + nbval de los cuadernos
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
NBVAL  := --nbval-lax --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg

.PHONY: lab test preparar instalar alumnos soluciones limpiar

$(VENV)/.instalado: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
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
	$(PY) -m helpers.alumnos --comprobar
	$(PY) -m pytest tests solutions notebooks $(NBVAL)

# Para autores: regenerar notebooks/ desde solutions/ y re-ejecutar las soluciones.
alumnos: instalar
	$(PY) -m helpers.alumnos

soluciones: preparar
	HF_HUB_OFFLINE=1 $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace solutions/*.ipynb
	$(PY) -m helpers.alumnos

limpiar:
	rm -rf $(VENV) *.egg-info
