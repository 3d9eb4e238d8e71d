"""Llevar la respuesta del alumno fuera de su núcleo y reconstruirla para comprobarla.

- `serializar` (en el núcleo): cloudpickle; las funciones y clases definidas en el cuaderno
  viajan por valor. Los tensores de PyTorch viajan como array de NumPy + dtype.
- `cargar_datos` (en el evaluador): un cargador que NO ejecuta código. Solo reconstruye datos
  (None, bool, números, textos, bytes, listas, tuplas, diccionarios, conjuntos, rutas, arrays
  y escalares de NumPy, tensores) y referencias a clases de bibliotecas conocidas; rechaza
  todo lo demás. Así una respuesta tramposa (un objeto con `__reduce__` malicioso) no puede
  tocar el evaluador.
- `cargar_codigo`: cloudpickle completo. Solo para los ejercicios cuya respuesta ES código o un
  objeto de biblioteca (una función, una clase, un modelo, un tokenizador, una figura): la
  comprobación tiene que ejecutarlo igualmente. Se usa en un proceso aislado por respuesta.
"""
from __future__ import annotations

import collections
import functools
import importlib
import io
import pathlib
import pickle
import sys
from typing import Any

DTYPES_TENSOR = {
    "float16", "bfloat16", "float32", "float64", "complex64", "complex128",
    "int8", "int16", "int32", "int64", "uint8", "bool",
}
# Paquetes de los que se admiten clases como valor (p. ej. {"tarea": AutoModelForMaskedLM}).
PAQUETES_DE_CONFIANZA = (
    "builtins", "collections", "pathlib", "datetime", "decimal", "fractions", "numpy", "torch",
    "transformers", "tokenizers", "datasets", "peft", "sentence_transformers", "sklearn", "helpers",
)


class RespuestaNoAdmitida(Exception):
    """La respuesta contiene algo que el cargador seguro no reconstruye (mensaje en español)."""


def tensor_desde_numpy(array, dtype: str):
    """Reconstruye un tensor de PyTorch a partir de su array de NumPy y su dtype."""
    import numpy as np
    import torch

    if not isinstance(array, np.ndarray) or dtype not in DTYPES_TENSOR:
        raise RespuestaNoAdmitida("un tensor mal formado")
    return torch.from_numpy(np.array(array, copy=True)).to(getattr(torch, dtype))


def _reducir_tensor(tensor):
    import torch

    t = tensor.detach().cpu()
    dtype = str(t.dtype).removeprefix("torch.")
    if dtype not in DTYPES_TENSOR or t.layout != torch.strided:
        return NotImplemented
    array = t.float().numpy() if dtype == "bfloat16" else t.numpy()
    return tensor_desde_numpy, (array, dtype)


def serializar(valor: Any) -> bytes:
    """Bytes de `valor` con cloudpickle (protocolo 5)."""
    import cloudpickle

    class Empaquetador(cloudpickle.CloudPickler):
        def reducer_override(self, obj):
            torch = sys.modules.get("torch")
            if torch is not None and type(obj) is torch.Tensor:
                reducido = _reducir_tensor(obj)
                if reducido is not NotImplemented:
                    return reducido
            return super().reducer_override(obj)

    salida = io.BytesIO()
    Empaquetador(salida, protocol=5).dump(valor)
    return salida.getvalue()


@functools.lru_cache(maxsize=1)
def _llamables() -> dict[tuple[str, str], Any]:
    """Lo único que el cargador seguro puede llamar al reconstruir."""
    from helpers.ejercicios import _SinIntentar

    llamables = {
        ("builtins", "set"): set, ("builtins", "frozenset"): frozenset, ("builtins", "complex"): complex,
        ("builtins", "bytearray"): bytearray, ("builtins", "slice"): slice, ("builtins", "range"): range,
        ("collections", "OrderedDict"): collections.OrderedDict, ("collections", "Counter"): collections.Counter,
        ("pathlib", "PosixPath"): pathlib.PosixPath, ("pathlib", "PurePosixPath"): pathlib.PurePosixPath,
        ("helpers.ejercicios", "_SinIntentar"): _SinIntentar,
        (__name__, "tensor_desde_numpy"): tensor_desde_numpy,
    }
    try:
        import numpy as np
    except ImportError:
        return llamables
    llamables[("numpy", "dtype")] = np.dtype
    llamables[("numpy", "ndarray")] = np.ndarray
    interno = "numpy._core" if int(np.__version__.split(".")[0]) >= 2 else "numpy.core"
    for modulo, nombre in (("multiarray", "_reconstruct"), ("multiarray", "scalar"), ("numeric", "_frombuffer")):
        try:
            objeto = getattr(importlib.import_module(f"{interno}.{modulo}"), nombre)
        except (ImportError, AttributeError):
            continue
        for paquete in ("numpy.core", "numpy._core"):  # los pickles pueden nombrar cualquiera de los dos
            llamables[(f"{paquete}.{modulo}", nombre)] = objeto
    return llamables


class CargadorSeguro(pickle._Unpickler):
    """Unpickler que solo reconstruye datos: cada llamada y cada `__setstate__` pasan por una lista blanca."""

    def __init__(self, archivo):
        super().__init__(archivo)
        self._llamables = _llamables()
        self._ids_llamables = {id(v) for v in self._llamables.values()}
        self._construibles = self._tipos_construibles()
        self.dispatch = dict(pickle._Unpickler.dispatch)
        for opcodigo, metodo in (
            (pickle.REDUCE, CargadorSeguro._reducir), (pickle.NEWOBJ, CargadorSeguro._nuevo),
            (pickle.NEWOBJ_EX, CargadorSeguro._nuevo_ex), (pickle.BUILD, CargadorSeguro._construir),
            (pickle.INST, CargadorSeguro._prohibido), (pickle.OBJ, CargadorSeguro._prohibido),
            (pickle.APPEND, CargadorSeguro._anadir), (pickle.APPENDS, CargadorSeguro._anadir_varios),
            (pickle.SETITEM, CargadorSeguro._poner), (pickle.SETITEMS, CargadorSeguro._poner_varios),
            (pickle.ADDITEMS, CargadorSeguro._sumar_varios),
        ):
            self.dispatch[opcodigo[0]] = metodo

    @staticmethod
    def _tipos_construibles() -> tuple:
        from helpers.ejercicios import _SinIntentar

        tipos = [collections.OrderedDict, collections.Counter, pathlib.PurePath, _SinIntentar]
        if "numpy" in sys.modules:
            np = sys.modules["numpy"]
            tipos += [np.ndarray, np.dtype, np.generic]
        return tuple(tipos)

    def find_class(self, modulo: str, nombre: str):
        if (modulo, nombre) in self._llamables:
            return self._llamables[(modulo, nombre)]
        partes = modulo.split(".")
        if "." in nombre or partes[0] not in PAQUETES_DE_CONFIANZA or any(p.startswith("_") for p in partes):
            raise RespuestaNoAdmitida(f"{modulo}.{nombre}")
        try:
            objeto = getattr(importlib.import_module(modulo), nombre)
        except Exception:
            raise RespuestaNoAdmitida(f"{modulo}.{nombre}") from None
        if not isinstance(objeto, type):  # una clase como valor sí; funciones o módulos, no
            raise RespuestaNoAdmitida(f"{modulo}.{nombre}")
        return objeto

    def persistent_load(self, pid):
        raise RespuestaNoAdmitida("una referencia persistente")

    def _comprobar_llamable(self, funcion) -> None:
        if id(funcion) not in self._ids_llamables:
            raise RespuestaNoAdmitida(getattr(funcion, "__qualname__", type(funcion).__name__))

    def _reducir(self):
        argumentos = self.stack.pop()
        self._comprobar_llamable(self.stack[-1])
        self.stack[-1] = self.stack[-1](*argumentos)

    def _nuevo(self):
        argumentos = self.stack.pop()
        clase = self.stack.pop()
        self._comprobar_llamable(clase)
        self.append(clase.__new__(clase, *argumentos))

    def _nuevo_ex(self):
        kwargs = self.stack.pop()
        argumentos = self.stack.pop()
        clase = self.stack.pop()
        self._comprobar_llamable(clase)
        self.append(clase.__new__(clase, *argumentos, **kwargs))

    def _construir(self):
        objeto = self.stack[-2]  # encima está el estado
        if isinstance(objeto, type) or not isinstance(objeto, self._construibles):
            raise RespuestaNoAdmitida(type(objeto).__name__)
        pickle._Unpickler.load_build(self)

    def _prohibido(self):
        raise RespuestaNoAdmitida("un objeto en formato antiguo")

    def _contenedor(self, objeto, tipos) -> None:
        if type(objeto) not in tipos:
            raise RespuestaNoAdmitida(type(objeto).__name__)

    def _anadir(self):
        self._contenedor(self.stack[-2], (list,))
        pickle._Unpickler.load_append(self)

    def _anadir_varios(self):
        self._contenedor(self.metastack[-1][-1], (list,))
        pickle._Unpickler.load_appends(self)

    def _poner(self):
        self._contenedor(self.stack[-3], (dict, collections.OrderedDict, collections.Counter))
        pickle._Unpickler.load_setitem(self)

    def _poner_varios(self):
        self._contenedor(self.metastack[-1][-1], (dict, collections.OrderedDict, collections.Counter))
        pickle._Unpickler.load_setitems(self)

    def _sumar_varios(self):
        self._contenedor(self.metastack[-1][-1], (set,))
        pickle._Unpickler.load_additems(self)


def cargar_datos(datos: bytes) -> Any:
    """Reconstruye una respuesta que es un dato, sin ejecutar código de la entrega."""
    try:
        return CargadorSeguro(io.BytesIO(datos)).load()
    except RespuestaNoAdmitida:
        raise
    except RecursionError:
        raise RespuestaNoAdmitida("una estructura demasiado anidada") from None
    except Exception as error:
        raise RespuestaNoAdmitida(f"datos dañados ({type(error).__name__})") from None


def cargar_codigo(datos: bytes) -> Any:
    """Reconstruye una respuesta que contiene código (funciones, clases, objetos de biblioteca)."""
    import cloudpickle

    return cloudpickle.loads(datos)
