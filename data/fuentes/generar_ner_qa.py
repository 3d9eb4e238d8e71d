"""Genera data/ner_qa/ner.jsonl y data/ner_qa/qa.jsonl: frases sintéticas en español para NER y QA extractivo.

    python data/fuentes/generar_ner_qa.py [carpeta_destino]

Nombres, lugares, organizaciones y plantillas escritos para el curso; semilla fija. Licencia CC0-1.0.
NER: {"tokens": [...], "etiquetas": [...]} con esquema BIO (PER, LOC, ORG).
QA: {"contexto", "pregunta", "respuesta", "inicio"} (inicio = posición en caracteres en el contexto).
"""
import json
import random
import sys
from pathlib import Path

SEMILLA = 2026
DESTINO = Path(__file__).resolve().parent.parent / "ner_qa"
PERSONAS = ["Ana García", "Luis Martínez", "Carmen Ruiz", "Javier López", "Lucía Fernández", "Pedro Sánchez",
            "María José Torres", "Diego Romero", "Elena Navarro", "Pablo Gil", "Marta Serrano", "Sergio Molina",
            "Laura Ortega", "Andrés Delgado", "Sofía Castro", "Raúl Ortiz", "Isabel Rubio", "Tomás Marín",
            "Paula Iglesias", "Jorge Medina", "Irene Garrido", "Alberto Cortés", "Nuria Santos", "Hugo Vidal"]
LUGARES = ["Madrid", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Málaga", "Granada", "Salamanca", "Oviedo",
           "Murcia", "Cádiz", "Toledo", "Santiago de Compostela", "Buenos Aires", "Lima", "Bogotá",
           "Ciudad de México", "Montevideo", "Quito", "Valparaíso"]
ORGANIZACIONES = ["Telefónica", "el Banco Central", "la Universidad de Salamanca", "Iberia", "la Cruz Roja",
                  "el Museo del Prado", "Renfe", "el Ayuntamiento", "la Biblioteca Nacional", "Correos",
                  "el Hospital General", "la Real Academia Española", "Mercadona", "el Instituto Cervantes"]
PLANTILLAS_NER = [
    "{PER} vive en {LOC} y trabaja en {ORG}.", "{PER} viajó a {LOC} el verano pasado.",
    "Según {ORG}, {PER} llegará mañana a {LOC}.", "{ORG} abrió una nueva sede en {LOC}.",
    "En {LOC} conocí a {PER}.", "{PER} y {PER2} fundaron {ORG} en {LOC}.", "{PER} dejó {ORG} para mudarse a {LOC}.",
    "La reunión con {ORG} será en {LOC}.", "{PER} es la nueva directora de {ORG}.", "Desde {LOC}, {PER} escribe cada semana.",
]
PLANTILLAS_QA = [
    ("{PER} vive en {LOC} y trabaja en {ORG}.", [("¿Dónde vive {PER}?", "LOC"), ("¿Dónde trabaja {PER}?", "ORG"),
                                                 ("¿Quién vive en {LOC}?", "PER")]),
    ("El año pasado {PER} se mudó a {LOC} para trabajar en {ORG}.", [("¿Adónde se mudó {PER}?", "LOC"),
                                                                     ("¿Para qué organización trabaja {PER}?", "ORG")]),
    ("{ORG} tiene su sede en {LOC}, donde {PER} dirige el equipo.", [("¿Dónde tiene su sede {ORG}?", "LOC"),
                                                                   ("¿Quién dirige el equipo?", "PER")]),
    ("{PER} nació en {LOC} y estudió en {ORG}.", [("¿Dónde nació {PER}?", "LOC"), ("¿Dónde estudió {PER}?", "ORG")]),
]


def _rellenar(plantilla, valores):
    """Texto y tramos [(inicio, fin, tipo)] de cada entidad."""
    texto, tramos, i = "", [], 0
    while i < len(plantilla):
        if plantilla[i] == "{":
            fin = plantilla.index("}", i)
            clave = plantilla[i + 1:fin]
            valor = valores[clave]
            if not texto:  # mayúscula al empezar la frase
                valor = valor[0].upper() + valor[1:]
            tramos.append((len(texto), len(texto) + len(valor), clave.rstrip("2")))
            texto += valor
            i = fin + 1
        else:
            texto += plantilla[i]
            i += 1
    return texto, tramos


def _valores(azar):
    per, per2 = azar.sample(PERSONAS, 2)
    return {"PER": per, "PER2": per2, "LOC": azar.choice(LUGARES), "ORG": azar.choice(ORGANIZACIONES)}


def frase_ner(azar):
    texto, tramos = _rellenar(azar.choice(PLANTILLAS_NER), _valores(azar))
    tokens, etiquetas, pos = [], [], 0
    for palabra in texto.replace(".", " .").replace(",", " ,").split():
        inicio = texto.index(palabra, pos)
        pos = inicio + len(palabra)
        tipo = next((t for a, b, t in tramos if a <= inicio < b), None)
        primera = tipo is not None and any(a == inicio for a, b, t in tramos)
        tokens.append(palabra)
        etiquetas.append("O" if tipo is None else ("B-" if primera else "I-") + tipo)
    return {"tokens": tokens, "etiquetas": etiquetas}


def ejemplos_qa(azar):
    plantilla, preguntas = azar.choice(PLANTILLAS_QA)
    valores = _valores(azar)
    contexto, tramos = _rellenar(plantilla, valores)
    salida = []
    for pregunta, tipo in preguntas:
        a, b, _ = next(t for t in tramos if t[2] == tipo)
        salida.append({"contexto": contexto, "pregunta": pregunta.format(**valores),
                       "respuesta": contexto[a:b], "inicio": a})
    return salida


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    destino = Path(argv[0]) if argv else DESTINO
    destino.mkdir(parents=True, exist_ok=True)
    azar = random.Random(SEMILLA)
    ner = [frase_ner(azar) for _ in range(1500)]
    qa = [e for _ in range(600) for e in ejemplos_qa(azar)]
    for nombre, filas in (("ner.jsonl", ner), ("qa.jsonl", qa)):
        (destino / nombre).write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in filas), encoding="utf-8")
    print(f"{destino}: {len(ner)} frases NER, {len(qa)} preguntas QA")
    return 0


if __name__ == "__main__":
    sys.exit(main())
