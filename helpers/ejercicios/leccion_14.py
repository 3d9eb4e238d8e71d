"""Ejercicios de la lección 14: entrenamiento distribuido con accelerate."""
from __future__ import annotations

from . import Ejercicio, Incorrecto, es_entero, opcion_multiple


def _comprobar_batch_efectivo(respuesta) -> str:
    if not es_entero(respuesta):
        raise Incorrecto("Esperaba un número entero de reseñas.")
    mensajes = {
        16: "16 es el lote de UN proceso. Cada paso del optimizador junta los lotes de todos los procesos y de "
            "todos los pasos de acumulación.",
        32: "Te falta un factor: ¿has contado los 2 procesos y los 2 pasos de acumulación?",
        34: "Los factores se multiplican, no se suman.",
        20: "Los factores se multiplican, no se suman.",
        8: "Con varios procesos el lote no se divide: `per_device_train_batch_size` es el lote de CADA proceso.",
        4: "Con varios procesos el lote no se divide: `per_device_train_batch_size` es el lote de CADA proceso.",
    }
    if respuesta in mensajes:
        raise Incorrecto(mensajes[respuesta])
    if respuesta != 64:
        raise Incorrecto(f"{respuesta} no: multiplica lote por proceso × procesos × pasos de acumulación.")
    return ("2 × 16 × 2 = 64 reseñas por paso del optimizador. Si pasas de 1 a 2 procesos sin tocar nada, el batch "
            "efectivo se duplica y das la mitad de pasos por época.")


def _reparto_real(ejemplos: int = 360, lote: int = 8, procesos: int = 2) -> tuple[int, int]:
    """Lotes por proceso y reseñas repetidas según el reparto de accelerate (even_batches=True)."""
    from collections import Counter

    from accelerate.data_loader import prepare_data_loader
    from torch.utils.data import DataLoader

    vistos, lotes = Counter(), set()
    for proceso in range(procesos):
        cargador = prepare_data_loader(DataLoader(list(range(ejemplos)), batch_size=lote), num_processes=procesos,
                                       process_index=proceso, put_on_device=False)
        lista = [b.tolist() for b in cargador]
        lotes.add(len(lista))
        vistos.update(i for b in lista for i in b)
    (lotes_por_proceso,) = lotes
    return lotes_por_proceso, sum(n - 1 for n in vistos.values())


def _comprobar_reparto(respuesta) -> str:
    if not isinstance(respuesta, (tuple, list)) or len(respuesta) != 2 or not all(es_entero(v) for v in respuesta):
        raise Incorrecto("Esperaba una tupla de dos enteros: (lotes_por_proceso, resenas_repetidas).")
    lotes, repetidas = respuesta
    lotes_reales, repetidas_reales = _reparto_real()
    if lotes == 45:
        raise Incorrecto("45 lotes de 8 serían las 360 reseñas enteras para cada proceso: cada uno recibe solo su parte.")
    if lotes == 22:
        raise Incorrecto("360 / 16 = 22,5: accelerate no tira el último lote incompleto; con even_batches=True "
                         "completa los que faltan con reseñas del principio, así que son 23.")
    if lotes == 22.5 or lotes != lotes_reales:
        raise Incorrecto(f"No son {lotes} lotes: cada paso reparte 8 × 2 = 16 reseñas; ¿cuántos pasos hacen falta "
                         "para cubrir 360 sin dejar ninguna fuera?")
    if repetidas == 0:
        raise Incorrecto("Con 23 lotes de 8 en cada uno de los 2 procesos se reparten más de 360 reseñas: "
                         "las que sobran se repiten.")
    if repetidas != repetidas_reales:
        raise Incorrecto(f"No se repiten {repetidas}: cuenta cuántas reseñas se reparten en total (lotes × 8 × 2) y "
                         "réstale 360.")
    return (f"{lotes_reales} lotes por proceso: 23 × 16 = 368 reseñas repartidas, así que {repetidas_reales} se ven dos "
            "veces (el proceso 1 termina con las 8 primeras). Con gather_for_metrics esas repeticiones se quitan al "
            "evaluar; al entrenar, cuentan.")


ej1 = Ejercicio("leccion_14.ej1", "Batch efectivo con 2 procesos, lote 16 por proceso y acumulación 2.",
                _comprobar_batch_efectivo,
                pistas=["Cuenta las reseñas cuyo gradiente se suma antes de cada optimizador.step().",
                        "Multiplica los tres factores."])
ej2 = opcion_multiple(
    "leccion_14.ej2",
    "Opción múltiple: por qué 2 procesos no aceleran en una máquina de 2 núcleos.",
    opciones={"a": "El GIL de Python impide que dos procesos calculen a la vez.",
              "b": "Un proceso ya usaba los 2 núcleos con hilos de OpenMP; dos procesos reparten los mismos núcleos y "
                   "además pagan un all-reduce de los gradientes en cada paso y matrices más pequeñas.",
              "c": "`accelerate` ejecuta los procesos uno detrás de otro en CPU, así que el tiempo se suma.",
              "d": "Con 2 procesos cada uno ve el conjunto entero, así que se hace el doble de trabajo."},
    correcta="b",
    por_que={"a": "El GIL es de cada intérprete: dos procesos tienen dos GIL y sí calculan a la vez (y PyTorch suelta "
                  "el GIL en sus operaciones). El problema es que no hay más núcleos que repartir.",
             "c": "Los procesos corren a la vez: mira en la sección 4 que los dos dieron sus pasos sobre reseñas "
                  "distintas y comparten los gradientes en cada paso, algo imposible si fueran uno detrás de otro.",
             "d": "Cada proceso ve su mitad: en la sección 4 se reparten las 360 reseñas sin repetir ninguna."},
    explicacion="Los hilos de OpenMP ya repartían cada operación entre los 2 núcleos. Con un dispositivo por proceso "
                "(varias GPU) sí se suma capacidad de cálculo, y entonces DDP compensa.",
    pistas=["Mira la columna de hilos de la tabla de la sección 3 y compara 1 × 2 con 1 × 1.",
            "¿Añade núcleos lanzar un segundo proceso? ¿Qué tiene que hacer DDP en cada paso que un "
            "proceso solo no hace?"])
ej3 = Ejercicio("leccion_14.ej3", "(lotes por proceso, reseñas repetidas) con 360 reseñas, 2 procesos y lote 8.",
                _comprobar_reparto,
                pistas=["Cada paso reparte lote × procesos = 16 reseñas; redondea hacia arriba.",
                        "Las repetidas son las que sobran: lotes × 16 − 360."])
EJERCICIOS = [ej1, ej2, ej3]
