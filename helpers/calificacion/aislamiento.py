"""El aislamiento donde corre el código del alumno (y donde se comprueban sus respuestas).

Con bubblewrap (`bwrap`, lo normal) cada ejecución ve solo, y de solo lectura: el sistema (/usr), el
entorno virtual, una copia intacta de las carpetas del curso (`helpers/`, `data/`, `despliegue/`,
`scripts/`) tomada al empezar a calificar y las cachés de modelos. No existen `solutions/`, la
carpeta de entregas ni la de notas. Solo se escribe en tmpfs propios (/tmp, el HOME y la carpeta de
trabajo). Sin red (`--unshare-net`), con su propio espacio de procesos (todo muere con la ejecución,
`--die-with-parent`), como uid 1000 sin capacidades (`--unshare-user --uid 1000 --cap-drop ALL
--disable-userns`: no puede desmontar ni montar nada), con límite de memoria y de procesos (cgroup
si se puede; si no, RLIMIT_AS y RLIMIT_NPROC).

Sin bwrap se recurre, con un aviso, al modo anterior (`unshare`: oculta carpetas con tmpfs,
pero como root el alumno puede desmontarlas) o a ninguno.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from .cgrupos import Cgrupos
from .ejecucion import Ejecucion, ejecutar_proceso
from .limites import MEMORIA_GIB, PROCESOS

RAIZ = Path(__file__).resolve().parent.parent.parent
UID = 1000
HOME = "/home/alumno"
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "nsswitch.conf", "hosts",
       "host.conf", "ssl", "ca-certificates", "alternatives", "fonts", "mime.types")
PASAN = ("PYTHONHASHSEED", "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "TQDM_DISABLE",
         "TRANSFORMERS_VERBOSITY", "TOKENIZERS_PARALLELISM", "JUPYTER_PLATFORM_DIRS", "HF_HUB_DISABLE_PROGRESS_BARS",
         "HF_HUB_DISABLE_TELEMETRY", "HF_HUB_DISABLE_IMPLICIT_TOKEN", "HF_DATASETS_DISABLE_PROGRESS_BARS")
MODOS = ("auto", "bwrap", "unshare", "ninguno")
# Lo que las lecciones leen del curso además de los cuadernos: el paquete, los datos, el servicio de la
# lección 12 (despliegue/servicio.py, Dockerfile) y el guion de accelerate de la 14 (scripts/).
CARPETAS_DEL_CURSO = ("helpers", "data", "despliegue", "scripts")


class ErrorAislamiento(RuntimeError):
    """No se puede aislar como se pidió (mensaje en español)."""


def copiar_intacto(destino: Path) -> Path:
    """Copia de CARPETAS_DEL_CURSO (sin cachés de Python), de solo lectura. Devuelve su raíz."""
    ignorar = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    for carpeta in CARPETAS_DEL_CURSO:
        if (RAIZ / carpeta).is_dir():
            shutil.copytree(RAIZ / carpeta, destino / carpeta, ignore=ignorar, symlinks=True)
    for actual, carpetas, archivos in os.walk(destino):
        for nombre in archivos:
            ruta = os.path.join(actual, nombre)
            if not os.path.islink(ruta):
                os.chmod(ruta, 0o444)
        os.chmod(actual, 0o555)
    return destino


def _caches() -> dict[str, str]:
    """Cachés de modelos del anfitrión que se ven (solo lectura) dentro: {variable: ruta}."""
    caches = {}
    try:
        from huggingface_hub import constants

        caches["HF_HUB_CACHE"] = str(Path(constants.HF_HUB_CACHE).expanduser())
    except ImportError:
        pass
    try:
        from ..modelos import carpeta_preparados

        caches["CURSO_HF_CACHE"] = str(carpeta_preparados().parent)
    except Exception:
        pass
    return caches


def _dentro(ruta: Path, carpeta: Path) -> bool:
    return ruta == carpeta or carpeta in ruta.parents


@dataclass
class Aislamiento:
    """Cómo se aísla cada ejecución en este lote; `info` va tal cual al JSON de notas."""

    modo: str
    base: Path
    copia: Path
    ocultar: list[Path]
    memoria: int  # bytes; 0 = sin límite
    procesos: int
    cgrupos: Cgrupos | None
    caches: dict[str, str]
    gpu: list[str]
    avisos: list[str] = field(default_factory=list)
    desactivar_userns: bool = True
    hilos: int | None = None  # hilos de PyTorch/OpenMP por ejecución (None: los que elija la biblioteca)

    def repartir_nucleos(self, trabajadores: int) -> None:
        """Con varias entregas a la vez, cada una usa su parte de los núcleos: si no, los hilos de
        OpenMP de unas y otras se pisan y todo va varias veces más lento."""
        if trabajadores > 1 and "OMP_NUM_THREADS" not in os.environ:
            self.hilos = max(1, (os.cpu_count() or 1) // trabajadores)

    # ------------------------------------------------------------ órdenes
    @property
    def raiz_dentro(self) -> Path:
        """Dónde está la copia intacta tal como la ve el proceso aislado."""
        return RAIZ if self.modo == "bwrap" else self.copia

    @property
    def limita_con_rlimit(self) -> bool:
        return bool(self.memoria) and self.cgrupos is None and not self.gpu

    def entorno(self, trabajo: Path | None) -> dict[str, str]:
        """Variables de entorno dentro (nada de secretos del anfitrión: ni tokens ni claves)."""
        tmp = Path("/tmp") if trabajo is None else trabajo / "tmp"
        home = Path(HOME) if trabajo is None else trabajo / "home"
        entorno = {k: os.environ[k] for k in PASAN if k in os.environ}
        entorno.update({
            "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
            "USER": "alumno", "LOGNAME": "alumno", "LANG": "C.UTF-8", "TMPDIR": str(tmp),
            "PYTHONPATH": str(self.raiz_dentro), "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
            "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(home / ".cache" / "huggingface"),
            "HF_DATASETS_CACHE": str(tmp / "hf-datasets"),
            "CURSO_CALIFICACION_RESPUESTAS": str(tmp / "calificacion-respuestas"), **self.caches,
        })
        if self.hilos:
            entorno.update(OMP_NUM_THREADS=str(self.hilos), MKL_NUM_THREADS=str(self.hilos))
        return entorno

    def _python(self, modulo: str, argumentos: list[str]) -> list[str]:
        arranque = (f"import sys; sys.path.insert(0, {str(self.raiz_dentro)!r}); "
                    f"from helpers.calificacion.{modulo} import main; sys.exit(main(sys.argv[1:]))")
        limites = []
        if self.limita_con_rlimit:
            limites += ["--memoria", str(self.memoria)]
        if self.procesos:
            limites += ["--procesos", str(self.procesos)]
        return [sys.executable, "-I", "-c", arranque, *argumentos, *limites]

    def _orden_bwrap(self, orden: list[str]) -> list[str]:
        a = ["bwrap", "--unshare-all", "--unshare-user", "--uid", str(UID), "--gid", str(UID)]
        if self.desactivar_userns:
            a += ["--disable-userns"]
        if os.geteuid() == 0:
            a += ["--cap-drop", "ALL"]
        a += ["--die-with-parent", "--new-session", "--hostname", "calificacion", "--clearenv"]
        for clave, valor in self.entorno(None).items():
            a += ["--setenv", clave, valor]
        a += ["--ro-bind", "/usr", "/usr"]
        for nombre in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            ruta = Path("/") / nombre
            if ruta.is_symlink():
                a += ["--symlink", os.readlink(ruta), str(ruta)]
            elif ruta.is_dir():
                a += ["--ro-bind", str(ruta), str(ruta)]
        for nombre in ETC:
            a += ["--ro-bind-try", f"/etc/{nombre}", f"/etc/{nombre}"]
        a += ["--ro-bind", str(self.base / "passwd"), "/etc/passwd", "--ro-bind", str(self.base / "group"), "/etc/group"]
        a += ["--proc", "/proc", "--dev", "/dev"]
        tamano = str(self.memoria or MEMORIA_GIB << 30)
        a += ["--size", tamano, "--tmpfs", "/tmp", "--size", str(256 << 20), "--tmpfs", HOME]
        montados = []
        for origen in dict.fromkeys([sys.prefix, sys.base_prefix, *self.caches.values()]):
            if Path(origen).exists() and not any(_dentro(Path(origen), Path(m)) for m in ("/usr",)):
                a += ["--ro-bind", os.path.realpath(origen), origen]
                montados.append(Path(origen))
        for carpeta in CARPETAS_DEL_CURSO:
            if (self.copia / carpeta).is_dir():
                a += ["--ro-bind", str(self.copia / carpeta), str(RAIZ / carpeta)]
        a += ["--size", tamano, "--tmpfs", str(RAIZ / "notebooks"), "--chdir", str(RAIZ / "notebooks")]
        for oculta in self.ocultar:  # por si alguna carpeta oculta cae dentro de algo montado
            if any(_dentro(oculta, m) for m in [*montados, Path("/usr"), Path("/etc")]):
                a += ["--tmpfs", str(oculta)]
        for dispositivo in self.gpu:
            a += ["--dev-bind", dispositivo, dispositivo]
        if self.gpu:
            a += ["--ro-bind", "/sys", "/sys"]
        return [*a, "--", *orden]

    def _orden_unshare(self, orden: list[str]) -> list[str]:
        necesarias = [self.base, Path(sys.prefix), Path(sys.base_prefix), *map(Path, self.caches.values())]
        ocultar = [p for p in [*self.ocultar, RAIZ / "helpers"]
                   if p.exists() and not any(_dentro(n.resolve(), p) for n in necesarias)]
        montajes = " && ".join(f'mount -t tmpfs -o size=1m,mode=000 calificacion "${i + 1}"' for i in range(len(ocultar)))
        usuario = ["--map-root-user"] if os.geteuid() != 0 else []
        return ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--propagation", "private", *usuario, "--",
                "sh", "-c", f"{montajes or 'true'} && shift {len(ocultar)} && exec \"$@\"", "sh",
                *[str(p) for p in ocultar], *orden]

    def envolver(self, orden: list[str]) -> list[str]:
        """`orden` tal como se ejecuta en el modo de aislamiento elegido."""
        if self.modo == "bwrap":
            return self._orden_bwrap(orden)
        if self.modo == "unshare":
            return self._orden_unshare(orden)
        return orden

    def orden(self, modulo: str, argumentos: list[str]) -> list[str]:
        """Orden completa para ejecutar `helpers.calificacion.<modulo>` aislado."""
        return self.envolver(self._python(modulo, argumentos))

    # ------------------------------------------------------------ ejecutar
    def ejecutar(self, modulo: str, argumentos: list[str], alimentar: Callable[[BinaryIO], None],
                 al_recibir: Callable[[dict, bytes], None], limite: float) -> Ejecucion:
        """Ejecuta `helpers.calificacion.<modulo>` aislado, en su propio cgroup si los hay, con límite
        de tiempo total; `alimentar` escribe su entrada y `al_recibir` recibe cada mensaje que manda."""
        trabajo = Path(tempfile.mkdtemp(prefix="ejecucion-", dir=self.base))
        grupo = self.cgrupos.crear(self.memoria or (1 << 62), self.procesos or 1 << 22) if self.cgrupos else None
        orden = self.orden(modulo, argumentos)
        if grupo is not None:  # el proceso entra en el cgroup antes de arrancar nada
            archivos = grupo.archivos_procs
            orden = ["sh", "-c", 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 97; shift; '
                     'n=$((n-1)); done; exec "$@"', "sh", str(len(archivos)), *archivos, *orden]
        entorno, carpeta = None, self.base
        if self.modo != "bwrap":  # sin bwrap no hay tmpfs propios: carpetas de trabajo del anfitrión
            for sub in ("tmp", "home", "cwd"):
                (trabajo / sub).mkdir()
            entorno, carpeta = self.entorno(trabajo), trabajo / "cwd"
        try:
            return ejecutar_proceso(orden, entorno, carpeta, alimentar, al_recibir, limite, grupo)
        finally:
            shutil.rmtree(trabajo, ignore_errors=True)

    def cerrar(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    # ------------------------------------------------------------ informe
    def info(self) -> dict:
        """Qué protecciones se aplicaron de verdad (va al JSON de notas)."""
        bwrap = self.modo == "bwrap"
        memoria = ("sin límite" if not self.memoria else self.cgrupos.descripcion if self.cgrupos
                   else "RLIMIT_AS" if self.limita_con_rlimit else "sin límite")
        procesos = (f"{self.cgrupos.descripcion} pids.max" if self.cgrupos else
                    "RLIMIT_NPROC" + (" (sin efecto: el uid real es root)" if os.geteuid() == 0 else ""))
        return {
            "modo": self.modo, "bwrap": bwrap, "hilos_por_entrega": self.hilos or "los de la biblioteca",
            "red": not bwrap, "uid": UID if bwrap else os.geteuid(),
            "capacidades": "ninguna" if bwrap else ("todas (root)" if os.geteuid() == 0 else "las del usuario"),
            "usuarios_anidados": not (bwrap and self.desactivar_userns),
            "procesos_mueren_con_la_ejecucion": self.modo != "ninguno",
            "helpers": "copia intacta de solo lectura" if bwrap else "copia intacta (escribible por root)",
            "carpetas_ocultas": [str(p) for p in self.ocultar] if self.modo != "ninguno" else [],
            "memoria_gib": self.memoria / (1 << 30) if self.memoria else None, "limite_memoria": memoria,
            "procesos_max": self.procesos or None, "limite_procesos": procesos if self.procesos else "sin límite",
            "gpu": bool(self.gpu), "avisos": list(self.avisos),
        }


def _prueba(aislamiento: Aislamiento) -> str | None:
    """None si se puede ejecutar Python aislado e importar la copia intacta de helpers; si no, el motivo."""
    codigo = f"import sys; sys.path.insert(0, {str(aislamiento.raiz_dentro)!r}); import helpers.calificacion.protocolo"
    try:
        r = subprocess.run(aislamiento.envolver([sys.executable, "-I", "-c", codigo]), capture_output=True,
                           timeout=60, cwd=aislamiento.base, env=aislamiento.entorno(aislamiento.base))
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    return None if r.returncode == 0 else (r.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]


def preparar(modo: str = "auto", ocultar: list[Path] | None = None, memoria_gib: float = MEMORIA_GIB,
             procesos: int = PROCESOS) -> Aislamiento:
    """Elige y prepara el aislamiento del lote (copia intacta incluida). Avisa en español si cae a menos."""
    if modo not in MODOS:
        raise ErrorAislamiento(f"modo de aislamiento desconocido: {modo}")
    base = Path(tempfile.mkdtemp(prefix="calificacion-"))
    os.chmod(base, 0o755)
    (base / "passwd").write_text(f"alumno:x:{UID}:{UID}:alumno:{HOME}:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n")
    (base / "group").write_text(f"alumno:x:{UID}:\nnogroup:x:65534:\n")
    copia = copiar_intacto(base / "copia")
    ocultar = sorted({p.resolve() for p in (ocultar or []) if p.exists()})
    # Una carpeta que contiene el entorno de Python o las cachés no se puede tapar (p. ej. la raíz del curso, con
    # .venv dentro, si las notas van allí): se descarta antes de agrupar, para que no se lleve con ella a
    # solutions/ o entregas/, que sí se tapan una a una.
    necesarias = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), *(Path(c).resolve() for c in _caches().values())]
    ocultar = [p for p in ocultar if not any(_dentro(n, p) for n in necesarias)]
    ocultar = [p for p in ocultar if not any(o != p and _dentro(p, o) for o in ocultar)]  # basta la de fuera
    aislamiento = Aislamiento("ninguno", base, copia, ocultar, int(memoria_gib * (1 << 30)), procesos,
                              Cgrupos.detectar(), _caches(), sorted(glob.glob("/dev/nvidia*")))
    motivos = []
    for candidato in (("bwrap", "unshare", "ninguno") if modo == "auto" else (modo,)):
        aislamiento.modo = candidato
        if candidato == "ninguno":
            break
        if not shutil.which(candidato):
            motivos.append(f"{candidato} no está instalado")
        else:
            motivo = _prueba(aislamiento)
            if motivo and candidato == "bwrap":  # bwrap < 0.8 no conoce --disable-userns
                aislamiento.desactivar_userns = False
                motivo = _prueba(aislamiento)
                aislamiento.desactivar_userns = motivo is not None
            if motivo is None:
                break
            motivos.append(f"{candidato} no funciona aquí ({motivo})")
        if modo != "auto":
            aislamiento.cerrar()
            raise ErrorAislamiento(f"No puedo usar el aislamiento '{modo}': {'; '.join(motivos)}.")
    _avisar(aislamiento, motivos)
    return aislamiento


def _avisar(aislamiento: Aislamiento, motivos: list[str]) -> None:
    avisos = aislamiento.avisos
    if aislamiento.modo != "bwrap":
        avisos.append(
            "AVISO: sin bubblewrap (" + ("; ".join(motivos) or f"se pidió --aislamiento {aislamiento.modo}") + "). "
            + ("Se usa el modo anterior (unshare): oculta solutions/, las entregas y las notas con tmpfs, pero el "
               "código del alumno conserva la red y, como root, puede desmontar esas máscaras. "
               if aislamiento.modo == "unshare" else
               "El código del alumno se ejecuta SIN AISLAR: ve tus archivos, la red y solutions/. ")
            + "Instala bubblewrap (apt-get install bubblewrap) o califica en una máquina desechable.")
    if not aislamiento.memoria:
        avisos.append("AVISO: sin límite de memoria (--memoria-gib 0).")
    elif aislamiento.cgrupos is None and aislamiento.gpu:
        avisos.append("AVISO: sin límite de memoria: con GPU, RLIMIT_AS impide arrancar CUDA y no hay cgroups "
                      "escribibles (ejecuta el calificador como root o delega un cgroup).")
    if aislamiento.cgrupos is None and os.geteuid() == 0 and aislamiento.procesos:
        avisos.append("AVISO: sin cgroups, el límite de procesos (RLIMIT_NPROC) no se aplica cuando el uid real es root.")
