"""Tesseract in this process: the system's libtesseract through its C API (ctypes), models kept loaded.

The ``tesseract`` command loads its models for every page and reads the page from a file; here one
engine per (languages, page segmentation mode, variables) and per worker thread stays loaded
across pages and documents, and the page goes in as the array it already is. It is the same
library the command runs (Debian's ``libtesseract5``, a dependency of ``tesseract-ocr``), driven
the way the command drives it (``Init`` with the default engine mode, ``user_defined_dpi`` as
``--dpi`` sets it, ``Recognize``, ``GetTSVText``), so the words and boxes are the command's,
byte for byte (tests/extractors/test_ocr.py checks it).

Threads: ctypes releases the GIL during each call, so ``OcrSettings.workers`` threads recognise
at once, each with its own engine. Tesseract's own OpenMP threads are capped at one as for the
command (``OMP_THREAD_LIMIT=1``): the variable is set while the library (and libgomp, which reads
it once when it loads) is loaded, then libgomp's limit is checked (``omp_get_thread_limit``). If
libgomp was already loaded without that limit, or the library is missing, :func:`available` is
False and the caller runs the command instead.

A forked child builds its own engines (the pool is per process id).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
import time
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

#: the TSV header the command writes before the page's rows (the C API gives the rows only)
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"

Key = tuple[str, int, tuple[tuple[str, str], ...]]


class EngineError(Exception):
    """Tesseract could not set up or recognise a page; the message is one line."""


_lock = threading.Lock()
_lib: ctypes.CDLL | None = None
_tried = False
_idle: dict[Key, list[int]] = {}
_all: list[int] = []
_pid = os.getpid()


def _gomp_capped() -> bool:
    """OpenMP (if the library uses it) runs one thread: libgomp's thread limit is 1."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            paths = {line.split()[-1] for line in f if "libgomp" in line}
    except OSError:
        paths = set()
    for path in paths:
        try:
            limit = ctypes.CDLL(path).omp_get_thread_limit
        except (OSError, AttributeError):
            return False
        limit.restype = ctypes.c_int
        if limit() != 1:
            return False
    return True


def _load() -> ctypes.CDLL | None:
    """The library with its C API typed, or None (not installed, too old, or OpenMP not capped)."""
    names = [n for n in (ctypes.util.find_library("tesseract"), "libtesseract.so.5") if n]
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"  # read once by libgomp as it loads with the library
    try:
        lib = None
        for name in names:
            try:
                lib = ctypes.CDLL(name)
                break
            except OSError:
                continue
    finally:
        if before is None:
            del os.environ["OMP_THREAD_LIMIT"]
        else:
            os.environ["OMP_THREAD_LIMIT"] = before
    if lib is None or not _gomp_capped():  # libgomp loaded earlier without the limit: the command
        return None
    try:
        lib.TessVersion.restype = ctypes.c_char_p
        if int(lib.TessVersion().decode("ascii", "replace").split(".")[0]) < 4:
            return None
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        lib.TessBaseAPICreate.restype = vp
        lib.TessBaseAPIInit3.argtypes = [vp, cp, cp]
        lib.TessBaseAPISetPageSegMode.argtypes = [vp, i]
        lib.TessBaseAPISetVariable.argtypes = [vp, cp, cp]
        lib.TessBaseAPISetImage.argtypes = [vp, vp, i, i, i, i]
        lib.TessBaseAPIRecognize.argtypes = [vp, vp]
        lib.TessBaseAPIGetTsvText.argtypes = [vp, i]
        lib.TessBaseAPIGetTsvText.restype = vp
        lib.TessBaseAPIClear.argtypes = [vp]
        lib.TessBaseAPIDelete.argtypes = [vp]
        lib.TessDeleteText.argtypes = [vp]
        lib.TessMonitorCreate.restype = vp
        lib.TessMonitorDelete.argtypes = [vp]
        lib.TessMonitorSetDeadlineMSecs.argtypes = [vp, i]
    except (AttributeError, ValueError):
        return None
    return lib


def library() -> ctypes.CDLL | None:
    """The loaded library (loaded on first use), or None."""
    global _lib, _tried
    with _lock:
        if not _tried:
            _tried = True
            _lib = _load()
        return _lib


def available() -> bool:
    """Tesseract can run in this process."""
    return library() is not None


def _take(lib: ctypes.CDLL, key: Key) -> int:
    """An idle engine for ``key``, or a new one (models loaded once per engine)."""
    global _pid
    with _lock:
        if os.getpid() != _pid:  # forked: the parent's engines may be mid-page in its threads
            _pid = os.getpid()
            _idle.clear()
            _all.clear()
        free = _idle.setdefault(key, [])
        if free:
            return free.pop()
    lang, psm, variables = key
    api = lib.TessBaseAPICreate()
    if not api:
        raise EngineError("tesseract could not start")
    if lib.TessBaseAPIInit3(api, None, lang.encode("utf-8")) != 0:
        lib.TessBaseAPIDelete(api)
        raise EngineError(f"tesseract could not load the languages {lang}")
    lib.TessBaseAPISetPageSegMode(api, psm)
    for name, value in variables:
        if not lib.TessBaseAPISetVariable(api, name.encode("utf-8"), value.encode("utf-8")):
            lib.TessBaseAPIDelete(api)
            raise EngineError(f"tesseract has no variable {name}")
    with _lock:
        _all.append(api)
    return int(api)


def _give(key: Key, api: int) -> None:
    with _lock:
        if api in _all:
            _idle.setdefault(key, []).append(api)


def recognise(
    gray: npt.NDArray[np.uint8],
    lang: str,
    psm: int,
    dpi: int,
    variables: Sequence[tuple[str, str]] = (),
    timeout_s: float = 0.0,
) -> str:
    """TSV of a grey image (with the command's header line), as ``tesseract IMG stdout -l LANG --psm
    PSM --dpi DPI [-c NAME=VALUE] tsv`` writes it; raises EngineError."""
    lib = library()
    if lib is None:
        raise EngineError("libtesseract is not available")
    key: Key = (lang, psm, tuple(variables))
    api = _take(lib, key)
    ok = False
    try:
        img = np.ascontiguousarray(gray, dtype=np.uint8)
        height, width = img.shape
        lib.TessBaseAPISetVariable(api, b"user_defined_dpi", str(dpi).encode("ascii"))
        lib.TessBaseAPISetImage(api, img.ctypes.data, width, height, 1, width)
        monitor = lib.TessMonitorCreate() if timeout_s > 0 else None
        try:
            if monitor:
                lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout_s * 1000)))
            start = time.monotonic()
            if lib.TessBaseAPIRecognize(api, monitor) != 0:
                if monitor and time.monotonic() - start >= timeout_s:
                    raise EngineError(f"tesseract timed out after {timeout_s:.0f} s")
                raise EngineError("tesseract failed on the page")
        finally:
            if monitor:
                lib.TessMonitorDelete(monitor)
        text = lib.TessBaseAPIGetTsvText(api, 0)
        try:
            rows = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
        finally:
            if text:
                lib.TessDeleteText(text)
        lib.TessBaseAPIClear(api)
        ok = True
    finally:
        if ok:
            _give(key, api)
        else:
            _drop(lib, api)
    return TSV_HEADER + rows


def _drop(lib: ctypes.CDLL, api: int) -> None:
    with _lock:
        if api in _all:
            _all.remove(api)
    lib.TessBaseAPIDelete(api)


@atexit.register
def _close() -> None:
    """Delete this process's engines before the library's own exit-time checks (which warn of
    leaks on stderr otherwise)."""
    lib = _lib
    if lib is None or os.getpid() != _pid:
        return
    with _lock:
        engines = list(_all)
        _all.clear()
        _idle.clear()
    for api in engines:
        lib.TessBaseAPIDelete(api)
