"""helpers.medicion: medianas con su rango, también por paso de entrenamiento (Trainer o bucle propio)."""
import time

import pytest

from helpers.medicion import CronometroDePasos, Tiempo, cronometrar


def test_cronometrar_da_la_mediana_y_el_rango():
    esperas = iter([0.05, 0.0, 0.02])
    tiempo, resultado = cronometrar(lambda: time.sleep(next(esperas)) or "hecho")
    assert resultado == "hecho" and tiempo.repeticiones == 3
    assert tiempo.minimo < 0.02 <= tiempo.mediana < 0.05 <= tiempo.maximo
    assert str(tiempo).startswith(f"{tiempo.mediana:.2f}".replace(".", ",") + " s (mediana de 3;")


def test_tiempo_de_medidas_y_errores_en_espanol():
    assert Tiempo.de([3.0, 1.0, 2.0]) == Tiempo(2.0, 1.0, 3.0, 3)
    assert Tiempo.de([1.0, 2.0]).rango(1) == "1,5 s (1,0–2,0)"
    with pytest.raises(ValueError, match="ninguna medida"):
        Tiempo.de([])
    with pytest.raises(ValueError, match="al menos 1 repetición"):
        cronometrar(lambda: None, 0)


def test_cronometro_de_pasos_en_un_bucle_propio():
    cronometro = CronometroDePasos()
    for espera in (0.01, 0.03, 0.02):
        cronometro.empezar()
        time.sleep(espera)
        cronometro.terminar()
    cronometro.terminar()  # un terminar() sin empezar() no inventa un paso
    tiempo = cronometro.tiempo()
    assert tiempo.repeticiones == 3 and tiempo.minimo >= 0.01 and 0.02 <= tiempo.mediana < tiempo.maximo


def test_cronometro_de_pasos_con_trainer(tmp_path):
    """Un paso por lote del Trainer de verdad (modelo diminuto sin pesos descargados)."""
    import torch
    from datasets import Dataset
    from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments

    torch.manual_seed(0)
    modelo = BertForSequenceClassification(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1,
                                                      num_attention_heads=2, intermediate_size=32))
    datos = Dataset.from_dict({"input_ids": [[1, 2, 3, 4]] * 12, "attention_mask": [[1, 1, 1, 1]] * 12,
                               "labels": [0, 1] * 6})
    cronometro = CronometroDePasos()
    argumentos = TrainingArguments(output_dir=str(tmp_path), per_device_train_batch_size=4, num_train_epochs=2,
                                   report_to="none", save_strategy="no", logging_strategy="no", disable_tqdm=True)
    Trainer(model=modelo, args=argumentos, train_dataset=datos, callbacks=[cronometro.callback()]).train()
    assert len(cronometro.duraciones) == 6  # 12 ejemplos / lotes de 4 × 2 épocas
    assert all(d > 0 for d in cronometro.duraciones)
