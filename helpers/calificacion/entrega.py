"""Calificar una entrega: ejecutarla aislada, recoger sus respuestas y comprobarlas fuera.

Nunca lanza excepciones por culpa de la entrega: cada ejercicio recibe una fila clara.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .aislamiento import Aislamiento
from .cuadernos import celdas_de_comprobacion, leccion_de, preparar_para_calificar
from .evaluacion import RESPUESTAS_CON_CODIGO, Evaluador
from .filas import SIN_INTENTAR, Fila, fila
from .limites import Limites


@dataclass
class Recogido:
    """Lo que mandó el trabajador aislado. Nada es fiable: solo se guardan celdas y respuestas que
    existen en el cuaderno que se mandó, y solo se usan para mensajes y para comprobar fuera."""

    ids: set[str]
    ejercicios: set[str]
    celdas: dict[str, dict] = field(default_factory=dict)
    respuestas: dict[str, bytes] = field(default_factory=dict)
    fin: str | None = None
    mensaje_fin: str = ""

    def recibir(self, cabecera: dict, carga: bytes) -> None:
        tipo = cabecera.get("tipo")
        if tipo == "celda" and cabecera.get("id") in self.ids:
            self.celdas[cabecera["id"]] = cabecera
        elif tipo == "respuesta" and cabecera.get("ejercicio") in self.ejercicios:
            self.respuestas[cabecera["ejercicio"]] = carga
        elif tipo == "fin":
            self.fin, self.mensaje_fin = str(cabecera.get("estado")), str(cabecera.get("mensaje", ""))[:300]


def _describir(error: dict, memoria_gib: float) -> str:
    nombre = error.get("ename")
    if nombre in ("KeyboardInterrupt", "TiempoAgotado"):  # solo la interrumpe el límite de tiempo
        return "TiempoAgotado: la celda superó el límite de tiempo y se interrumpió (¿un bucle infinito?)"
    if nombre == "MemoryError":
        return f"MemoryError: la celda superó el límite de memoria ({memoria_gib:g} GiB)"
    return f"{nombre}: {error.get('evalue')}"[:200]


def fallo_global(recogido: Recogido, ejecucion, limites: Limites, memoria_gib: float) -> str | None:
    """Por qué se dejaron de ejecutar celdas (None si el cuaderno terminó)."""
    if ejecucion.medida.sin_memoria:
        return f"El núcleo superó el límite de memoria ({memoria_gib:g} GiB) y se detuvo antes de llegar a esta celda."
    if ejecucion.agotado:
        return f"El cuaderno superó el límite total de {limites.cuaderno} s."
    if ejecucion.protocolo_roto:
        return f"La ejecución devolvió datos mal formados ({ejecucion.protocolo_roto})."
    if recogido.fin == "ok":
        return None
    if recogido.fin == "nucleo_muerto":
        return "El núcleo se cayó (¿os._exit, falta de memoria?) antes de llegar a esta celda."
    if recogido.fin == "error":
        return f"La ejecución del cuaderno falló: {recogido.mensaje_fin}"
    return "La ejecución del cuaderno falló: " + (ejecucion.errores.strip().splitlines() or ["?"])[-1][:200]


def _celdas_ejecutadas(cuaderno, recogido: Recogido):
    """(índice, celda, registro o None, errores bien formados) de cada celda, en orden."""
    for indice, celda in enumerate(cuaderno.cells):
        registro = recogido.celdas.get(celda.get("id"))
        errores = [e for e in (registro or {}).get("errores", []) if isinstance(e, dict)]
        yield indice, celda, registro, errores


def resultados_de(cuaderno, recogido: Recogido, a_comprobar: dict[str, str], fallo: str | None,
                  memoria_gib: float) -> tuple[dict[str, tuple[str, str]], dict[str, bytes]]:
    """({ejercicio: (estado, mensaje)} ya decididos, {ejercicio: respuesta por comprobar}).

    Si una comprobación no da resultado, el mensaje cita el último error de una celda del
    alumno anterior a ella (el bucle infinito, el error de sintaxis…).
    """
    resultados, pendientes, error_previo = {}, {}, None
    for _, celda, registro, errores in _celdas_ejecutadas(cuaderno, recogido):
        ejercicio = a_comprobar.get(celda.get("id"))
        if ejercicio is None:
            if errores:
                error_previo = _describir(errores[-1], memoria_gib)
            continue
        capturas = [c for c in (registro or {}).get("capturas", []) if isinstance(c, dict)]
        if registro is None:
            resultados[ejercicio] = ("no_ejecutado", fallo or "La celda de comprobación no llegó a ejecutarse.")
        elif capturas and capturas[-1].get("estado") == "sin_intentar":
            resultados[ejercicio] = ("sin_intentar", SIN_INTENTAR)
        elif capturas and capturas[-1].get("estado") == "error":
            resultados[ejercicio] = ("error", str(capturas[-1].get("mensaje", ""))[:600])
        elif capturas and ejercicio in recogido.respuestas:
            pendientes[ejercicio] = recogido.respuestas[ejercicio]
        elif errores:
            mensaje = f"La comprobación falló: {_describir(errores[-1], memoria_gib)}"
            resultados[ejercicio] = ("error", mensaje + (f" (antes, en una celda del alumno: {error_previo})"
                                                         if error_previo else ""))
        else:
            resultados[ejercicio] = ("error", "La respuesta no llegó al calificador (¿demasiado grande?).")
        error_previo = None
    return resultados, pendientes


def errores_fuera_de_comprobaciones(cuaderno, recogido: Recogido, a_comprobar: dict[str, str],
                                    memoria_gib: float) -> list[str]:
    """«celda N: Error: mensaje» de cada celda que no es de comprobación y falló (para el profesor)."""
    return [f"celda {indice}: {_describir(error, memoria_gib)}"
            for indice, celda, _, errores in _celdas_ejecutadas(cuaderno, recogido)
            if celda.get("id") not in a_comprobar for error in errores]


def calificar_entrega(ruta: Path, nombre: str, alumno: str, plantillas: dict, aislamiento: Aislamiento,
                      evaluador: Evaluador, limites_de) -> tuple[list[Fila], dict]:
    """Filas de nota de una entrega y {segundos, memoria_max_mib, sin_memoria}."""
    inicio = time.monotonic()
    if ruta.suffix.lower() != ".ipynb":
        return [fila(nombre, alumno, "?", "(entrega)", "no_es_cuaderno",
                     f"Se entregó «{ruta.name}», que no es un cuaderno .ipynb. Hay que entregar el cuaderno: en "
                     "Jupyter, Archivo → Descargar; en Colab, Archivo → Descargar → Descargar .ipynb.")], {}
    try:
        entrega = nbformat.read(ruta, as_version=4)
    except Exception as error:
        return [fila(nombre, alumno, "?", "(entrega)", "entrega_ilegible",
                     f"No es un cuaderno válido ({type(error).__name__}). ¿Se guardó bien el .ipynb?")], {}
    leccion = leccion_de(entrega, ruta, plantillas)
    if leccion is None:
        return [fila(nombre, alumno, "?", "(entrega)", "leccion_desconocida",
                     "No sé a qué lección corresponde: conserva el nombre del archivo o sus metadatos.")], {}
    plantilla, limites = plantillas[leccion], limites_de(leccion)
    cuaderno, a_comprobar, sin_celda = preparar_para_calificar(entrega, plantilla)
    recogido = Recogido({c.get("id") for c in cuaderno.cells}, set(a_comprobar.values()))
    texto = nbformat.writes(cuaderno).encode()
    ejecucion = aislamiento.ejecutar("trabajador", ["--limite-celda", str(limites.celda)],
                                     lambda entrada: entrada.write(texto), recogido.recibir, limites.cuaderno)
    memoria_gib = aislamiento.memoria / (1 << 30)
    fallo = fallo_global(recogido, ejecucion, limites, memoria_gib)
    resultados, pendientes = resultados_de(cuaderno, recogido, a_comprobar, fallo, memoria_gib)
    resultados.update(evaluador.evaluar(pendientes, limites.celda))
    filas = []
    for _, ejercicio in celdas_de_comprobacion(plantilla):
        estado, mensaje = resultados.get(ejercicio) or ("celda_borrada", sin_celda.get(ejercicio, "?"))
        filas.append(fila(nombre, alumno, leccion, ejercicio, estado, mensaje,
                          ejercicio in pendientes and ejercicio in RESPUESTAS_CON_CODIGO))
    medida = ejecucion.medida
    recursos = {"segundos": round(time.monotonic() - inicio, 1), "sin_memoria": medida.sin_memoria,
                "terminado": fallo is None,
                "celdas_con_error": errores_fuera_de_comprobaciones(cuaderno, recogido, a_comprobar, memoria_gib),
                "memoria_max_mib": round(medida.memoria_max / (1 << 20)) if medida.memoria_max else None}
    return filas, recursos

