"""Servicio HTTP de sentimiento: FastAPI + uvicorn.

    uvicorn servicio:app --host 0.0.0.0 --port 8000

Variables de entorno:
    MODELO    carpeta local o id del Hub del clasificador (por defecto /app/modelo, la que copia el Dockerfile)
    REVISION  commit del Hub que se fija si MODELO es un id del Hub (vacío: la rama por defecto)

Rutas:
    GET  /salud        {"estado": "ok", "modelo": ...}: para el balanceador o `docker run --health-cmd`
    POST /sentimiento  {"texto": "..."} → {"etiqueta": "positivo", "puntuacion": 0.97, "modelo": ...}
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

ETIQUETAS = {"positivo": "positivo", "pos": "positivo", "positive": "positivo",
             "negativo": "negativo", "neg": "negativo", "negative": "negativo",
             "neutro": "neutro", "neu": "neutro", "neutral": "neutro"}
MAX_CARACTERES = 2000


class Peticion(BaseModel):
    texto: str = Field(..., description="Reseña en español", max_length=MAX_CARACTERES)


def construir_respuesta(texto: str, prediccion: dict, modelo: str) -> dict:
    """El JSON que devuelve /sentimiento: etiqueta normalizada, puntuación (float de Python) y versión del modelo."""
    etiqueta = ETIQUETAS.get(str(prediccion["label"]).strip().lower(), str(prediccion["label"]))
    return {"etiqueta": etiqueta, "puntuacion": round(float(prediccion["score"]), 4), "modelo": modelo}


def cargar_clasificador(modelo: str, revision: str | None = None):
    from transformers import pipeline

    return pipeline("text-classification", model=modelo, revision=revision or None, device="cpu")


def crear_app(clasificador=None, modelo: str | None = None) -> FastAPI:
    """La app. Con `clasificador` (una pipeline ya cargada) no carga nada: así la usan el cuaderno y los tests."""
    estado = {"clasificador": clasificador,
              "modelo": modelo or os.environ.get("MODELO", "/app/modelo")}

    @asynccontextmanager
    async def ciclo_de_vida(_app):
        if estado["clasificador"] is None:
            revision = os.environ.get("REVISION") or None
            estado["clasificador"] = cargar_clasificador(estado["modelo"], revision)
            if revision:
                estado["modelo"] = f"{estado['modelo']}@{revision}"
        yield

    app = FastAPI(title="Sentimiento de reseñas", version="1.0.0", lifespan=ciclo_de_vida)

    @app.get("/salud")
    def salud():
        return {"estado": "ok" if estado["clasificador"] is not None else "cargando", "modelo": estado["modelo"]}

    @app.post("/sentimiento")
    def sentimiento(peticion: Peticion):
        texto = peticion.texto.strip()
        if not texto:
            raise HTTPException(status_code=422, detail="El texto está vacío.")
        prediccion = estado["clasificador"](texto, truncation=True)[0]
        return construir_respuesta(texto, prediccion, estado["modelo"])

    return app


app = crear_app()
