"""Ejercicios de la lección 06: LoRA con peft."""
from __future__ import annotations

from ..formato import porcentaje
from . import Ejercicio, Incorrecto, opcion_multiple

from ..modelos import MINILM_ID as BASE
PROYECCIONES_ATENCION = {"query", "key", "value", "attention.output.dense"}


def _parametros_lora(r: int, objetivos) -> int:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForSequenceClassification

    modelo = get_peft_model(AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=2),
                            LoraConfig(r=r, lora_alpha=2 * r, target_modules=list(objetivos), task_type="SEQ_CLS"))
    return sum(p.numel() for n, p in modelo.named_parameters() if "lora_" in n)


def _comprobar_ahorro(respuesta) -> str:
    if not isinstance(respuesta, dict) or set(respuesta) != {4, 16, 32}:
        raise Incorrecto("Esperaba un diccionario con las claves 4, 16 y 32: {r: parámetros LoRA}.")
    for r, valor in respuesta.items():
        esperado = _parametros_lora(r, ["query", "value"])
        if valor == esperado + 770:
            raise Incorrecto("Has sumado la cabeza de clasificación: cuenta solo los parámetros con 'lora_' en el nombre.")
        if valor != esperado:
            raise Incorrecto(f"Para r={r} no es {valor}. Cada matriz adaptada añade r·(entrada + salida) = r·768.")
    proporcion = porcentaje(_parametros_lora(32, ['query', 'value']) / 22_713_216)
    return f"Crece lineal con r: 12 matrices × r × (384 + 384). Incluso con r=32 es el {proporcion} del modelo."


def _comprobar_modulos(respuesta) -> str:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForSequenceClassification

    if isinstance(respuesta, str) or not hasattr(respuesta, "__iter__"):
        raise Incorrecto("Esperaba una lista de nombres para target_modules.")
    try:
        modelo = get_peft_model(AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=2),
                                LoraConfig(r=4, target_modules=list(respuesta), task_type="SEQ_CLS"))
    except ValueError:
        raise Incorrecto("peft no encontró esos módulos en MiniLM: mira los nombres con modelo.named_modules().") from None
    adaptados = {n.rsplit(".lora_A", 1)[0] for n, _ in modelo.named_modules() if n.endswith(".lora_A")}
    tipos = {n.split("attention.")[-1] if "attention." in n else n.split(".")[-1] for n in adaptados}
    if any("intermediate" in n or (n.endswith("output.dense") and "attention" not in n) for n in adaptados):
        raise Incorrecto("También estás adaptando capas del bloque feed-forward; «dense» a secas coincide con varias.")
    if tipos != {"self.query", "self.key", "self.value", "output.dense"}:
        raise Incorrecto(f"Adaptas {sorted(tipos)}; faltan o sobran proyecciones de la atención.")
    return f"{len(adaptados)} matrices adaptadas: Q, K, V y la salida de la atención en las 6 capas."


ej1 = Ejercicio("leccion_06.ej1", "{r: parámetros LoRA} para r = 4, 16 y 32 adaptando query y value.", _comprobar_ahorro,
                pistas=["Crea un LoraConfig por cada r y cuenta los parámetros cuyo nombre contiene 'lora_'.",
                        "A es (r × 384) y B es (384 × r) en cada una de las 12 matrices adaptadas."])
ej2 = Ejercicio("leccion_06.ej2", "target_modules que adapten Q, K, V y la proyección de salida de la atención (nada más).",
                _comprobar_modulos,
                pistas=["Lista los nombres: [n for n, _ in modelo.named_modules() if 'layer.0.' in n].",
                        "«dense» a secas también está en el feed-forward; usa una ruta más larga para la salida de la atención."])
ej3 = opcion_multiple(
    "leccion_06.ej3",
    "Razónalo (luego compruébalo con la sección 3 y la celda de debajo): tras `merge_and_unload()`, el modelo fusionado…",
    opciones={"a": "…tiene los parámetros LoRA de más (r·(entrada+salida) por matriz) y predice igual que con el adaptador.",
              "b": "…tiene exactamente los parámetros del modelo base con su cabeza y predice igual que con el adaptador "
                   "(salvo redondeo).",
              "c": "…vuelve a predecir como el modelo base sin ajustar: fusionar descarta lo aprendido.",
              "d": "…necesita peft para cargarse con from_pretrained."},
    correcta="b",
    por_que={"a": "Fusionar calcula W + (α/r)·B·A y guarda el resultado en W: A y B desaparecen, no se suman parámetros.",
             "c": "Lo aprendido está en B·A, y eso es justo lo que se suma a W: no se pierde.",
             "d": "El resultado es un modelo normal de transformers (sin capas lora_): se guarda y carga sin peft."},
    explicacion="W' = W + (α/r)·B·A: mismas formas que el base, mismas predicciones que con el adaptador. "
                "Lo ves en la celda de debajo.",
    pistas=["¿Qué forma tiene B·A comparada con W?", "Después de sumar B·A a W, ¿hacen falta A y B para algo?"])
EJERCICIOS = [ej1, ej2, ej3]
