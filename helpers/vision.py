"""Visión y multimodal (lección 11): un CLIP y un ViT pequeños entrenados aquí, y utilidades para usarlos.

No hay pesos de CLIP ni de ViT en PyPI, así que sin conexión el curso entrena desde cero, con las imágenes
sintéticas de `data/fuentes/imagenes.py` (32 × 32 píxeles, formas de colores con pie en español):

- `entrenar_clip(destino)`: `CLIPModel` de 2 capas por torre (texto y visión), ≈35 s en 2 núcleos;
- `entrenar_vit(destino)`: `ViTForImageClassification` de 2 capas que reconoce la forma, ≈8 s.

Los dos se guardan con `save_pretrained` junto a su procesador, así que se cargan con las mismas llamadas
(`CLIPModel.from_pretrained`, `pipeline("zero-shot-image-classification")`, `pipeline("image-classification")`)
que los modelos del Hub `openai/clip-vit-base-patch32` y `google/vit-base-patch16-224`.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import time
from functools import lru_cache
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
FUENTE_IMAGENES = RAIZ / "data" / "fuentes" / "imagenes.py"

# Tamaños de los modelos del curso (las dos torres de CLIP y el ViT comparten forma de bloque).
OCULTA, CAPAS, CABEZAS, INTERMEDIA, PARCHE, PROYECCION = 64, 2, 4, 256, 8, 64
PASOS_CLIP, PASOS_VIT, LOTE = 500, 300, 128


@lru_cache(maxsize=1)
def imagenes():
    """El módulo generador `data/fuentes/imagenes.py` (no es un paquete: se carga por su ruta)."""
    if "imagenes_curso" in sys.modules:
        return sys.modules["imagenes_curso"]
    if not FUENTE_IMAGENES.is_file():
        raise FileNotFoundError(f"No encuentro {FUENTE_IMAGENES}: la lección 11 necesita la carpeta data/ del curso.")
    especificacion = importlib.util.spec_from_file_location("imagenes_curso", FUENTE_IMAGENES)
    modulo = importlib.util.module_from_spec(especificacion)
    sys.modules["imagenes_curso"] = modulo  # dataclasses necesita encontrar el módulo
    especificacion.loader.exec_module(modulo)
    return modulo


# ---------------------------------------------------------------------------
# Piezas: tokenizador de palabras, procesadores y configuraciones
# ---------------------------------------------------------------------------

ESPECIALES = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]


def tokenizador_de_palabras():
    """Tokenizador de palabras (una pieza por palabra del vocabulario de los pies), con [BOS] … [EOS]."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordLevel
    from transformers import PreTrainedTokenizerFast

    vocab = {t: i for i, t in enumerate(ESPECIALES + imagenes().vocabulario())}
    nucleo = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    nucleo.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    nucleo.pre_tokenizer = pre_tokenizers.Whitespace()
    nucleo.post_processor = processors.TemplateProcessing(
        single="[BOS] $A [EOS]", special_tokens=[("[BOS]", vocab["[BOS]"]), ("[EOS]", vocab["[EOS]"])])
    return PreTrainedTokenizerFast(tokenizer_object=nucleo, bos_token="[BOS]", eos_token="[EOS]",
                                   pad_token="[PAD]", unk_token="[UNK]", model_max_length=16,
                                   model_input_names=["input_ids", "attention_mask"])


def procesador_de_imagenes(clase: str = "clip"):
    """Procesador de imágenes de 32 × 32 (sin cambiar el tamaño: solo escala a [0, 1] y normaliza)."""
    tamano = imagenes().TAMANO
    comunes = dict(do_resize=True, resample=3, do_rescale=True, do_normalize=True,
                   image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5])
    if clase == "clip":
        from transformers import CLIPImageProcessorPil

        return CLIPImageProcessorPil(size={"shortest_edge": tamano}, do_center_crop=True,
                                     crop_size={"height": tamano, "width": tamano}, **comunes)
    from transformers import ViTImageProcessorPil

    return ViTImageProcessorPil(size={"height": tamano, "width": tamano}, **comunes)


def config_clip(tamano_vocabulario: int):
    """CLIPConfig de las dos torres pequeñas (texto y visión), proyectadas a un espacio común de 64 dimensiones."""
    from transformers import CLIPConfig, CLIPTextConfig, CLIPVisionConfig

    texto = CLIPTextConfig(vocab_size=tamano_vocabulario, hidden_size=OCULTA, intermediate_size=INTERMEDIA,
                           num_hidden_layers=CAPAS, num_attention_heads=CABEZAS, max_position_embeddings=16,
                           projection_dim=PROYECCION, pad_token_id=0, bos_token_id=2, eos_token_id=3)
    vision = CLIPVisionConfig(hidden_size=OCULTA, intermediate_size=INTERMEDIA, num_hidden_layers=CAPAS,
                              num_attention_heads=CABEZAS, image_size=imagenes().TAMANO, patch_size=PARCHE,
                              projection_dim=PROYECCION)
    return CLIPConfig(text_config=texto, vision_config=vision, projection_dim=PROYECCION)


def config_vit():
    """ViTConfig pequeño que clasifica la forma (círculo, cuadrado, triángulo, cruz)."""
    from transformers import ViTConfig

    formas = imagenes().FORMAS
    return ViTConfig(image_size=imagenes().TAMANO, patch_size=PARCHE, hidden_size=OCULTA, num_hidden_layers=CAPAS,
                     num_attention_heads=CABEZAS, intermediate_size=INTERMEDIA, num_labels=len(formas),
                     id2label=dict(enumerate(formas)), label2id={f: i for i, f in enumerate(formas)})


def pixeles(procesador, lista_de_imagenes):
    import torch

    return torch.as_tensor(procesador(images=lista_de_imagenes, return_tensors="pt")["pixel_values"])


# ---------------------------------------------------------------------------
# Entrenamiento
# ---------------------------------------------------------------------------

def positivos(figuras, partes) -> "torch.Tensor":
    """Matriz (imágenes × pies) con 1 donde el pie j es verdadero para la imagen i.

    En un lote hay pies repetidos o parciales («un círculo» vale para todos los círculos): tratarlos como
    negativos enseñaría al modelo a separar cosas iguales. Se usan como positivos todos los pies verdaderos.
    """
    import torch

    return torch.tensor([[float(fi.pie(p) == fj.pie(p)) for fj, p in zip(figuras, partes)] for fi in figuras])


def perdida_contrastiva(logits_por_imagen, objetivo):
    """Entropía cruzada simétrica (imagen→texto y texto→imagen) con varios positivos por fila."""
    import torch.nn.functional as F

    i2t = F.cross_entropy(logits_por_imagen, objetivo / objetivo.sum(1, keepdim=True))
    t2i = F.cross_entropy(logits_por_imagen.T, objetivo.T / objetivo.T.sum(1, keepdim=True))
    return (i2t + t2i) / 2


def _guardar(destino: Path, nombre: str, metricas: dict, receta: str) -> None:
    (destino / "metricas.json").write_text(json.dumps(metricas, indent=1, ensure_ascii=False))
    (destino / "README.md").write_text(
        f"# {nombre} (modelo del curso, no está en el Hub)\n\n{receta}\n\nDatos: `data/fuentes/imagenes.py` "
        f"(sintéticos, CC0). Métricas: {json.dumps({k: v for k, v in metricas.items() if k != 'perdidas'})}\n")


def _entrenar_pasos(modelo, perdida_de_lote, destino: Path, procesador, *, pasos: int, n: int, calentamiento: int,
                    nombre: str, receta: str) -> dict:
    """Bucle común de CLIP y ViT: `pasos` lotes al azar, AdamW, coseno con calentamiento y recorte de gradiente.

    `perdida_de_lote(indices, rng)` devuelve la pérdida del lote; guarda modelo, procesador, métricas y README."""
    import random

    import torch
    from transformers import get_cosine_schedule_with_warmup

    optimizador = torch.optim.AdamW(modelo.parameters(), lr=2e-3, weight_decay=0.05)
    calendario = get_cosine_schedule_with_warmup(optimizador, calentamiento, pasos)
    rng = random.Random(0)
    perdidas, inicio = [], time.perf_counter()
    modelo.train()
    for _ in range(pasos):
        perdida = perdida_de_lote(rng.sample(range(n), LOTE), rng)
        perdida.backward()
        torch.nn.utils.clip_grad_norm_(modelo.parameters(), 1.0)
        optimizador.step()
        calendario.step()
        optimizador.zero_grad()
        perdidas.append(round(perdida.item(), 4))
    segundos = time.perf_counter() - inicio
    modelo.eval()
    modelo.save_pretrained(destino)
    procesador.save_pretrained(destino)
    metricas = {"segundos_entrenamiento": round(segundos, 1), "pasos": pasos, "lote": LOTE, "imagenes": n,
                "parametros": sum(p.numel() for p in modelo.parameters()), "perdidas": perdidas}
    _guardar(destino, nombre, metricas, receta)
    return metricas


def entrenar_clip(destino: Path, pasos: int = PASOS_CLIP, n: int = 3072) -> dict:
    """Entrena un CLIPModel pequeño desde cero con pies de foto en español; lo guarda en `destino`."""
    from transformers import CLIPModel, CLIPProcessor

    from .reproducibilidad import fijar_semilla

    fijar_semilla()
    tokenizador, procesador_img = tokenizador_de_palabras(), procesador_de_imagenes("clip")
    ejemplos = imagenes().entrenamiento(n)
    todos_pixeles = pixeles(procesador_img, [e.imagen for e in ejemplos])
    figuras = [e.figura for e in ejemplos]
    modelo = CLIPModel(config_clip(len(tokenizador)))

    def perdida_de_lote(indices, rng):
        partes = [rng.choice(imagenes().PARTES_DE_PIE) for _ in indices]  # pie nuevo en cada paso
        figuras_lote = [figuras[i] for i in indices]
        textos = tokenizador([f.pie(p) for f, p in zip(figuras_lote, partes)], padding=True, return_tensors="pt")
        salida = modelo(input_ids=textos["input_ids"], attention_mask=textos["attention_mask"],
                        pixel_values=todos_pixeles[indices])
        return perdida_contrastiva(salida.logits_per_image, positivos(figuras_lote, partes))

    return _entrenar_pasos(
        modelo, perdida_de_lote, Path(destino), CLIPProcessor(image_processor=procesador_img, tokenizer=tokenizador),
        pasos=pasos, n=len(ejemplos), calentamiento=50, nombre="clip-formas-es",
        receta=f"CLIPModel desde cero (2 capas por torre, {OCULTA} dimensiones, parches de {PARCHE} px) con pérdida "
               "contrastiva; pies completos y parciales en español. Nunca vio las parejas forma + color reservadas.")


def entrenar_vit(destino: Path, pasos: int = PASOS_VIT, n: int = 3072) -> dict:
    """Entrena un ViTForImageClassification pequeño que reconoce la forma; lo guarda en `destino`."""
    import torch
    from transformers import ViTForImageClassification

    from .reproducibilidad import fijar_semilla

    fijar_semilla()
    procesador_img = procesador_de_imagenes("vit")
    ejemplos = imagenes().entrenamiento(n)
    todos_pixeles = pixeles(procesador_img, [e.imagen for e in ejemplos])
    formas = imagenes().FORMAS
    etiquetas = torch.tensor([formas.index(e.figura.forma) for e in ejemplos])
    modelo = ViTForImageClassification(config_vit())
    return _entrenar_pasos(
        modelo, lambda indices, rng: modelo(pixel_values=todos_pixeles[indices], labels=etiquetas[indices]).loss,
        Path(destino), procesador_img, pasos=pasos, n=len(ejemplos), calentamiento=30, nombre="vit-formas-es",
        receta=f"ViTForImageClassification desde cero (2 capas, {OCULTA} dimensiones, parches de {PARCHE} px) que "
               "clasifica la forma (círculo, cuadrado, triángulo, cruz).")


# ---------------------------------------------------------------------------
# Usar un CLIP (el del curso o el del Hub): embeddings normalizados
# ---------------------------------------------------------------------------

def embeddings_de_imagenes(modelo, procesador, lista_de_imagenes, lote: int = 256):
    """Vectores unitarios de las imágenes (`get_image_features(...).pooler_output`, normalizado)."""
    import torch

    trozos = []
    with torch.no_grad():
        for i in range(0, len(lista_de_imagenes), lote):
            entrada = procesador(images=lista_de_imagenes[i:i + lote], return_tensors="pt")
            trozos.append(modelo.get_image_features(pixel_values=entrada["pixel_values"]).pooler_output)
    vectores = torch.cat(trozos)
    return vectores / vectores.norm(dim=-1, keepdim=True)


def embeddings_de_textos(modelo, procesador, textos):
    """Vectores unitarios de los textos (`get_text_features(...).pooler_output`, normalizado)."""
    import torch

    with torch.no_grad():
        entrada = procesador(text=list(textos), padding=True, return_tensors="pt")
        vectores = modelo.get_text_features(input_ids=entrada["input_ids"],
                                            attention_mask=entrada["attention_mask"]).pooler_output
    return vectores / vectores.norm(dim=-1, keepdim=True)


def mosaico(lista_de_imagenes, titulos=None, columnas: int = 8, escala: float = 1.1, colores=None):
    """Figura de matplotlib con las imágenes en rejilla y un título corto bajo cada una."""
    import matplotlib.pyplot as plt

    filas = (len(lista_de_imagenes) + columnas - 1) // columnas
    figura, ejes = plt.subplots(filas, columnas, figsize=(columnas * escala * 1.6, filas * escala * 1.9),
                                squeeze=False)
    for i, eje in enumerate(ejes.flat):
        eje.axis("off")
        if i < len(lista_de_imagenes):
            eje.imshow(lista_de_imagenes[i], interpolation="nearest")
            if titulos:
                eje.set_title(titulos[i], fontsize=7, color=(colores[i] if colores else "black"))
    figura.tight_layout()
    return figura
