"""Herramienta de calificación para profesores.

    python -m helpers.calificar entregas/ --salida notas.csv
    python -m helpers.calificar entregas/ --salida notas/notas.csv --trabajadores 4 \\
        --lista alumnos.csv --moodle notas/moodle.csv

Carpeta de entregas: `entregas/<alumno>/<lección>.ipynb` (una carpeta por alumno, como la
descarga de Moodle) o `entregas/<alumno>__<lección>.ipynb`.

Qué escribe (de forma atómica, al final):
- `notas.csv`: una fila por ejercicio (entrega, alumno, lección, ejercicio, estado, puntos, mensaje)
  y `notas.json` al lado (lo mismo, totales, notas por alumno y lección, protecciones aplicadas
  en `aislamiento`, recursos de cada entrega y entregas por minuto).
- `retroalimentacion/<alumno>.md` junto a las notas: resultado, mensaje y primera pista de
  cada ejercicio, en español, para dárselo al alumno.
- con `--hoja-moodle hoja.csv`: la hoja de calificaciones de la tarea de Moodle con las notas
  puestas (`hoja_calificada.csv`), para «Subir hoja de calificaciones» en la tarea;
- con `--lista` (y `--moodle`): CSV para importar en el libro de calificaciones de Moodle, uno por
  lección y solo con los alumnos que entregaron (ver `helpers.calificacion.informes`).

Cómo se califica (piezas en `helpers/calificacion/`):
1. Cada entrega se ejecuta en su propio núcleo, dentro de bubblewrap: sin red, sin
   `solutions/`, sin las entregas ni las notas, como uid 1000 sin capacidades, con límite de
   memoria (`--memoria-gib`, 6 por defecto) y de procesos, y con límites de tiempo por celda y
   por cuaderno que dependen de la lección (`helpers.calificacion.limites`). Sin bwrap se
   avisa y se usa el modo anterior (unshare) o ninguno.
2. Las celdas de comprobación son las oficiales (de `notebooks/`), no las de la entrega, y en
   el núcleo no comprueban nada: solo recogen el valor que se pasaría a `ejN.comprobar(...)`.
3. Ese valor se comprueba fuera, en otro proceso aislado y nuevo, con `Ejercicio.evaluar` de
   una copia intacta de `helpers` tomada al empezar. Reasignar `ej1` o cambiar
   `helpers.ejercicios` en el cuaderno no cambia nada. Los datos se reconstruyen sin ejecutar
   código; las respuestas que son código (funciones, clases, modelos) se comprueban cada una
   en su propio proceso aislado.
Una entrega rota (sintaxis, excepciones, celdas borradas, bucles infinitos, núcleo caído,
falta de memoria) recibe un resultado claro por ejercicio y nunca detiene el lote.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .calificacion import aislamiento as _aislamiento
from .calificacion.cuadernos import (bloquear_celdas_de_comprobacion, cargar_plantillas, celdas_de_comprobacion,
                                     leccion_de, preparar_para_calificar)
from .calificacion.evaluacion import Evaluador
from .calificacion.filas import PUNTOS, Fila
from .calificacion.informes import (escribir_moodle, escribir_notas, escribir_respuestas_libres,
                                   escribir_retroalimentacion, leer_hoja_moodle, leer_lista,
                                   rellenar_hoja_moodle)
from .calificacion.limites import MEMORIA_GIB, PROCESOS, leer_limite, limites_de
from .calificacion.lote import buscar_entregas, calificar_lote

RAIZ = Path(__file__).resolve().parent.parent

__all__ = ["aislamiento_disponible", "bloquear_celdas_de_comprobacion", "calificar", "cargar_plantillas",
           "celdas_de_comprobacion", "Fila", "leccion_de", "main", "preparar_para_calificar", "PUNTOS"]


def aislamiento_disponible() -> str | None:
    """'bwrap' o 'unshare' si se puede aislar en esta máquina; None si no."""
    import shutil
    import subprocess

    if shutil.which("bwrap"):
        r = subprocess.run(["bwrap", "--unshare-all", "--unshare-user", "--uid", "1000", "--ro-bind", "/", "/",
                            "true"], capture_output=True, timeout=20)
        if r.returncode == 0:
            return "bwrap"
    if shutil.which("unshare"):
        orden = ["unshare", "--mount", "--pid", "--fork", "--kill-child", "true"]
        if subprocess.run(orden if _es_root() else orden[:1] + ["--map-root-user"] + orden[1:],
                          capture_output=True, timeout=20).returncode == 0:
            return "unshare"
    return None


def _es_root() -> bool:
    return os.geteuid() == 0


def _modelos_sin_preparar() -> list[str]:
    try:
        from . import modelos

        return [rol for rol in modelos.roles() if not modelos.esta_listo(rol)]
    except Exception:
        return []


def calificar(entregas: Path, plantillas_dir: Path, ocultar: list[Path], *, trabajadores: int = 1,
              limite_celda: int | None = None, limite_cuaderno: int | None = None, por_leccion: dict | None = None,
              memoria_gib: float = MEMORIA_GIB, procesos: int = PROCESOS, modo: str = "auto",
              progreso: bool = True) -> tuple[list[Fila], dict]:
    """Califica todas las entregas de `entregas`. Devuelve (filas, información para el JSON)."""
    plantillas = cargar_plantillas(plantillas_dir)
    aislamiento = _aislamiento.preparar(modo, ocultar, memoria_gib, procesos)
    aislamiento.repartir_nucleos(trabajadores)
    try:
        avisos, faltan = list(aislamiento.avisos), _modelos_sin_preparar()
        if faltan and aislamiento.modo == "bwrap":
            avisos.append(f"AVISO: faltan copias locales de modelos ({', '.join(faltan)}): dentro del aislamiento la "
                          "caché es de solo lectura y las lecciones que los usan fallarán. Ejecuta antes "
                          "`python -m helpers.preparar`.")
        for aviso in avisos:
            print(aviso, file=sys.stderr)
        filas, recursos, rendimiento = calificar_lote(
            buscar_entregas(entregas), plantillas, aislamiento, Evaluador(aislamiento),
            lambda leccion: limites_de(leccion, limite_celda, limite_cuaderno, por_leccion), trabajadores, progreso)
        info = {"aislamiento": aislamiento.info(), "avisos": avisos, "recursos": recursos,
                "rendimiento": rendimiento}
    finally:
        aislamiento.cerrar()
    return filas, info


class _Argumentos(argparse.ArgumentParser):
    """argparse con sus mensajes de error en español (los de la biblioteca salen en inglés)."""

    TRADUCCIONES = [(r"^argument ([^:]+): ", r"opción \1: "),
                    (r"invalid choice: '?([^']*)'? \(choose from (.*)\)", r"valor no válido: '\1' (elige entre \2)"),
                    (r"invalid (int|float) value: '?([^']*)'?", r"'\2' no es un número válido"),
                    (r"unrecognized arguments: (.*)", r"opciones desconocidas: \1"),
                    (r"the following arguments are required: (.*)", r"faltan estos argumentos: \1"),
                    (r"expected one argument", r"esta opción necesita un valor")]

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "uso:", 1)

    def format_help(self) -> str:
        return (super().format_help().replace("usage:", "uso:", 1).replace("options:", "opciones:", 1)
                .replace("positional arguments:", "argumentos:", 1)
                .replace("show this help message and exit", "muestra esta ayuda y termina"))

    def error(self, message: str):
        import re

        for patron, traduccion in self.TRADUCCIONES:
            message = re.sub(patron, traduccion, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _argumentos() -> argparse.ArgumentParser:
    p = _Argumentos(prog="python -m helpers.calificar",
                    description="Califica cuadernos entregados por los alumnos (aislados, en paralelo).")
    p.add_argument("entregas", type=Path, nargs="?",
                   help="carpeta de entregas: <alumno>/<lección>.ipynb o <alumno>__<lección>.ipynb")
    p.add_argument("--salida", type=Path, default=Path("notas.csv"), help="CSV de notas (y .json al lado)")
    p.add_argument("--plantillas", type=Path, default=RAIZ / "notebooks", help="cuadernos de alumno oficiales")
    p.add_argument("--soluciones", type=Path, default=RAIZ / "solutions", help="carpeta que el alumno no debe ver")
    p.add_argument("--trabajadores", type=int, default=1, help="entregas que se califican a la vez (1)")
    p.add_argument("--limite-celda", type=int, help="segundos por celda en todas las lecciones (por defecto, según la lección)")
    p.add_argument("--limite-cuaderno", type=int, help="segundos por entrega en todas las lecciones")
    p.add_argument("--limite", action="append", default=[], metavar="LECCION=CELDA[:CUADERNO]",
                   help="límites de una lección, p. ej. 05_fine_tuning=1200:5400 (repetible)")
    p.add_argument("--memoria-gib", type=float, default=MEMORIA_GIB, help=f"memoria por núcleo en GiB ({MEMORIA_GIB}; 0 = sin límite)")
    p.add_argument("--procesos", type=int, default=PROCESOS, help=f"procesos por entrega ({PROCESOS})")
    p.add_argument("--aislamiento", choices=_aislamiento.MODOS, default="auto",
                   help="auto (bwrap si se puede, si no unshare y si no ninguno, con aviso), bwrap, unshare o ninguno")
    p.add_argument("--hoja-moodle", type=Path, help="hoja de calificaciones descargada de la tarea de Moodle: se "
                   "escribe <hoja>_calificada.csv junto a las notas, para subirla a la tarea")
    p.add_argument("--lista", type=Path, help="CSV de alumnos: entrega (o nombre),email,usuario,idnumber")
    p.add_argument("--moodle", type=Path, help="CSV para el libro de calificaciones de Moodle, uno por lección "
                   "(necesita --lista; por defecto, con --lista: <salida>_moodle.csv)")
    p.add_argument("--escala", choices=("10", "puntos"), default="10", help="notas de Moodle de 0 a 10 o en puntos")
    p.add_argument("--identificador", choices=("email", "usuario", "username", "idnumber"), default="email",
                   help="columna con la que Moodle reconoce al alumno (usuario y username son lo mismo)")
    p.add_argument("--retroalimentacion", type=Path, help="carpeta de la retroalimentación (por defecto, junto a las notas)")
    p.add_argument("--sin-progreso", action="store_true", help="sin barra de progreso")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _argumentos()
    args = parser.parse_args(argv)
    if args.identificador == "username":
        args.identificador = "usuario"
    if not hasattr(os, "geteuid"):
        print("Error: el calificador aísla cada entrega con herramientas de Linux (bubblewrap). En Windows, "
              "ejecútalo dentro de WSL (Ubuntu) o en una máquina Linux.", file=sys.stderr)
        return 2
    if args.entregas is None or not args.entregas.is_dir():
        parser.error(f"no encuentro la carpeta de entregas '{args.entregas}'. Indica una carpeta con archivos .ipynb.")
    if not args.plantillas.is_dir():
        parser.error(f"no encuentro la carpeta de plantillas '{args.plantillas}' (los cuadernos de alumno oficiales).")
    if args.lista and not args.lista.is_file():
        parser.error(f"no encuentro la lista de alumnos '{args.lista}' (un CSV con entrega,email,usuario).")
    if args.moodle and not args.lista:
        parser.error("--moodle necesita --lista (quién es cada alumno en Moodle). Si calificas una tarea de Moodle, "
                     "usa mejor --hoja-moodle con su hoja de calificaciones: no necesita lista.")
    if args.hoja_moodle and not args.hoja_moodle.is_file():
        parser.error(f"no encuentro la hoja de calificaciones '{args.hoja_moodle}' (en la tarea de Moodle: "
                     "Ver todos los envíos → Descargar hoja de calificaciones).")
    try:
        por_leccion = dict(leer_limite(t) for t in args.limite)
        lista = leer_lista(args.lista) if args.lista else None
        if args.hoja_moodle:  # antes de calificar: que una hoja equivocada no se descubra al final
            leer_hoja_moodle(args.hoja_moodle)
    except (ValueError, OSError) as error:
        parser.error(str(error))
    salida = args.salida.resolve()
    retro = (args.retroalimentacion or salida.parent / "retroalimentacion").resolve()
    moodle = args.moodle.resolve() if args.moodle else (salida.with_name(f"{salida.stem}_moodle.csv") if lista else None)
    for carpeta in (salida.parent, retro):  # existen ya: así también se ocultan en el modo unshare
        carpeta.mkdir(parents=True, exist_ok=True)
    hoja_salida = salida.with_name(f"{args.hoja_moodle.stem}_calificada.csv") if args.hoja_moodle else None
    ocultar = [args.soluciones, args.entregas, salida.parent, retro] + [p for p in (moodle, args.lista, args.hoja_moodle) if p]
    try:
        filas, info = calificar(args.entregas, args.plantillas, ocultar, trabajadores=args.trabajadores,
                                limite_celda=args.limite_celda, limite_cuaderno=args.limite_cuaderno,
                                por_leccion=por_leccion, memoria_gib=args.memoria_gib, procesos=args.procesos,
                                modo=args.aislamiento, progreso=not args.sin_progreso)
    except _aislamiento.ErrorAislamiento as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    if moodle:
        faltan = escribir_moodle(filas, lista, moodle, args.escala, args.identificador)
        info.update({"moodle": faltan["archivos"], **{k: v for k, v in faltan.items() if k != "archivos"}})
        moodle = ", ".join(faltan["archivos"])
        for alumno in faltan["sin_lista"]:
            print(f"AVISO: '{alumno}' entregó pero no está en la lista de alumnos: no va al CSV de Moodle "
                  "(sus notas siguen en las notas y su retroalimentación).", file=sys.stderr)
        for alumno in faltan["sin_identificador"]:
            print(f"AVISO: '{alumno}' no tiene {args.identificador} en la lista: no va al CSV de Moodle.", file=sys.stderr)
    if args.hoja_moodle:
        try:
            hoja = rellenar_hoja_moodle(filas, args.hoja_moodle, hoja_salida)
        except ValueError as error:  # las notas se escriben igualmente: no se pierde la calificación
            hoja = {"error": str(error)}
            print(f"AVISO: no se rellenó la hoja de Moodle: {error}", file=sys.stderr)
        else:
            for alumno in hoja["sin_participante"]:
                print(f"AVISO: '{alumno}' no es una carpeta de «Descargar todas las entregas» de Moodle (falta "
                      "_<número>_assignsubmission_): no va a la hoja.", file=sys.stderr)
            for alumno in hoja["fuera_de_la_hoja"]:
                print(f"AVISO: el número de participante de '{alumno}' no está en la hoja: ¿es de otra tarea?",
                      file=sys.stderr)
        info["hoja_moodle"] = hoja
    rutas = escribir_retroalimentacion(filas, retro)
    libres = salida.with_name(salida.stem + "_respuestas_libres.csv")
    n_libres = escribir_respuestas_libres(filas, libres)
    info["respuestas_libres"] = {"archivo": str(libres), "respuestas": n_libres}
    csv_ruta, json_ruta = escribir_notas(filas, info, salida)
    rendimiento = info["rendimiento"]
    print(f"Notas: {csv_ruta} y {json_ruta} ({len(filas)} filas). Retroalimentación: {len(rutas)} archivo(s) en {retro}."
          + (f" Moodle: {moodle}." if moodle else "")
          + (f" Hoja de Moodle: {hoja_salida} ({len(info['hoja_moodle'].get('calificados', []))} notas puestas)."
             if args.hoja_moodle and "error" not in info["hoja_moodle"] else "")
          + f" Respuestas libres para leer: {n_libres} en {libres}."
          + f" Aislamiento: {info['aislamiento']['modo']}. {rendimiento['entregas']} entregas en "
          f"{rendimiento['segundos']} s ({rendimiento['entregas_por_minuto']} por minuto).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
