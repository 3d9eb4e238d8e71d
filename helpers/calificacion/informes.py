"""Lo que sale del calificador: notas (CSV y JSON), CSV para importar en Moodle y retroalimentación.

**Lista de alumnos** (`--lista alumnos.csv`, UTF-8, con cabecera): una fila por alumno con la
columna `entrega` (el nombre de su carpeta en `entregas/`, o lo que va antes de `__`) y
`email` y/o `usuario` (su nombre de usuario de Moodle); `nombre` es opcional.

**CSV de Moodle** (Calificaciones → Importar → Archivo CSV): una fila por alumno de la lista, en
su orden. Primera columna `email` (o `username` con `--identificador usuario`); en la vista
previa de Moodle elige «Mapear desde: email → Mapear a: Dirección de correo (useremail)» (o
username → username). Después una columna por lección calificada (p. ej. `00_entorno`) que se
asigna a su elemento de calificación. Valor: nota de 0 a 10 con dos decimales y punto decimal
(`--escala 10`, por defecto) o los puntos (`--escala puntos`: 1 por ejercicio correcto). Celda
vacía = sin entrega de esa lección (Moodle no cambia esa nota). Si un alumno entregó varias
veces la misma lección, cuenta la mejor. Moodle aborta toda la importación si un usuario no
existe, por eso solo van los alumnos de la lista con identificador; las entregas de alumnos que
no están en la lista se avisan (y siguen en notas.csv, notas.json y su retroalimentación).
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import asdict
from pathlib import Path

from .filas import COLUMNAS_CSV, Fila

ICONOS = {"correcto": "✅", "incorrecto": "❌", "sin_intentar": "✏️", "para_revisar": "📝"}
NOMBRES_IDENTIFICADOR = {"email": "email", "usuario": "username"}


def _escribir_atomico(destino: Path, texto: str) -> None:
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.tmp")
    temporal.write_text(texto, encoding="utf-8")
    os.replace(temporal, destino)


def _csv(filas: list[list]) -> str:
    import io

    salida = io.StringIO()
    csv.writer(salida, lineterminator="\n").writerows(filas)
    return salida.getvalue()


def cuenta_en_la_nota(f: Fila) -> bool:
    """Las preguntas abiertas (texto libre para el profesor) no puntúan ni cuentan en el total."""
    oficial = _ejercicio_oficial(f.ejercicio)
    return not (f.estado == "para_revisar" or (oficial is not None and getattr(oficial, "abierta", False)))


def notas_por_leccion(filas: list[Fila]) -> dict[str, dict[str, dict]]:
    """{alumno: {lección: {puntos, ejercicios, entrega}}}; con varias entregas de una lección, la mejor."""
    por_entrega: dict[str, dict] = {}
    for f in filas:
        if f.leccion == "?" or not cuenta_en_la_nota(f):
            continue
        d = por_entrega.setdefault(f.entrega, {"alumno": f.alumno, "leccion": f.leccion, "puntos": 0.0, "ejercicios": 0})
        d["puntos"] += f.puntos
        d["ejercicios"] += 1
    notas: dict[str, dict[str, dict]] = {}
    for entrega, d in sorted(por_entrega.items()):
        actual = notas.setdefault(d["alumno"], {}).get(d["leccion"])
        if actual is None or d["puntos"] > actual["puntos"]:
            notas[d["alumno"]][d["leccion"]] = {"puntos": d["puntos"], "ejercicios": d["ejercicios"], "entrega": entrega}
    return notas


def nota_10(puntos: float, ejercicios: int) -> float:
    return round(10 * puntos / ejercicios, 2) if ejercicios else 0.0


def escribir_notas(filas: list[Fila], info: dict, salida: Path) -> tuple[Path, Path]:
    """notas.csv (una fila por ejercicio) y notas.json al lado, de forma atómica."""
    _escribir_atomico(salida, _csv([list(COLUMNAS_CSV)] + [[getattr(f, c) for c in COLUMNAS_CSV] for f in filas]))
    totales: dict[str, dict] = {}
    for f in filas:
        if not cuenta_en_la_nota(f):
            continue
        t = totales.setdefault(f.entrega, {"alumno": f.alumno, "leccion": f.leccion, "puntos": 0.0, "ejercicios": 0})
        t["puntos"] += f.puntos
        t["ejercicios"] += 1
    json_salida = salida.with_suffix(".json")
    _escribir_atomico(json_salida, json.dumps(
        {**info, "totales": totales, "notas": notas_por_leccion(filas), "filas": [asdict(f) for f in filas]},
        ensure_ascii=False, indent=2))
    return salida, json_salida


# ---------------------------------------------------------------- lista y Moodle

def leer_lista(ruta: Path) -> dict[str, dict[str, str]]:
    """{entrega (carpeta o prefijo del alumno): {email, usuario, nombre}} desde el CSV de la lista."""
    with open(ruta, encoding="utf-8-sig", newline="") as f:
        lector = csv.DictReader(f)
        columnas = {(c or "").strip().lower(): c for c in lector.fieldnames or []}
        clave = next((columnas[c] for c in ("entrega", "carpeta", "alumno") if c in columnas), None)
        if clave is None:
            raise ValueError(f"{ruta}: falta la columna 'entrega' (el nombre de la carpeta o archivo de cada alumno).")
        campos = {"email": ("email", "correo", "e-mail"), "usuario": ("usuario", "username"), "nombre": ("nombre",)}
        lista = {}
        for fila in lector:
            nombre = (fila.get(clave) or "").strip()
            if nombre:
                lista[nombre] = {campo: next(((fila.get(columnas[c]) or "").strip() for c in nombres if c in columnas), "")
                                 for campo, nombres in campos.items()}
    return lista


def escribir_moodle(filas: list[Fila], lista: dict[str, dict] | None, destino: Path, escala: str = "10",
                    identificador: str = "email") -> dict[str, list[str]]:
    """Escribe el CSV de importación de Moodle. Devuelve {sin_lista: [...], sin_identificador: [...]}."""
    notas = notas_por_leccion(filas)
    lecciones = sorted({l for por_alumno in notas.values() for l in por_alumno})
    if lista is None:  # sin lista: el nombre de la carpeta es el nombre de usuario de Moodle
        lista = {alumno: {"usuario": alumno, "email": ""} for alumno in sorted(notas)}
    cabecera = [NOMBRES_IDENTIFICADOR[identificador], *lecciones]
    filas_csv, sin_identificador = [cabecera], []
    for alumno, datos in lista.items():
        ident = datos.get(identificador, "")
        if not ident:
            sin_identificador.append(alumno)
            continue
        valores = []
        for leccion in lecciones:
            n = notas.get(alumno, {}).get(leccion)
            valores.append("" if n is None else f"{n['puntos']:g}" if escala == "puntos"
                           else f"{nota_10(n['puntos'], n['ejercicios']):.2f}")
        filas_csv.append([ident, *valores])
    _escribir_atomico(destino, _csv(filas_csv))
    return {"sin_lista": sorted(a for a in notas if a not in lista), "sin_identificador": sin_identificador}


# ---------------------------------------------------------------- retroalimentación

def _nombre_archivo(alumno: str) -> str:
    limpio = re.sub(r"[\x00-\x1f/\\]", "_", alumno).strip(". ") or "alumno"
    return limpio[:150] + ".md"


def _ejercicio_oficial(ejercicio: str):
    from .evaluador import ejercicio_por_id

    try:
        return ejercicio_por_id(ejercicio)
    except Exception:
        return None


def retroalimentacion(alumno: str, filas: list[Fila]) -> str:
    """Texto Markdown para un alumno: cada lección con su nota y cada ejercicio con su resultado,
    su mensaje y la primera pista si no está bien."""
    lineas = [f"# Retroalimentación de {alumno}", ""]
    por_entrega: dict[str, list[Fila]] = {}
    for f in filas:
        por_entrega.setdefault(f.entrega, []).append(f)
    for entrega, suyas in por_entrega.items():
        puntuables = [f for f in suyas if cuenta_en_la_nota(f)]
        correctas = sum(f.estado == "correcto" for f in puntuables)
        puntos = sum(f.puntos for f in puntuables)
        nota = f"{nota_10(puntos, len(puntuables)):.2f}".replace(".", ",")
        titulo = f"Lección {suyas[0].leccion}" if suyas[0].leccion != "?" else "Entrega sin lección"
        abiertas = len(suyas) - len(puntuables)
        extra = f" Más {abiertas} de respuesta libre, que no puntúa: la lee tu profesor." if abiertas else ""
        lineas += [f"## {titulo} · nota {nota}/10", "",
                   f"Entrega `{entrega}`: {correctas} de {len(puntuables)} ejercicios correctos.{extra}", ""]
        for f in suyas:
            oficial = _ejercicio_oficial(f.ejercicio)
            lineas += [f"### {ICONOS.get(f.estado, '⚠️')} {f.ejercicio}: {f.estado.replace('_', ' ')}", ""]
            if oficial is not None:
                lineas += [f"*{oficial.enunciado}*", ""]
            lineas += [f.mensaje or "(sin mensaje)", ""]
            if f.estado != "correcto" and oficial is not None and oficial.pistas:
                lineas += [f"> **Pista:** {oficial.pistas[0]}", ""]
    return "\n".join(lineas).rstrip() + "\n"


def escribir_respuestas_libres(filas: list[Fila], destino: Path) -> int:
    """CSV para el profesor con las respuestas de texto libre (entrega, alumno, ejercicio, respuesta)."""
    libres = [f for f in filas if f.estado == "para_revisar"]
    _escribir_atomico(destino, _csv([["entrega", "alumno", "leccion", "ejercicio", "respuesta"]] + [
        [f.entrega, f.alumno, f.leccion, f.ejercicio, f.mensaje.split("Respuesta: «", 1)[-1].rstrip("»")] for f in libres]))
    return len(libres)


def escribir_retroalimentacion(filas: list[Fila], carpeta: Path) -> list[Path]:
    """Un archivo `<alumno>.md` por alumno en `carpeta`."""
    por_alumno: dict[str, list[Fila]] = {}
    for f in filas:
        por_alumno.setdefault(f.alumno, []).append(f)
    rutas = []
    for alumno, suyas in sorted(por_alumno.items()):
        ruta = carpeta / _nombre_archivo(alumno)
        _escribir_atomico(ruta, retroalimentacion(alumno, suyas))
        rutas.append(ruta)
    return rutas
