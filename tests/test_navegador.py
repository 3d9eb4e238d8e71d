"""La app Gradio de la lección 12 en un navegador real sin cabeza (Chromium + Selenium).

Abre la app, escribe una reseña en español, pulsa «Analizar sentimiento» y lee la etiqueta. Sin Chromium o
sin Selenium se salta diciendo cómo instalarlos.
"""
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
COMO_INSTALAR = ("instala Chromium y su driver con `apt-get install -y chromium chromium-driver` (Debian/Ubuntu) "
                 "y Selenium con `pip install selenium`")


@pytest.fixture(scope="module")
def url_app():
    pytest.importorskip("gradio", reason="falta gradio: pip install gradio")
    from transformers import pipeline

    from helpers import despliegue, modelos

    clasificador = pipeline("text-classification", model=modelos.modelo("sentimiento", explicar=False))
    app = despliegue.crear_app(lambda texto: modelos.normalizar_etiqueta(clasificador(texto)[0]["label"]),
                               lambda texto: "(traductor desactivado en este test)")
    url = despliegue.lanzar_app(app)
    yield url
    app.close()


@pytest.fixture(scope="module")
def navegador():
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(f"no hay Chromium/chromedriver en el PATH: {COMO_INSTALAR}")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip(f"falta Selenium: {COMO_INSTALAR}")
    opciones = webdriver.ChromeOptions()
    opciones.binary_location = CHROMIUM
    for argumento in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                      "--window-size=1200,900"):
        opciones.add_argument(argumento)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opciones)
    yield driver
    driver.quit()


@pytest.mark.parametrize("resena, esperada", [
    ("La comida estaba deliciosa y el servicio fue excelente, repetiremos.", "positivo"),
    ("Un desastre: llegó tarde, frío y encima nos cobraron de más.", "negativo"),
])
def test_app_en_navegador(url_app, navegador, resena, esperada):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    navegador.get(url_app)
    espera = WebDriverWait(navegador, 30)
    caja = espera.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#resena textarea")))
    caja.clear()
    caja.send_keys(resena)
    navegador.find_element(By.CSS_SELECTOR, "#analizar").click()
    salida = navegador.find_element(By.CSS_SELECTOR, "#sentimiento textarea")
    espera.until(lambda _: salida.get_attribute("value"))
    assert salida.get_attribute("value") == esperada
