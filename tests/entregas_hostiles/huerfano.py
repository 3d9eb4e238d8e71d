# --- leccion_00.ej1
# Deja procesos vivos fuera de su sesión (y un demonio con doble fork) que deberían sobrevivir al núcleo.
import os
import subprocess

from helpers import dispositivo

subprocess.Popen(["sleep", "1000.4242"], start_new_session=True)
hijo = os.fork()
if hijo == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "1000.4243"])
    os._exit(0)
os.waitpid(hijo, 0)
dispositivo_elegido = dispositivo()
