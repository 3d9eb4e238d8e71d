"""Imágenes sintéticas con pie de foto en español para la lección 11 (CLIP y ViT).

    python data/fuentes/imagenes.py [carpeta]   # guarda una muestra en PNG y sus pies en pies.txt

Cada imagen (32 × 32 píxeles, RGB) tiene UNA figura con cuatro atributos:

- forma: círculo, cuadrado, triángulo, cruz;
- color: rojo, verde, azul, amarillo;
- posición: arriba a la izquierda, arriba a la derecha, abajo a la izquierda, abajo a la derecha;
- textura: lisa o a rayas.

El pie concuerda en género («un círculo rojo liso…», «una cruz roja a rayas…»). Hay pies completos y
parciales («un círculo», «una figura roja», «un triángulo abajo a la derecha»), como en la web, donde un pie
rara vez lo dice todo.

Combinaciones reservadas: cuatro parejas forma + color (`NO_VISTAS`) no aparecen NUNCA en el
entrenamiento; cada forma y cada color sí aparece con los otros tres. El conjunto de prueba las incluye para
medir si un modelo *combina* lo aprendido o solo memoriza parejas.

Todo es determinista (semilla fija, solo NumPy y Pillow); nada se guarda en el repositorio: las imágenes se
generan al vuelo en milisegundos. Licencia CC0-1.0.
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

TAMANO = 32  # píxeles de lado de cada imagen
_ESCALA = 4  # se dibuja a 4× y se reduce: bordes suaves

FORMAS = ["círculo", "cuadrado", "triángulo", "cruz"]
COLORES = ["rojo", "verde", "azul", "amarillo"]
POSICIONES = ["arriba a la izquierda", "arriba a la derecha", "abajo a la izquierda", "abajo a la derecha"]
TEXTURAS = ["lisa", "a rayas"]

FEMENINAS = {"cruz"}
RGB = {"rojo": (215, 40, 40), "verde": (40, 170, 60), "azul": (40, 80, 220), "amarillo": (235, 205, 30)}
FEMENINO_COLOR = {"rojo": "roja", "amarillo": "amarilla", "verde": "verde", "azul": "azul"}

# Parejas forma + color que nunca se ven al entrenar (una por forma y una por color).
NO_VISTAS = frozenset({("triángulo", "verde"), ("círculo", "azul"), ("cuadrado", "amarillo"), ("cruz", "rojo")})

SEMILLA_ENTRENAMIENTO = 2026
SEMILLA_PRUEBA = 11


@dataclass(frozen=True)
class Figura:
    """Los cuatro atributos de una imagen (y su variación: tamaño y desplazamiento)."""

    forma: str
    color: str
    posicion: str
    textura: str

    @property
    def no_vista(self) -> bool:
        return (self.forma, self.color) in NO_VISTAS

    def pie(self, partes: tuple[str, ...] = ("forma", "color", "textura", "posicion"), idioma: str = "es") -> str:
        """Pie de foto con los atributos de `partes`, en español (o en inglés con `idioma="en"`)."""
        return (pie if idioma == "es" else pie_en)(
            self.forma if "forma" in partes else None, self.color if "color" in partes else None,
            self.posicion if "posicion" in partes else None, self.textura if "textura" in partes else None)


def pie(forma: str | None = None, color: str | None = None, posicion: str | None = None,
        textura: str | None = None) -> str:
    """«un círculo rojo liso arriba a la izquierda», «una cruz verde», «una figura amarilla a rayas»…"""
    nombre = forma or "figura"
    femenino = nombre in FEMENINAS or nombre == "figura"
    palabras = ["una" if femenino else "un", nombre]
    if color:
        palabras.append(FEMENINO_COLOR[color] if femenino else color)
    if textura:
        palabras.append(("lisa" if femenino else "liso") if textura == "lisa" else "a rayas")
    if posicion:
        palabras.append(posicion)
    return " ".join(palabras)


EN = {"círculo": "circle", "cuadrado": "square", "triángulo": "triangle", "cruz": "cross", "rojo": "red",
      "verde": "green", "azul": "blue", "amarillo": "yellow", "arriba a la izquierda": "in the top left",
      "arriba a la derecha": "in the top right", "abajo a la izquierda": "in the bottom left",
      "abajo a la derecha": "in the bottom right", "lisa": "plain", "a rayas": "striped"}


def pie_en(forma: str | None = None, color: str | None = None, posicion: str | None = None,
           textura: str | None = None) -> str:
    """El mismo pie en inglés («a red plain circle in the top left»), para los CLIP entrenados en inglés."""
    palabras = [EN[x] for x in (color, textura) if x] + [EN[forma] if forma else "shape"]
    texto = " ".join(palabras + ([EN[posicion]] if posicion else []))
    return ("an " if texto[0] in "aeiou" else "a ") + texto


# Pies parciales con los que también se entrena (como en la web, un pie casi nunca lo dice todo).
PARTES_DE_PIE = [
    ("forma", "color", "textura", "posicion"),
    ("forma", "color", "textura", "posicion"),
    ("forma", "color"),
    ("forma",),
    ("color",),
    ("forma", "posicion"),
    ("color", "posicion"),
    ("posicion",),
    ("textura",),
]


def todas_las_figuras(no_vistas: bool | None = None) -> list[Figura]:
    """Las 128 combinaciones (o solo las vistas / no vistas en entrenamiento)."""
    figuras = [Figura(f, c, p, t) for f in FORMAS for c in COLORES for p in POSICIONES for t in TEXTURAS]
    if no_vistas is None:
        return figuras
    return [x for x in figuras if x.no_vista == no_vistas]


def _poligono(forma: str, cx: float, cy: float, r: float) -> list[tuple[float, float]] | None:
    if forma == "triángulo":
        return [(cx, cy - r), (cx + r * 0.95, cy + r * 0.8), (cx - r * 0.95, cy + r * 0.8)]
    if forma == "cruz":
        a = r * 0.38
        return [(cx - a, cy - r), (cx + a, cy - r), (cx + a, cy - a), (cx + r, cy - a), (cx + r, cy + a),
                (cx + a, cy + a), (cx + a, cy + r), (cx - a, cy + r), (cx - a, cy + a), (cx - r, cy + a),
                (cx - r, cy - a), (cx - a, cy - a)]
    return None


def dibujar(figura: Figura, rng: random.Random) -> Image.Image:
    """Dibuja `figura` con variación aleatoria (tamaño, desplazamiento, tono, fondo) tomada de `rng`."""
    lado = TAMANO * _ESCALA
    fondo = tuple(int(rng.uniform(225, 250)) for _ in range(3))
    lienzo = Image.new("RGB", (lado, lado), fondo)
    r = rng.uniform(5.0, 6.5) * _ESCALA  # radio: la figura ocupa ~11-13 píxeles de un cuadrante de 16
    fila, columna = POSICIONES.index(figura.posicion) // 2, POSICIONES.index(figura.posicion) % 2
    cx = (columna * 16 + 8 + rng.uniform(-1.2, 1.2)) * _ESCALA
    cy = (fila * 16 + 8 + rng.uniform(-1.2, 1.2)) * _ESCALA
    color = tuple(int(np.clip(v + rng.uniform(-20, 20), 0, 255)) for v in RGB[figura.color])

    mascara = Image.new("L", (lado, lado), 0)
    trazo = ImageDraw.Draw(mascara)
    poligono = _poligono(figura.forma, cx, cy, r)
    if figura.forma == "círculo":
        trazo.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    elif figura.forma == "cuadrado":
        a = r * 0.85
        trazo.rectangle([cx - a, cy - a, cx + a, cy + a], fill=255)
    else:
        trazo.polygon(poligono, fill=255)
    relleno = Image.new("RGB", (lado, lado), color)
    if figura.textura == "a rayas":  # rayas horizontales blancas de 1,5 píxeles cada 3 (a tamaño final)
        rayas = ImageDraw.Draw(relleno)
        desfase = rng.randrange(0, 3 * _ESCALA)
        for y in range(-desfase, lado, 3 * _ESCALA):
            rayas.rectangle([0, y, lado, y + int(1.5 * _ESCALA) - 1], fill=(255, 255, 255))
    lienzo.paste(relleno, (0, 0), mascara)
    imagen = lienzo.resize((TAMANO, TAMANO), Image.Resampling.LANCZOS)
    ruido = np.random.default_rng(rng.randrange(2**32)).normal(0, 4, (TAMANO, TAMANO, 3))
    return Image.fromarray(np.clip(np.asarray(imagen, dtype=np.float32) + ruido, 0, 255).astype(np.uint8))


@dataclass(frozen=True)
class Ejemplo:
    imagen: Image.Image
    figura: Figura
    pie: str  # el pie con el que se entrena (completo o parcial)

    @property
    def pie_completo(self) -> str:
        return self.figura.pie()


def generar(n: int, semilla: int, figuras: list[Figura], pies_parciales: bool = False) -> list[Ejemplo]:
    """`n` ejemplos (figuras elegidas por turnos, con variación aleatoria), deterministas para `semilla`."""
    rng = random.Random(semilla)
    orden = list(figuras)
    ejemplos = []
    while len(ejemplos) < n:
        rng.shuffle(orden)
        for figura in orden[: n - len(ejemplos)]:
            partes = rng.choice(PARTES_DE_PIE) if pies_parciales else PARTES_DE_PIE[0]
            ejemplos.append(Ejemplo(dibujar(figura, rng), figura, figura.pie(partes)))
    return ejemplos


def entrenamiento(n: int = 3072, semilla: int = SEMILLA_ENTRENAMIENTO) -> list[Ejemplo]:
    """Ejemplos de entrenamiento: solo combinaciones vistas, con pies completos y parciales."""
    return generar(n, semilla, todas_las_figuras(no_vistas=False), pies_parciales=True)


def prueba(por_combinacion: int = 2, semilla: int = SEMILLA_PRUEBA) -> list[Ejemplo]:
    """Prueba: las 128 combinaciones (96 vistas + 32 no vistas), `por_combinacion` imágenes nuevas de cada una."""
    return generar(128 * por_combinacion, semilla, todas_las_figuras(), pies_parciales=False)


def vocabulario() -> list[str]:
    """Todas las palabras que pueden salir en un pie (para un tokenizador de palabras)."""
    palabras = set()
    for figura in todas_las_figuras():
        for partes in PARTES_DE_PIE:
            palabras.update(figura.pie(partes).split())
    return sorted(palabras)


if __name__ == "__main__":
    destino = Path(sys.argv[1] if len(sys.argv) > 1 else "muestra_imagenes")
    destino.mkdir(parents=True, exist_ok=True)
    muestra = prueba(por_combinacion=1)[:16]
    for i, ejemplo in enumerate(muestra):
        ejemplo.imagen.resize((128, 128), Image.Resampling.NEAREST).save(destino / f"{i:02d}.png")
    (destino / "pies.txt").write_text("\n".join(f"{i:02d}.png\t{e.pie}" for i, e in enumerate(muestra)) + "\n")
    print(f"{len(muestra)} imágenes en {destino}/ (vocabulario: {len(vocabulario())} palabras)")
