"""Servidor HTTP local que imita la API de Gemini (generateContent) para las pruebas.

El comportamiento depende de la clave recibida (cabecera x-goog-api-key):
  clave-buena → 200 con texto y uso de tokens; clave-mala → 400 API_KEY_INVALID;
  clave-limite → 429; clave-lenta → tarda 3 s; clave-caida → 500.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Manejador(BaseHTTPRequestHandler):
    peticiones: list = []

    def log_message(self, *args):  # silencio
        pass

    def _responder(self, codigo: int, cuerpo: dict) -> None:
        datos = json.dumps(cuerpo).encode()
        self.send_response(codigo)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(datos)))
        self.end_headers()
        self.wfile.write(datos)

    def do_POST(self):  # noqa: N802 (nombre de http.server)
        longitud = int(self.headers.get("Content-Length", 0))
        peticion = json.loads(self.rfile.read(longitud) or b"{}")
        clave = self.headers.get("x-goog-api-key", "")
        _Manejador.peticiones.append({"ruta": self.path, "cuerpo": peticion})
        if not self.path.endswith(":generateContent"):
            return self._responder(404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}})
        if clave == "clave-mala":
            return self._responder(400, {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                                                   "status": "INVALID_ARGUMENT"}})
        if clave == "clave-limite":
            return self._responder(429, {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).",
                                                   "status": "RESOURCE_EXHAUSTED"}})
        if clave == "clave-caida":
            return self._responder(500, {"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}})
        if clave == "clave-lenta":
            time.sleep(3)
        texto = peticion["contents"][0]["parts"][0]["text"]
        return self._responder(200, {
            "candidates": [{"content": {"role": "model", "parts": [{"text": f"Respuesta simulada a: {texto}"}]},
                            "finishReason": "STOP"}],
            "usageMetadata": {"promptTokenCount": len(texto.split()), "candidatesTokenCount": 7,
                              "totalTokenCount": len(texto.split()) + 7},
            "modelVersion": "simulado",
        })


class ServidorGemini:
    """Context manager: arranca el servidor en un puerto libre de 127.0.0.1."""

    def __enter__(self):
        _Manejador.peticiones = []
        self.servidor = ThreadingHTTPServer(("127.0.0.1", 0), _Manejador)
        self.url = f"http://127.0.0.1:{self.servidor.server_address[1]}"
        threading.Thread(target=self.servidor.serve_forever, daemon=True).start()
        return self

    @property
    def peticiones(self):
        return _Manejador.peticiones

    def __exit__(self, *exc):
        self.servidor.shutdown()
        self.servidor.server_close()
