"""Comprobar las respuestas recogidas: fuera del núcleo, en procesos nuevos y aislados.

Las respuestas que son datos se comprueban juntas (las de una entrega en un solo proceso) con
el cargador seguro, y se recuerda el veredicto de cada (ejercicio, bytes) para no repetirlo en
la clase. Las de `RESPUESTAS_CON_CODIGO` (la respuesta es código o un objeto de biblioteca) se
comprueban cada una en su propio proceso aislado: la comprobación tiene que ejecutar ese código,
así que solo puede afectar a su propio ejercicio.
"""
from __future__ import annotations

import hashlib
import threading

from . import protocolo
from .aislamiento import Aislamiento

# Ejercicios cuya respuesta es una función, una clase o un objeto de biblioteca (modelo,
# tokenizador, figura). Añade aquí el id de un ejercicio nuevo de ese tipo.
RESPUESTAS_CON_CODIGO = frozenset({
    "leccion_02.ej4",  # tokenizador entrenado
    "leccion_03.ej3", "leccion_03.ej4", "leccion_03.ej5",  # modelos
    "leccion_04.ej1",  # función de atención
    "leccion_04.ej3",  # figura de matplotlib
    "leccion_05.ej1", "leccion_05.ej2",  # funciones
    "leccion_07.ej2",  # función
    "leccion_08.ej2",  # clase StoppingCriteria
    "leccion_09.ej1",  # función
    "leccion_11.ej2",  # función
    "leccion_12.ej4",  # función
})
ESTADOS = ("correcto", "incorrecto", "sin_intentar", "error", "para_revisar")
ARRANQUE = 90  # segundos para arrancar Python e importar lo necesario


class Evaluador:
    """Comprueba respuestas; seguro para usar desde varios hilos."""

    def __init__(self, aislamiento: Aislamiento):
        self.aislamiento = aislamiento
        self._recordados: dict[tuple[str, str], tuple[str, str]] = {}
        self._cerrojo = threading.Lock()

    @staticmethod
    def modo(ejercicio: str) -> str:
        return "codigo" if ejercicio in RESPUESTAS_CON_CODIGO else "datos"

    def evaluar(self, respuestas: dict[str, bytes], limite: int) -> dict[str, tuple[str, str]]:
        """{ejercicio: (estado, mensaje)} de cada respuesta; `limite`: segundos por comprobación."""
        resultados, datos = {}, {}
        for ejercicio, carga in respuestas.items():
            if self.modo(ejercicio) == "codigo":
                resultados.update(self._lanzar({ejercicio: carga}, "codigo", limite)[0])
                continue
            clave = (ejercicio, hashlib.sha256(carga).hexdigest())
            with self._cerrojo:
                recordado = self._recordados.get(clave)
            if recordado:
                resultados[ejercicio] = recordado
            else:
                datos[ejercicio] = carga
        if datos:
            nuevos, fallidos = self._lanzar(datos, "datos", limite)
            if len(datos) > 1 and fallidos:  # una respuesta tumbó el proceso: las demás, cada una aparte
                for ejercicio in fallidos:
                    nuevos.update(self._lanzar({ejercicio: datos[ejercicio]}, "datos", limite)[0])
            resultados.update(nuevos)
            with self._cerrojo:
                for ejercicio, resultado in nuevos.items():
                    if resultado[0] != "error":  # un fallo puntual no se recuerda
                        self._recordados[(ejercicio, hashlib.sha256(datos[ejercicio]).hexdigest())] = resultado
        return resultados

    def _lanzar(self, respuestas: dict[str, bytes], modo: str, limite: int):
        """Un proceso aislado para `respuestas`: ({ejercicio: (estado, mensaje)}, [sin veredicto del proceso])."""
        resultados: dict[str, tuple[str, str]] = {}

        def alimentar(entrada):
            for ejercicio, carga in respuestas.items():
                protocolo.enviar(entrada, {"ejercicio": ejercicio, "modo": modo}, carga)

        def al_recibir(cabecera, _):
            ejercicio, estado = cabecera.get("ejercicio"), cabecera.get("estado")
            if ejercicio in respuestas and ejercicio not in resultados and estado in ESTADOS:
                resultados[ejercicio] = (estado, str(cabecera.get("mensaje", ""))[:1500])

        total = ARRANQUE + limite * len(respuestas)
        ejecucion = self.aislamiento.ejecutar("evaluador", [], alimentar, al_recibir, total)
        fallidos = [e for e in respuestas if e not in resultados]
        for ejercicio in fallidos:
            if ejecucion.medida.sin_memoria:
                gib = self.aislamiento.memoria / (1 << 30)
                motivo = f"La comprobación de tu respuesta superó el límite de memoria ({gib:g} GiB)."
            elif ejecucion.agotado:
                motivo = f"La comprobación de tu respuesta no terminó a tiempo (límite {total} s)."
            else:
                ultima = (ejecucion.errores.strip().splitlines() or ["?"])[-1][:200]
                motivo = f"La comprobación de tu respuesta falló fuera del cuaderno ({ultima})."
            resultados[ejercicio] = ("error", motivo)
        return resultados, fallidos
