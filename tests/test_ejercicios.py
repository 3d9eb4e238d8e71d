"""API de ejercicios: hueco sin intentar, mensajes útiles, pistas graduadas."""
import pytest

from helpers.ejercicios import (TIPO_MIME, Ejercicio, Incorrecto, ____, contiene_hueco,
                                resultado_desde_mime)


def _par(respuesta):
    if respuesta % 2:
        raise Incorrecto(f"{respuesta} es impar.")
    return "es par"


@pytest.fixture
def ejercicio():
    return Ejercicio("prueba.ej", "Da un número par", _par, pistas=["divisible por 2", "prueba con 4"],
                     texto_solucion="respuesta = 4")


def test_hueco_es_sin_intentar_sin_excepcion(ejercicio):
    for respuesta in (____, [1, ____], {"a": ____}, (____,)):
        assert ejercicio.evaluar(respuesta).estado == "sin_intentar"
    assert contiene_hueco([[____]]) and not contiene_hueco([0, "", None])


def test_correcto_e_incorrecto_con_mensaje(ejercicio):
    bien, mal = ejercicio.evaluar(4), ejercicio.evaluar(3)
    assert bien.correcto and "es par" in bien.mensaje
    assert mal.estado == "incorrecto" and "3 es impar" in mal.mensaje and ".pista()" in mal.mensaje


def test_fallo_de_la_comprobacion_no_rompe_el_cuaderno(ejercicio):
    resultado = ejercicio.evaluar("cuatro")  # "cuatro" % 2 lanza TypeError dentro de la comprobación
    assert resultado.estado == "error" and "TypeError" in resultado.mensaje


def test_pistas_graduadas_y_solucion(ejercicio, capsys):
    assert ejercicio.pista().startswith("Pista 1/2")
    assert ejercicio.pista().startswith("Pista 2/2")
    assert ejercicio.pista().startswith("Pista 2/2")  # no se pasa de la última
    assert ejercicio.pista(1).startswith("Pista 1/2")
    assert "respuesta = 4" in ejercicio.solucion()
    assert "Pista 1/2" in capsys.readouterr().out


def test_comprobar_muestra_y_emite_mime(ejercicio, capsys):
    assert ejercicio.comprobar(4) is None
    assert "✅ [prueba.ej]" in capsys.readouterr().out
    bundle = ejercicio.evaluar(3)._repr_mimebundle_()
    assert resultado_desde_mime(bundle[TIPO_MIME]).estado == "incorrecto"
    assert resultado_desde_mime({"estado": "inventado"}) is None


def test_ejercicios_de_la_leccion_00_reconocen_errores_tipicos():
    from helpers.ejercicios.leccion_00 import ej1, ej2, ej3

    assert ej1.evaluar("gpu").estado == "incorrecto" and "'cuda', 'mps' o 'cpu'" in ej1.evaluar("gpu").mensaje
    assert ej2.evaluar(22.7).estado == "incorrecto" and "entero" in ej2.evaluar(22.7).mensaje
    assert ej2.evaluar(True).estado == "incorrecto"
    assert ej3.evaluar("/no/existe").estado == "incorrecto"
    assert ej3.evaluar(42).estado == "incorrecto"


def test_funcion_o_clase_con_hueco_es_sin_intentar(ejercicio):
    def sin_hacer(x):
        return ____

    class SinHacer:
        def __call__(self):
            return ____

    def hecha(x):
        return x * 2

    assert ejercicio.evaluar(sin_hacer).estado == "sin_intentar"
    assert ejercicio.evaluar(SinHacer).estado == "sin_intentar"
    assert not contiene_hueco(hecha)


def test_ejercicio_de_inicializacion_detecta_pesos_preentrenados_y_capas():
    from transformers import AutoConfig, AutoModel

    from helpers.ejercicios.leccion_03 import BASE, ej5

    assert "from_config" in ej5.evaluar(AutoModel.from_pretrained(BASE, num_hidden_layers=2)).mensaje
    assert "num_hidden_layers=2" in ej5.evaluar(AutoModel.from_config(AutoConfig.from_pretrained(BASE))).mensaje
    assert ej5.evaluar(AutoModel.from_config(AutoConfig.from_pretrained(BASE, num_hidden_layers=2))).correcto


def test_opcion_multiple_explica_cada_opcion_erronea():
    from helpers.ejercicios import opcion_multiple

    ej = opcion_multiple("prueba.om", "¿Cuánto es 2 + 2?", {"a": "3", "b": "4", "c": "22"}, "b",
                         {"a": "Te quedas corto.", "c": "Eso es concatenar texto."}, "2 + 2 = 4.")
    assert "a) 3" in ej.enunciado and "c) 22" in ej.enunciado
    assert ej.evaluar(" B) ").correcto and "2 + 2 = 4" in ej.evaluar("b").mensaje
    assert ej.evaluar("c").estado == "incorrecto" and "concatenar" in ej.evaluar("c").mensaje
    assert "no es ninguna opción" in ej.evaluar("z").mensaje and "letra" in ej.evaluar(2).mensaje
    assert ej.evaluar(____).estado == "sin_intentar"
    with pytest.raises(ValueError):
        opcion_multiple("prueba.mal", "¿?", {"a": "x", "b": "y"}, "a", {}, "")


def test_pregunta_abierta_no_puntua_y_queda_para_revisar():
    from helpers.ejercicios import pregunta_abierta

    ej = pregunta_abierta("prueba.abierta", "¿Por qué?", minimo_palabras=5)
    assert ej.abierta and ej.evaluar("Porque sí.").estado == "incorrecto"
    resultado = ej.evaluar("Porque el modelo pequeño no tiene sitio para datos del mundo.")
    assert resultado.estado == "para_revisar" and "profesor" in resultado.mensaje and str(resultado).startswith("📝")
    assert ej.evaluar(____).estado == "sin_intentar"
