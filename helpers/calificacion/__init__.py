"""Piezas de la herramienta de calificación (`python -m helpers.calificar`).

Cada módulo hace una cosa:

- `cuadernos`: plantillas oficiales, celdas de comprobación y cuaderno a ejecutar.
- `captura`: dentro del núcleo del alumno, recoge el valor que se pasaría a `ejN.comprobar`.
- `serializacion`: lleva ese valor fuera del núcleo (cloudpickle) y lo reconstruye sin
  ejecutar código (cargador seguro) o, solo en ejercicios cuya respuesta es código, con cloudpickle.
- `protocolo`: mensajes entre el calificador y los procesos aislados.
- `trabajador` y `evaluador`: lo que corre dentro del aislamiento (ejecutar el cuaderno;
  comprobar las respuestas con una copia intacta de `helpers`).
- `aislamiento`, `cgrupos` y `recursos`: bubblewrap (o lo que haya), límites de memoria y de procesos.
- `ejecucion`: lanzar un proceso aislado con tiempo límite y recoger sus mensajes.
- `limites`: tiempo por celda y por cuaderno de cada lección.
- `entrega`, `evaluacion` y `lote`: calificar una entrega, sus respuestas y una clase entera.
- `filas` e `informes`: la fila de notas; CSV/JSON, CSV de importación de Moodle y retroalimentación.

Este paquete no importa nada pesado al cargarse: `captura` se importa dentro del núcleo.
"""
