"""Plantillas de celdas que se insertan en los cuadernos (p. ej. el arranque en Google Colab)."""
