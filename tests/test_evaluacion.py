"""helpers.evaluacion (lecciones 13 y 14): particiones sin solapes, congelado y cuentas de memoria."""
import statistics

import pytest

from helpers import evaluacion
from helpers.modelos import MINILM_ID


@pytest.fixture(scope="module")
def tokenizador():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(MINILM_ID)


def test_particiones_sin_solapes_y_con_la_prueba_de_la_leccion_05(tokenizador):
    from helpers import datos

    particion = evaluacion.particiones(tokenizador, n_entrenamiento=40, n_validacion=20)
    indices = {nombre: set(c["indice"]) for nombre, c in particion.items()}
    assert [len(particion[n]) for n in ("entrenamiento", "validacion", "prueba")] == [40, 20, 504]
    assert not indices["entrenamiento"] & indices["validacion"]
    assert not (indices["entrenamiento"] | indices["validacion"]) & indices["prueba"]
    assert sum(particion["validacion"]["label"]) == 10  # estratificada
    assert particion["prueba"]["label"] == datos.cargar_resenas()["test"]["label"]
    assert max(len(x) for x in particion["entrenamiento"]["input_ids"]) <= evaluacion.LONGITUD_MAXIMA


@pytest.mark.parametrize("estrategia,entrenables", [("solo cabeza", 770), ("capas de arriba", 3_697_538),
                                                    ("todo salvo embeddings", 10_795_394), ("todo", 22_713_986)])
def test_congelar(estrategia, entrenables):
    modelo = evaluacion.congelar(evaluacion.nuevo_clasificador(MINILM_ID), estrategia)
    assert evaluacion.parametros_entrenables(modelo) == entrenables


def test_entrenar_mide_el_estado_de_adamw_y_es_determinista(tokenizador):
    particion = evaluacion.particiones(tokenizador, n_entrenamiento=16, n_validacion=8)
    resultados = []
    for _ in range(2):
        modelo = evaluacion.congelar(evaluacion.nuevo_clasificador(MINILM_ID), "capas de arriba")
        r = evaluacion.entrenar(modelo, particion["entrenamiento"], tokenizador, tasa=1e-3, lote=8)
        assert r["pasos"] == 2 and r["bytes_optimizador"] == 8 * r["entrenables"]
        por_paso = r["por_paso"]  # un tiempo por paso: mediana, mínimo y máximo de los 2
        assert por_paso.repeticiones == 2 and 0 < por_paso.minimo <= por_paso.mediana <= por_paso.maximo
        assert por_paso.maximo <= r["segundos"]
        resultados.append((r["perdidas"], evaluacion.predecir(modelo, particion["validacion"], tokenizador)))
    assert resultados[0] == resultados[1]
    with pytest.raises(ValueError, match="Estrategia desconocida"):
        evaluacion.congelar(modelo, "la mitad")


def test_formatos_y_estadistica():
    assert evaluacion.porcentaje(0.9583) == "95,8 %"
    assert evaluacion.decimal(1.25, 2) == "1,25"
    media, desviacion = evaluacion.media_y_desviacion([0.9, 0.8, 1.0])
    assert media == pytest.approx(0.9) and desviacion == pytest.approx(statistics.stdev([0.9, 0.8, 1.0]))
