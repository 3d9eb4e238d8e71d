"""Genera data/ner_qa/ner.jsonl y data/ner_qa/qa.jsonl: frases sintéticas en español para NER y QA extractivo.

    python data/fuentes/generar_ner_qa.py [carpeta_destino]

Nombres, lugares, organizaciones y plantillas escritos para el curso; semilla fija. Licencia CC0-1.0.
NER: {"tokens": [...], "etiquetas": [...]} con esquema BIO (PER, LOC, ORG).
QA: {"contexto", "pregunta", "respuesta", "inicio"} (inicio = posición en caracteres en el contexto).

Cuidados para que las frases sean español correcto y no digan nada falso de entidades reales:
- cada persona tiene género y las plantillas concuerdan con él («el nuevo director», «la nueva directora»);
- el artículo de la organización va aparte y se contrae («del», «al»); la entidad ORG es el nombre sin artículo;
- cada organización tiene una clase (empresa, educativa, hospital, museo, institución) y cada plantilla dice
  cuáles admite: solo se estudia en centros educativos, se trabaja en cualquiera;
- las organizaciones reales llevan su ciudad real y solo aparecen en frases sobre lo que hace una persona
  inventada (trabajar, estudiar, visitar…), siempre en su ciudad; las que dicen algo de la propia organización
  (sede, fundación, cargos, reuniones) usan organizaciones inventadas.
"""
import json
import random
import re
import sys
from pathlib import Path

SEMILLA = 2026
DESTINO = Path(__file__).resolve().parent.parent / "ner_qa"
FRASES_NER = 1500
CONTEXTOS_QA = 620

# (nombre completo, género: "m" o "f"). Nombres corrientes; ninguno de una persona pública conocida.
PERSONAS = [("Ana García", "f"), ("Luis Martínez", "m"), ("Carmen Ruiz", "f"), ("Javier López", "m"),
            ("Lucía Fernández", "f"), ("Pedro Salas", "m"), ("María José Torres", "f"), ("Diego Romero", "m"),
            ("Elena Navarro", "f"), ("Pablo Gil", "m"), ("Marta Serrano", "f"), ("Sergio Molina", "m"),
            ("Laura Ortega", "f"), ("Andrés Delgado", "m"), ("Sofía Castro", "f"), ("Raúl Ortiz", "m"),
            ("Isabel Rubio", "f"), ("Tomás Marín", "m"), ("Paula Iglesias", "f"), ("Jorge Medina", "m"),
            ("Irene Garrido", "f"), ("Alberto Cuesta", "m"), ("Nuria Santos", "f"), ("Hugo Vidal", "m"),
            ("Camila Rojas", "f"), ("Mateo Herrera", "m"), ("Valentina Quispe", "f"), ("Julián Paredes", "m")]
LUGARES = ["Madrid", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Málaga", "Granada", "Salamanca", "Oviedo",
           "Murcia", "Cádiz", "Toledo", "Santiago de Compostela", "Buenos Aires", "Lima", "Bogotá",
           "Ciudad de México", "Montevideo", "Quito", "Valparaíso"]
# (artículo, nombre, clase, ciudad real): las reales con la ciudad donde están; las inventadas con None.
ORGANIZACIONES = [
    ("", "Telefónica", "empresa", "Madrid"), ("", "Iberia", "empresa", "Madrid"),
    ("", "Renfe", "empresa", "Madrid"), ("", "Correos", "empresa", "Madrid"),
    ("la", "Universidad de Salamanca", "educativa", "Salamanca"),
    ("la", "Universidad de Granada", "educativa", "Granada"),
    ("la", "Universidad de Sevilla", "educativa", "Sevilla"),
    ("la", "Universidad de Buenos Aires", "educativa", "Buenos Aires"),
    ("la", "Universidad de la República", "educativa", "Montevideo"),
    ("la", "Pontificia Universidad Católica del Perú", "educativa", "Lima"),
    ("el", "Hospital Universitario La Paz", "hospital", "Madrid"),
    ("el", "Museo del Prado", "museo", "Madrid"), ("el", "Museo Guggenheim", "museo", "Bilbao"),
    ("el", "Museo Nacional de Antropología", "museo", "Ciudad de México"),
    ("la", "Biblioteca Nacional", "institucion", "Madrid"),
    ("la", "Real Academia Española", "institucion", "Madrid"),
    ("el", "Instituto Cervantes", "institucion", "Madrid"),
    ("", "Conservas Ribera", "empresa", None), ("", "Editorial Alba", "empresa", None),
    ("", "Transportes Duero", "empresa", None), ("", "Seguros Atalaya", "empresa", None),
    ("", "Laboratorios Vega", "empresa", None), ("", "Textiles Almagro", "empresa", None),
    ("", "Bodegas Peñalba", "empresa", None), ("", "Construcciones Olmedo", "empresa", None),
    ("", "Energías Solana", "empresa", None), ("", "Muebles Arce", "empresa", None),
    ("la", "Universidad Mirasierra", "educativa", None), ("el", "Instituto Tecnológico Álamo", "educativa", None),
    ("la", "Escuela de Diseño Aurora", "educativa", None), ("el", "Conservatorio Valdeflores", "educativa", None),
    ("la", "Clínica San Rafael", "hospital", None), ("el", "Hospital Santa Brígida", "hospital", None),
    ("el", "Centro Médico Alameda", "hospital", None),
    ("el", "Museo de la Sal", "museo", None), ("el", "Museo del Juguete Antiguo", "museo", None),
    ("la", "Galería Lumbre", "museo", None),
    ("la", "Fundación Horizonte", "institucion", None), ("la", "Orquesta Ciudad Antigua", "institucion", None),
]
EMPLEADORES = ("empresa", "educativa", "hospital", "museo", "institucion")
# Cargos por clase de organización: (masculino, femenino).
CARGOS = {
    "empresa": [("director general", "directora general"), ("presidente", "presidenta"),
                ("jefe de ventas", "jefa de ventas")],
    "hospital": [("director médico", "directora médica"), ("jefe de cardiología", "jefa de cardiología")],
    "museo": [("director", "directora"), ("conservador jefe", "conservadora jefa")],
    "institucion": [("presidente", "presidenta"), ("director", "directora")],
}

# Modo de cada plantilla con {ORG}: "ubicada" (una real solo en su ciudad), "lejos" (una real, con {LOC}
# distinta de su ciudad), "libre" ({LOC} no dice dónde está la organización) o "inventada" (solo inventadas).
PLANTILLAS_NER = [
    ("{PER} vive en {LOC} y trabaja en {ORG}.", EMPLEADORES, "ubicada"),
    ("{PER} viajó a {LOC} el verano pasado.", (), None),
    ("{PER} llegará mañana a {LOC} para visitar {ORG}.", ("museo", "institucion", "educativa"), "ubicada"),
    ("{ORG} abrió una nueva sede en {LOC}.", ("empresa", "educativa"), "inventada"),
    ("En {LOC} conocí a {PER}.", (), None),
    ("{PER} y {PER2} fundaron {ORG} en {LOC}.", ("empresa", "institucion"), "inventada"),
    ("{PER} dejó {ORG} para mudarse a {LOC}.", EMPLEADORES, "lejos"),
    ("La reunión con {ORG} será en {LOC}.", ("empresa", "institucion"), "inventada"),
    ("{PER} es {EL_NUEVO} {CARGO} de {ORG}.", tuple(CARGOS), "inventada"),
    ("Desde {LOC}, {PER} escribe cada semana.", (), None),
    ("{PER} estudió en {ORG} y ahora vive en {LOC}.", ("educativa",), "libre"),
    ("{PER} fue atendid{o} en {ORG} tras una caída en {LOC}.", ("hospital",), "ubicada"),
    ("Mi amig{o} {NOMBRE} se mudó a {LOC} para trabajar en {ORG}.", EMPLEADORES, "ubicada"),
    ("{PER} y {PER2} se conocieron cuando estudiaban en {ORG}.", ("educativa",), "libre"),
]
PLANTILLAS_QA = [
    ("{PER} vive en {LOC} y trabaja en {ORG}.", EMPLEADORES, "ubicada",
     [("¿Dónde vive {PER}?", "LOC"), ("¿Dónde trabaja {PER}?", "ORG"), ("¿Quién vive en {LOC}?", "PER")]),
    ("El año pasado {PER} se mudó a {LOC} para trabajar en {ORG}.", EMPLEADORES, "ubicada",
     [("¿Adónde se mudó {PER}?", "LOC"), ("¿Para qué organización trabaja {PER}?", "ORG")]),
    ("{ORG} tiene su sede en {LOC}, donde {PER} dirige el equipo.", ("empresa", "institucion"), "inventada",
     [("¿Dónde tiene su sede {ORG}?", "LOC"), ("¿Quién dirige el equipo?", "PER")]),
    ("{PER} nació en {LOC} y estudió en {ORG}.", ("educativa",), "libre",
     [("¿Dónde nació {PER}?", "LOC"), ("¿Dónde estudió {PER}?", "ORG")]),
    ("{PER} es {EL_NUEVO} {CARGO} de {ORG}, con sede en {LOC}.", tuple(CARGOS), "inventada",
     [("¿Quién es {EL_NUEVO} {CARGO} de {ORG}?", "PER"), ("¿Dónde tiene su sede {ORG}?", "LOC")]),
    ("{PER} y {PER2} fundaron {ORG} en {LOC}.", ("empresa", "institucion"), "inventada",
     [("¿Qué fundaron {PER} y {PER2}?", "ORG"), ("¿Dónde fundaron {ORG}?", "LOC")]),
]
TIPOS = {"PER": "PER", "PER2": "PER", "NOMBRE": "PER", "LOC": "LOC", "ORG": "ORG"}
_ANTES_DE_CONTRAER = re.compile(r"\b(de|a) $")


def _rellenar(plantilla, valores):
    """Texto y tramos [(inicio, fin, tipo)] de cada entidad.

    El artículo de la organización queda fuera del tramo y se contrae con la preposición anterior
    («de» + «el» → «del», «a» + «el» → «al»).
    """
    texto, tramos, i = "", [], 0
    while i < len(plantilla):
        if plantilla[i] != "{":
            texto += plantilla[i]
            i += 1
            continue
        fin = plantilla.index("}", i)
        clave = plantilla[i + 1:fin]
        articulo, valor = valores[clave] if clave == "ORG" else ("", valores[clave])
        for pieza, es_articulo in ((articulo, True), (valor, False)):
            if not pieza:
                continue
            if pieza.startswith("el ") or pieza == "el":
                previa = _ANTES_DE_CONTRAER.search(texto)
                if previa:
                    texto = texto[:previa.start()] + ("del" if previa.group(1) == "de" else "al") + " "
                    pieza = pieza[2:].lstrip()
                    if not pieza:
                        continue
            if not texto:  # mayúscula al empezar la frase
                pieza = pieza[0].upper() + pieza[1:]
            if not es_articulo and clave in TIPOS:
                tramos.append((len(texto), len(texto) + len(pieza), TIPOS[clave]))
            texto += pieza + (" " if es_articulo else "")
        i = fin + 1
    return texto, tramos


def _valores(azar, clases, modo):
    """Personas, lugar y organización para una plantilla; la organización según su clase y el modo."""
    (per, genero), (per2, _) = azar.sample(PERSONAS, 2)
    valores = {"PER": per, "PER2": per2, "NOMBRE": per.rsplit(" ", 1)[0], "o": "o" if genero == "m" else "a",
               "EL_NUEVO": "el nuevo" if genero == "m" else "la nueva"}
    if not clases:
        valores["LOC"] = azar.choice(LUGARES)
        return valores
    candidatas = [o for o in ORGANIZACIONES if o[2] in clases and (modo != "inventada" or o[3] is None)]
    articulo, nombre, clase, ciudad = azar.choice(candidatas)
    valores["ORG"] = (articulo, nombre)
    if modo == "ubicada" and ciudad:
        valores["LOC"] = ciudad
    else:
        valores["LOC"] = azar.choice([lugar for lugar in LUGARES if modo != "lejos" or lugar != ciudad])
    if clase in CARGOS:
        masculino, femenino = azar.choice(CARGOS[clase])
        valores["CARGO"] = masculino if genero == "m" else femenino
    return valores


def frase_ner(azar):
    plantilla, clases, modo = azar.choice(PLANTILLAS_NER)
    texto, tramos = _rellenar(plantilla, _valores(azar, clases, modo))
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
    plantilla, clases, modo, preguntas = azar.choice(PLANTILLAS_QA)
    valores = _valores(azar, clases, modo)
    contexto, tramos = _rellenar(plantilla, valores)
    salida = []
    for pregunta, tipo in preguntas:
        a, b, _ = next(t for t in tramos if t[2] == tipo)
        salida.append({"contexto": contexto, "pregunta": _rellenar(pregunta, valores)[0],
                       "respuesta": contexto[a:b], "inicio": a})
    return salida


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    destino = Path(argv[0]) if argv else DESTINO
    destino.mkdir(parents=True, exist_ok=True)
    azar = random.Random(SEMILLA)
    ner = [frase_ner(azar) for _ in range(FRASES_NER)]
    qa = [e for _ in range(CONTEXTOS_QA) for e in ejemplos_qa(azar)]
    for nombre, filas in (("ner.jsonl", ner), ("qa.jsonl", qa)):
        (destino / nombre).write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in filas), encoding="utf-8")
    print(f"{destino}: {len(ner)} frases NER, {len(qa)} preguntas QA")
    return 0


if __name__ == "__main__":
    sys.exit(main())
