"""Ejercicios de la lección 03: modelos y cabezas."""
from __future__ import annotations

from ..formato import entero
from . import Ejercicio, Incorrecto, es_entero

# Situaciones de un proyecto real; el alumno decide qué cabeza (clase AutoModelFor…) resuelve cada una.
TAREAS = {
    "separar los correos de clientes en «queja», «duda» y «felicitación»": "AutoModelForSequenceClassification",
    "subrayar los nombres de medicamentos en informes médicos": "AutoModelForTokenClassification",
    "señalar en un contrato el fragmento que dice cuándo termina": "AutoModelForQuestionAnswering",
    "proponer la palabra que falta en «El perro ___ al cartero»": "AutoModelForMaskedLM",
    "decidir cuál de cuatro respuestas de un examen tipo test es la buena": "AutoModelForMultipleChoice",
    "escribir la continuación de un cuento": "AutoModelForCausalLM",
}
MOTIVOS = {
    "AutoModelForSequenceClassification": "una etiqueta para TODO el texto",
    "AutoModelForTokenClassification": "una etiqueta por CADA token",
    "AutoModelForQuestionAnswering": "un inicio y un fin dentro del texto (QA extractivo)",
    "AutoModelForMaskedLM": "predecir el token de una posición [MASK]",
    "AutoModelForMultipleChoice": "puntuar varias parejas (pregunta, opción) y quedarse con la mejor",
    "AutoModelForCausalLM": "generar el siguiente token una y otra vez",
}
from ..modelos import MINILM_ID as BASE
from ..modelos import copia_local


def _nombre(valor) -> str:
    return valor if isinstance(valor, str) else getattr(valor, "__name__", repr(valor))


def _comprobar_clases(respuesta) -> str:
    if not isinstance(respuesta, dict):
        raise Incorrecto("Esperaba un diccionario {tarea: clase}.")
    faltan = set(TAREAS) - set(respuesta)
    if faltan:
        raise Incorrecto(f"Faltan tareas: {sorted(faltan)}.")
    for tarea, clase in TAREAS.items():
        dada = _nombre(respuesta[tarea])
        if dada != clase:
            salida = MOTIVOS.get(dada, "algo que no es una cabeza AutoModelFor…")
            raise Incorrecto(f"«{tarea}»: {dada} produce {salida}. ¿Es eso lo que necesita esta tarea?")
    return "Lo que decide la cabeza es la FORMA de la salida: una etiqueta por texto, por token, un trozo, una palabra…"


def _comprobar_parametros_cabeza(respuesta) -> str:
    from transformers import AutoModel, AutoModelForSequenceClassification

    if not es_entero(respuesta):
        raise Incorrecto("Esperaba un entero.")
    base = sum(p.numel() for p in AutoModel.from_pretrained(BASE).parameters())
    con = sum(p.numel() for p in AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=3).parameters())
    if respuesta == 384 * 3:
        raise Incorrecto("Te faltan los 3 sesgos (bias) de la capa lineal.")
    if respuesta != con - base:
        raise Incorrecto("Resta los parámetros de AutoModel a los de AutoModelForSequenceClassification(num_labels=3).")
    return f"La cabeza añade {con - base} parámetros: una capa lineal 384 → 3 (pesos + sesgos)."


def _comprobar_tres_etiquetas(respuesta) -> str:
    import torch
    from transformers import AutoModelForSequenceClassification

    clasificador = getattr(respuesta, "classifier", None)
    if clasificador is None:
        raise Incorrecto("Esperaba un modelo de clasificación (AutoModelForSequenceClassification).")
    if clasificador.out_features != 3:
        raise Incorrecto(f"Su cabeza tiene {clasificador.out_features} salidas; pide num_labels=3.")
    original = AutoModelForSequenceClassification.from_pretrained(copia_local("sentimiento_minilm", explicar=False))
    capa = "bert.encoder.layer.5.output.dense.weight"
    if not torch.equal(dict(respuesta.named_parameters())[capa], dict(original.named_parameters())[capa]):
        raise Incorrecto("El cuerpo no es el del modelo de sentimiento: cárgalo desde SENTIMIENTO (la copia local del curso).")
    etiquetas = [str(e) for e in respuesta.config.id2label.values()]
    nombres = (" Sus etiquetas son genéricas (LABEL_0…): pasa también id2label y label2id para nombrarlas."
               if all(e.startswith("LABEL_") for e in etiquetas) else f" Etiquetas: {', '.join(etiquetas)}.")
    return "Cuerpo reutilizado y cabeza nueva de 3 salidas (aleatoria: hay que entrenarla)." + nombres


def _comprobar_codificador_decodificador(respuesta) -> str:
    from transformers import EncoderDecoderModel

    if not isinstance(respuesta, EncoderDecoderModel):
        raise Incorrecto(f"Esperaba un EncoderDecoderModel, no {type(respuesta).__name__}.")
    if not (respuesta.decoder.config.is_decoder and respuesta.decoder.config.add_cross_attention):
        raise Incorrecto("El decodificador debe tener is_decoder=True y atención cruzada.")
    if respuesta.encoder.config.hidden_size != 384:
        raise Incorrecto("Usa MiniLM como codificador y como decodificador.")
    return "Codificador y decodificador unidos por atención cruzada (nueva, aleatoria)."


def _comprobar_aleatorio(respuesta) -> str:
    import torch
    from transformers import AutoModel, BertModel

    if not isinstance(respuesta, BertModel):
        raise Incorrecto(f"Esperaba un BertModel (el cuerpo, sin cabeza), no {type(respuesta).__name__}.")
    config = respuesta.config
    if config.num_hidden_layers != 2:
        raise Incorrecto(f"Tiene {config.num_hidden_layers} capas; cambia num_hidden_layers=2 en la configuración.")
    if config.hidden_size != 384 or config.vocab_size != 30522:
        raise Incorrecto("Parte de la configuración de MiniLM (AutoConfig.from_pretrained) y cambia solo las capas.")
    preentrenado = AutoModel.from_pretrained(BASE).embeddings.word_embeddings.weight
    if torch.equal(respuesta.embeddings.word_embeddings.weight, preentrenado):
        raise Incorrecto("Sus pesos son los preentrenados: usa AutoModel.from_config(config), no from_pretrained.")
    return f"BERT de 2 capas con pesos aleatorios: {entero(sum(p.numel() for p in respuesta.parameters()))} parámetros."


ej1 = Ejercicio("leccion_03.ej1", "Para cada situación de TAREAS, la clase AutoModelFor… que la resuelve.", _comprobar_clases,
                pistas=["Las seis clases están en la tabla de la sección 3.",
                        "Generar texto de izquierda a derecha es modelado causal (CausalLM)."])
ej2 = Ejercicio("leccion_03.ej2", "¿Cuántos parámetros añade una cabeza de clasificación de 3 etiquetas a MiniLM?",
                _comprobar_parametros_cabeza,
                pistas=["Cuenta los parámetros de AutoModel y de AutoModelForSequenceClassification(num_labels=3).",
                        "La cabeza es nn.Linear(384, 3): 384·3 pesos + 3 sesgos."])
ej3 = Ejercicio("leccion_03.ej3", "Carga el modelo de sentimiento del curso con una cabeza de 3 etiquetas.",
                _comprobar_tres_etiquetas,
                pistas=["El error dice que los tamaños de classifier.weight no coinciden.",
                        "ignore_mismatched_sizes=True descarta la cabeza vieja y crea una nueva."])
ej4 = Ejercicio("leccion_03.ej4", "Construye a mano un modelo codificador–decodificador con MiniLM en los dos lados.",
                _comprobar_codificador_decodificador,
                pistas=["EncoderDecoderModel tiene un constructor que recibe dos ids.",
                        "EncoderDecoderModel.from_encoder_decoder_pretrained(id, id)"])
ej5 = Ejercicio("leccion_03.ej5", "Crea desde la configuración de MiniLM un BERT de 2 capas con pesos aleatorios.",
                _comprobar_aleatorio,
                pistas=["config = AutoConfig.from_pretrained(BASE, num_hidden_layers=2)",
                        "AutoModel.from_config(config) construye la arquitectura sin cargar pesos."])
EJERCICIOS = [ej1, ej2, ej3, ej4, ej5]
