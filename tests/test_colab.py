"""Arranque en Google Colab: requirements-colab.txt, la celda de arranque y la insignia «Abrir en Colab».

La celda se prueba de verdad en otro proceso, como la ejecutaría Colab: un entorno virtual nuevo que ve los
paquetes del curso pero NO `helpers` (sin la instalación editable), un `google.colab` falso, un repositorio
git local hecho con el árbol de trabajo actual (CURSO_HF_REPO) y una carpeta temporal en lugar de /content
(CURSO_HF_DESTINO). Después de la celda, en el mismo proceso y sin reiniciar, `helpers` y `data/` funcionan.

`test_requisitos_colab_resuelven_con_lo_que_trae_colab` consulta el registro de paquetes (≈20–40 s): comprueba
que pip resuelve requirements-colab.txt para el Python de Colab sin cambiar su torch, numpy ni pandas.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from helpers.plantillas import arranque_colab
from helpers.plantillas.arranque_colab import (MARCA_ARRANQUE, RAMA, REPOSITORIO, celda_arranque,
                                               es_celda_arranque, insignia_colab, repositorio_github)

RAIZ = Path(__file__).resolve().parent.parent
PATRON = re.compile(r"^([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)$")

# Lo que Colab ya trae y el curso NO debe reinstalar allí: torch con la CUDA de su GPU, las bibliotecas con
# extensiones en C que un cambio obliga a reiniciar, y su propio núcleo/frontend de Jupyter (google-colab los fija).
COLAB_PROVIDES = (
    "torch", "torchvision", "torchaudio", "numpy", "pandas", "matplotlib", "scikit-learn", "scipy",
    "jupyter", "jupyterlab", "jupyter-client", "jupyter-core", "jupyter-server", "notebook",
    "ipykernel", "ipython", "ipywidgets", "nbformat", "nbclient", "nbconvert", "nbval", "pytest", "google-colab",
)
# Lo que sí hace falta en Colab para las lecciones (las versiones que trae Colab son anteriores o no están).
IMPRESCINDIBLES_EN_COLAB = (
    "transformers", "tokenizers", "huggingface-hub", "datasets", "accelerate", "peft", "bitsandbytes",
    "sentence-transformers", "google-genai",
)
# Versiones de Colab (googlecolab/backend-info, pip-freeze.txt, agosto de 2026) que la instalación no debe tocar.
COLAB_2026 = {
    "torch": "2.11.0", "numpy": "2.1.3", "pandas": "2.2.3", "matplotlib": "3.10.0",
    "scikit-learn": "1.6.1", "scipy": "1.16.3", "fsspec": "2025.3.0",
}


def normalizar(nombre: str) -> str:
    return re.sub(r"[-_.]+", "-", nombre).lower()


def fijados(ruta: Path) -> dict[str, str]:
    """{nombre normalizado: versión} de un archivo de requisitos; falla si una línea no es `nombre==versión`."""
    resultado = {}
    for linea in ruta.read_text().splitlines():
        linea = linea.strip()
        if not linea or linea.startswith("#"):
            continue
        encontrado = PATRON.match(linea)
        assert encontrado, f"{ruta.name}: '{linea}' no está fijado con =="
        resultado[normalizar(encontrado.group(1))] = encontrado.group(2)
    return resultado


# ---------------------------------------------------------------- requirements-colab.txt

def test_requisitos_colab_con_las_mismas_versiones_que_requirements():
    curso, colab = fijados(RAIZ / "requirements.txt"), fijados(RAIZ / "requirements-colab.txt")
    assert colab, "requirements-colab.txt está vacío"
    for nombre, version in colab.items():
        assert nombre in curso, f"requirements-colab.txt fija {nombre}, que no está en requirements.txt"
        assert version == curso[nombre], f"{nombre}: {version} en requirements-colab.txt, {curso[nombre]} en requirements.txt"


def test_requisitos_colab_no_reinstalan_lo_que_trae_colab():
    colab = fijados(RAIZ / "requirements-colab.txt")
    prohibidos = {normalizar(n) for n in COLAB_PROVIDES}
    for nombre in colab:
        assert nombre not in prohibidos and not nombre.startswith("jupyter"), \
            f"requirements-colab.txt no debe fijar {nombre}: Colab ya lo trae"


def test_requisitos_colab_traen_lo_que_necesitan_las_lecciones():
    colab = fijados(RAIZ / "requirements-colab.txt")
    faltan = [n for n in IMPRESCINDIBLES_EN_COLAB if normalizar(n) not in colab]
    assert not faltan, f"faltan en requirements-colab.txt: {faltan}"


def test_requisitos_colab_traen_los_paquetes_de_pesos():
    """Los paquetes de la sección «Pesos de modelos» de requirements.txt también van a Colab."""
    lineas = (RAIZ / "requirements.txt").read_text().splitlines()
    inicio = next((i for i, l in enumerate(lineas) if l.startswith("#") and "Pesos de modelos" in l), None)
    assert inicio is not None, "requirements.txt ya no tiene la sección «# Pesos de modelos…»"
    pesos = []
    for linea in lineas[inicio + 1:]:
        if linea.startswith("#"):
            break
        if linea.strip():
            pesos.append(normalizar(PATRON.match(linea.strip()).group(1)))
    colab = fijados(RAIZ / "requirements-colab.txt")
    assert pesos and not [p for p in pesos if p not in colab], \
        f"faltan en requirements-colab.txt paquetes de pesos: {[p for p in pesos if p not in colab]}"


def _registro_inaccesible(salida: str) -> bool:
    return any(s in salida for s in ("NewConnectionError", "Failed to establish", "Max retries exceeded",
                                      "Temporary failure in name resolution", "Network is unreachable"))


@pytest.mark.parametrize("python", ["3.12", "3.13"])
def test_requisitos_colab_resuelven_con_lo_que_trae_colab(tmp_path, python):
    """pip resuelve requirements-colab.txt para el Python de Colab con su torch/numpy/pandas (lento: red)."""
    restricciones = tmp_path / "colab.txt"
    restricciones.write_text("".join(f"{n}=={v}\n" for n, v in COLAB_2026.items()))
    plataformas = [f"--platform=manylinux_2_{v}_x86_64" for v in range(35, 16, -1)] + ["--platform=manylinux2014_x86_64"]
    informe = tmp_path / "informe.json"
    orden = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
             "--only-binary=:all:", f"--python-version={python}", *plataformas, "--report", str(informe),
             "-r", str(RAIZ / "requirements-colab.txt"), "-c", str(restricciones)]
    r = subprocess.run(orden, capture_output=True, text=True, timeout=600)
    if r.returncode and _registro_inaccesible(r.stdout + r.stderr):
        pytest.skip("no se llega al registro de paquetes")
    assert r.returncode == 0, f"pip no resuelve requirements-colab.txt para Python {python}:\n{r.stdout[-3000:]}{r.stderr[-3000:]}"
    instalaria = {normalizar(i["metadata"]["name"]): i["metadata"]["version"]
                  for i in json.loads(informe.read_text())["install"]}
    for nombre, version in fijados(RAIZ / "requirements-colab.txt").items():
        assert instalaria.get(nombre) == version, f"{nombre}: pip elegiría {instalaria.get(nombre)}, no {version}"
    for nombre, version in COLAB_2026.items():  # lo de Colab se queda como está
        assert instalaria.get(nombre, version) == version


# ---------------------------------------------------------------- la celda y la insignia

def test_celda_de_arranque_usa_solo_la_biblioteca_estandar():
    celda = celda_arranque()
    arbol = ast.parse(celda)
    modulos = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import):
            modulos |= {a.name.split(".")[0] for a in nodo.names}
        elif isinstance(nodo, ast.ImportFrom):
            modulos.add((nodo.module or "").split(".")[0])
    assert modulos and modulos <= set(sys.stdlib_module_names), f"la celda importa fuera de la biblioteca estándar: {modulos}"


def test_celda_de_arranque_corta_y_con_el_repositorio_del_curso():
    celda = celda_arranque()
    assert es_celda_arranque(celda) and celda.startswith(MARCA_ARRANQUE)
    assert not es_celda_arranque("from helpers import preparar_entorno")
    assert len(celda.splitlines()) <= 35, "la celda de arranque debe poder leerla un alumno"
    assert json.dumps(REPOSITORIO) in celda and f'"-b", {json.dumps(RAMA)}' in celda
    assert "requirements-colab.txt" in celda and "CURSO_HF_CACHE" in celda


def test_repositorio_por_defecto_es_de_github():
    if "CURSO_HF_REPO" in os.environ:
        pytest.skip("CURSO_HF_REPO cambia el repositorio")
    assert REPOSITORIO.startswith("https://github.com/")
    repositorio_github()  # no lanza


def test_insignia_colab():
    if not REPOSITORIO.startswith("https://github.com/"):
        pytest.skip("CURSO_HF_REPO apunta a un repositorio que no es de GitHub")
    propietario, repo = repositorio_github()
    esperado = (f"[![Abrir en Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
                f"(https://colab.research.google.com/github/{propietario}/{repo}/blob/{RAMA}/notebooks/01_pipelines.ipynb)")
    assert insignia_colab("01_pipelines.ipynb") == esperado
    assert insignia_colab("01_pipelines") == esperado
    assert insignia_colab("notebooks/01_pipelines.ipynb") == esperado


@pytest.mark.parametrize("url", [
    "https://github.com/duena/curso", "https://github.com/duena/curso.git", "git@github.com:duena/curso.git",
    "https://github.com/duena/curso/", "https://www.github.com/duena/curso",
])
def test_repositorio_github_acepta_las_formas_habituales(url):
    assert repositorio_github(url) == ("duena", "curso")


@pytest.mark.parametrize("url", ["file:///tmp/curso", "https://gitlab.com/duena/curso", "https://github.com/duena"])
def test_repositorio_que_no_es_de_github_da_un_error_claro(url):
    with pytest.raises(ValueError, match="Colab solo abre cuadernos de GitHub"):
        repositorio_github(url)


# ---------------------------------------------------------------- la celda, ejecutada como en Colab

@pytest.fixture(scope="module")
def repositorio_local(tmp_path_factory) -> str:
    """URL file:// de un repositorio git con el árbol de trabajo actual (aunque no esté confirmado)."""
    if not shutil.which("git"):
        pytest.skip("hace falta git")
    origen = tmp_path_factory.mktemp("origen")
    archivos = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=RAIZ,
                              capture_output=True, text=True, check=True).stdout.split("\0")
    for nombre in filter(None, archivos):
        if (RAIZ / nombre).is_file():
            (origen / nombre).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(RAIZ / nombre, origen / nombre)
    git = ["git", "-c", "user.name=Pruebas", "-c", "user.email=pruebas@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", RAMA], cwd=origen, check=True)
    subprocess.run([*git, "add", "-A"], cwd=origen, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "árbol de trabajo"], cwd=origen, check=True)
    return origen.as_uri()


@pytest.fixture(scope="module")
def python_sin_helpers(tmp_path_factory) -> Path:
    """Python de un entorno virtual nuevo que ve los paquetes del curso pero no `helpers`.

    Un .pth añade el site-packages del curso; sus propios .pth (el buscador de la instalación editable de
    curso-hf-es) no se ejecutan, así que `import helpers` falla como en Colab antes de la celda.
    """
    entorno = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(entorno)], check=True)
    python = entorno / "bin" / "python"
    propio = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    curso = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(propio, "paquetes_del_curso.pth").write_text("".join(f"{c}\n" for c in sorted(curso)))
    return python


@pytest.fixture(scope="module")
def google_colab_falso(tmp_path_factory) -> Path:
    """Carpeta con un paquete `google.colab` mínimo (google sigue siendo un paquete de espacio de nombres)."""
    carpeta = tmp_path_factory.mktemp("falso")
    (carpeta / "google" / "colab").mkdir(parents=True)
    (carpeta / "google" / "colab" / "__init__.py").write_text(
        '"""Sustituto de google.colab para las pruebas."""\nfrom . import userdata\n')
    (carpeta / "google" / "colab" / "userdata.py").write_text(
        "class SecretNotFoundError(Exception):\n    pass\n\n\n"
        "def get(nombre):\n    raise SecretNotFoundError(nombre)\n")
    return carpeta


CONDUCTOR = r'''
import importlib.util, json, os, sys
resultado = {"helpers_antes": importlib.util.find_spec("helpers") is not None}
if os.environ.get("PRUEBA_FALSO_COLAB") == "1":
    import google.colab  # en Colab ya está importado cuando se ejecuta la primera celda
celda, espacio = open(sys.argv[1], encoding="utf-8").read(), {"__name__": "__main__"}
for _ in range(int(os.environ.get("PRUEBA_VECES", "1"))):  # como ejecutar la celda varias veces
    exec(compile(celda, "<celda de arranque>", "exec"), espacio)
resultado.update(cwd=os.getcwd(), cache=os.environ.get("CURSO_HF_CACHE"), sys_path=sys.path)
if os.environ.get("PRUEBA_USAR_HELPERS") == "1":
    import helpers
    from helpers import datos
    resenas = datos.cargar_resenas()
    resultado.update(helpers=helpers.__file__, datos=str(datos.CARPETA_DATOS),
                     filas={k: len(v) for k, v in resenas.items()})
print("RESULTADO=" + json.dumps(resultado))
'''


def ejecutar_celda(tmp_path: Path, python: Path, **entorno_extra) -> tuple[subprocess.CompletedProcess, dict | None]:
    (tmp_path / "celda.py").write_text(celda_arranque(), encoding="utf-8")
    (tmp_path / "conductor.py").write_text(CONDUCTOR, encoding="utf-8")
    trabajo = tmp_path / "trabajo"
    trabajo.mkdir(exist_ok=True)
    entorno = {k: v for k, v in os.environ.items()
               if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "COLAB_RELEASE_TAG", "CURSO_HF_CACHE",
                            "CURSO_HF_REPO", "CURSO_HF_DESTINO", "CURSO_HF_SIN_PIP"}}
    entorno.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_DATASETS_CACHE=str(tmp_path / "hf-datasets"),
                   PIP_NO_INDEX="1", PYTHONDONTWRITEBYTECODE="1")
    entorno.update({k: str(v) for k, v in entorno_extra.items()})
    r = subprocess.run([str(python), str(tmp_path / "conductor.py"), str(tmp_path / "celda.py")], cwd=trabajo,
                       env=entorno, capture_output=True, text=True, timeout=600)
    linea = next((l for l in r.stdout.splitlines() if l.startswith("RESULTADO=")), None)
    return r, (json.loads(linea.removeprefix("RESULTADO=")) if linea else None)


def test_en_colab_la_celda_clona_y_deja_helpers_y_data_listos(tmp_path, python_sin_helpers, repositorio_local,
                                                             google_colab_falso):
    contenido = tmp_path / "content"
    (contenido / "drive" / "MyDrive").mkdir(parents=True)  # Google Drive montado
    destino = contenido / "curso-hf-es"
    r, res = ejecutar_celda(tmp_path, python_sin_helpers, PYTHONPATH=google_colab_falso, PRUEBA_FALSO_COLAB=1,
                            PRUEBA_VECES=2, PRUEBA_USAR_HELPERS=1, CURSO_HF_REPO=repositorio_local,
                            CURSO_HF_DESTINO=destino, CURSO_HF_SIN_PIP=1)
    assert r.returncode == 0 and res, r.stdout[-3000:] + r.stderr[-3000:]
    assert res["helpers_antes"] is False, "el entorno de prueba no debería ver `helpers` antes de la celda"
    assert r.stdout.count("Descargando el curso") == 1, "la segunda ejecución no debe volver a clonar"
    assert "Instalando" not in r.stdout  # CURSO_HF_SIN_PIP=1
    assert (destino / ".git").is_dir() and (destino / "requirements-colab.txt").is_file()
    assert subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=destino, capture_output=True,
                          text=True).stdout.strip() == "true"
    assert Path(res["helpers"]).resolve().is_relative_to(destino.resolve())
    assert Path(res["datos"]).resolve() == (destino / "data").resolve()
    assert res["filas"]["train"] > 0 and res["filas"]["test"] > 0
    assert res["sys_path"].count(str(destino)) == 1
    assert Path(res["cwd"]) == destino / "notebooks"
    assert res["cache"] == str(contenido / "drive" / "MyDrive" / "curso-hf-es")
    assert not (destino / ".bibliotecas-instaladas").exists()


def test_en_colab_la_celda_instala_con_pip_una_sola_vez(tmp_path, python_sin_helpers, repositorio_local):
    """COLAB_RELEASE_TAG basta para detectar Colab; pip de verdad (aquí ya está todo, sin red: PIP_NO_INDEX=1)."""
    destino = tmp_path / "content" / "curso-hf-es"
    r, res = ejecutar_celda(tmp_path, python_sin_helpers, COLAB_RELEASE_TAG="release-colab_20261101-060000",
                            PRUEBA_VECES=2, CURSO_HF_REPO=repositorio_local, CURSO_HF_DESTINO=destino)
    assert r.returncode == 0 and res, r.stdout[-3000:] + r.stderr[-3000:]
    assert r.stdout.count("Instalando con pip") == 1 and re.search(r"listo en \d+ s", r.stdout)
    assert (destino / ".bibliotecas-instaladas").is_file()
    assert res["cache"] is None  # sin Google Drive montado, la caché del curso queda donde siempre


def test_en_colab_un_clon_fallido_explica_por_que(tmp_path, python_sin_helpers, google_colab_falso):
    destino = tmp_path / "content" / "curso-hf-es"
    r, res = ejecutar_celda(tmp_path, python_sin_helpers, PYTHONPATH=google_colab_falso, PRUEBA_FALSO_COLAB=1,
                            CURSO_HF_REPO=(tmp_path / "no-existe").as_uri(), CURSO_HF_DESTINO=destino,
                            CURSO_HF_SIN_PIP=1)
    assert r.returncode != 0 and res is None
    assert "RuntimeError: Falló: Descargando el curso" in r.stderr
    assert not (destino / "helpers").exists()


def test_fuera_de_colab_la_celda_no_hace_nada_y_dice_como_instalar(tmp_path, python_sin_helpers, repositorio_local):
    destino = tmp_path / "content" / "curso-hf-es"
    r, res = ejecutar_celda(tmp_path, python_sin_helpers, CURSO_HF_REPO=repositorio_local, CURSO_HF_DESTINO=destino)
    assert r.returncode == 0 and res, r.stdout[-3000:] + r.stderr[-3000:]
    assert not destino.exists() and Path(res["cwd"]) == tmp_path / "trabajo"
    assert "No encuentro el paquete `helpers`" in r.stdout and "make lab" in r.stdout and "pip install -e ." in r.stdout


def test_en_local_con_el_curso_instalado_la_celda_no_dice_nada(tmp_path, repositorio_local):
    destino = tmp_path / "content" / "curso-hf-es"
    r, res = ejecutar_celda(tmp_path, Path(sys.executable), CURSO_HF_REPO=repositorio_local, CURSO_HF_DESTINO=destino,
                            PYTHONPATH=RAIZ)  # `helpers` importable, como tras `make lab`
    assert r.returncode == 0 and res, r.stdout[-3000:] + r.stderr[-3000:]
    assert res["helpers_antes"] is True and not destino.exists()
    assert r.stdout.splitlines()[0].startswith("RESULTADO="), "fuera de Colab la celda no debe imprimir nada"


def test_modulo_sin_dependencias_del_resto_de_helpers():
    """La plantilla se importa al generar los cuadernos: no debe arrastrar torch ni transformers."""
    fuente = Path(arranque_colab.__file__).read_text(encoding="utf-8")
    importados = {n.split(".")[0] for n in re.findall(r"^(?:from|import) ([\w.]+)", fuente, re.M)}
    assert importados <= set(sys.stdlib_module_names) | {"__future__"}
