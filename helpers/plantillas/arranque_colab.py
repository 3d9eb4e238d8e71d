"""Celda de arranque para Google Colab y la insignia «Abrir en Colab» de cada lección.

En Colab el cuaderno llega solo, sin el paquete `helpers` ni la carpeta `data/`, así que
`from helpers import preparar_entorno` falla. La celda que devuelve `celda_arranque()` va la
primera de cada lección y lo arregla sin reiniciar el entorno: clona el curso, instala
`requirements-colab.txt` y hace importable `helpers`. Fuera de Colab no hace nada.

La celda se ejecuta antes de que exista `helpers`: solo puede usar la biblioteca estándar.
Variables de entorno que respeta la celda (las usan las pruebas, tests/test_colab.py):

- CURSO_HF_REPO: de dónde clonar (por defecto, REPOSITORIO).
- CURSO_HF_DESTINO: dónde dejar la copia (por defecto, /content/curso-hf-es). Google Drive se
  busca junto a ella: <carpeta de CURSO_HF_DESTINO>/drive/MyDrive.
- CURSO_HF_SIN_PIP=1: no instalar nada con pip.

Uso (al generar los cuadernos)::

    from helpers.plantillas.arranque_colab import celda_arranque, insignia_colab
    nbformat.v4.new_code_cell(celda_arranque())
    nbformat.v4.new_markdown_cell(insignia_colab("01_pipelines.ipynb"))
"""
from __future__ import annotations

import json
import os
import re
from pathlib import PurePosixPath

# La URL del repositorio del curso se fija SOLO aquí. El valor por defecto debe ser la URL pública
# real del curso en GitHub: de ella salen el `git clone` de Colab y los enlaces «Abrir en Colab».
# CURSO_HF_REPO permite apuntar a otra copia (un fork, o un repositorio local en las pruebas).
REPOSITORIO = os.environ.get("CURSO_HF_REPO", "https://github.com/curso-hf-es/curso-hf-es")
RAMA = "main"
CARPETA_COLAB = "/content/curso-hf-es"  # dónde queda el curso en Colab (CURSO_HF_DESTINO la cambia)
REQUISITOS_COLAB = "requirements-colab.txt"
MARCA_ARRANQUE = "# Arranque del curso"  # primera línea de la celda: sirve para encontrarla y sustituirla
IMAGEN_INSIGNIA = "https://colab.research.google.com/assets/colab-badge.svg"

_CELDA = """\
{marca}: en Google Colab descarga el curso e instala lo que falta (solo la primera vez).
# En tu ordenador no hace nada: allí `make lab` ya lo preparó todo.
import importlib.util, os, subprocess, sys, time
REPO_CURSO = os.environ.get("CURSO_HF_REPO", {repositorio})
CARPETA_CURSO = os.environ.get("CURSO_HF_DESTINO", {carpeta})

def paso_del_arranque(que, orden):  # ejecuta una orden y dice cuánto tardó o, si falla, por qué
    print(que + "…", end=" ", flush=True)
    inicio, r = time.time(), subprocess.run(orden, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"Falló: {{que}}.\\n{{r.stdout[-2000:]}}{{r.stderr[-2000:]}}")
    print(f"listo en {{time.time() - inicio:.0f}} s")

if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
    if not os.path.isdir(os.path.join(CARPETA_CURSO, "helpers")):
        paso_del_arranque("Descargando el curso",
                          ["git", "clone", "--depth", "1", "-b", {rama}, REPO_CURSO, CARPETA_CURSO])
    instalado = os.path.join(CARPETA_CURSO, ".bibliotecas-instaladas")
    if not os.path.exists(instalado) and os.environ.get("CURSO_HF_SIN_PIP") != "1":
        requisitos = os.path.join(CARPETA_CURSO, {requisitos})
        paso_del_arranque("Instalando con pip lo que Colab no trae (transformers 5, datasets, peft…; 1-3 min)",
                          [sys.executable, "-m", "pip", "install", "-q", "-r", requisitos])
        open(instalado, "w").close()
    if CARPETA_CURSO not in sys.path:  # así `import helpers` (y su data/) funciona sin reiniciar
        sys.path.insert(0, CARPETA_CURSO)
    os.chdir(os.path.join(CARPETA_CURSO, "notebooks"))  # como en local: lo que guardes queda en notebooks/
    drive = os.path.join(os.path.dirname(CARPETA_CURSO), "drive", "MyDrive")
    if os.path.isdir(drive):  # con Google Drive montado, los modelos que entrena el curso no se pierden
        os.environ.setdefault("CURSO_HF_CACHE", os.path.join(drive, "curso-hf-es"))
elif importlib.util.find_spec("helpers") is None:
    print("No encuentro el paquete `helpers` del curso: en la carpeta del curso ejecuta `make lab`"
          " (o `pip install -e .`) y abre el cuaderno desde allí.")
"""


def celda_arranque() -> str:
    """Código de la primera celda de cada lección (solo biblioteca estándar)."""
    return _CELDA.format(marca=MARCA_ARRANQUE, repositorio=json.dumps(REPOSITORIO), carpeta=json.dumps(CARPETA_COLAB),
                         rama=json.dumps(RAMA), requisitos=json.dumps(REQUISITOS_COLAB))


def es_celda_arranque(fuente: str) -> bool:
    """True si `fuente` es (una versión de) la celda de arranque: para sustituirla al regenerar."""
    return fuente.lstrip().startswith(MARCA_ARRANQUE)


def repositorio_github(url: str | None = None) -> tuple[str, str]:
    """(propietario, nombre) de una URL de GitHub: https://github.com/o/r(.git) o git@github.com:o/r.git."""
    url = REPOSITORIO if url is None else url
    encontrado = re.fullmatch(r"(?:https?://|git@|ssh://git@)(?:www\.)?github\.com[/:]([\w.-]+)/([\w.-]+?)(?:\.git)?/?",
                              url.strip(), flags=re.ASCII)
    if not encontrado:
        raise ValueError(f"'{url}' no es la URL de un repositorio de GitHub (https://github.com/propietario/nombre); "
                         "Colab solo abre cuadernos de GitHub. Revisa REPOSITORIO o CURSO_HF_REPO.")
    return encontrado.group(1), encontrado.group(2)


def url_colab(nombre_cuaderno: str, carpeta: str = "notebooks") -> str:
    """Enlace que abre en Colab el cuaderno `carpeta/nombre_cuaderno` de la rama RAMA en GitHub."""
    nombre = PurePosixPath(nombre_cuaderno).name
    if not nombre.endswith(".ipynb"):
        nombre += ".ipynb"
    propietario, repo = repositorio_github()
    return f"https://colab.research.google.com/github/{propietario}/{repo}/blob/{RAMA}/{carpeta}/{nombre}"


def insignia_colab(nombre_cuaderno: str) -> str:
    """Markdown de la insignia «Abrir en Colab» del cuaderno `notebooks/<nombre_cuaderno>`."""
    return f"[![Abrir en Colab]({IMAGEN_INSIGNIA})]({url_colab(nombre_cuaderno)})"
