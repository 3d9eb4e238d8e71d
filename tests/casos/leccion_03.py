"""Respuestas incorrectas típicas de la lección 03."""
from helpers.ejercicios.leccion_03 import TAREAS


def _clases(cambio: dict):
    import transformers

    clases = {t: getattr(transformers, c) for t, c in TAREAS.items()}
    clases.update({t: getattr(transformers, c) for t, c in cambio.items()})
    return clases


def _modelo_dos_etiquetas():
    from transformers import AutoModelForSequenceClassification

    from helpers.modelos import MINILM_ID

    return AutoModelForSequenceClassification.from_pretrained(MINILM_ID, num_labels=2)


def _preentrenado():
    from transformers import AutoModel

    from helpers.modelos import MINILM_ID

    return AutoModel.from_pretrained(MINILM_ID, num_hidden_layers=2)


_CORREOS = next(t for t in TAREAS if "correos" in t)
_CONTRATO = next(t for t in TAREAS if "contrato" in t)
INCORRECTAS = {
    "ej1": [(lambda: _clases({_CORREOS: "AutoModelForTokenClassification"}), "una etiqueta por CADA token"),
            (lambda: _clases({_CONTRATO: "AutoModelForCausalLM"}), "generar el siguiente token"),
            (lambda: {}, "Faltan tareas")],
    "ej2": [(lambda: 384 * 3, "sesgos"), (lambda: 3.5, "entero")],
    "ej3": [(_modelo_dos_etiquetas, "num_labels=3"), (lambda: "modelo", "modelo de clasificación")],
    "ej4": [(_modelo_dos_etiquetas, "EncoderDecoderModel")],
    "ej5": [(_preentrenado, "from_config"), (_modelo_dos_etiquetas, "BertModel")],
}
