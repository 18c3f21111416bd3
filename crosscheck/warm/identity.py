"""What the client and the worker compare before a job runs warm, and the fingerprint of the
installation the worker re-checks on every request. A difference means the worker would not
give the answer a cold run gives, so the client runs the command itself.

- ``code_identity``: which crosscheck package, interpreter, flags and import path a process
  runs (the client reads these from its own process, the worker from its own);
- ``startup_environment``: variables read once when a process starts (the interpreter's and
  native libraries' settings, the locale, the model cache); every other variable is the
  client's own in the job;
- ``installation_fingerprint``: the package's files (names, sizes, modification times), the
  installed distributions' folders and the models built into the cache, taken when the
  worker starts and again per request: an edited source file, a new version, a pip install
  or a rebuilt model makes the worker stale, and it exits.

Standard library only (the client imports it).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

# Read by the interpreter, the C libraries (BLAS, OpenMP, onnxruntime's threads, tokenizers)
# or crosscheck itself when the worker started (the model cache is found through HOME or
# CROSSCHECK_CACHE and loaded at once): a job cannot take another value from its client.
STARTUP_PREFIXES = ("PYTHON", "LC_", "LD_", "OMP_", "OPENBLAS_", "MKL_", "OPENMP_")
STARTUP_NAMES = ("LANG", "LANGUAGE", "HOME", "CROSSCHECK_CACHE", "TOKENIZERS_PARALLELISM")


def package_dir() -> str:
    import crosscheck

    return os.path.dirname(os.path.abspath(crosscheck.__file__))


def code_identity() -> dict[str, Any]:
    """The first entry of sys.path is left out: it is the script's folder or the working
    folder, which differ between an entry point, ``python -m`` and the worker. The
    interpreter is compared by its real file and its environment (``bin/python`` and
    ``bin/python3`` of one venv are one interpreter)."""
    import crosscheck

    return {"version": crosscheck.__version__, "package": package_dir(),
            "interpreter": os.path.realpath(sys.executable), "prefix": sys.prefix,
            "path": sys.path[1:], "flags": list(sys.flags),
            "warnoptions": list(sys.warnoptions),
            "xoptions": {key: str(value) for key, value in sys._xoptions.items()}}


def startup_environment(environ: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in environ.items()
            if name.startswith(STARTUP_PREFIXES) or name in STARTUP_NAMES}


def difference(mine: dict[str, Any], theirs: dict[str, Any], *, what: str) -> str | None:
    """Why two descriptions differ, in words (the first key that does), or None."""
    for key in sorted(set(mine) | set(theirs)):
        if mine.get(key) != theirs.get(key):
            return (f"{what} differs: {key} is {theirs.get(key)!r} in the client, "
                    f"{mine.get(key)!r} in the worker")
    return None


def installation_fingerprint(package: str) -> str:
    """Names, sizes and modification times of the package's files (compiled bytecode
    aside) and of the built models' files (`make model`), and the modification times of
    the site-packages folders on the import path, which change when a distribution is
    installed, upgraded or removed."""
    digest = hashlib.sha256()
    for folder in (package, *_model_dirs()):
        for path in _files_under(folder):
            info = os.stat(path)
            digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    for entry in sys.path:
        if Path(entry).name in ("site-packages", "dist-packages") and os.path.isdir(entry):
            digest.update(f"{entry}:{os.stat(entry).st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _model_dirs() -> list[str]:
    """Where the ONNX models the worker keeps loaded are read from (imported here, in the
    worker only: the client never takes a fingerprint)."""
    from crosscheck.nlp.embed import model_dir
    from crosscheck.nlp.tagger import TAGGER_DIR_NAME
    from crosscheck.settings import cache_dir

    return [str(model_dir()), str(cache_dir() / TAGGER_DIR_NAME)]


def _files_under(top: str) -> list[str]:
    found = []
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        found += [os.path.join(folder, name) for name in sorted(files)]
    return found
