"""Ejercicios que se comprueban solos, al estilo de Kaggle learntools.

En un cuaderno::

    from helpers.ejercicios.leccion_00 import ej1
    respuesta = ____          # sustituye ____ por tu respuesta
    ej1.comprobar(respuesta)  # ✅ / ❌ / ✏️ con un mensaje útil
    ej1.pista()               # pistas graduadas: pista(1), pista(2)…
    ej1.solucion()

Tres formas de ejercicio: `Ejercicio` (la comprobación mira la respuesta), `opcion_multiple`
(letra «a», «b»…, con una explicación distinta para cada opción errónea) y `pregunta_abierta`
(texto libre: no puntúa, queda «para revisar» y el calificador se lo pasa al profesor).
El texto de `solucion()` sale de los bloques `### SOLUCIÓN` de `solutions/` (una sola fuente):
`python -m helpers.alumnos` lo escribe en `soluciones.json` y `--comprobar` vigila que esté al día.

`____` significa «sin intentar»: nunca lanza una excepción. Cada comprobación
emite además un resultado legible por máquina (tipo MIME propio) que usa la
herramienta de calificación (`python -m helpers.calificar`).
"""
from __future__ import annotations

import inspect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

TIPO_MIME = "application/vnd.curso-hf-es.resultado.v1"  # valor: texto JSON
ESTADOS = ("correcto", "incorrecto", "sin_intentar", "error", "para_revisar")
SOLUCIONES = Path(__file__).with_name("soluciones.json")  # generado desde solutions/ (helpers.alumnos)


@lru_cache(maxsize=1)
def soluciones_generadas() -> dict[str, str]:
    """{id de ejercicio: código de su bloque ### SOLUCIÓN}."""
    try:
        return json.loads(SOLUCIONES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class _SinIntentar:
    """El hueco `____`: cualquier respuesta que lo contenga cuenta como sin intentar."""

    _instancia = None

    def __new__(cls):
        if cls._instancia is None:
            cls._instancia = super().__new__(cls)
        return cls._instancia

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _SinIntentar()


class Incorrecto(Exception):
    """La respuesta no es correcta; el mensaje explica por qué y qué revisar."""


def contiene_hueco(valor: Any) -> bool:
    """True si `valor` es `____` o lo contiene (en listas, tuplas, dicts o sets, o en el código
    de una función o clase escrita por el alumno)."""
    if valor is ____:
        return True
    if inspect.isclass(valor):  # en un núcleo, getsource(clase) falla: se miran sus métodos
        return any(contiene_hueco(f) for f in vars(valor).values() if inspect.isfunction(f))
    if inspect.isfunction(valor):
        try:
            return "____" in inspect.getsource(valor)
        except (OSError, TypeError):  # sin código fuente disponible
            return False
    if isinstance(valor, dict):
        return any(contiene_hueco(k) or contiene_hueco(v) for k, v in valor.items())
    if isinstance(valor, (list, tuple, set, frozenset)):
        return any(contiene_hueco(v) for v in valor)
    return False


def es_entero(valor: Any) -> bool:
    """True si `valor` es un int de Python (no un bool, que también es int)."""
    return isinstance(valor, int) and not isinstance(valor, bool)


@dataclass(frozen=True)
class Resultado:
    """Lo que devuelve `comprobar`: estado y mensaje en español."""

    ejercicio: str
    estado: str
    mensaje: str

    ICONOS = {"correcto": "✅", "incorrecto": "❌", "sin_intentar": "✏️", "error": "⚠️", "para_revisar": "📝"}

    def __str__(self) -> str:
        return f"{self.ICONOS[self.estado]} [{self.ejercicio}] {self.mensaje}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        datos = {"ejercicio": self.ejercicio, "estado": self.estado, "mensaje": self.mensaje}
        return {"text/plain": str(self), TIPO_MIME: json.dumps(datos, ensure_ascii=False, sort_keys=True)}

    @property
    def correcto(self) -> bool:
        return self.estado == "correcto"


@dataclass
class Ejercicio:
    """Un ejercicio: comprobación por propiedades, pistas graduadas y solución."""

    id: str
    enunciado: str
    comprobacion: Callable[[Any], str | None]
    pistas: list[str] = field(default_factory=list)
    texto_solucion: str = ""
    _pistas_vistas: int = 0
    abierta: bool = False  # texto libre: no puntúa, lo lee el profesor

    def evaluar(self, respuesta: Any) -> Resultado:
        """Evalúa sin mostrar nada (lo usan las pruebas y la calificación)."""
        if contiene_hueco(respuesta):
            return Resultado(self.id, "sin_intentar",
                             "Sin intentar: sustituye ____ por tu respuesta y vuelve a ejecutar la celda.")
        try:
            mensaje = self.comprobacion(respuesta)
        except Incorrecto as motivo:
            pista = " Si te atascas, llama a .pista()." if self.pistas else ""
            return Resultado(self.id, "incorrecto", f"Todavía no. {motivo}{pista}")
        except Exception as fallo:  # un fallo de la comprobación no debe romper el cuaderno
            return Resultado(self.id, "error",
                             f"No pude comprobar la respuesta ({type(fallo).__name__}: {fallo}). "
                             "Revisa que sea del tipo que pide el enunciado.")
        if self.abierta:
            return Resultado(self.id, "para_revisar", mensaje or "")
        return Resultado(self.id, "correcto", f"¡Correcto! {mensaje or ''}".strip())

    def comprobar(self, respuesta: Any = ____) -> None:
        """Comprueba `respuesta` y muestra el resultado en el cuaderno (usa `evaluar` para obtenerlo)."""
        _mostrar(self.evaluar(respuesta))

    def pista(self, numero: int | None = None) -> str:
        """Muestra la siguiente pista (o la número `numero`)."""
        if not self.pistas:
            texto = "Este ejercicio no tiene pistas: relee el enunciado."
        else:
            if numero is None:
                numero = min(self._pistas_vistas + 1, len(self.pistas))
            numero = max(1, min(int(numero), len(self.pistas)))
            self._pistas_vistas = max(self._pistas_vistas, numero)
            texto = f"Pista {numero}/{len(self.pistas)}: {self.pistas[numero - 1]}"
        print(texto)
        return texto

    def solucion(self) -> str:
        """Muestra una solución (inténtalo antes por tu cuenta)."""
        codigo = self.texto_solucion or soluciones_generadas().get(self.id, "")
        if not codigo:
            codigo = "(no encuentro la solución: ejecuta `python -m helpers.alumnos` para generarla)"
        texto = f"Solución de {self.id}:\n{codigo}"
        print(texto)
        return texto


def _letra(respuesta: Any) -> str:
    if not isinstance(respuesta, str):
        raise Incorrecto(f"Responde con la letra de una opción, como texto (por ejemplo 'b'), no con {type(respuesta).__name__}.")
    return respuesta.strip().lower().rstrip(")").strip()


def opcion_multiple(id: str, enunciado: str, opciones: dict[str, str], correcta: str, por_que: dict[str, str],
                    explicacion: str, pistas: list[str] | None = None) -> Ejercicio:
    """Pregunta de opción múltiple. `por_que[letra]`: qué falla en el razonamiento de cada opción incorrecta;
    `explicacion`: por qué la correcta lo es (se muestra al acertar)."""
    faltan = set(opciones) - set(por_que) - {correcta}
    if correcta not in opciones or faltan:
        raise ValueError(f"{id}: la correcta debe ser una opción y cada opción incorrecta necesita su por qué ({faltan}).")

    def comprobar(respuesta: Any) -> str:
        letra = _letra(respuesta)
        if letra not in opciones:
            raise Incorrecto(f"«{respuesta}» no es ninguna opción: elige entre {', '.join(sorted(opciones))}.")
        if letra != correcta:
            raise Incorrecto(f"({letra}) {por_que[letra]}")
        return explicacion

    texto = enunciado + "".join(f"\n  {letra}) {opcion}" for letra, opcion in sorted(opciones.items()))
    return Ejercicio(id, texto, comprobar, pistas=list(pistas or []))


def pregunta_abierta(id: str, enunciado: str, minimo_palabras: int = 8, pistas: list[str] | None = None) -> Ejercicio:
    """Respuesta de texto libre (opcional): no se corrige sola ni puntúa; el calificador la pasa al profesor."""

    def comprobar(respuesta: Any) -> str:
        if not isinstance(respuesta, str):
            raise Incorrecto("Escribe tu respuesta como texto entre comillas.")
        palabras = len(respuesta.split())
        if palabras < minimo_palabras:
            raise Incorrecto(f"Solo {palabras} palabras: explica tu razonamiento en al menos {minimo_palabras}.")
        return (f"Respuesta recogida ({palabras} palabras). No se corrige sola ni cuenta en la nota: "
                "la leerá tu profesor. Compárala con lo que dice la lección.")

    return Ejercicio(id, enunciado, comprobar, pistas=list(pistas or []), abierta=True)


def _mostrar(resultado: Resultado) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(resultado)
            return
    except ImportError:
        pass
    print(resultado)


def resultado_desde_mime(datos: Any) -> Resultado | None:
    """Reconstruye un Resultado a partir de la salida MIME de un cuaderno ejecutado."""
    if isinstance(datos, str):
        try:
            datos = json.loads(datos)
        except ValueError:
            return None
    if not isinstance(datos, dict) or datos.get("estado") not in ESTADOS:
        return None
    return Resultado(str(datos.get("ejercicio", "")), datos["estado"], str(datos.get("mensaje", "")))
