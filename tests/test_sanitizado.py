"""nbval_sanitize.cfg: borra lo que cambia de una máquina a otra y nada más.

Las salidas de abajo son reales: la lección 08 ejecutada en dos procesadores (con AMX y sin él).
La copia local del LLM trabaja en bf16 y sus probabilidades cambian en el último decimal.
"""
import re
from pathlib import Path

from nbval.plugin import get_sanitize_patterns

RAIZ = Path(__file__).resolve().parent.parent
PATRONES = get_sanitize_patterns((RAIZ / "nbval_sanitize.cfg").read_text(encoding="utf-8"))


def sanear(texto: str) -> str:
    for patron, reemplazo in PATRONES:  # como nbval: en orden, con re.sub
        texto = re.sub(patron, reemplazo, texto)
    return texto


CON_AMX = """T=0,5: prob. del favorito 0,86, entropía 0,72 nats
T=1,5: prob. del favorito 0,06, entropía 7,56 nats
top_p=0,9: se sortea entre 154 tokens
✅ [leccion_08.ej1] ¡Correcto! Tras 'El cielo', los favoritos son [' az', ' verde', ' am', ' blanco', ' dor'].
✅ [leccion_08.ej3] ¡Correcto! T=0,5: 26 %, T=1,0: 10 %, T=2,0: 1 %. T < 1 afila la distribución."""
SIN_AMX = """T=0,5: prob. del favorito 0,86, entropía 0,71 nats
T=1,5: prob. del favorito 0,07, entropía 7,56 nats
top_p=0,9: se sortea entre 152 tokens
✅ [leccion_08.ej1] ¡Correcto! Tras 'El cielo', los favoritos son [' az', ' verde', ' am', ' blanco', ' ro'].
✅ [leccion_08.ej3] ¡Correcto! T=0,5: 27 %, T=1,0: 10 %, T=2,0: 1 %. T < 1 afila la distribución."""


def test_las_cifras_del_llm_no_dependen_del_procesador():
    assert SIN_AMX != CON_AMX and sanear(SIN_AMX) == sanear(CON_AMX)


def test_lo_que_se_comprueba_sigue_comprobandose():
    """Un ejercicio que falla, una temperatura que falta o una línea de más siguen siendo diferencias."""
    assert sanear(CON_AMX.replace("✅ [leccion_08.ej1] ¡Correcto!", "❌ [leccion_08.ej1] Incorrecto.")) != sanear(CON_AMX)
    assert sanear(CON_AMX.replace("T=1,5:", "T=1,2:")) != sanear(CON_AMX)
    assert sanear(CON_AMX + "\nT=3,0: prob. del favorito 0,01, entropía 9,10 nats") != sanear(CON_AMX)
    assert sanear("exactitud 98,6 %") != sanear("exactitud 97,3 %")  # los porcentajes de otras lecciones, intactos
