# --- leccion_00.ej1
# Reasigna `ej1` a un objeto falso cuya `comprobar` muestra un «correcto» falsificado.
import json
from IPython.display import display


class ComprobadorFalso:
    def comprobar(self, respuesta=None):
        falso = {"ejercicio": "leccion_00.ej1", "estado": "correcto", "mensaje": "falsificado"}
        display({"application/vnd.curso-hf-es.resultado.v1": json.dumps(falso), "text/plain": "✅ correcto"}, raw=True)


ej1 = ej2 = ej3 = ComprobadorFalso()
dispositivo_elegido = "gpu"  # incorrecta
