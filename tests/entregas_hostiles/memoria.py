# --- leccion_00.ej1
from helpers import dispositivo

dispositivo_elegido = dispositivo()
# --- leccion_00.ej2
# Reserva 6 GiB de una vez.
bloque = bytearray(6 * 1024 ** 3)
n_parametros = len(bloque)
