"""Guion de entrenamiento para `accelerate launch` (lección 14): el mismo código con 1 o con N procesos.

    accelerate launch --config_file salidas/14/dos_procesos.yaml ../scripts/entrenar_distribuido.py \\
        --modelo sentence-transformers/all-MiniLM-L6-v2 --lote 8 --salida salidas/14/dos

Ajusta MiniLM (todo salvo embeddings) una época con las reseñas de entrenamiento de la lección 13 y evalúa en
su validación. Cada proceso escribe `proceso_<rango>.json` en `--salida` (qué reseñas vio, cuántos pasos dio,
cuánto tardó cada paso, con cuántos hilos y una huella sha256 de sus pesos finales); solo el proceso 0 guarda el modelo
(carpeta `modelo/`). Siempre en CPU (`Accelerator(cpu=True)`): con varios procesos, el backend es gloo.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `helpers`, también en Colab


def argumentos() -> argparse.Namespace:
    analizador = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analizador.add_argument("--modelo", default="sentence-transformers/all-MiniLM-L6-v2")
    analizador.add_argument("--lote", type=int, default=8, help="lote POR PROCESO")
    analizador.add_argument("--acumulacion", type=int, default=1, help="pasos de acumulación de gradientes")
    analizador.add_argument("--tasa", type=float, default=2e-4)
    analizador.add_argument("--ejemplos", type=int, default=360)
    analizador.add_argument("--semilla", type=int, default=42)
    analizador.add_argument("--salida", required=True)
    return analizador.parse_args()


def huella_de_pesos(modelo) -> str:
    """sha256 de todos los parámetros, en orden: dos procesos con pesos idénticos dan la misma."""
    h = hashlib.sha256()
    for nombre, parametro in modelo.named_parameters():
        h.update(nombre.encode() + parametro.detach().cpu().numpy().tobytes())
    return h.hexdigest()


def main() -> None:
    args = argumentos()
    inicio_proceso = time.perf_counter()

    import torch
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from torch.utils.data import DataLoader
    from transformers import AutoTokenizer, DataCollatorWithPadding, get_linear_schedule_with_warmup

    from helpers import evaluacion
    from helpers.medicion import CronometroDePasos
    from helpers.reproducibilidad import silenciar_bibliotecas

    silenciar_bibliotecas()
    accelerator = Accelerator(cpu=True, gradient_accumulation_steps=args.acumulacion)
    set_seed(args.semilla)  # misma inicialización de la cabeza en todos los procesos
    tokenizador = AutoTokenizer.from_pretrained(args.modelo)
    with accelerator.main_process_first():  # el proceso 0 tokeniza y guarda la caché; los demás la leen
        particion = evaluacion.particiones(tokenizador, n_entrenamiento=args.ejemplos)
    entrenamiento, validacion = particion["entrenamiento"], particion["validacion"]

    modelo = evaluacion.congelar(evaluacion.nuevo_clasificador(args.modelo, semilla=args.semilla),
                                 "todo salvo embeddings")
    optimizador = torch.optim.AdamW([p for p in modelo.parameters() if p.requires_grad], lr=args.tasa)
    rellenar = DataCollatorWithPadding(tokenizador)
    cargador = DataLoader(entrenamiento, batch_size=args.lote, shuffle=True, collate_fn=rellenar,
                          generator=torch.Generator().manual_seed(args.semilla))
    cargador_validacion = DataLoader(validacion.remove_columns(["indice"]), batch_size=64, collate_fn=rellenar)
    # prepare: envuelve el modelo en DistributedDataParallel (si hay varios procesos) y reparte los lotes.
    modelo, optimizador, cargador, cargador_validacion = accelerator.prepare(
        modelo, optimizador, cargador, cargador_validacion)

    # Tasa con decaimiento lineal, como en la lección 13. No se pasa a prepare(): accelerate lo avanzaría una vez
    # por proceso en cada paso. len(cargador) ya es el número de lotes de ESTE proceso.
    planificador = get_linear_schedule_with_warmup(optimizador, 0, -(-len(cargador) // args.acumulacion))
    vistos, perdidas, pasos_optimizador, cronometro = [], [], 0, CronometroDePasos()
    modelo.train()
    inicio = time.perf_counter()
    for lote in cargador:
        cronometro.empezar()
        vistos += lote.pop("indice").tolist()
        with accelerator.accumulate(modelo):
            perdida = modelo(**lote).loss
            accelerator.backward(perdida)  # con DDP, aquí se promedian los gradientes entre procesos
            optimizador.step()
            optimizador.zero_grad()
        if accelerator.sync_gradients:  # fin de un grupo de acumulación: hubo paso del optimizador
            planificador.step()
            pasos_optimizador += 1
        perdidas.append(perdida.item())
        cronometro.terminar()
    segundos = time.perf_counter() - inicio

    modelo.eval()
    aciertos = total = 0
    with torch.no_grad():
        for lote in cargador_validacion:
            predichas = modelo(**{k: v for k, v in lote.items() if k != "labels"}).logits.argmax(-1)
            # gather_for_metrics junta las predicciones de todos los procesos (y quita el relleno del último lote)
            predichas, etiquetas = accelerator.gather_for_metrics((predichas, lote["labels"]))
            aciertos += int((predichas == etiquetas).sum())
            total += len(etiquetas)

    salida = Path(args.salida)
    salida.mkdir(parents=True, exist_ok=True)
    sin_envoltorio = accelerator.unwrap_model(modelo)
    informe = {
        "proceso": accelerator.process_index, "procesos": accelerator.num_processes,
        "tipo": str(accelerator.distributed_type).split(".")[-1], "hilos": torch.get_num_threads(),
        "lote_por_proceso": args.lote, "entrenables": evaluacion.parametros_entrenables(sin_envoltorio), "acumulacion": args.acumulacion,
        "lotes": len(cargador), "pasos_optimizador": pasos_optimizador, "indices_vistos": vistos,
        "perdidas": perdidas, "segundos_entrenamiento": segundos, "segundos_por_paso": cronometro.duraciones,
        "segundos_proceso": time.perf_counter() - inicio_proceso,
        "huella_pesos": huella_de_pesos(sin_envoltorio),
        "exactitud_validacion": aciertos / total, "ejemplos_validados": total,
    }
    (salida / f"proceso_{accelerator.process_index}.json").write_text(json.dumps(informe))

    accelerator.wait_for_everyone()
    if accelerator.is_main_process:  # solo uno escribe el modelo: si no, varios procesos pisarían el mismo archivo
        sin_envoltorio.save_pretrained(salida / "modelo")
        tokenizador.save_pretrained(salida / "modelo")
    accelerator.end_training()


if __name__ == "__main__":
    main()
