"""Genera data/resenas/resenas.csv: reseñas sintéticas en español con su polaridad.

    python data/fuentes/generar_resenas.py [destino.csv]

Cada reseña combina fragmentos escritos a mano para el curso (contexto, opiniones
sobre aspectos, contrastes con «aunque», negaciones y cierres). Es determinista
(semilla fija) y solo usa la biblioteca estándar. Licencia CC0-1.0.
"""
import csv
import random
import sys
from pathlib import Path

SEMILLA = 2026
POR_DOMINIO = 360
DESTINO = Path(__file__).resolve().parent.parent / "resenas" / "resenas.csv"

DOMINIOS = {
    "restaurante": {
        "contexto": ["Fuimos a cenar el sábado con unos amigos.", "Comí aquí un martes al mediodía.",
                     "Reservamos mesa para celebrar un cumpleaños.", "Pedimos a domicilio un viernes por la noche.",
                     "Vinimos por recomendación de un compañero de trabajo.", ""],
        "pos": ["la comida estaba riquísima", "el servicio fue rápido y muy amable", "las raciones son generosas",
                "el arroz estaba en su punto", "los postres caseros son una maravilla", "la relación calidad-precio es excelente",
                "el camarero nos aconsejó de maravilla", "todo llegó caliente y bien presentado", "la terraza es muy agradable",
                "el pescado estaba fresquísimo"],
        "neg": ["la comida llegó fría", "tardaron una hora en servirnos", "las raciones son ridículas para lo que cuestan",
                "el arroz estaba pasado y salado", "el postre sabía a nevera", "el camarero fue bastante borde",
                "la cuenta traía cosas que no pedimos", "el local olía a fritura", "la carne estaba dura como una suela",
                "nos tuvieron esperando de pie sin reserva ni disculpa"],
        "menor_pos": ["el local es bonito", "la música estaba bien", "el pan era bueno"],
        "menor_neg": ["el local es algo ruidoso", "aparcar es complicado", "la carta es corta"],
    },
    "hotel": {
        "contexto": ["Pasamos tres noches en agosto.", "Me alojé por trabajo una semana.", "Fue nuestra escapada de aniversario.",
                     "Reservé una habitación doble por internet.", ""],
        "pos": ["la habitación estaba impecable", "el personal de recepción fue encantador", "la cama era comodísima",
                "el desayuno era variado y abundante", "las vistas al mar son espectaculares", "la piscina estaba limpia y tranquila",
                "nos dejaron hacer el registro antes de hora", "la ubicación es perfecta para ir andando a todo"],
        "neg": ["la habitación estaba sucia", "el aire acondicionado no funcionaba", "se oía todo el ruido de la calle",
                "el desayuno era escaso y repetitivo", "en recepción nos trataron con desgana", "había humedad en el baño",
                "la wifi no funcionó ni un solo día", "nos cobraron un suplemento que nadie nos explicó"],
        "menor_pos": ["el edificio es bonito", "el ascensor era rápido", "había buena presión de agua"],
        "menor_neg": ["el aparcamiento es caro", "el gimnasio es pequeño", "la decoración está algo anticuada"],
    },
    "pelicula": {
        "contexto": ["La vi en el cine el día del estreno.", "La vimos en casa el domingo.", "Fui a verla con mi hermana.",
                     "La elegí por el tráiler.", ""],
        "pos": ["el guion está muy bien construido", "los actores están soberbios", "la fotografía es preciosa",
                "te mantiene en tensión hasta el final", "la banda sonora emociona", "el final es redondo",
                "tiene un humor muy inteligente", "los efectos especiales son impresionantes"],
        "neg": ["el guion es un desastre", "los actores parecen de madera", "se hace eterna y aburrida",
                "el final no tiene ningún sentido", "los diálogos son ridículos", "es previsible desde el primer minuto",
                "la historia no engancha en ningún momento", "los efectos parecen de hace treinta años"],
        "menor_pos": ["la música está bien", "el vestuario es cuidado", "la protagonista hace lo que puede"],
        "menor_neg": ["dura un poco más de la cuenta", "algún secundario sobra", "el doblaje no es perfecto"],
    },
    "libro": {
        "contexto": ["Lo leí en vacaciones.", "Me lo regalaron por mi cumpleaños.", "Lo elegimos en el club de lectura.",
                     "Lo compré por la portada.", ""],
        "pos": ["la prosa es preciosa", "los personajes están muy bien trazados", "no pude dejar de leerlo",
                "la trama está llena de giros sorprendentes", "me hizo reír y llorar", "el final me pareció perfecto",
                "está muy bien documentado", "se lee con muchísimo gusto"],
        "neg": ["la prosa es pesada y confusa", "los personajes son planos", "me costó terminarlo",
                "la trama no va a ninguna parte", "está lleno de erratas", "el final es decepcionante",
                "repite las mismas ideas una y otra vez", "me aburrió soberanamente"],
        "menor_pos": ["la edición es bonita", "los capítulos son cortos", "la portada es preciosa"],
        "menor_neg": ["la letra es pequeña", "el precio es algo alto", "el principio es lento"],
    },
    "electronica": {
        "contexto": ["Lo compré hace dos semanas.", "Lo uso a diario desde hace un mes.", "Lo pedí por internet.",
                     "Era un regalo para mi padre.", ""],
        "pos": ["la batería dura muchísimo", "funciona a la perfección", "la pantalla se ve de lujo",
                "el sonido es potente y claro", "es rapidísimo", "la configuración fue facilísima",
                "está muy bien construido", "merece cada euro que cuesta"],
        "neg": ["la batería no dura nada", "dejó de funcionar a los pocos días", "la pantalla tiene píxeles muertos",
                "el sonido es horrible", "va lentísimo", "la configuración es un infierno",
                "se calienta muchísimo", "el servicio técnico no responde"],
        "menor_pos": ["la caja es bonita", "trae un buen cargador", "el color es elegante"],
        "menor_neg": ["el manual es escueto", "el cable es corto", "pesa un poco"],
    },
    "tienda": {
        "contexto": ["Hice el pedido un lunes.", "Compré una chaqueta y unos pantalones.", "Era mi primera compra en esta web.",
                     "Pedí varias tallas para probar.", ""],
        "pos": ["el envío llegó antes de lo previsto", "la ropa es de muy buena calidad", "la talla es exacta",
                "la devolución fue sencillísima", "atención al cliente me ayudó enseguida", "el tejido es suave y resistente",
                "el paquete venía perfectamente embalado", "los precios son muy razonables"],
        "neg": ["el envío llegó con dos semanas de retraso", "la ropa es de pésima calidad", "la talla no corresponde",
                "la devolución es una odisea", "atención al cliente ni contesta", "el tejido se deshizo en el primer lavado",
                "el paquete llegó roto", "me cobraron dos veces el mismo pedido"],
        "menor_pos": ["la web es cómoda", "hay mucha variedad", "el color es como en la foto"],
        "menor_neg": ["la web es lenta", "las fotos engañan un poco", "el envío es caro"],
    },
    "aplicacion": {
        "contexto": ["La instalé en el móvil la semana pasada.", "La uso para organizar el trabajo.",
                     "Me la recomendaron en clase.", "Llevo un año usándola.", ""],
        "pos": ["es muy intuitiva", "nunca se cuelga", "las notificaciones son útiles", "consume poca batería",
                "las actualizaciones mejoran mucho", "el diseño es limpio y claro", "sincroniza sin problemas",
                "el soporte respondió en minutos"],
        "neg": ["es muy confusa", "se cierra cada dos por tres", "las notificaciones son un spam constante",
                "me agota la batería", "cada actualización la empeora", "está llena de anuncios",
                "pierde los datos al sincronizar", "el soporte nunca responde"],
        "menor_pos": ["los iconos son bonitos", "tiene modo oscuro", "ocupa poco"],
        "menor_neg": ["pide demasiados permisos", "los menús son algo lentos", "no tiene modo oscuro"],
    },
}

INTENSIFICADORES = {"pos": ["", "", "de verdad, ", "sinceramente, ", "la verdad es que "],
                    "neg": ["", "", "sinceramente, ", "la verdad es que ", "lamentablemente, "]}
CIERRES = {
    "pos": ["Lo recomiendo.", "Volveremos seguro.", "Repetiría sin dudarlo.", "Cinco estrellas.", "Muy contentos.",
            "No me arrepiento en absoluto.", "Un acierto.", ""],
    "neg": ["No lo recomiendo.", "No pienso volver.", "No repetiría.", "Una estrella y es mucho.", "Muy decepcionados.",
            "Me arrepiento de haberlo elegido.", "Dinero tirado.", ""],
}
NEGADAS = {  # frases con negación cuyo sentido es el contrario de su palabra clave
    "pos": ["no estuvo nada mal", "no tengo ninguna queja", "no le falta de nada", "no me decepcionó en absoluto"],
    "neg": ["no me gustó nada", "no vale lo que cuesta", "no cumple lo que promete", "no está a la altura"],
}


def frase(texto: str) -> str:
    texto = texto.strip()
    return texto[0].upper() + texto[1:] + ("" if texto.endswith(".") else ".")


def resena(azar: random.Random, datos: dict, polaridad: str) -> str:
    contraria = "neg" if polaridad == "pos" else "pos"
    partes = [azar.choice(datos["contexto"])]
    principal = azar.choice(datos[polaridad])
    forma = azar.random()
    if forma < 0.25:
        menor = azar.choice(datos["menor_" + contraria])
        partes.append(frase(f"aunque {menor}, {principal}"))
    elif forma < 0.45:
        otra = azar.choice([f for f in datos[polaridad] if f != principal])
        partes.append(frase(f"{azar.choice(INTENSIFICADORES[polaridad])}{principal} y {otra}"))
    elif forma < 0.6:
        partes.append(frase(f"{principal}; en resumen, {azar.choice(NEGADAS[polaridad])}"))
    else:
        partes.append(frase(azar.choice(INTENSIFICADORES[polaridad]) + principal))
    partes.append(azar.choice(CIERRES[polaridad]))
    return " ".join(p for p in partes if p)


def generar() -> list[dict]:
    azar = random.Random(SEMILLA)
    filas, vistas = [], set()
    for dominio, datos in DOMINIOS.items():
        for polaridad, etiqueta in (("pos", "positivo"), ("neg", "negativo")):
            intentos, creadas = 0, 0
            while creadas < POR_DOMINIO // 2 and intentos < POR_DOMINIO * 20:
                intentos += 1
                texto = resena(azar, datos, polaridad)
                if texto in vistas:
                    continue
                vistas.add(texto)
                filas.append({"texto": texto, "etiqueta": etiqueta, "dominio": dominio})
                creadas += 1
    azar.shuffle(filas)
    return filas


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    destino = Path(argv[0]) if argv else DESTINO
    filas = generar()
    destino.parent.mkdir(parents=True, exist_ok=True)
    with open(destino, "w", newline="", encoding="utf-8") as f:
        escritor = csv.DictWriter(f, fieldnames=["texto", "etiqueta", "dominio"], lineterminator="\n")
        escritor.writeheader()
        escritor.writerows(filas)
    print(f"{destino}: {len(filas)} reseñas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
