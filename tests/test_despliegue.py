"""Lección 12: servicio FastAPI, Dockerfile (estático y, si se puede, `docker build`) y utilidades de carga."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import despliegue

CARPETA = despliegue.CARPETA_SERVICIO
IMAGEN_BASE = "python:3.11-slim"


class ClasificadorFalso:
    """Imita a pipeline('text-classification'): devuelve etiquetas como RoBERTuito, con np.float32."""

    def __call__(self, texto, **_):
        import numpy as np

        etiqueta = "NEG" if "mal" in texto else "POS"
        return [{"label": etiqueta, "score": np.float32(0.875)}]


@pytest.fixture(scope="module")
def servicio():
    return despliegue.cargar_servicio()


@pytest.fixture(scope="module")
def cliente(servicio):
    from fastapi.testclient import TestClient

    with TestClient(servicio.crear_app(ClasificadorFalso(), modelo="falso@1234567")) as cliente:
        yield cliente


def test_salud(cliente):
    respuesta = cliente.get("/salud")
    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "ok", "modelo": "falso@1234567"}


def test_sentimiento_normaliza_y_serializa(cliente):
    respuesta = cliente.post("/sentimiento", json={"texto": "Qué mal servicio"})
    assert respuesta.status_code == 200
    assert respuesta.json() == {"etiqueta": "negativo", "puntuacion": 0.875, "modelo": "falso@1234567"}
    assert cliente.post("/sentimiento", json={"texto": "Genial"}).json()["etiqueta"] == "positivo"


@pytest.mark.parametrize("cuerpo", [{}, {"texto": "   "}, {"texto": "x" * 5000}, {"frase": "hola"}])
def test_sentimiento_rechaza_entradas_malas(cliente, cuerpo):
    assert cliente.post("/sentimiento", json=cuerpo).status_code == 422


def test_servicio_real_en_uvicorn(servicio):
    """El servicio con el modelo de sentimiento del curso, en un uvicorn de verdad (puerto local)."""
    import httpx
    from transformers import pipeline

    from helpers import modelos

    ruta = modelos.modelo("sentimiento", explicar=False)
    app = servicio.crear_app(pipeline("text-classification", model=ruta), modelo=ruta)
    with despliegue.ServidorLocal(app) as url:
        assert httpx.get(f"{url}/salud").json()["estado"] == "ok"
        cuerpo = httpx.post(f"{url}/sentimiento", json={"texto": "Todo perfecto, la volvería a comprar."}).json()
    assert cuerpo["etiqueta"] == "positivo" and 0.5 <= cuerpo["puntuacion"] <= 1
    json.dumps(cuerpo)


def test_percentil_rango_mas_cercano():
    valores = list(range(1, 21))  # 1..20
    assert despliegue.percentil(valores, 50) == 10
    assert despliegue.percentil(valores, 95) == 19
    assert despliegue.percentil(valores, 100) == 20
    assert despliegue.percentil([5, 1, 3], 95) == 5
    with pytest.raises(ValueError):
        despliegue.percentil([], 95)


def test_carga_cuenta_todas_las_peticiones():
    vistas = []
    resultado = despliegue.carga(vistas.append, n=12, concurrencia=3)
    assert sorted(vistas) == list(range(12)) and len(resultado["latencias"]) == 12
    assert resultado["mediana"] <= resultado["p95"] <= max(resultado["latencias"])


# ---------------------------------------------------------------------------
# Dockerfile
# ---------------------------------------------------------------------------

def instrucciones_dockerfile() -> list[tuple[str, str]]:
    texto = (CARPETA / "Dockerfile").read_text(encoding="utf-8")
    texto = re.sub(r"\\\n", " ", texto)  # une las líneas continuadas
    return [(linea.split(maxsplit=1)[0].upper(), linea.split(maxsplit=1)[1] if " " in linea else "")
            for linea in (l.strip() for l in texto.splitlines()) if linea and not linea.startswith("#")]


def test_dockerfile_estatico():
    instrucciones = instrucciones_dockerfile()
    ordenes = [orden for orden, _ in instrucciones]
    assert ordenes[0] == "FROM" and instrucciones[0][1].startswith("python:3.11")
    copias = [args for orden, args in instrucciones if orden == "COPY"]
    assert any("requirements-servicio.txt" in c for c in copias), "no copia requirements-servicio.txt"
    assert any("servicio.py" in c for c in copias), "no copia servicio.py"
    assert any(c.startswith("modelo/") for c in copias), "no copia la carpeta del modelo"
    # requirements se copia e instala ANTES que el código: así la capa de pip se reutiliza entre cambios del código
    indice_req = next(i for i, (o, a) in enumerate(instrucciones) if o == "COPY" and "requirements" in a)
    indice_pip = next(i for i, (o, a) in enumerate(instrucciones) if o == "RUN" and "pip install" in a)
    indice_codigo = next(i for i, (o, a) in enumerate(instrucciones) if o == "COPY" and "servicio.py" in a)
    assert indice_req < indice_pip < indice_codigo
    assert "-r requirements-servicio.txt" in instrucciones[indice_pip][1]
    assert ("EXPOSE", "8000") in instrucciones
    cmd = json.loads(dict(instrucciones)["CMD"])
    assert cmd[:2] == ["uvicorn", "servicio:app"] and cmd[cmd.index("--port") + 1] == "8000"
    assert cmd[cmd.index("--host") + 1] == "0.0.0.0"  # 127.0.0.1 no sería accesible desde fuera del contenedor
    for archivo in ("servicio.py", "requirements-servicio.txt"):
        assert (CARPETA / archivo).is_file()


def test_requirements_servicio_fijados_y_coherentes():
    lineas = [l.strip() for l in (CARPETA / "requirements-servicio.txt").read_text().splitlines()
              if l.strip() and not l.startswith("#")]
    assert lineas and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.\-+]*", l) for l in lineas), lineas
    fijados = dict(l.split("==") for l in lineas)
    for paquete in ("fastapi", "uvicorn", "transformers", "torch"):
        assert paquete in fijados
    raiz = Path(__file__).resolve().parent.parent
    curso = dict(l.split("==") for l in (raiz / "requirements.txt").read_text().splitlines()
                 if "==" in l and not l.startswith("#"))
    for paquete in ("torch", "transformers", "tokenizers", "huggingface_hub", "safetensors"):
        assert fijados[paquete] == curso[paquete], f"{paquete}: el servicio y el curso deben usar la misma versión"


def _docker_listo() -> str | None:
    """None si se puede construir; si no, el motivo."""
    if shutil.which("docker") is None:
        return "no hay cliente de Docker (`docker`) en el PATH"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    if info.returncode != 0:
        return "el demonio de Docker no responde (`docker info` falla): arráncalo con `dockerd` o `systemctl start docker`"
    imagen = subprocess.run(["docker", "image", "inspect", IMAGEN_BASE], capture_output=True, text=True, timeout=30)
    if imagen.returncode != 0:
        return (f"la imagen base {IMAGEN_BASE} no está en esta máquina y sin internet no se puede bajar: "
                f"`docker pull {IMAGEN_BASE}` con conexión")
    return None


def test_docker_build(tmp_path):
    motivo = _docker_listo()
    if motivo:
        pytest.skip(motivo)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from helpers import modelos

    ruta = modelos.modelo("sentimiento", explicar=False)
    for archivo in ("Dockerfile", "servicio.py", "requirements-servicio.txt"):
        shutil.copy(CARPETA / archivo, tmp_path / archivo)
    AutoModelForSequenceClassification.from_pretrained(ruta).save_pretrained(tmp_path / "modelo")
    AutoTokenizer.from_pretrained(ruta).save_pretrained(tmp_path / "modelo")
    construccion = subprocess.run(["docker", "build", "-q", "-t", "curso-hf-es/sentimiento:test", str(tmp_path)],
                                  capture_output=True, text=True, timeout=1800)
    if construccion.returncode != 0 and re.search(r"(?i)could not resolve|temporary failure|network|connection",
                                                   construccion.stderr):
        pytest.skip(f"`docker build` necesita red para `pip install` y no la hay: {construccion.stderr[-300:]}")
    assert construccion.returncode == 0, construccion.stderr[-3000:]
