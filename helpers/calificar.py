"""Herramienta de calificación para profesores.

    python -m helpers.calificar entregas/ --salida notas.csv

Ejecuta cada cuaderno entregado en su propio núcleo, con límite de tiempo por
celda y por cuaderno, y escribe una tabla de notas por ejercicio (CSV, y JSON
al lado). Una entrega rota (errores de sintaxis, excepciones, celdas borradas,
bucles infinitos, núcleo que se cae) recibe un resultado claro por ejercicio y
nunca detiene el lote.

Garantías frente al código del alumno:
- Las celdas de comprobación son las oficiales (de `notebooks/`), no las que
  trae la entrega; solo cuentan las salidas de esas celdas.
- El núcleo corre (si el sistema lo permite) en un espacio de nombres propio
  donde las carpetas `solutions/`, la de entregas y la de la nota no existen, y
  todos sus procesos mueren con él. La nota se escribe al final, de forma atómica.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from .ejercicios import TIPO_MIME, resultado_desde_mime

RAIZ = Path(__file__).resolve().parent.parent
LIMITE_CELDA = 60
LIMITE_CUADERNO = 600
NOMBRE_NUCLEO = "curso-calificacion"
PUNTOS = {"correcto": 1.0}


@dataclass
class Fila:
    """Una fila de la tabla de notas: un ejercicio de una entrega."""

    entrega: str
    leccion: str
    ejercicio: str
    estado: str
    puntos: float
    mensaje: str


# ---------------------------------------------------------------- plantillas

def celdas_de_comprobacion(cuaderno: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """[(índice, id del ejercicio)] de las celdas de comprobación de un cuaderno."""
    return [
        (i, c.metadata["curso"]["comprobacion"])
        for i, c in enumerate(cuaderno.cells)
        if c.cell_type == "code" and isinstance(c.metadata.get("curso"), dict)
        and "comprobacion" in c.metadata["curso"]
    ]


def cargar_plantillas(carpeta: Path) -> dict[str, nbformat.NotebookNode]:
    """Cuadernos de alumno oficiales, por lección (`metadata.curso.leccion`)."""
    plantillas = {}
    for ruta in sorted(carpeta.glob("*.ipynb")):
        nb = nbformat.read(ruta, as_version=4)
        plantillas[nb.metadata.get("curso", {}).get("leccion", ruta.stem)] = nb
    return plantillas


def leccion_de(entrega: nbformat.NotebookNode, ruta: Path, plantillas: dict) -> str | None:
    """Lección de una entrega: por sus metadatos o, si se perdieron, por el nombre del archivo."""
    leccion = entrega.metadata.get("curso", {}).get("leccion") if isinstance(entrega.metadata.get("curso"), dict) else None
    if leccion in plantillas:
        return leccion
    return next((l for l in plantillas if ruta.stem.startswith(l) or l in ruta.stem), None)


def preparar_para_calificar(entrega: nbformat.NotebookNode, plantilla: nbformat.NotebookNode):
    """Cuaderno a ejecutar (celdas del alumno + comprobaciones oficiales) y ejercicios sin celda.

    Devuelve (cuaderno, {id de celda de comprobación: ejercicio}, {ejercicio: motivo}).
    """
    oficiales = {plantilla.cells[i].id: (i, ej) for i, ej in celdas_de_comprobacion(plantilla)}
    celdas = [c for c in entrega.cells if c.get("id") not in oficiales]  # quita las del alumno
    for c in celdas:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    ids = [c.get("id") for c in celdas]
    a_comprobar, sin_celda = {}, {}
    for id_celda, (i, ejercicio) in oficiales.items():
        anterior = plantilla.cells[i - 1].id if i > 0 else None
        if anterior not in ids:
            sin_celda[ejercicio] = "Falta la celda del ejercicio en la entrega (¿se borró?)."
            continue
        posicion = ids.index(anterior) + 1
        celdas.insert(posicion, nbformat.from_dict(plantilla.cells[i]))
        ids.insert(posicion, id_celda)
        a_comprobar[id_celda] = ejercicio
    cuaderno = nbformat.v4.new_notebook(cells=celdas, metadata=plantilla.metadata)
    return cuaderno, a_comprobar, sin_celda


def resultados_de(ejecutado: nbformat.NotebookNode, a_comprobar: dict[str, str], fallo_global: str | None) -> dict:
    """{ejercicio: (estado, mensaje)} leídos de las salidas de las celdas oficiales.

    Si la comprobación no da resultado, el mensaje cita el último error de una
    celda del alumno anterior a ella (el bucle infinito, el error de sintaxis…).
    """
    resultados, error_previo = {}, None

    def describir(error) -> str:
        if error.get("ename") == "KeyboardInterrupt":  # solo la interrumpe el límite de tiempo
            return "TiempoAgotado: la celda superó el límite de tiempo y se interrumpió (¿un bucle infinito?)"
        return f"{error.get('ename')}: {error.get('evalue')}"[:200]

    for celda in ejecutado.cells:
        errores = [s for s in celda.get("outputs", []) if s.get("output_type") == "error"]
        ejercicio = a_comprobar.get(celda.get("id"))
        if ejercicio is None:
            if errores:
                error_previo = describir(errores[-1])
            continue
        estado = None
        for salida in celda.get("outputs", []):
            resultado = resultado_desde_mime(salida.get("data", {}).get(TIPO_MIME))
            if resultado is not None and resultado.ejercicio == ejercicio:
                estado = (resultado.estado, resultado.mensaje)
        if estado is None and errores:
            mensaje = f"La comprobación falló: {describir(errores[-1])}"
            estado = ("error", mensaje + (f" (antes, en una celda del alumno: {error_previo})" if error_previo else ""))
        if estado is None:
            estado = ("no_ejecutado", fallo_global or "La celda de comprobación no llegó a ejecutarse.")
        resultados[ejercicio] = estado
        error_previo = None
    return resultados


# ---------------------------------------------------------------- aislamiento

def aislamiento_disponible() -> bool:
    """¿Podemos crear un espacio de nombres de montaje y de procesos?"""
    if not shutil.which("unshare"):
        return False
    prueba = subprocess.run(
        ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--map-root-user", "true"]
        if os.geteuid() != 0 else ["unshare", "--mount", "--pid", "--fork", "--kill-child", "true"],
        capture_output=True, timeout=20,
    )
    return prueba.returncode == 0


def escribir_nucleo(carpeta: Path, ocultar: list[Path], aislar: bool) -> None:
    """Crea el kernelspec con el que se ejecutan las entregas."""
    orden = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if aislar:
        montajes = " && ".join(f'mount -t tmpfs -o size=1m,mode=000 calificacion "${i + 1}"'
                               for i in range(len(ocultar)))
        n = len(ocultar)
        usuario = ["--map-root-user"] if os.geteuid() != 0 else []
        orden = ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--propagation", "private",
                 *usuario, "--", "sh", "-c", f"{montajes or 'true'} && shift {n} && exec \"$@\"", "sh",
                 *[str(p) for p in ocultar], *orden]
    destino = carpeta / "kernels" / NOMBRE_NUCLEO
    destino.mkdir(parents=True, exist_ok=True)
    (destino / "kernel.json").write_text(json.dumps(
        {"argv": orden, "display_name": "Calificación", "language": "python", "interrupt_mode": "signal"}))


# ---------------------------------------------------------------- ejecución

def trabajador(entrada: Path, salida: Path, limite_celda: int) -> int:
    """Ejecuta un cuaderno (proceso aparte); guarda el progreso tras cada celda."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    nb = nbformat.read(entrada, as_version=4)

    def guardar(**_):
        temporal = salida.with_suffix(".parcial")
        nbformat.write(nb, temporal)
        os.replace(temporal, salida)

    cliente = NotebookClient(
        nb, kernel_name=NOMBRE_NUCLEO, timeout=limite_celda, allow_errors=True,
        interrupt_on_timeout=True, startup_timeout=120, record_timing=False,
        error_on_timeout={"ename": "TiempoAgotado",
                          "evalue": f"la celda superó {limite_celda} s (¿un bucle infinito?)"},
        resources={"metadata": {"path": str(entrada.parent)}}, on_cell_executed=guardar,
    )
    try:
        cliente.execute()
    except DeadKernelError:
        guardar()
        return 3
    guardar()
    return 0


def ejecutar_entrega(cuaderno, carpeta: Path, entorno: dict, limite_celda: int, limite_total: int):
    """Ejecuta en un subproceso con límite total. Devuelve (cuaderno ejecutado, fallo global o None)."""
    entrada, salida = carpeta / "entrega.ipynb", carpeta / "ejecutado.ipynb"
    nbformat.write(cuaderno, entrada)
    orden = [sys.executable, "-m", "helpers.calificar", "--trabajador", str(entrada), str(salida),
             "--limite-celda", str(limite_celda)]
    fallo = None
    try:
        proceso = subprocess.run(orden, cwd=carpeta, env=entorno, capture_output=True, text=True,
                                 timeout=limite_total, start_new_session=True)
        if proceso.returncode == 3:
            fallo = "El núcleo se cayó (¿os._exit, falta de memoria?) antes de llegar a esta celda."
        elif proceso.returncode != 0:
            fallo = "La ejecución del cuaderno falló: " + (proceso.stderr.strip().splitlines() or ["?"])[-1][:200]
    except subprocess.TimeoutExpired:
        fallo = f"El cuaderno superó el límite total de {limite_total} s."
    if salida.exists():
        try:
            return nbformat.read(salida, as_version=4), fallo
        except Exception:
            pass
    return cuaderno, fallo or "No se pudo leer el resultado de la ejecución."


def calificar_archivo(ruta: Path, nombre: str, plantillas: dict, carpeta: Path, entorno: dict,
                      limite_celda: int, limite_total: int) -> list[Fila]:
    """Filas de nota de una entrega; nunca lanza excepciones por culpa de la entrega."""
    try:
        entrega = nbformat.read(ruta, as_version=4)
    except Exception as error:
        return [Fila(nombre, "?", "(entrega)", "entrega_ilegible", 0.0,
                     f"No es un cuaderno válido ({type(error).__name__}). ¿Se guardó bien el .ipynb?")]
    leccion = leccion_de(entrega, ruta, plantillas)
    if leccion is None:
        return [Fila(nombre, "?", "(entrega)", "leccion_desconocida", 0.0,
                     "No sé a qué lección corresponde: conserva el nombre del archivo o sus metadatos.")]
    plantilla = plantillas[leccion]
    cuaderno, a_comprobar, sin_celda = preparar_para_calificar(entrega, plantilla)
    ejecutado, fallo = ejecutar_entrega(cuaderno, carpeta, entorno, limite_celda, limite_total)
    resultados = resultados_de(ejecutado, a_comprobar, fallo)
    filas = []
    for _, ejercicio in celdas_de_comprobacion(plantilla):
        estado, mensaje = resultados.get(ejercicio) or ("celda_borrada", sin_celda.get(ejercicio, "?"))
        filas.append(Fila(nombre, leccion, ejercicio, estado, PUNTOS.get(estado, 0.0), mensaje))
    return filas


def calificar(entregas: Path, plantillas_dir: Path, ocultar: list[Path], limite_celda: int = LIMITE_CELDA,
              limite_total: int = LIMITE_CUADERNO, aislar: bool | None = None) -> tuple[list[Fila], dict]:
    """Califica todas las entregas (*.ipynb, en subcarpetas también)."""
    plantillas = cargar_plantillas(plantillas_dir)
    aislar = aislamiento_disponible() if aislar is None else aislar
    base = Path(tempfile.mkdtemp(prefix="calificacion-"))
    ocultar = [p.resolve() for p in ocultar if p.exists() and not base.resolve().is_relative_to(p.resolve())]
    filas = []
    try:
        escribir_nucleo(base, ocultar, aislar)
        entorno = {**os.environ, "JUPYTER_PATH": str(base), "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "1"),
                   "PYTHONPATH": str(RAIZ), "MPLBACKEND": "Agg"}
        for numero, ruta in enumerate(sorted(entregas.rglob("*.ipynb"))):
            if ".ipynb_checkpoints" in ruta.parts:
                continue
            nombre = ruta.relative_to(entregas).with_suffix("").as_posix()
            carpeta = base / f"entrega-{numero}"
            carpeta.mkdir()
            print(f"Calificando {nombre} …", file=sys.stderr)
            filas += calificar_archivo(ruta, nombre, plantillas, carpeta, entorno, limite_celda, limite_total)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    info = {"aislamiento": "espacio de nombres (unshare)" if aislar else
            "no disponible: el código del alumno corre sin aislar; califica en una máquina desechable"}
    return filas, info


def escribir_notas(filas: list[Fila], info: dict, salida: Path) -> tuple[Path, Path]:
    """Escribe CSV y JSON de forma atómica (nadie ve un archivo a medias)."""
    salida.parent.mkdir(parents=True, exist_ok=True)
    json_salida = salida.with_suffix(".json")
    temporal = salida.with_name(f".{salida.name}.tmp")
    with open(temporal, "w", newline="", encoding="utf-8") as f:
        escritor = csv.DictWriter(f, fieldnames=list(Fila.__dataclass_fields__))
        escritor.writeheader()
        escritor.writerows(asdict(fila) for fila in filas)
    os.replace(temporal, salida)
    totales: dict[str, dict] = {}
    for fila in filas:
        t = totales.setdefault(fila.entrega, {"puntos": 0.0, "ejercicios": 0})
        t["puntos"] += fila.puntos
        t["ejercicios"] += 1
    temporal = json_salida.with_name(f".{json_salida.name}.tmp")
    temporal.write_text(json.dumps({**info, "totales": totales, "filas": [asdict(f) for f in filas]},
                                   ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporal, json_salida)
    return salida, json_salida


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.calificar",
                                     description="Califica cuadernos entregados por los alumnos.")
    parser.add_argument("entregas", type=Path, nargs="?", help="carpeta con los .ipynb entregados")
    parser.add_argument("--salida", type=Path, default=Path("notas.csv"), help="CSV de notas (y .json al lado)")
    parser.add_argument("--plantillas", type=Path, default=RAIZ / "notebooks", help="cuadernos de alumno oficiales")
    parser.add_argument("--soluciones", type=Path, default=RAIZ / "solutions", help="carpeta que el alumno no debe ver")
    parser.add_argument("--limite-celda", type=int, default=LIMITE_CELDA, help="segundos por celda")
    parser.add_argument("--limite-cuaderno", type=int, default=LIMITE_CUADERNO, help="segundos por entrega")
    parser.add_argument("--trabajador", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.trabajador:
        return trabajador(*args.trabajador, args.limite_celda)
    if args.entregas is None or not args.entregas.is_dir():
        parser.error(f"no encuentro la carpeta de entregas '{args.entregas}'. Indica una carpeta con archivos .ipynb.")
    if not args.plantillas.is_dir():
        parser.error(f"no encuentro la carpeta de plantillas '{args.plantillas}' (los cuadernos de alumno oficiales).")
    salida = args.salida.resolve()
    ocultar = [args.soluciones, args.entregas, salida.parent]
    filas, info = calificar(args.entregas, args.plantillas, ocultar, args.limite_celda, args.limite_cuaderno)
    csv_ruta, json_ruta = escribir_notas(filas, info, salida)
    print(f"Notas: {csv_ruta} y {json_ruta} ({len(filas)} filas). Aislamiento: {info['aislamiento']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
