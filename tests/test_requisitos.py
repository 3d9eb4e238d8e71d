"""requirements.txt fijado, environment.yml de acuerdo con él, y el entorno instalado tal cual."""
import importlib.metadata
import re
from pathlib import Path

import pytest
import yaml

RAIZ = Path(__file__).resolve().parent.parent
PATRON = re.compile(r"^([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)$")


def requisitos(lineas):
    return [l.strip() for l in lineas if l.strip() and not l.strip().startswith("#")]


def test_cada_requisito_tiene_version_exacta():
    for linea in requisitos((RAIZ / "requirements.txt").read_text().splitlines()):
        assert PATRON.match(linea), f"'{linea}' no está fijado con =="


def test_torch_fijado_a_la_rueda_cpu():
    assert "torch==2.13.0" in requisitos((RAIZ / "requirements.txt").read_text().splitlines())


def test_transformers_es_5x():
    linea = next(l for l in requisitos((RAIZ / "requirements.txt").read_text().splitlines()) if l.startswith("transformers=="))
    assert linea.split("==")[1].startswith("5.")


def test_environment_yml_coincide_con_requirements():
    entorno = yaml.safe_load((RAIZ / "environment.yml").read_text())
    pip = next(d["pip"] for d in entorno["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert sorted(pip) == sorted(requisitos((RAIZ / "requirements.txt").read_text().splitlines()))
    assert any(str(d).startswith("python=3.11") for d in entorno["dependencies"])


@pytest.mark.parametrize("linea", requisitos((RAIZ / "requirements.txt").read_text().splitlines()))
def test_version_instalada_coincide(linea):
    nombre, version = PATRON.match(linea).groups()
    instalada = importlib.metadata.version(nombre)
    assert instalada.split("+")[0] == version, f"{nombre}: instalada {instalada}, fijada {version}"
