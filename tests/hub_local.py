"""Servidor HTTP local que imita al Hub de Hugging Face para las pruebas (solo biblioteca estándar).

Los clientes (huggingface_hub, transformers, sentence-transformers) lo usan si HF_ENDPOINT apunta a su URL
antes de importar huggingface_hub. Sirve cada repo desde una carpeta local, con las mismas cabeceras,
rutas y errores que el Hub real:

  HEAD/GET /{repo}/resolve/{rev}/{ruta}       (también /models/..., /datasets/..., /spaces/...; admite Range)
  GET  /api/models/{repo}[/revision/{rev}]    (model_info / repo_info)
  GET  /api/models/{repo}/tree/{rev}[/{ruta}] (list_repo_tree, snapshot_download)
  POST /api/models/{repo}/paths-info/{rev}    (get_paths_info)
  GET  /api/agent-harnesses                   (huggingface_hub lo pide al importarse)

Repo desconocido → 401 RepoNotFound; revisión desconocida → 404 RevisionNotFound;
fichero ausente → 404 EntryNotFound. Uso desde otro proceso (p. ej. un núcleo de nbval):

  python tests/hub_local.py --puerto 0 --repo org/nombre=/ruta/carpeta ...   # 1.ª línea: la URL
"""
from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import re
import sys
import threading
import traceback
from collections import namedtuple
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

# Extensiones que el Hub guarda en LFS (como el .gitattributes por defecto); también todo fichero > 10 MB.
EXTENSIONES_LFS = {".safetensors", ".bin", ".onnx", ".gguf", ".pt", ".pth", ".ckpt", ".h5", ".msgpack",
                   ".model", ".npy", ".npz", ".pkl", ".joblib", ".ot", ".tflite", ".zip", ".tar", ".gz", ".parquet"}
LIMITE_LFS = 10 * 1024 * 1024
FECHA = "2024-01-01T00:00:00.000Z"  # fecha fija: las respuestas no cambian entre ejecuciones
TIPOS = ("models", "datasets", "spaces")

Peticion = namedtuple("Peticion", "metodo ruta estado")
Fichero = namedtuple("Fichero", "ruta camino tamano oid lfs")  # lfs: sha256 o None


def _sha1_blob(datos: bytes) -> str:
    """Identificador git de un blob (el «oid» que da el Hub)."""
    return hashlib.sha1(b"blob %d\0" % len(datos) + datos).hexdigest()


def _sha256(camino: Path) -> str:
    h = hashlib.sha256()
    with open(camino, "rb") as f:
        for bloque in iter(lambda: f.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def _puntero_lfs(sha256: str, tamano: int) -> bytes:
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {tamano}\n".encode()


class Repo:
    """Ficheros de una carpeta con sus oid, sha256 (LFS) y un commit estable calculado del contenido."""

    def __init__(self, repo_id: str, carpeta: Path):
        self.id, self.ficheros = repo_id, {}
        for camino in sorted(p for p in Path(carpeta).rglob("*") if p.is_file()):
            ruta = camino.relative_to(carpeta).as_posix()
            if ruta.startswith((".git/", ".cache/")) or "__pycache__" in ruta:
                continue
            tamano = camino.stat().st_size
            if camino.suffix in EXTENSIONES_LFS or tamano > LIMITE_LFS:
                sha = _sha256(camino)
                self.ficheros[ruta] = Fichero(ruta, camino, tamano, _sha1_blob(_puntero_lfs(sha, tamano)), sha)
            else:
                self.ficheros[ruta] = Fichero(ruta, camino, tamano, _sha1_blob(camino.read_bytes()), None)
        huella = "".join(f"{f.ruta}\0{f.oid}\n" for f in self.ficheros.values())
        self.sha = hashlib.sha1(f"{repo_id}\n{huella}".encode()).hexdigest()

    def entrada(self, f: Fichero) -> dict:
        """Entrada de fichero como en /tree y /paths-info."""
        e = {"type": "file", "oid": f.oid, "size": f.tamano, "path": f.ruta}
        if f.lfs:
            e["lfs"] = {"oid": f.lfs, "size": f.tamano, "pointerSize": len(_puntero_lfs(f.lfs, f.tamano))}
        return e

    def carpetas(self) -> set[str]:
        return {"/".join(r.split("/")[:i]) for r in self.ficheros for i in range(1, r.count("/") + 1)}

    def arbol(self, base: str, recursivo: bool) -> list[dict] | None:
        """Listado de /tree: hijos directos de `base` (o todo lo que cuelga, si es recursivo)."""
        prefijo = f"{base}/" if base else ""
        if base and base not in self.carpetas():
            return None
        dentro = lambda r: r.startswith(prefijo) and (recursivo or "/" not in r[len(prefijo):])  # noqa: E731
        dirs = [{"type": "directory", "oid": hashlib.sha1(d.encode()).hexdigest(), "size": 0, "path": d}
                for d in sorted(self.carpetas()) if dentro(d)]
        return dirs + [self.entrada(f) for r, f in self.ficheros.items() if dentro(r)]

    def info(self, con_blobs: bool) -> dict:
        """Cuerpo de /api/models/{repo}: lo que lee ModelInfo."""
        hermanos = [{"rfilename": r} for r in self.ficheros]
        if con_blobs:
            for h, f in zip(hermanos, self.ficheros.values()):
                h.update(size=f.tamano, blobId=f.oid)
                if f.lfs:
                    h["lfs"] = {"sha256": f.lfs, "size": f.tamano, "pointerSize": len(_puntero_lfs(f.lfs, f.tamano))}
        libreria = ("sentence-transformers" if "modules.json" in self.ficheros
                    else "transformers" if "config.json" in self.ficheros else None)
        return {"_id": self.sha[:24], "id": self.id, "modelId": self.id, "author": self.id.split("/")[0],
                "sha": self.sha, "lastModified": FECHA, "createdAt": FECHA, "private": False, "gated": False,
                "disabled": False, "downloads": 0, "likes": 0, "tags": [], "library_name": libreria,
                "siblings": hermanos, "usedStorage": sum(f.tamano for f in self.ficheros.values())}


class _Manejador(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # conexiones persistentes, como el Hub

    def log_message(self, *args):  # el registro va a servidor.peticiones
        pass

    # --- respuestas ---------------------------------------------------------------------------
    def _cabeceras(self, estado: int, cabeceras: dict) -> None:
        self.estado = estado
        # Se anota antes de responder: quien recibe la respuesta ya la ve en `peticiones`.
        self.server.anotar(Peticion(self.command, self.path, estado))
        self.send_response(estado)
        for clave, valor in cabeceras.items():
            self.send_header(clave, str(valor))
        self.end_headers()

    def _json(self, estado: int, cuerpo, **cabeceras) -> None:
        datos = json.dumps(cuerpo).encode()
        self._cabeceras(estado, {"Content-Type": "application/json; charset=utf-8",
                                 "Content-Length": len(datos), **cabeceras})
        if self.command != "HEAD":
            self.wfile.write(datos)

    def _error(self, estado: int, codigo: str | None, mensaje: str, cuerpo: str | None = None, **cabeceras) -> None:
        """Error con las cabeceras X-Error-* que interpreta huggingface_hub (hf_raise_for_status)."""
        extra = {"X-Error-Code": codigo} if codigo else {}
        self._json(estado, {"error": cuerpo or mensaje}, **extra, **{"X-Error-Message": mensaje}, **cabeceras)

    def _repo_no_encontrado(self) -> None:
        # El Hub real responde 401 (no 404) para no revelar si existe un repo privado, con X-Error-Code
        # «RepoNotFound»: es el código que huggingface_hub convierte en RepositoryNotFoundError (sin él, un 401
        # solo se reconoce en URL https://, y aquí se serviría un HfHubHTTPError genérico).
        self._error(401, "RepoNotFound", "Repository not found", f"Repository Not Found for url: {self._url()}.")

    def _url(self) -> str:
        return f"http://{self.headers.get('Host', '127.0.0.1')}{self.path}"

    # --- rutas -------------------------------------------------------------------------------
    def _repo_y_resto(self, partes: list[str], tipo: str, marcadores: tuple[str, ...]):
        """Separa «org/nombre» (o «nombre») del resto de la ruta; devuelve (Repo | None, id, resto)."""
        for n in (2, 1):
            if (len(partes) > n and partes[n] in marcadores) or (len(partes) == n and not marcadores):
                repo_id = "/".join(partes[:n])
                return self.server.repo(repo_id if tipo == "models" else f"{tipo}/{repo_id}"), repo_id, partes[n:]
        return None, None, None

    def _revision(self, repo: Repo, revision: str) -> bool:
        if unquote(revision) in ("main", repo.sha):
            return True
        self._error(404, "RevisionNotFound", f"Invalid rev id: {unquote(revision)}")
        return False

    def _atender(self) -> None:
        url = urlsplit(self.path)
        partes = [p for p in url.path.split("/") if p]
        consulta = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if partes == ["api", "agent-harnesses"]:  # huggingface_hub lo pide al importarse (detección de agentes)
            return self._json(200, {"standardEnvVars": [], "harnesses": {}})
        if partes[:1] == ["api"] and len(partes) > 2 and partes[1] in TIPOS:
            return self._api(partes[1], partes[2:], consulta)
        tipo = "models"
        if partes[:1] and partes[0] in TIPOS:
            tipo, partes = partes[0], partes[1:]
        repo, repo_id, resto = self._repo_y_resto(partes, tipo, ("resolve",))
        if repo_id is None or len(resto) < 3:
            return self._error(404, None, "Not Found")
        if repo is None:
            return self._repo_no_encontrado()
        if self._revision(repo, resto[1]):
            self._servir(repo, unquote("/".join(resto[2:])))

    def _api(self, tipo: str, partes: list[str], consulta: dict) -> None:
        marcadores = ("revision", "tree", "paths-info")
        repo, repo_id, resto = self._repo_y_resto(partes, tipo, marcadores)
        if repo_id is None:  # /api/models/{repo} sin más
            repo, repo_id, resto = self._repo_y_resto(partes, tipo, ())
        if repo_id is None:
            return self._error(404, None, "Not Found")
        if repo is None:
            return self._repo_no_encontrado()
        accion = resto[0] if resto else "revision"
        if accion != "revision" and len(resto) < 2:
            return self._error(404, None, "Not Found")
        if len(resto) > 1 and not self._revision(repo, resto[1]):
            return
        if accion == "revision":
            return self._json(200, repo.info(consulta.get("blobs", "").lower() == "true"))
        if accion == "tree":
            base = unquote("/".join(resto[2:])).strip("/")
            arbol = repo.arbol(base, consulta.get("recursive", "").lower() == "true")
            if arbol is None:
                return self._error(404, "EntryNotFound", f'{base} does not exist on "{unquote(resto[1])}"')
            return self._json(200, arbol)
        if accion == "paths-info":
            rutas = self.formulario.get("paths", [])
            dirs = repo.carpetas()
            return self._json(200, [repo.entrada(repo.ficheros[r]) if r in repo.ficheros else
                                    {"type": "directory", "oid": hashlib.sha1(r.encode()).hexdigest(), "size": 0,
                                     "path": r} for r in rutas if r in repo.ficheros or r in dirs])
        self._error(404, None, "Not Found")

    def _servir(self, repo: Repo, ruta: str) -> None:
        """Fichero de /resolve con las cabeceras del Hub (X-Repo-Commit, ETag, X-Linked-*), y Range."""
        f = repo.ficheros.get(ruta)
        if f is None:
            return self._error(404, "EntryNotFound", "Entry not found", **{"X-Repo-Commit": repo.sha})
        cabeceras = {"X-Repo-Commit": repo.sha, "ETag": f'"{f.lfs or f.oid}"', "Accept-Ranges": "bytes",
                     "Content-Type": mimetypes.guess_type(f.ruta)[0] or "application/octet-stream"}
        if f.lfs:
            cabeceras.update({"X-Linked-Etag": f'"{f.lfs}"', "X-Linked-Size": f.tamano})
        inicio, fin, estado = 0, f.tamano - 1, 200
        rango = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if rango and rango.group(1) + rango.group(2):
            a, b = rango.groups()
            inicio, fin = (int(a), min(int(b or fin), fin)) if a else (max(f.tamano - int(b), 0), fin)
            if inicio > fin:
                return self._cabeceras(416, {"Content-Range": f"bytes */{f.tamano}", "Content-Length": 0})
            estado, cabeceras["Content-Range"] = 206, f"bytes {inicio}-{fin}/{f.tamano}"
        cabeceras["Content-Length"] = fin - inicio + 1
        self._cabeceras(estado, cabeceras)
        if self.command == "GET":
            with open(f.camino, "rb") as origen:
                origen.seek(inicio)
                pendiente = fin - inicio + 1
                while pendiente > 0:
                    bloque = origen.read(min(1 << 20, pendiente))
                    self.wfile.write(bloque)
                    pendiente -= len(bloque)

    def _peticion(self) -> None:
        self.estado = None
        longitud = int(self.headers.get("Content-Length") or 0)
        cuerpo = self.rfile.read(longitud) if longitud else b""  # leerlo siempre: la conexión sigue viva
        if self.headers.get("Content-Type", "").startswith("application/json"):
            self.formulario = json.loads(cuerpo or b"{}")
        else:
            self.formulario = parse_qs(cuerpo.decode())
        try:
            self._atender()
        except (BrokenPipeError, ConnectionResetError):  # el cliente cortó la descarga
            self.close_connection = True
        except Exception:  # un fallo del servidor se ve como un 500 del Hub, no como una conexión cortada
            traceback.print_exc()
            if self.estado is None:
                self._error(500, None, "Internal Error")
        finally:
            if self.estado is None:  # el cliente cortó antes de recibir nada
                self.server.anotar(Peticion(self.command, self.path, None))

    do_GET = do_HEAD = do_POST = _peticion  # noqa: N815 (nombres de http.server)


class _Servidor(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # no esperar a las conexiones persistentes que los clientes dejan abiertas

    def __init__(self, direccion, repos: dict[str, Path], eco: bool = False):
        super().__init__(direccion, _Manejador)
        self.carpetas, self.repos, self.peticiones, self.eco = dict(repos), {}, [], eco
        self.cerrojo = threading.Lock()

    def repo(self, clave: str) -> Repo | None:
        """Repo indexado la primera vez que se pide (calcular sha256 de 90 MB lleva un momento)."""
        if clave not in self.carpetas:
            return None
        with self.cerrojo:
            if clave not in self.repos:
                self.repos[clave] = Repo(clave.split("/", 1)[1] if clave.startswith(("datasets/", "spaces/"))
                                         else clave, Path(self.carpetas[clave]))
            return self.repos[clave]

    def anotar(self, peticion: Peticion) -> None:
        self.peticiones.append(peticion)
        if self.eco:
            print(*peticion, file=sys.stderr, flush=True)


class ServidorHub:
    """Hub local en 127.0.0.1 (puerto libre) mientras dura el `with`; `.url`, `.peticiones`, `.sha(repo_id)`.

    `repos` asocia ids reales («org/nombre») a carpetas; «datasets/org/nombre» sirve un repo de datos.
    """

    def __init__(self, repos: dict[str, Path], puerto: int = 0):
        self.repos, self.puerto = {k: Path(v) for k, v in repos.items()}, puerto
        self._servidor: _Servidor | None = None

    def __enter__(self) -> ServidorHub:
        self._servidor = _Servidor(("127.0.0.1", self.puerto), self.repos)
        self.url = f"http://127.0.0.1:{self._servidor.server_address[1]}"
        threading.Thread(target=self._servidor.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._servidor.shutdown()
        self._servidor.server_close()

    @property
    def peticiones(self) -> list[Peticion]:
        return self._servidor.peticiones

    def sha(self, repo_id: str) -> str:
        """Commit que el servidor anuncia para `repo_id`."""
        return self._servidor.repo(repo_id).sha


def main(argv: list[str] | None = None) -> None:
    analizador = argparse.ArgumentParser(description="Hub de Hugging Face local para pruebas.")
    analizador.add_argument("--puerto", type=int, default=0, help="0 = puerto libre")
    analizador.add_argument("--repo", action="append", default=[], metavar="ORG/NOMBRE=CARPETA")
    analizador.add_argument("--eco", action="store_true", help="escribir cada petición en stderr")
    args = analizador.parse_args(argv)
    repos = dict(r.split("=", 1) for r in args.repo)
    servidor = _Servidor(("127.0.0.1", args.puerto), {k: Path(v) for k, v in repos.items()}, eco=args.eco)
    print(f"http://127.0.0.1:{servidor.server_address[1]}", flush=True)
    try:
        servidor.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        servidor.server_close()


def repos_del_curso() -> dict[str, Path]:
    """Los repositorios reales del Hub que el curso tiene byte a byte (los roles idénticos al Hub)."""
    from helpers import modelos

    repos = {}
    for entrada in modelos.CATALOGO.values():
        if entrada.identico_al_hub:
            archivos = entrada.origen.archivos()
            entrada.origen.verificar(archivos)
            repos[entrada.hub_id] = Path(archivos["config.json"]).parent
    return repos


if __name__ == "__main__":
    main()
