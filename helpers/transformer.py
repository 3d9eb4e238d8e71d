"""Un bloque Transformer (codificador tipo BERT) escrito a mano, para la lección 04.

Nada de esto sustituye a `transformers`: sirve para comprobar que entendemos qué calcula
cada pieza de una capa, usando los pesos reales del modelo.

    from helpers.transformer import capa_bert_a_mano, vectores_por_capa
    salida = capa_bert_a_mano(modelo.encoder.layer[0], X)   # igual que modelo.encoder.layer[0](X)
"""
from __future__ import annotations

import math

import torch

DIAGRAMA_CAPA_BERT = """\
 entrada X (tokens × 384)
   │
   ├──────────────────────────────┐  conexión residual
   ▼                              │
 atención multi-cabeza            │  Q, K, V = X·W_q, X·W_k, X·W_v → 12 cabezas de 32
   (softmax(QKᵀ/√d)·V por cabeza, │  → se concatenan → proyección de salida W_o
    concatenar, W_o)              │
   ▼                              │
  (+) ◄───────────────────────────┘
   ▼
 LayerNorm                        → H
   │
   ├──────────────────────────────┐  conexión residual
   ▼                              │
 feed-forward (por token)         │  384 → 1536 → GELU → 384
   ▼                              │
  (+) ◄───────────────────────────┘
   ▼
 LayerNorm                        → salida de la capa (entrada de la siguiente)"""


def codificacion_sinusoidal(n_posiciones: int, dimension: int, base: float = 10000.0) -> torch.Tensor:
    """Codificación posicional de «Attention is all you need»: (n_posiciones, dimension).

    Columnas pares: sen(pos / base^(2i/d)); impares: cos(pos / base^(2i/d)).
    """
    if dimension % 2:
        raise ValueError(f"la dimensión debe ser par (sen y cos por parejas), no {dimension}")
    posiciones = torch.arange(n_posiciones, dtype=torch.float32)[:, None]
    frecuencias = base ** (-torch.arange(0, dimension, 2, dtype=torch.float32) / dimension)
    angulos = posiciones * frecuencias
    codificacion = torch.zeros(n_posiciones, dimension)
    codificacion[:, 0::2] = torch.sin(angulos)
    codificacion[:, 1::2] = torch.cos(angulos)
    return codificacion


def _lineal(x: torch.Tensor, capa: torch.nn.Linear) -> torch.Tensor:
    return x @ capa.weight.T + capa.bias


def _layer_norm(x: torch.Tensor, capa: torch.nn.LayerNorm) -> torch.Tensor:
    media = x.mean(dim=-1, keepdim=True)
    varianza = x.var(dim=-1, keepdim=True, unbiased=False)
    return (x - media) / torch.sqrt(varianza + capa.eps) * capa.weight + capa.bias


def _gelu(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


def capa_bert_a_mano(capa, X: torch.Tensor, mascara: torch.Tensor | None = None) -> torch.Tensor:
    """Una `BertLayer` calculada a mano con sus pesos (en modo evaluación: sin dropout).

    `X`: (lote, tokens, oculto). `mascara`: opcional, 1 = token real, 0 = relleno (lote, tokens).
    """
    atencion = capa.attention.self
    n_cabezas = atencion.num_attention_heads
    lote, n_tokens, oculto = X.shape
    d = oculto // n_cabezas

    def separar(t):  # (lote, tokens, oculto) → (lote, cabezas, tokens, d)
        return t.view(lote, n_tokens, n_cabezas, d).transpose(1, 2)

    Q, K, V = (separar(_lineal(X, lin)) for lin in (atencion.query, atencion.key, atencion.value))
    puntuaciones = Q @ K.transpose(-2, -1) / math.sqrt(d)
    if mascara is not None:
        puntuaciones = puntuaciones.masked_fill(mascara[:, None, None, :] == 0, float("-inf"))
    contexto = (torch.softmax(puntuaciones, dim=-1) @ V).transpose(1, 2).reshape(lote, n_tokens, oculto)
    H = _layer_norm(X + _lineal(contexto, capa.attention.output.dense), capa.attention.output.LayerNorm)
    intermedio = _gelu(_lineal(H, capa.intermediate.dense))
    return _layer_norm(H + _lineal(intermedio, capa.output.dense), capa.output.LayerNorm)


def posicion_de(tokenizador, frase: str, pieza: str) -> int:
    """Posición (en la frase tokenizada, con tokens especiales) de la primera aparición de `pieza`."""
    piezas = tokenizador.convert_ids_to_tokens(tokenizador(frase)["input_ids"])
    if pieza not in piezas:
        raise ValueError(f"«{pieza}» no es una pieza de la frase «{frase}». Sus piezas son: {piezas}. "
                         "Elige una palabra que el tokenizador no parta, o usa la pieza tal como aparece.")
    return piezas.index(pieza)


def vectores_por_capa(modelo, tokenizador, frase: str, pieza: str) -> torch.Tensor:
    """Vector de `pieza` en la frase tras los embeddings (fila 0) y tras cada capa: (capas + 1, oculto)."""
    posicion = posicion_de(tokenizador, frase, pieza)
    entrada = tokenizador(frase, return_tensors="pt")
    with torch.no_grad():
        ocultos = modelo(**entrada, output_hidden_states=True).hidden_states
    return torch.stack([h[0, posicion] for h in ocultos])


def similitud_por_capa(a: torch.Tensor, b: torch.Tensor) -> list[float]:
    """Similitud coseno, capa a capa, entre dos salidas de `vectores_por_capa`."""
    return torch.nn.functional.cosine_similarity(a, b, dim=-1).tolist()
