# --- leccion_00.ej1
# Intenta conectarse a un servidor TCP del anfitrión (127.0.0.1) y a internet. Si puede, responde mal.
import socket

from helpers import dispositivo

conectado = []
for destino in (("127.0.0.1", int("@@PUERTO@@")), ("1.1.1.1", 53)):
    try:
        socket.create_connection(destino, timeout=3).close()
        conectado.append(destino)
    except OSError as error:
        print(destino, type(error).__name__, error)
dispositivo_elegido = f"robado: {conectado}"[:300] if conectado else dispositivo()
