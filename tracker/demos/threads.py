"""Run NumPy's matrix products on one thread while a demo trains.

The demos multiply small matrices (a batch of 32 by 128 hidden units), where handing
work to BLAS threads costs more than it saves. On a 2-core machine that is busy with
anything else, OpenBLAS threads spinning for a core make a training step five to ten
times slower. One thread is both faster and steadier here.

The environment variable OPENBLAS_NUM_THREADS only counts before NumPy is first
imported, so we ask the OpenBLAS library that NumPy's wheels ship (in ``numpy.libs``
or ``numpy/.dylibs``) directly, through ctypes. Where there is no such library (NumPy
built against another BLAS), this does nothing and the demos simply run as they are.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

_SETTERS = ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads")


@functools.cache
def _openblas() -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    package = Path(np.__file__).resolve().parent
    for folder in (package.parent / "numpy.libs", package / ".dylibs"):
        for path in sorted(folder.glob("*openblas*")) if folder.is_dir() else []:
            try:
                library = ctypes.CDLL(str(path))  # already loaded by NumPy: this returns the same copy
            except OSError:
                continue
            setter = next((getattr(library, s) for s in _SETTERS if hasattr(library, s)), None)
            getter = next((getattr(library, g) for g in _GETTERS if hasattr(library, g)), None)
            if setter is not None and getter is not None:
                return setter, getter
    return None


@contextmanager
def single_threaded_blas() -> Iterator[bool]:
    """Within the block, BLAS uses one thread; afterwards, as many as before. Yields whether it could."""
    found = _openblas()
    if found is None:
        yield False
        return
    set_threads, get_threads = found
    before = int(get_threads())
    set_threads(ctypes.c_int(1))
    try:
        yield True
    finally:
        set_threads(ctypes.c_int(before))
