"""`python -m helpers.benchmark`: mide la calidad y la velocidad de los modelos del curso y escribe BENCHMARK.md.

Sin conexión (copias locales), en la máquina donde se ejecuta, que queda anotada. Cada tiempo es la
mediana de `--repeticiones` medidas (con el mínimo y el máximo); las exactitudes son deterministas.
El README incluye la tabla entre las marcas `<!-- benchmark:inicio -->` y `<!-- benchmark:fin -->`.

Objetivos (issue de modelos en español): sentimiento ≥ 95 % en reseñas naturales que no vio al entrenar,
zero-shot de temas ≥ 80 %, agrupamiento de la lección 09 mejor que TF-IDF, el LLM acierta la mayoría de
preguntas factuales cortas a ≥ 5 tokens/s en 2 núcleos.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
INICIO, FIN = "<!-- benchmark:inicio -->", "<!-- benchmark:fin -->"

PREGUNTAS = [  # (pregunta, respuestas válidas en minúsculas y sin tildes)
    ("¿Cuál es la capital de Francia?", ["paris"]),
    ("¿Cuántos días tiene una semana?", ["7", "siete"]),
    ("¿En qué continente está Perú?", ["america"]),
    ("¿De qué color es el cielo en un día despejado?", ["azul"]),
    ("¿Cuál es la capital de Italia?", ["roma"]),
    ("¿Cuántas patas tiene una araña?", ["8", "ocho"]),
    ("¿Qué planeta es conocido como el planeta rojo?", ["marte"]),
    ("¿En qué idioma se escribió el Quijote?", ["espanol", "castellano"]),
    ("¿Cuántos minutos tiene una hora?", ["60", "sesenta"]),
    ("¿Cuál es el océano más grande del mundo?", ["pacifico"]),
]


@dataclass
class Medida:
    nombre: str
    valor: str
    objetivo: str = ""
    cumple: bool | None = None


def _sin_tildes(texto: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", texto.lower()) if unicodedata.category(c) != "Mn")


def _tiempos(funcion, repeticiones: int) -> tuple[float, float, float]:
    medidas = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        medidas.append(time.perf_counter() - inicio)
    return statistics.median(medidas), min(medidas), max(medidas)


def _fmt(numero: float, decimales: int = 1) -> str:
    return f"{numero:.{decimales}f}".replace(".", ",")


def _pct(valor: float) -> str:
    return f"{valor * 100:.1f} %".replace(".", ",")


def medir_sentimiento() -> list[Medida]:
    from transformers import pipeline

    from . import datos, modelos

    manuales = datos.cargar_resenas_manuales()
    reales = [datos.ETIQUETAS[i] for i in manuales["label"]]
    medidas = []
    for rol in ("sentimiento", "sentimiento_minilm"):
        clasificador = pipeline("text-classification", model=modelos.copia_local(rol, explicar=False))
        predichas = [modelos.normalizar_etiqueta(p["label"])
                     for p in clasificador(list(manuales["texto"]), batch_size=32)]
        exactitud = sum(p == r for p, r in zip(predichas, reales)) / len(reales)
        medidas.append(Medida(f"Sentimiento ({rol}, copia local): {len(reales)} reseñas escritas a mano",
                              _pct(exactitud), "≥ 95 %", exactitud >= 0.95))
    return medidas


def _e5():
    from sentence_transformers import SentenceTransformer

    from . import modelos

    return SentenceTransformer(modelos.copia_local("embeddings", explicar=False), device="cpu")


def medir_zero_shot(e5) -> list[Medida]:
    from . import datos

    temas = datos.cargar_temas()
    etiquetas = list(datos.TEMAS)
    textos = e5.encode(["query: " + t for t in temas["texto"]], normalize_embeddings=True, batch_size=32)
    candidatas = e5.encode(["query: " + e for e in etiquetas], normalize_embeddings=True)
    predichas = [etiquetas[i] for i in (textos @ candidatas.T).argmax(1)]
    exactitud = sum(p == r for p, r in zip(predichas, temas["tema"])) / len(predichas)
    return [Medida(f"Zero-shot de temas con e5 (copia local): {len(predichas)} frases, {len(etiquetas)} temas",
                   _pct(exactitud), "≥ 80 %", exactitud >= 0.80)]


def medir_agrupamiento(e5) -> list[Medida]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score

    from . import datos

    prueba = datos.cargar_resenas()["test"]
    textos, dominios = list(prueba["texto"]), list(prueba["dominio"])
    grupos = KMeans(n_clusters=7, n_init=10, random_state=0).fit_predict(
        e5.encode(["query: " + t for t in textos], normalize_embeddings=True, batch_size=64))
    grupos_tfidf = KMeans(n_clusters=7, n_init=10, random_state=0).fit_predict(TfidfVectorizer().fit_transform(textos))
    ari, ari_tfidf = adjusted_rand_score(dominios, grupos), adjusted_rand_score(dominios, grupos_tfidf)
    return [Medida("Agrupamiento de la lección 09 (ARI con los dominios): e5 frente a TF-IDF",
                   f"{_fmt(ari, 2)} frente a {_fmt(ari_tfidf, 2)}", "e5 > TF-IDF", ari > ari_tfidf)]


def medir_llm(repeticiones: int) -> list[Medida]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from . import modelos

    carpeta = modelos.copia_local("generador", explicar=False)
    tokenizador = AutoTokenizer.from_pretrained(carpeta)
    llm = AutoModelForCausalLM.from_pretrained(carpeta)

    def responder(pregunta: str, tokens: int = 24) -> str:
        entrada = tokenizador.apply_chat_template([{"role": "user", "content": pregunta + " Responde brevemente."}],
                                                  add_generation_prompt=True, return_tensors="pt", return_dict=True)
        with torch.no_grad():
            salida = llm.generate(**entrada, max_new_tokens=tokens, do_sample=False)
        return tokenizador.decode(salida[0, entrada["input_ids"].shape[1]:], skip_special_tokens=True)

    aciertos = sum(any(r in _sin_tildes(responder(p)) for r in validas) for p, validas in PREGUNTAS)
    entrada = tokenizador("Para hacer una buena tortilla de patatas, lo primero es", return_tensors="pt")

    def generar_64():
        with torch.no_grad():
            llm.generate(**entrada, max_new_tokens=64, min_new_tokens=64, do_sample=False)

    generar_64()  # calentamiento
    mediana, minimo, maximo = _tiempos(generar_64, repeticiones)
    velocidad = 64 / mediana
    return [Medida(f"LLM (generador, copia local): preguntas factuales cortas acertadas", f"{aciertos} de {len(PREGUNTAS)}",
                   "la mayoría", aciertos > len(PREGUNTAS) / 2),
            Medida("LLM: tokens por segundo, voraz, 64 tokens (mediana; mín.–máx.)",
                   f"{_fmt(velocidad)} ({_fmt(64 / maximo)}–{_fmt(64 / minimo)})", "≥ 5", velocidad >= 5)]


def medir_tiempos_de_lecciones() -> list[Medida]:
    """Tiempo de cada lección en la última ejecución limpia de solutions/ (metadatos de cada cuaderno)."""
    import nbformat

    from .modelos import formatear_duracion

    medidas = []
    for ruta in sorted((RAIZ / "solutions").glob("*.ipynb")):
        ejecucion = nbformat.read(ruta, as_version=4).metadata.get("curso", {}).get("ejecucion")
        if ejecucion:
            medidas.append(Medida(f"Lección `{ruta.stem}` (una ejecución, `make soluciones`)",
                                  formatear_duracion(ejecucion["segundos"])))
    return medidas


def maquina() -> str:
    import torch

    acelerador = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "sin GPU"
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} núcleos de CPU, {acelerador}, "
            f"Python {platform.python_version()}, torch {torch.__version__}")


def tabla(medidas: list[Medida], repeticiones: int) -> str:
    filas = [f"Medido con `python -m helpers.benchmark` el {time.strftime('%Y-%m-%d')} en: {maquina()}. "
             f"Tiempos: mediana de {repeticiones} repeticiones (mín.–máx.).", "",
             "| Medida | Resultado | Objetivo | ¿Cumple? |", "|---|---|---|---|"]
    for m in medidas:
        cumple = "" if m.cumple is None else ("sí" if m.cumple else "**no**")
        filas.append(f"| {m.nombre} | {m.valor} | {m.objetivo} | {cumple} |")
    return "\n".join(filas)


def escribir(texto: str) -> None:
    (RAIZ / "BENCHMARK.md").write_text("# Benchmark del curso\n\n" + texto + "\n", encoding="utf-8")
    leeme = RAIZ / "README.md"
    contenido = leeme.read_text(encoding="utf-8")
    if INICIO in contenido:
        antes, resto = contenido.split(INICIO, 1)
        despues = resto.split(FIN, 1)[1]
        leeme.write_text(f"{antes}{INICIO}\n{texto}\n{FIN}{despues}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mide los modelos del curso y escribe BENCHMARK.md.")
    parser.add_argument("--repeticiones", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tqdm.auto import tqdm

    from .reproducibilidad import silenciar_bibliotecas

    silenciar_bibliotecas()
    medidas: list[Medida] = []
    pasos = ["sentimiento", "embeddings", "llm", "lecciones"]
    e5 = None
    for paso in tqdm(pasos, desc="Benchmark", unit="paso", disable=False):
        if paso == "sentimiento":
            medidas += medir_sentimiento()
        elif paso == "embeddings":
            e5 = _e5()
            medidas += medir_zero_shot(e5) + medir_agrupamiento(e5)
        elif paso == "llm":
            medidas += medir_llm(args.repeticiones)
        else:
            medidas += medir_tiempos_de_lecciones()
    texto = tabla(medidas, args.repeticiones)
    escribir(texto)
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
