"""`python -m helpers.benchmark`: mide la calidad y la velocidad de los modelos del curso y escribe BENCHMARK.md.

Sin conexión (copias locales), en la máquina donde se ejecuta, que queda anotada. Cada tiempo es la
mediana de `--repeticiones` medidas (con el mínimo y el máximo); las exactitudes son deterministas.
El README incluye la tabla entre las marcas `<!-- benchmark:inicio -->` y `<!-- benchmark:fin -->`.

Objetivos (issue de modelos en español): sentimiento ≥ 95 % en reseñas naturales que no vio al entrenar,
zero-shot de temas ≥ 80 %, agrupamiento de la lección 09 mejor que TF-IDF, el LLM acierta la mayoría de
preguntas factuales cortas a ≥ 5 tokens/s en 2 núcleos, preparación de todo desde cero ≤ 10 min
(`--sin-preparacion` se la salta).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .medicion import Tiempo, cronometrar, maquina

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


def _fmt(numero: float, decimales: int = 1) -> str:
    from .formato import decimal

    return decimal(numero, decimales)


def _pct(valor: float) -> str:
    from .formato import porcentaje

    return porcentaje(valor)


def medir_sentimiento() -> list[Medida]:
    from transformers import pipeline

    from . import datos, modelos

    manuales = datos.cargar_resenas_manuales()
    medidas = []
    for rol in ("sentimiento", "sentimiento_minilm"):
        clasificador = pipeline("text-classification", model=modelos.copia_local(rol, explicar=False))
        predichas = [modelos.normalizar_etiqueta(p["label"])
                     for p in clasificador(list(manuales["texto"]), batch_size=32)]
        medidas.append(_medida_sentimiento(f"Sentimiento ({rol}, copia local)", predichas, manuales))
    return medidas


def _medida_sentimiento(nombre: str, predichas: list[str], manuales) -> Medida:
    """Exactitud en las reseñas escritas a mano, con la de la ironía (el tipo más difícil) aparte."""
    from . import datos

    reales = [datos.ETIQUETAS[i] for i in manuales["label"]]
    aciertos = [p == r for p, r in zip(predichas, reales)]
    ironia = [a for a, tipo in zip(aciertos, manuales["tipo"]) if tipo == "ironia"]
    exactitud = sum(aciertos) / len(aciertos)
    return Medida(f"{nombre}: {len(reales)} reseñas escritas a mano (entre paréntesis, las {len(ironia)} irónicas)",
                  f"{_pct(exactitud)} ({_pct(sum(ironia) / len(ironia))})", "≥ 95 %", exactitud >= 0.95)


def _sentimiento_por_llm(llm, tokenizador, textos: list[str]) -> list[str]:
    """Zero-shot con la plantilla de chat: ¿qué primer token prefiere el LLM, «posit…» o «neg…»?"""
    import torch

    primeros = {e: tokenizador.encode(e)[0] for e in ("positivo", "negativo")}
    predichas = []
    for texto in textos:
        mensajes = [{"role": "user", "content": f"¿Esta reseña es positiva o negativa? Ojo con la ironía.\n\n"
                                                f"Reseña: «{texto}»\n\nResponde solo con una palabra: positivo o negativo."}]
        entrada = tokenizador.apply_chat_template(mensajes, add_generation_prompt=True, return_tensors="pt",
                                                  return_dict=True)
        with torch.no_grad():
            logits = llm(**entrada).logits[0, -1]
        predichas.append(max(primeros, key=lambda e: float(logits[primeros[e]])))
    return predichas


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

    from . import datos, modelos

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
    manuales = datos.cargar_resenas_manuales()
    sentimiento = _medida_sentimiento("Sentimiento con el LLM (generador, zero-shot, plantilla de chat)",
                                      _sentimiento_por_llm(llm, tokenizador, list(manuales["texto"])), manuales)
    entrada = tokenizador("Para hacer una buena tortilla de patatas, lo primero es", return_tensors="pt")

    def generar_64():
        with torch.no_grad():
            llm.generate(**entrada, max_new_tokens=64, min_new_tokens=64, do_sample=False)

    def generar_64_sin_cache():
        with torch.no_grad():
            llm.generate(**entrada, max_new_tokens=64, min_new_tokens=64, do_sample=False, use_cache=False)

    generar_64()  # calentamiento
    con_cache, _ = cronometrar(generar_64, repeticiones)
    sin_cache, _ = cronometrar(generar_64_sin_cache, repeticiones)
    velocidad = 64 / con_cache.mediana
    return [sentimiento,
            Medida("LLM (generador, copia local): preguntas factuales cortas acertadas", f"{aciertos} de {len(PREGUNTAS)}",
                   "la mayoría", aciertos > len(PREGUNTAS) / 2),
            Medida("LLM: tokens por segundo, voraz, 64 tokens (mediana; mín.–máx.)",
                   f"{_fmt(velocidad)} ({_fmt(64 / con_cache.maximo)}–{_fmt(64 / con_cache.minimo)})", "≥ 5", velocidad >= 5),
            Medida("LLM: el mismo texto sin caché KV (`use_cache=False`), tokens por segundo",
                   f"{_fmt(64 / sin_cache.mediana)} ({_fmt(64 / sin_cache.maximo)}–{_fmt(64 / sin_cache.minimo)})",
                   "más lento que con caché", 64 / sin_cache.mediana < velocidad)]


def _minilm_y_lotes(n: int = 256, lote: int = 32):
    from transformers import AutoTokenizer

    from . import datos
    from .modelos import MINILM_ID

    tokenizador = AutoTokenizer.from_pretrained(MINILM_ID)
    entrenamiento = datos.cargar_resenas()["train"].select(range(n))
    textos, etiquetas = list(entrenamiento["texto"]), list(entrenamiento["label"])
    return tokenizador, [(textos[i:i + lote], etiquetas[i:i + lote]) for i in range(0, n, lote)]


def medir_relleno(repeticiones: int) -> list[Medida]:
    """Una época (forward + backward) de MiniLM sobre 256 reseñas: relleno a 64 frente a relleno dinámico."""
    import torch
    from transformers import AutoModelForSequenceClassification

    from .modelos import MINILM_ID

    tokenizador, lotes = _minilm_y_lotes()
    modelo = AutoModelForSequenceClassification.from_pretrained(MINILM_ID, num_labels=2)
    codificados = {
        modo: [tokenizador(t, padding=modo, truncation=True, max_length=64, return_tensors="pt") | {"labels": torch.tensor(e)}
               for t, e in lotes] for modo in ("max_length", "longest")}

    def epoca(modo):
        for lote in codificados[modo]:
            modelo(**lote).loss.backward()
            modelo.zero_grad()

    epoca("longest")  # calentamiento
    fijo, _ = cronometrar(lambda: epoca("max_length"), repeticiones)
    dinamico, _ = cronometrar(lambda: epoca("longest"), repeticiones)
    return [Medida("Relleno: una época de MiniLM (256 reseñas), `padding=\"max_length\"` (64)", fijo.rango()),
            Medida("Relleno: la misma época con relleno dinámico (`DataCollatorWithPadding`)",
                   dinamico.rango() + f"; {_fmt(fijo.mediana / dinamico.mediana, 2)}× más rápido", "más rápido",
                   dinamico.mediana < fijo.mediana)]


def medir_lora(repeticiones: int) -> list[Medida]:
    """Ajuste completo frente a LoRA r=8 (query, value) de MiniLM: 1 época con 512 reseñas, exactitud en prueba."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForSequenceClassification

    from . import datos
    from .modelos import MINILM_ID

    tokenizador, lotes = _minilm_y_lotes(512)
    prueba = datos.cargar_resenas()["test"]
    entrada_prueba = tokenizador(list(prueba["texto"]), padding=True, truncation=True, max_length=64, return_tensors="pt")

    def ajustar(con_lora: bool):
        torch.manual_seed(0)
        modelo = AutoModelForSequenceClassification.from_pretrained(MINILM_ID, num_labels=2)
        if con_lora:
            modelo = get_peft_model(modelo, LoraConfig(r=8, lora_alpha=16, target_modules=["query", "value"],
                                                       task_type="SEQ_CLS"))
        entrenables = [p for p in modelo.parameters() if p.requires_grad]
        optimizador = torch.optim.AdamW(entrenables, lr=5e-3 if con_lora else 1e-4)
        inicio = time.perf_counter()
        modelo.train()
        for textos, etiquetas in lotes:
            lote = tokenizador(textos, padding=True, truncation=True, max_length=64, return_tensors="pt")
            modelo(**lote, labels=torch.tensor(etiquetas)).loss.backward()
            optimizador.step()
            optimizador.zero_grad()
        segundos = time.perf_counter() - inicio
        modelo.eval()
        with torch.no_grad():
            predichas = modelo(**entrada_prueba).logits.argmax(-1)
        memoria = sum(t.numel() * t.element_size() for estado in optimizador.state.values()
                      for t in estado.values() if torch.is_tensor(t) and t.dim())
        return segundos, float((predichas == torch.tensor(prueba["label"])).float().mean()), \
            sum(p.numel() for p in entrenables), memoria / 2**20

    from .formato import entero

    medidas = []
    for nombre, con_lora in (("ajuste completo", False), ("LoRA r=8", True)):
        resultados = [ajustar(con_lora) for _ in range(repeticiones)]
        tiempos = [r[0] for r in resultados]
        _, exactitud, entrenables, memoria = resultados[0]
        medidas.append(Medida(
            f"MiniLM, {nombre}: 1 época con 512 reseñas (tiempo; exactitud en {len(prueba)} de prueba; "
            "parámetros entrenables; estado del optimizador)",
            f"{Tiempo(statistics.median(tiempos), min(tiempos), max(tiempos), len(tiempos)).rango(1)}; {_pct(exactitud)}; "
            f"{entero(entrenables)}; {_fmt(memoria, 1)} MiB"))
    return medidas


def medir_cuantizacion(repeticiones: int) -> list[Medida]:
    """sentimiento_minilm en fp32 frente a int8 dinámica (PyTorch): tamaño, latencia y exactitud en prueba."""
    import io

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from . import datos, modelos

    carpeta = modelos.copia_local("sentimiento_minilm", explicar=False)
    tokenizador = AutoTokenizer.from_pretrained(carpeta)
    prueba = datos.cargar_resenas()["test"]
    lotes = [tokenizador(list(prueba["texto"][i:i + 64]), padding=True, truncation=True, max_length=64,
                         return_tensors="pt") for i in range(0, len(prueba), 64)]
    fp32 = AutoModelForSequenceClassification.from_pretrained(carpeta).eval()
    int8 = torch.ao.quantization.quantize_dynamic(AutoModelForSequenceClassification.from_pretrained(carpeta).eval(),
                                                  {torch.nn.Linear}, dtype=torch.qint8)
    medidas = []
    for nombre, modelo in (("fp32", fp32), ("int8 dinámica", int8)):
        def predecir():
            with torch.no_grad():
                return torch.cat([modelo(**lote).logits.argmax(-1) for lote in lotes])

        exactitud = float((predecir() == torch.tensor(prueba["label"])).float().mean())
        tiempo, _ = cronometrar(predecir, repeticiones)
        buffer = io.BytesIO()
        torch.save(modelo.state_dict(), buffer)
        medidas.append(Medida(f"Cuantización, sentimiento_minilm {nombre}: {len(prueba)} reseñas (latencia; "
                              "exactitud; tamaño guardado)",
                              f"{tiempo.rango()}; {_pct(exactitud)}; {_fmt(buffer.tell() / 2**20, 1)} MiB"))
    return medidas


def medir_preparacion() -> list[Medida]:
    """`python -m helpers.preparar` con cachés vacías (una máquina nueva): todas las copias locales, una vez."""
    import subprocess
    import tempfile

    from .modelos import formatear_duracion

    with tempfile.TemporaryDirectory() as temporal:
        entorno = {**os.environ, "HF_HOME": f"{temporal}/hf", "CURSO_HF_CACHE": f"{temporal}/curso",
                   "HF_HUB_OFFLINE": "1"}
        tiempo, _ = cronometrar(lambda: subprocess.run([sys.executable, "-m", "helpers.preparar"], cwd=RAIZ,
                                                       env=entorno, check=True, capture_output=True), 1)
    return [Medida("Preparación de todos los modelos con cachés vacías (`python -m helpers.preparar`; una ejecución)",
                   formatear_duracion(tiempo.mediana), "≤ 10 min", tiempo.mediana <= 600)]


def _calificar(entregas: Path, temporal: str) -> dict:
    """`python -m helpers.calificar --trabajadores 2` sobre una carpeta; devuelve su notas.json."""
    import json
    import subprocess

    salida = Path(temporal) / "notas" / "notas.csv"
    salida.parent.mkdir()
    subprocess.run([sys.executable, "-m", "helpers.calificar", str(entregas), "--salida", str(salida),
                    "--trabajadores", "2", "--sin-progreso"], cwd=RAIZ, check=True, capture_output=True)
    return json.loads(salida.with_suffix(".json").read_text(encoding="utf-8"))


def medir_calificacion() -> list[Medida]:
    """El calificador con 2 trabajadores: entregas por minuto (lección 00) y todas las lecciones en blanco.

    Lo segundo es lo que CI ya no hace con las lecciones largas (tests/test_calificar.py): que el cuaderno de
    alumno de cada lección, sin respuestas, termine aislado, sin errores y dentro de los límites de su lección.
    """
    import shutil
    import tempfile

    from .modelos import formatear_duracion

    with tempfile.TemporaryDirectory() as temporal:
        entregas = Path(temporal) / "entregas"
        for i in range(6):
            (entregas / f"alumno{i}").mkdir(parents=True)
            shutil.copy(RAIZ / "solutions" / "00_entorno.ipynb", entregas / f"alumno{i}" / "00_entorno.ipynb")
        info = _calificar(entregas, temporal)
    rendimiento = info["rendimiento"]
    correctas = sum(f["estado"] == "correcto" for f in info["filas"])
    medidas = [Medida(
        f"Calificación de la lección `00_entorno`: 6 entregas, 2 trabajadores, aislamiento "
        f"{info['aislamiento']['modo']} (una ejecución)",
        f"{_fmt(float(rendimiento['entregas_por_minuto']), 1)} entregas por minuto "
        f"({_fmt(float(rendimiento['segundos']), 0)} s; {correctas} de {len(info['filas'])} ejercicios correctos)")]

    with tempfile.TemporaryDirectory() as temporal:
        entregas = Path(temporal) / "entregas"
        entregas.mkdir()
        cuadernos = sorted((RAIZ / "notebooks").glob("*.ipynb"))
        for ruta in cuadernos:
            shutil.copy(ruta, entregas / ruta.name)
        info = _calificar(entregas, temporal)
    recursos = info["recursos"]
    enteros = [n for n, r in recursos.items() if r["terminado"] and not r["celdas_con_error"]]
    lenta = max(recursos, key=lambda n: recursos[n]["segundos"])
    fallan = sorted(set(recursos) - set(enteros))
    medidas.append(Medida(
        f"Calificación de los {len(cuadernos)} cuadernos de alumno en blanco (uno por lección), 2 trabajadores, "
        "límites de cada lección (una ejecución)",
        f"{len(enteros)} de {len(cuadernos)} terminan sin errores en "
        f"{formatear_duracion(float(info['rendimiento']['segundos']))}; la más lenta, `{lenta}`: "
        f"{formatear_duracion(recursos[lenta]['segundos'])}" + (f"; fallan: {', '.join(fallan)}" if fallan else ""),
        "todos terminan sin errores", len(enteros) == len(cuadernos)))
    return medidas


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


def tabla(medidas: list[Medida], repeticiones: int) -> str:
    filas = [f"Medido con `python -m helpers.benchmark` el {time.strftime('%Y-%m-%d')} en: {maquina(con_torch=True)}, instrucciones de CPU {_capacidad_cpu()}. "
             f"Tiempos: mediana de {repeticiones} repeticiones (mín.–máx.).", "",
             "| Medida | Resultado | Objetivo | ¿Cumple? |", "|---|---|---|---|"]
    for m in medidas:
        cumple = "" if m.cumple is None else ("sí" if m.cumple else "**no**")
        filas.append(f"| {m.nombre} | {m.valor} | {m.objetivo} | {cumple} |")
    return "\n".join(filas)


def _capacidad_cpu() -> str:
    """Lo que usa PyTorch (AVX2, AVX512…): el mismo número de núcleos puede rendir muy distinto."""
    import torch

    return torch.backends.cpu.get_cpu_capability()


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
    parser.add_argument("--sin-preparacion", action="store_true",
                        help="no medir la preparación desde cero (≈10 min)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tqdm.auto import tqdm

    from .reproducibilidad import silenciar_bibliotecas

    silenciar_bibliotecas()
    medidas: list[Medida] = []
    pasos = ["sentimiento", "embeddings", "llm", "relleno", "lora", "cuantizacion", "calificacion", "lecciones"]
    if not args.sin_preparacion:
        pasos.insert(0, "preparacion")
    e5 = None
    for paso in tqdm(pasos, desc="Benchmark", unit="paso", disable=False):
        if paso == "preparacion":
            medidas += medir_preparacion()
        elif paso == "sentimiento":
            medidas += medir_sentimiento()
        elif paso == "embeddings":
            e5 = _e5()
            medidas += medir_zero_shot(e5) + medir_agrupamiento(e5)
        elif paso == "llm":
            medidas += medir_llm(args.repeticiones)
        elif paso == "relleno":
            medidas += medir_relleno(args.repeticiones)
        elif paso == "lora":
            medidas += medir_lora(args.repeticiones)
        elif paso == "cuantizacion":
            medidas += medir_cuantizacion(args.repeticiones)
        elif paso == "calificacion":
            medidas += medir_calificacion()
        else:
            medidas += medir_tiempos_de_lecciones()
    texto = tabla(medidas, args.repeticiones)
    escribir(texto)
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
