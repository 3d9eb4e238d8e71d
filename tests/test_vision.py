"""Lección 11: generador de imágenes con pie en español, CLIP y ViT pequeños del curso."""
import numpy as np
import pytest
import torch

from helpers import modelos, vision

I = vision.imagenes()


def test_generador_determinista():
    a, b = I.entrenamiento(40), I.entrenamiento(40)
    assert [e.pie for e in a] == [e.pie for e in b]
    assert all(np.array_equal(np.asarray(x.imagen), np.asarray(y.imagen)) for x, y in zip(a, b))
    otra = I.entrenamiento(40, semilla=1)
    assert any(not np.array_equal(np.asarray(x.imagen), np.asarray(y.imagen)) for x, y in zip(a, otra))
    assert a[0].imagen.size == (I.TAMANO, I.TAMANO) and a[0].imagen.mode == "RGB"


def test_combinaciones_no_vistas_solo_en_la_prueba():
    entrenamiento, prueba = I.entrenamiento(), I.prueba()
    assert not any(e.figura.no_vista for e in entrenamiento)
    # cada forma y cada color sí se ven al entrenar (con otros tres compañeros), y cada uno está en una pareja reservada
    assert {e.figura.forma for e in entrenamiento} == set(I.FORMAS)
    assert {e.figura.color for e in entrenamiento} == set(I.COLORES)
    assert sorted(f for f, _ in I.NO_VISTAS) == sorted(I.FORMAS)
    assert sorted(c for _, c in I.NO_VISTAS) == sorted(I.COLORES)
    # la prueba tiene las 128 combinaciones, el mismo número de veces cada una
    assert len({e.figura for e in prueba}) == 128 and len(prueba) == 256
    assert sum(e.figura.no_vista for e in prueba) == 64


def test_la_figura_esta_donde_dice_el_pie():
    for ejemplo in I.prueba(1)[:32]:
        pixeles = np.asarray(ejemplo.imagen, dtype=float)
        color = pixeles.std(axis=2) > 40  # la figura es saturada; el fondo, casi gris
        fila, columna = [int(v.mean() >= I.TAMANO / 2) for v in np.nonzero(color)]
        assert I.POSICIONES[2 * fila + columna] == ejemplo.figura.posicion, ejemplo.pie


def test_pies_concuerdan_en_genero_y_en_ingles():
    assert I.Figura("cruz", "rojo", "arriba a la izquierda", "lisa").pie() == "una cruz roja lisa arriba a la izquierda"
    assert I.Figura("círculo", "amarillo", "abajo a la derecha", "a rayas").pie() == \
        "un círculo amarillo a rayas abajo a la derecha"
    assert I.pie(color="amarillo") == "una figura amarilla" and I.pie(forma="triángulo") == "un triángulo"
    assert I.pie_en(forma="círculo", color="rojo", posicion="arriba a la derecha", textura="lisa") == \
        "a red plain circle in the top right"
    assert I.pie_en(color="amarillo") == "a yellow shape" and I.pie_en(forma="cruz") == "a cross"


def test_tokenizador_conoce_todas_las_palabras():
    tokenizador = vision.tokenizador_de_palabras()
    pies = {f.pie(p) for f in I.todas_las_figuras() for p in I.PARTES_DE_PIE}
    codificado = tokenizador(sorted(pies))["input_ids"]
    assert all(ids[0] == tokenizador.bos_token_id and ids[-1] == tokenizador.eos_token_id for ids in codificado)
    assert not any(tokenizador.unk_token_id in ids for ids in codificado)
    assert max(len(ids) for ids in codificado) <= 16
    config = vision.config_clip(len(tokenizador)).text_config
    assert (config.eos_token_id, config.pad_token_id) == (tokenizador.eos_token_id, tokenizador.pad_token_id)


def test_perdida_contrastiva_con_varios_positivos():
    figuras = [I.Figura("círculo", "rojo", "arriba a la izquierda", "lisa"),
               I.Figura("círculo", "azul", "abajo a la derecha", "lisa"),
               I.Figura("cruz", "verde", "arriba a la derecha", "a rayas")]
    partes = [("forma",), ("forma",), ("forma", "color")]  # «un círculo» vale para las dos primeras
    positivos = vision.positivos(figuras, partes)
    assert positivos.tolist() == [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    alineados = 10 * positivos - 5
    assert vision.perdida_contrastiva(alineados, positivos) < vision.perdida_contrastiva(-alineados, positivos)


def test_clip_y_vit_del_curso_se_cargan_como_los_del_hub(tmp_path):
    from transformers import CLIPModel, CLIPProcessor, pipeline

    vision.entrenar_clip(tmp_path / "clip", pasos=2, n=128)
    vision.entrenar_vit(tmp_path / "vit", pasos=2, n=128)
    clip = CLIPModel.from_pretrained(tmp_path / "clip")
    procesador = CLIPProcessor.from_pretrained(tmp_path / "clip")
    imagen = I.prueba(1)[0].imagen
    entrada = procesador(text=["un círculo", "una cruz roja"], images=imagen, padding=True, return_tensors="pt")
    assert set(entrada) == {"input_ids", "attention_mask", "pixel_values"}
    salida = clip(**entrada)
    assert tuple(salida.logits_per_image.shape) == (1, 2)
    vectores = vision.embeddings_de_imagenes(clip, procesador, [imagen, imagen])
    assert torch.allclose(vectores.norm(dim=-1), torch.ones(2), atol=1e-5)

    zero_shot = pipeline("zero-shot-image-classification", model=str(tmp_path / "clip"))
    resultado = zero_shot(imagen, candidate_labels=["un círculo", "una cruz"], hypothesis_template="{}")
    assert {r["label"] for r in resultado} == {"un círculo", "una cruz"}
    clasificador = pipeline("image-classification", model=str(tmp_path / "vit"))
    assert clasificador(imagen, top_k=1)[0]["label"] in I.FORMAS
    assert (tmp_path / "clip" / "README.md").is_file() and (tmp_path / "vit" / "metricas.json").is_file()


def test_roles_del_catalogo():
    assert modelos.id_hub("clip") == "openai/clip-vit-base-patch32"
    assert modelos.id_hub("vit") == "google/vit-base-patch16-224"
    for rol, funcion in [("clip", vision.entrenar_clip), ("vit", vision.entrenar_vit)]:
        origen = modelos.entrada(rol).origen
        assert isinstance(origen, modelos.EntrenadoEnCurso) and origen.funcion.endswith(funcion.__name__)
        assert not modelos.entrada(rol).identico_al_hub


@pytest.mark.parametrize("rol", ["clip", "vit"])
def test_copia_local_entrenada_reconoce_la_forma(rol):
    """La copia local que usa la lección (se entrena la primera vez) acierta la forma en combinaciones vistas."""
    from transformers import pipeline

    ruta = modelos.preparar(rol, progreso=False)
    vistas = [e for e in I.prueba(1) if not e.figura.no_vista][:48]
    if rol == "vit":
        predicciones = pipeline("image-classification", model=ruta)([e.imagen for e in vistas], top_k=1)
        elegidas = [p[0]["label"] for p in predicciones]
    else:
        from transformers import CLIPModel, CLIPProcessor

        clip, procesador = CLIPModel.from_pretrained(ruta), CLIPProcessor.from_pretrained(ruta)
        similitud = vision.embeddings_de_imagenes(clip, procesador, [e.imagen for e in vistas]) @ \
            vision.embeddings_de_textos(clip, procesador, [I.pie(forma=f) for f in I.FORMAS]).T
        elegidas = [I.FORMAS[i] for i in similitud.argmax(-1).tolist()]
    exactitud = np.mean([p == e.figura.forma for p, e in zip(elegidas, vistas)])
    assert exactitud > 0.9, exactitud
