# --- leccion_00.ej1
# Intenta desmontar y montar cosas y mirar solutions/, las entregas y las notas. Si algo sale, responde mal.
import ctypes
import os
import subprocess

from helpers import dispositivo

logros = []
for orden in (["umount", "-l", "@@RAIZ@@/helpers"], ["umount", "-l", "/tmp"], ["mount", "--bind", "/", "/mnt"],
              ["mount", "-t", "tmpfs", "x", "/tmp"], ["mount", "-o", "remount,rw", "@@RAIZ@@/helpers"]):
    try:
        if subprocess.run(orden, capture_output=True, timeout=20).returncode == 0:
            logros.append(" ".join(orden))
    except (OSError, subprocess.SubprocessError):
        pass
libc = ctypes.CDLL(None, use_errno=True)
for punto in ("@@RAIZ@@/helpers", "@@RAIZ@@/data", "/tmp", "/proc", "@@RAIZ@@/notebooks"):
    if libc.umount2(punto.encode(), 2) == 0:
        logros.append("umount2 " + punto)
if libc.mount(b"ninguno", b"/tmp", b"tmpfs", 0, None) == 0:
    logros.append("mount tmpfs")
for carpeta in ("@@SOLUCIONES@@", "@@ENTREGAS@@", "@@SALIDA@@"):
    try:
        logros.append(f"ve {carpeta}: {os.listdir(carpeta)[:5]}")
    except OSError:
        pass
print("logros:", logros, "uid:", os.getuid())
dispositivo_elegido = f"robado: {logros}"[:300] if logros else dispositivo()
