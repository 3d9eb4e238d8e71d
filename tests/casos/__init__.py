"""Respuestas incorrectas típicas de cada lección (tests/test_casos_ejercicios.py las recorre todas)."""
