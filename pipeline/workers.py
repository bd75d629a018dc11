"""What runs in a worker: its setup (limits, temporary folder, dying with the parent) and one document.

:func:`setup` runs once per worker process (the local pool's initializer, or the first task a Dask
worker gets): one thread per Tesseract (``OMP_THREAD_LIMIT=1``), a memory limit (``RLIMIT_AS``:
the worker's own size at start plus ``--max-memory``), temporary files in the run's own folder
under ``--out`` (removed on every exit path by the parent, and by the next run after a kill), and
``PR_SET_PDEATHSIG`` so a worker is killed when the main process dies (kill -9 included) instead of
blocking forever.

:func:`work` runs one document under the ``--timeout`` alarm and returns plain rows
(:class:`~pipeline.outputs.DocRows`), which are cheap to send back to the parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import resource
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from pipeline.outputs import DocRows, to_rows
from pipeline.run import DocTimeout, InputError, Limits, check_file, doc_id_of, one_line, process
from pipeline.stages import DocResult, show_pages

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs to set itself up; picklable (sent to Dask workers too)."""

    limits: Limits = field(default_factory=Limits)
    #: folder for temporary files (None: the system's)
    tmpdir: str | None = None
    pages: bool = False
    #: limit memory and die with the parent (not for the in-process run, nor a Dask worker)
    isolate: bool = True


_ready: Settings | None = None


def _die_with_parent(parent: int = 0) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a no-op).

    ``parent``: the pid the parent took of itself before starting this process (0: this process's
    parent now). A parent killed while this process started is noticed: this process was already
    handed to another parent, so asking for the parent now would name that one.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = parent or os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def address_space() -> int:
    """The bytes of address space this process has mapped (``VmSize``; 0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def setup(settings: Settings, parent: int = 0) -> None:
    """Set this process up as a worker (idempotent); ``parent``: the pid of the process that started
    it, taken there (the local pool passes it; 0: ask now)."""
    global _ready
    if _ready == settings:
        return
    # one thread per Tesseract (DESIGN.md: its own threading on 2 cores is ~10x slower than one
    # single-threaded process per core)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if settings.tmpdir is not None:
        Path(settings.tmpdir).mkdir(parents=True, exist_ok=True)
        os.environ["TMPDIR"] = settings.tmpdir
        tempfile.tempdir = settings.tmpdir
    if settings.isolate:
        _die_with_parent(parent)
        if settings.limits.max_memory:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            # on top of what the worker has mapped already: a worker forked from a big process (a
            # test runner, a notebook) starts with more address space than the limit itself, and
            # every allocation of its first document failed ("SystemError" inside re.compile)
            limit = address_space() + settings.limits.max_memory
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    show_pages(settings.pages)
    _ready = settings


def failed(path: Path, error: str, stage: str) -> DocResult:
    """A ``failed`` record made outside :func:`~pipeline.run.process`; ``doc_id`` hashes the bytes."""
    try:
        check_file(path, Limits(max_bytes=0))
        doc_id = doc_id_of(path.read_bytes())
    except OSError:
        doc_id = doc_id_of(str(path).encode("utf-8", "surrogateescape"))
    except InputError:
        doc_id = doc_id_of(str(path).encode("utf-8", "surrogateescape"))
    return DocResult(path=str(path), doc_id=doc_id, status="failed", error=one_line(error),
                     failed_stage=stage)


def timeout_error(timeout: float) -> str:
    return f"took longer than --timeout {timeout:g} s; raise the limit for long scans, or run this file alone"


def _alarm(timeout: float) -> None:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise DocTimeout(timeout_error(timeout))

    signal.signal(signal.SIGALRM, ring)
    # a worker forked from a thread that blocks SIGALRM inherits the block: the alarm must get through
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    signal.setitimer(signal.ITIMER_REAL, timeout)


#: seconds past --timeout after which a worker stuck in native code (no alarm can reach it) exits
HARD_STOP_GRACE = 5.0
HARD_STOP_EXIT = 75


def marker(tmpdir: str | Path, path: Path) -> Path:
    """The file a worker leaves in the run's temporary folder before a hard stop on ``path``."""
    name = hashlib.sha256(os.fsencode(path)).hexdigest()[:16]
    return Path(tmpdir) / f"timeout-{name}"


def _hard_stop(path: Path, timeout: float) -> None:
    if _ready is not None and _ready.tmpdir is not None:
        with contextlib.suppress(OSError):
            marker(_ready.tmpdir, path).write_text(f"{timeout:g}", encoding="ascii")
    os._exit(HARD_STOP_EXIT)


def work(path: Path, limits: Limits) -> DocRows:
    """One document, under the wall-time limit when this is a main thread; never raises on bad data.

    The alarm interrupts Python code; a worker process stuck in native code past the limit plus
    :data:`HARD_STOP_GRACE` exits (leaving a :func:`marker`), and the parent records the timeout.
    """
    timed = limits.timeout > 0 and threading.current_thread() is threading.main_thread()
    watchdog = None
    previous = signal.getsignal(signal.SIGALRM) if timed else None
    try:
        try:
            if timed:
                _alarm(limits.timeout)
                if _ready is not None and _ready.isolate:
                    watchdog = threading.Timer(limits.timeout + HARD_STOP_GRACE, _hard_stop,
                                               (path, limits.timeout))
                    watchdog.daemon = True
                    watchdog.start()
            rows = to_rows(process(path, limits))
        except DocTimeout as exc:  # the alarm rang between two stages, or while the rows were made
            rows = to_rows(failed(path, str(exc), "timeout"))
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if watchdog is not None:
            watchdog.cancel()
    return rows


def work_remote(path: Path, limits: Limits, settings: Settings) -> DocRows:
    """A Dask task: set the worker up once, then :func:`work` (timeouts need a main thread)."""
    setup(settings)
    return work(path, limits)
