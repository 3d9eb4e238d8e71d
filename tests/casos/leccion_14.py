"""Respuestas incorrectas típicas de la lección 14: cada una debe dar «incorrecto» con su mensaje."""
INCORRECTAS = {
    "ej1": [
        (lambda: 16, "lote de UN proceso"),
        (lambda: 32, "Te falta un factor"),
        (lambda: 20, "se multiplican, no se suman"),
        (lambda: 8, "lote de CADA proceso"),
        (lambda: 64.0, "entero"),
        (lambda: 128, "multiplica lote por proceso"),
    ],
    "ej2": [
        (lambda: "a", "El GIL es de cada intérprete"),
        (lambda: "c", "Los procesos corren a la vez"),
        (lambda: "d", "Cada proceso ve su mitad"),
        (lambda: "e", "no es ninguna opción"),
    ],
    "ej3": [
        (lambda: (22, 0), "no tira el último lote incompleto"),
        (lambda: (45, 0), "cada uno recibe solo su parte"),
        (lambda: (23, 0), "se repiten"),
        (lambda: (23, 16), "réstale 360"),
        (lambda: (12, 8), "sin dejar ninguna fuera"),
        (lambda: 23, "tupla de dos enteros"),
    ],
}
