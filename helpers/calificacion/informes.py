"""Lo que sale del calificador: notas (CSV y JSON), CSV para importar en Moodle y retroalimentación.

**Lista de alumnos** (`--lista alumnos.csv`, UTF-8, con cabecera): una fila por alumno con la
columna `entrega` (el nombre de su carpeta en `entregas/`, lo que va antes de `__` o, con una
descarga de Moodle, su nombre completo) y `email`, `usuario` y/o `idnumber` (como en Moodle);
`nombre` es opcional y también sirve para reconocer las carpetas de una descarga de Moodle.

**Dos formas de llevar las notas a Moodle:**

1. **Hoja de calificaciones de la tarea** (`--hoja-moodle hoja.csv`; en la tarea: Ver todos los envíos →
   Acción sobre las calificaciones → Descargar hoja de calificaciones). No hace falta lista: las carpetas
   de «Descargar todas las entregas» (`Ana García_123456_assignsubmission_file_`) llevan el mismo número
   de participante que la hoja. Se escribe `hoja_calificada.csv` con la columna de la nota rellena
   (escalada a la calificación máxima de la tarea) solo para quien entregó; en las demás filas la nota
   se deja como estaba. Se sube en la tarea con «Subir hoja de calificaciones».
2. **Libro de calificaciones** (`--lista` y `--moodle moodle.csv`; Calificaciones → Importar → Archivo
   CSV): un archivo por lección (`moodle.csv` si el lote es de una sola lección; si no,
   `moodle_<lección>.csv`), con `email` (o `username`, o `idnumber`) y la nota de esa lección. **Solo van
   los alumnos con entrega de esa lección**: en esta importación de Moodle una celda vacía no deja la nota
   como estaba, la borra. Valor: de 0 a 10 con dos decimales y punto decimal (`--escala 10`) o los
   puntos (`--escala puntos`: 1 por ejercicio correcto). Si un alumno entregó varias veces la misma
   lección, cuenta la mejor. Moodle aborta toda la importación si un usuario no existe, por eso solo
   van los alumnos de la lista con identificador; las entregas de alumnos que no están en la lista se
   avisan (y siguen en notas.csv, notas.json y su retroalimentación).
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
NOMBRES_IDENTIFICADOR = {"email": "email", "usuario": "username", "idnumber": "idnumber"}
# Carpeta de «Descargar todas las entregas» de una tarea de Moodle: nombre completo, número de participante.
CARPETA_MOODLE = re.compile(r"^(?P<nombre>.+)_(?P<participante>\d+)_assignsubmission_[a-z]+_?$")


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
        clave = next((columnas[c] for c in ("entrega", "carpeta", "alumno", "nombre") if c in columnas), None)
        if clave is None:
            raise ValueError(f"{ruta}: falta la columna 'entrega' (el nombre de la carpeta o archivo de cada alumno) "
                             "o 'nombre' (su nombre completo en Moodle).")
        campos = {"email": ("email", "correo", "e-mail"), "usuario": ("usuario", "username"),
                  "idnumber": ("idnumber", "numero_id", "número de id"), "nombre": ("nombre",)}
        lista = {}
        for fila in lector:
            nombre = (fila.get(clave) or "").strip()
            if nombre:
                lista[nombre] = {campo: next(((fila.get(columnas[c]) or "").strip() for c in nombres if c in columnas), "")
                                 for campo, nombres in campos.items()}
    return lista


def nombre_y_participante(alumno: str) -> tuple[str, str | None]:
    """(nombre, número de participante) de una carpeta de descarga de Moodle; si no lo es, (alumno, None)."""
    coincide = CARPETA_MOODLE.match(alumno)
    return (coincide["nombre"], coincide["participante"]) if coincide else (alumno, None)


def _de_la_lista(alumno: str, lista: dict[str, dict]) -> str | None:
    """La clave de `lista` de un alumno: su carpeta tal cual o, si es de Moodle, su nombre completo."""
    if alumno in lista:
        return alumno
    nombre, participante = nombre_y_participante(alumno)
    if participante is None:
        return None
    return next((clave for clave, datos in lista.items() if nombre in (clave, datos.get("nombre"))), None)


def _valor(n: dict, escala: str) -> str:
    return f"{n['puntos']:g}" if escala == "puntos" else f"{nota_10(n['puntos'], n['ejercicios']):.2f}"


def _lecciones(notas: dict[str, dict[str, dict]]) -> list[str]:
    return sorted({leccion for por_alumno in notas.values() for leccion in por_alumno})


def archivo_moodle(destino: Path, leccion: str, varias: bool) -> Path:
    return destino.with_name(f"{destino.stem}_{leccion}{destino.suffix}") if varias else destino


def escribir_moodle(filas: list[Fila], lista: dict[str, dict], destino: Path, escala: str = "10",
                    identificador: str = "email") -> dict[str, list[str]]:
    """CSV del libro de calificaciones de Moodle, uno por lección y sin celdas vacías (en Moodle, vaciar es borrar).

    Devuelve {archivos, sin_lista, sin_identificador}.
    """
    notas = notas_por_leccion(filas)
    lecciones = _lecciones(notas)
    columna = NOMBRES_IDENTIFICADOR[identificador]
    claves = {alumno: _de_la_lista(alumno, lista) for alumno in notas}
    sin_identificador = [c for c, datos in lista.items() if not datos.get(identificador)]
    orden = {clave: i for i, clave in enumerate(lista)}  # las filas, en el orden de la lista
    con_identificador = sorted(((orden[c], lista[c][identificador], a) for a, c in claves.items()
                                if c is not None and lista[c].get(identificador)), key=lambda t: t[0])
    archivos = []
    for leccion in lecciones:
        filas_csv = [[columna, leccion]]
        for _, ident, alumno in con_identificador:
            n = notas[alumno].get(leccion)
            if n is not None:
                filas_csv.append([ident, _valor(n, escala)])
        ruta = archivo_moodle(destino, leccion, len(lecciones) > 1)
        _escribir_atomico(ruta, _csv(filas_csv))
        archivos.append(str(ruta))
    return {"archivos": archivos, "sin_lista": sorted(a for a, c in claves.items() if c is None),
            "sin_identificador": sin_identificador}


# ---------------------------------------------------------------- hoja de calificaciones de una tarea de Moodle

# Cabeceras de la hoja según el idioma de Moodle (inglés, español, catalán, gallego, euskera, portugués).
COLUMNAS_HOJA = {"id": ("identifier", "identificador", "identificatzailea", "id"),
                 "nota": ("grade", "calificación", "qualificació", "cualificación", "kalifikazioa", "nota"),
                 "maxima": ("maximum grade", "calificación máxima", "qualificació màxima", "cualificación máxima",
                            "gehienezko kalifikazioa", "nota máxima")}


def _columna(cabecera: list[str], nombres: tuple[str, ...]) -> int | None:
    normal = [c.strip().lower() for c in cabecera]
    return next((normal.index(n) for n in nombres if n in normal), None)


def _numero(texto: str) -> float | None:
    try:
        return float(texto.strip().replace(",", "."))
    except ValueError:
        return None


def leer_hoja_moodle(hoja: Path) -> tuple[bool, list[list[str]], tuple[int, int, int | None]]:
    """(tenía BOM, filas, (columna del identificador, de la nota, de la nota máxima)); ValueError si no lo es."""
    try:
        crudo = hoja.read_bytes()
        texto = crudo.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{hoja} no está en UTF-8: descárgala de nuevo de Moodle sin abrirla ni guardarla con "
                         "otro programa.") from None
    filas_hoja = list(csv.reader(texto.splitlines()))
    if not filas_hoja:
        raise ValueError(f"{hoja} está vacía: descarga de nuevo la hoja de calificaciones de la tarea.")
    cabecera = filas_hoja[0]
    id_col, nota_col, max_col = (_columna(cabecera, COLUMNAS_HOJA[c]) for c in ("id", "nota", "maxima"))
    if id_col is None or nota_col is None:
        raise ValueError(f"{hoja} no parece una hoja de calificaciones de Moodle: busco las columnas "
                         "'Identificador' (o 'Identifier') y 'Calificación' (o 'Grade'), y su cabecera es "
                         f"{', '.join(cabecera)}.")
    return crudo.startswith(b"\xef\xbb\xbf"), filas_hoja, (id_col, nota_col, max_col)


def rellenar_hoja_moodle(filas: list[Fila], hoja: Path, destino: Path) -> dict[str, list[str]]:
    """Rellena la nota de la hoja de calificaciones de una tarea con las entregas de sus carpetas de Moodle.

    Devuelve {archivo, calificados, sin_participante (carpetas que no son de Moodle),
    fuera_de_la_hoja (carpetas cuyo número no está en la hoja)}. Errores claros con ValueError.
    """
    notas = notas_por_leccion(filas)
    lecciones = _lecciones(notas)
    if len(lecciones) > 1:
        raise ValueError(f"La hoja de calificaciones es de una sola tarea, y estas entregas son de {len(lecciones)} "
                         f"lecciones ({', '.join(lecciones)}). Califica cada tarea en su propia carpeta.")
    bom, filas_hoja, (id_col, nota_col, max_col) = leer_hoja_moodle(hoja)
    carpeta_de: dict[str, str] = {}  # número de participante → carpeta de la entrega
    sin_participante = []
    for alumno in notas:
        _, participante = nombre_y_participante(alumno)
        if participante is None:
            sin_participante.append(alumno)
        else:
            carpeta_de[participante] = alumno
    calificados, vistos = [], set()
    for fila_hoja in filas_hoja[1:]:
        if len(fila_hoja) <= max(id_col, nota_col):
            continue
        participante = re.search(r"(\d+)\s*$", fila_hoja[id_col])
        if not participante or participante.group(1) not in carpeta_de:
            continue
        vistos.add(participante.group(1))
        n = next(iter(notas[carpeta_de[participante.group(1)]].values()))
        texto_maxima = fila_hoja[max_col] if max_col is not None and len(fila_hoja) > max_col else ""
        valor = nota_10(n["puntos"], n["ejercicios"]) * (_numero(texto_maxima) or 10) / 10
        fila_hoja[nota_col] = f"{valor:.2f}".replace(".", ",") if "," in texto_maxima else f"{valor:.2f}"
        calificados.append(fila_hoja[id_col])
    _escribir_atomico(destino, ("\ufeff" if bom else "") + _csv(filas_hoja))
    return {"archivo": str(destino), "calificados": calificados, "sin_participante": sorted(sin_participante),
            "fuera_de_la_hoja": sorted(a for p, a in carpeta_de.items() if p not in vistos)}


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
