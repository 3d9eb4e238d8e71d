# --- leccion_00.ej2
# Una respuesta que, al reconstruirse con pickle, parchearía el evaluador para que todo salga «correcto».
class Respuesta:
    def __reduce__(self):
        codigo = ("import helpers.ejercicios as e; "
                  "e.Ejercicio.evaluar = lambda self, r: e.Resultado(self.id, 'correcto', 'inyectado')")
        return (exec, (codigo,))


n_parametros = Respuesta()
# --- leccion_00.ej3
# Una respuesta que no se puede llevar fuera del cuaderno.
carpeta_modelo = (letra for letra in "abc")  # un generador: pickle no sabe copiarlo
