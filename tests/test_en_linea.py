"""El curso con conexión: cada rol y las lecciones con modelos del Hub contra un Hub local que se porta como el real.

El Hub local (tests/hub_local.py) sirve los repositorios que el curso tiene byte a byte y responde
401 RepositoryNotFound a los demás, como hace el Hub con un repositorio que no existe. Los clientes
corren en subprocesos con HF_ENDPOINT apuntando a él y sin HF_HUB_OFFLINE.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub_local import ServidorHub, repos_del_curso
from servidor_gemini import ServidorGemini

RAIZ = Path(__file__).resolve().parent.parent


def _entorno_en_linea(tmp_path: Path, **extra) -> dict:
    entorno = {k: v for k, v in os.environ.items()
               if k not in {"HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE"}}
    entorno.update(HF_HOME=str(tmp_path / "hf"), **extra)  # caché de HF vacía: todo lo del Hub se descarga
    return entorno


CARGAR_CADA_ROL = r"""
import json
from helpers import modelos
from transformers import AutoConfig, AutoModel, AutoTokenizer

resultado = {}
for rol in modelos.roles():
    valor = modelos.modelo(rol)
    eleccion = modelos.elegir(rol)
    if rol == "vit":  # clasificador de imágenes: procesador de imágenes, no tokenizador
        from transformers import AutoImageProcessor

        AutoImageProcessor.from_pretrained(valor)
        tokenizador = []
    else:
        tokenizador = AutoTokenizer.from_pretrained(valor)
    if rol != "tokenizador_multilingue":  # sin conexión ese rol solo tiene tokenizador
        AutoModel.from_pretrained(valor)
    resultado[rol] = {"valor": valor, "del_hub": eleccion.del_hub, "motivo": eleccion.motivo,
                      "vocabulario": len(tokenizador)}
print("RESULTADO" + json.dumps(resultado))
"""


def test_cada_rol_carga_con_conexion(tmp_path):
    with ServidorHub(repos_del_curso()) as hub:
        salida = subprocess.run([sys.executable, "-c", CARGAR_CADA_ROL], cwd=RAIZ, capture_output=True, text=True,
                                timeout=600, env=_entorno_en_linea(tmp_path, HF_ENDPOINT=hub.url))
        peticiones = list(hub.peticiones)
    assert salida.returncode == 0, salida.stderr[-3000:]
    resultado = json.loads(salida.stdout.split("RESULTADO", 1)[1])
    from helpers import modelos

    for rol, r in resultado.items():
        entrada = modelos.entrada(rol)
        if entrada.siempre_local:  # sin equivalente en el Hub: copia local también con conexión
            assert not r["del_hub"] and Path(r["valor"]).is_dir() and "no hay equivalente" in r["motivo"], r
        elif entrada.identico_al_hub:  # el Hub lo sirve: se descarga de él, con su id real
            assert r["del_hub"] and r["valor"] == entrada.hub_id, r
        else:  # el Hub responde 401 → la copia local, desde una carpeta, diciendo por qué
            assert not r["del_hub"] and Path(r["valor"]).is_dir(), r
            assert "el Hub responde que no existe" in r["motivo"], r
    # MiniLM llegó por HTTP desde el Hub local, y los repos que no sirve recibieron 401 (no se inventó nada).
    assert ("GET", "/api/models/sentence-transformers/all-MiniLM-L6-v2", 200) in \
        [(p.metodo, p.ruta.split("?")[0], p.estado) for p in peticiones]
    assert any(p.ruta.endswith("/model.safetensors") and p.estado == 200 for p in peticiones)
    assert any("pysentimiento/robertuito-sentiment-analysis" in p.ruta and p.estado == 401 for p in peticiones)
    assert (tmp_path / "hf" / "hub" / "models--sentence-transformers--all-MiniLM-L6-v2" / "refs" / "main").is_file()
    assert "Modelo para «sentimiento»: copia local" in salida.stdout


def test_un_id_inventado_en_la_cache_falla_con_conexion(tmp_path):
    """El fallo que el catálogo evita: un id que solo está en la caché no carga si el Hub responde."""
    codigo = ("from helpers import cache_hf, modelos\n"
              "cache_hf.sembrar('curso-hf-es/inventado', modelos.MINILM.archivos())\n"
              "from transformers import AutoModel\n"
              "try:\n    AutoModel.from_pretrained('curso-hf-es/inventado')\n"
              "except OSError as error:\n    print('OSError', type(error.__cause__ or error).__name__)\n")
    with ServidorHub(repos_del_curso()) as hub:
        salida = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True,
                                timeout=300, env=_entorno_en_linea(tmp_path, HF_ENDPOINT=hub.url))
    assert salida.returncode == 0, salida.stderr[-2000:]
    assert "OSError" in salida.stdout and "RepositoryNotFound" in salida.stdout


# Las que tienen celdas propias «con conexión» (el modelo del Hub, o la copia local si el Hub responde 401):
# 11 (CLIP y ViT) y 12 (la app con el sentimiento y el traductor).
# La 08 no se repite aquí (≈2 min): con conexión solo cambia su celda del modelo instruido, que pregunta
# `hub_tiene` por el mismo id que el rol «generador», y eso ya lo prueba test_cada_rol_carga_con_conexion
# (401 → copia local, «el Hub responde que no existe»). El resto de la 08 es el mismo código en los dos casos.
# La 14 tampoco (≈1,5 min): lo único que cambia con conexión es que los procesos de `accelerate launch` reciben
# el id del Hub y descargan MiniLM ellos mismos; eso lo prueba, con menos datos, test_accelerate_con_conexion.
LECCIONES_EN_LINEA = ["00_entorno", "01_pipelines", "10_gemini_vs_abiertos", "11_vision_multimodal",
                      "12_despliegue"]


@pytest.mark.parametrize("carpeta", ["solutions"])
def test_lecciones_con_conexion_pasan_nbval(tmp_path, carpeta):
    """nbval de LECCIONES_EN_LINEA «con conexión»: Hub local y Gemini local con clave."""
    registro = tmp_path / "peticiones.json"
    cuadernos = [f"{carpeta}/{nombre}.ipynb" for nombre in LECCIONES_EN_LINEA]
    with ServidorGemini() as gemini:
        entorno = _entorno_en_linea(tmp_path, CURSO_HUB_LOCAL="1", CURSO_HUB_REGISTRO=str(registro),
                                    GOOGLE_GEMINI_BASE_URL=gemini.url, GEMINI_API_KEY="clave-buena")
        salida = subprocess.run(
            [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
             "--nbval-sanitize-with", "nbval_sanitize.cfg", "-p", "no:cacheprovider", "-q", *cuadernos],
            cwd=RAIZ, capture_output=True, text=True, timeout=1500, env=entorno)
        peticiones_gemini = len(gemini.peticiones)
    assert salida.returncode == 0, salida.stdout[-4000:]
    peticiones = json.loads(registro.read_text())
    assert any(estado == 200 and ruta.endswith("/model.safetensors") for _, ruta, estado in peticiones)
    assert any(estado == 401 for _, _, estado in peticiones)  # los modelos que el Hub local no tiene
    for repo in ("openai/clip-vit-base-patch32", "google/vit-base-patch16-224"):  # lección 11: los pidió de verdad
        assert any(repo in ruta and estado == 401 for _, ruta, estado in peticiones), repo
    assert peticiones_gemini == 3  # la lección 10 usó Gemini: hay clave e «internet», aunque el Hub sea otro


def test_accelerate_con_conexion(tmp_path):
    """Lección 14 con conexión: cada proceso de `accelerate launch` recibe el id del Hub y carga MiniLM de él."""
    from helpers import modelos

    configuracion = tmp_path / "dos_procesos.yaml"  # la misma que escribe la lección 14
    configuracion.write_text("compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_processes: 2\n"
                             "main_process_port: 0\nnum_machines: 1\nmachine_rank: 0\nmixed_precision: 'no'\n"
                             "use_cpu: true\ngpu_ids: all\ndynamo_config: {}\n")
    with ServidorHub(repos_del_curso()) as hub:
        entorno = _entorno_en_linea(tmp_path, HF_ENDPOINT=hub.url)
        eleccion = subprocess.run([sys.executable, "-c", "from helpers import modelos; print(modelos.modelo('codificador'))"],
                                  cwd=RAIZ, capture_output=True, text=True, timeout=300, env=entorno)
        base = eleccion.stdout.strip().splitlines()[-1]
        salida = subprocess.run(
            [sys.executable, "-m", "accelerate.commands.launch", "--config_file", str(configuracion),
             str(RAIZ / "scripts" / "entrenar_distribuido.py"), "--modelo", base, "--lote", "4", "--ejemplos", "16",
             "--salida", str(tmp_path / "dos")], cwd=RAIZ, capture_output=True, text=True, timeout=600, env=entorno)
        peticiones = [(p.ruta.split("?")[0], p.estado) for p in hub.peticiones]
    assert base == modelos.id_hub("codificador") == "sentence-transformers/all-MiniLM-L6-v2", eleccion.stdout
    assert salida.returncode == 0, salida.stderr[-3000:]
    informes = [json.loads(p.read_text()) for p in sorted((tmp_path / "dos").glob("proceso_*.json"))]
    assert [i["procesos"] for i in informes] == [2, 2] and informes[0]["tipo"] == "MULTI_CPU"
    assert informes[0]["huella_pesos"] == informes[1]["huella_pesos"]  # DDP: los dos acaban con los mismos pesos
    assert any("all-MiniLM-L6-v2" in r and r.endswith("/model.safetensors") and e == 200 for r, e in peticiones), \
        peticiones
    assert (tmp_path / "hf" / "hub" / "models--sentence-transformers--all-MiniLM-L6-v2").is_dir()
