"""Ninguna cifra de la prosa contradice una salida: cada número medido que cita el texto de una
lección (decimales, porcentajes, tiempos, tamaños, aceleraciones) aparece en las salidas guardadas
de esa misma lección. Lo que no es una medida (constantes, datos de un enunciado) va en
CONSTANTES con su motivo; así, una cifra escrita a mano que deja de coincidir hace fallar la prueba.
"""
import re
from pathlib import Path

import nbformat
import pytest

RAIZ = Path(__file__).resolve().parent.parent
SEPARADOR_MILES = "[ \u00a0\u202f]"
NUMERO = re.compile(rf"(?<![\w.,/-])(\d{{1,3}}(?:{SEPARADOR_MILES}\d{{3}})+|\d+)(,\d+)?")
# Lo que hace de un número una cifra medida si va detrás (o si el número lleva decimales).
UNIDAD = re.compile(r"\s*(%|s\b|ms\b|min\b|MiB|KiB|GiB|MB|KB|GB|×|tokens/s|millones)")

CONSTANTES = {
    ("05_fine_tuning", "0,69"): "ln 2: la pérdida de adivinar al azar entre dos clases",
    ("08_llms", "1,1"): "el repetition_penalty que trae el generation_config de Qwen",
    ("10_gemini_vs_abiertos", "0,5"): "el tamaño del modelo en su nombre (0,5 B) y la latencia típica de una API",
    ("11_vision_multimodal", "0,31"): "datos del enunciado del ejercicio 3",
    ("11_vision_multimodal", "0,29"): "datos del enunciado del ejercicio 3",
    ("11_vision_multimodal", "0,20"): "datos del enunciado del ejercicio 3",
    ("12_despliegue", "0,95"): "la fórmula del percentil 95 (⌈0,95·n⌉)",
}


def _valor(entero: str, decimales: str | None) -> float:
    return float(re.sub(SEPARADOR_MILES, "", entero) + ("." + decimales[1:] if decimales else ""))


def cifras_de_la_prosa(texto: str) -> list[tuple[str, float, int, bool]]:
    """(cifra tal cual, valor, decimales, va en millones) de cada número medido de un texto Markdown."""
    texto = re.sub(r"`[^`]*`", "", texto)  # el código citado no es prosa
    texto = re.sub(r"\]\([^)]*\)", "]", texto)  # ni las direcciones de los enlaces
    cifras = []
    for m in NUMERO.finditer(texto):
        unidad = UNIDAD.match(texto, m.end())
        if m.group(2) or unidad:
            decimales = len(m.group(2)) - 1 if m.group(2) else 0
            cifras.append((m.group(0), _valor(m.group(1), m.group(2)), decimales,
                           bool(unidad) and unidad.group(1) == "millones"))
    return cifras


def valores_de_las_salidas(texto: str) -> set[float]:
    """Todos los números de las salidas, escritos a la española (1 234,5) o no (1234.5)."""
    valores = set()
    for m in re.finditer(rf"\d{{1,3}}(?:{SEPARADOR_MILES}\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?", texto):
        valores.add(float(re.sub(SEPARADOR_MILES, "", m.group(0)).replace(",", ".")))
    return valores


def aparece(valor: float, decimales: int, millones: bool, salidas: set[float]) -> bool:
    escala = 1e6 if millones else 1
    return any(round(v / escala, decimales) == valor for v in salidas)


def _texto_de_salidas(cuaderno) -> str:
    partes = []
    for celda in cuaderno.cells:
        for salida in celda.get("outputs", []):
            if "text" in salida:
                partes.append(salida["text"])
            partes += [v for k, v in salida.get("data", {}).items() if k.startswith("text/") and isinstance(v, str)]
    return "\n".join(partes)


@pytest.mark.parametrize("ruta", sorted((RAIZ / "solutions").glob("*.ipynb")), ids=lambda r: r.stem)
def test_cada_cifra_de_la_prosa_sale_en_las_salidas(ruta):
    cuaderno = nbformat.read(ruta, as_version=4)
    salidas = valores_de_las_salidas(_texto_de_salidas(cuaderno))
    sin_respaldo = []
    for indice, celda in enumerate(cuaderno.cells):
        if celda.cell_type != "markdown":
            continue
        for cifra, valor, decimales, millones in cifras_de_la_prosa(celda.source):
            if (ruta.stem, cifra) not in CONSTANTES and not aparece(valor, decimales, millones, salidas):
                sin_respaldo.append(f"celda {indice}: «{cifra}»")
    assert not sin_respaldo, (f"{ruta.name}: cifras de la prosa que no salen en ninguna salida (imprímelas con "
                              f"código o, si no son medidas, añádelas a CONSTANTES con su motivo): {sin_respaldo}")


def test_la_prueba_distingue_cifras_respaldadas_de_las_que_no():
    salidas = valores_de_las_salidas("exactitud 98,6 % | 10 795 394 parámetros | 30522 tokens | 2.5 s")
    for texto, esperado in [("llega al 98,6 %", True), ("llega al 97,3 %", False), ("los 10,8 millones", True),
                            ("los 10,7 millones", False), ("(30 522 × 384)", True), ("tarda 2,5 s", True),
                            ("tarda 3 s", False)]:
        (cifra, valor, decimales, millones), = cifras_de_la_prosa(texto)
        assert aparece(valor, decimales, millones, salidas) is esperado, texto
    assert cifras_de_la_prosa("la lección 05, paso `0,5` y [x](a/1,5.png) con 3 capas") == []


def test_las_constantes_siguen_en_su_leccion():
    """Una constante que ya no está en la prosa se quita de la lista (no esconde nada)."""
    for (leccion, cifra), motivo in CONSTANTES.items():
        cuaderno = nbformat.read(RAIZ / "solutions" / f"{leccion}.ipynb", as_version=4)
        prosa = [c for celda in cuaderno.cells if celda.cell_type == "markdown"
                 for c, *_ in cifras_de_la_prosa(celda.source)]
        assert cifra in prosa, f"{leccion}: «{cifra}» ({motivo}) ya no está en la prosa"
