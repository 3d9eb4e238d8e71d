# --- leccion_00.ej1
# Intenta reescribir helpers/ejercicios (y el propio calificador) en el repositorio. Si puede, responde mal.
# No cambia el contenido de ningún archivo existente: lo reescribe igual (solo prueba si se puede).

from helpers import dispositivo

logros = []
for ruta in ("@@RAIZ@@/helpers/ejercicios/__init__.py", "@@RAIZ@@/helpers/ejercicios/leccion_00.py",
             "@@RAIZ@@/helpers/calificacion/evaluador.py"):
    try:
        with open(ruta, "r+b") as archivo:
            contenido = archivo.read()
            archivo.seek(0)
            archivo.write(contenido)
        logros.append(ruta)
    except OSError:
        pass
try:
    with open("@@RAIZ@@/helpers/ejercicios/trampa_de_prueba.py", "x") as archivo:
        archivo.write("# una entrega de prueba pudo escribir aquí\n")
    logros.append("archivo nuevo")
except OSError:
    pass
print("logros:", logros)
dispositivo_elegido = f"robado: {logros}"[:300] if logros else dispositivo()
