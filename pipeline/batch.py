"""Many inputs: walk folders, process files in a pool of worker processes, keep input order.

One bad file never stops the batch: :func:`pipeline.run.process` never raises, and a worker process
that dies (a fault in a PDF library, out of memory) becomes a ``failed`` document. After a crash the
pool is broken for every file still in it, so those files are run again one at a time, each in a
fresh single-worker pool, which tells the file that crashes apart from the innocent ones. On Ctrl-C
the files not yet started are dropped and the workers terminated (:func:`stop`).

Files whose result is in the cache (:mod:`pipeline.cache`) are not run again. The others are
started largest first (a long scan does not finish last), on as many workers as cores by default;
Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``), and each document worker runs
``cores // workers`` Tesseract processes at once (:func:`ocr_share`): never more than the cores.
A folder that cannot be read becomes a ``failed`` record of its own (:func:`walk`,
:func:`unreadable_folder`).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TextIO

from extractors.api import SUPPORTED_SUFFIXES
from pipeline import workers as worker
from pipeline.cache import Cache, content_hash, key
from pipeline.names import printable
from pipeline.outputs import DocRows, to_rows
from pipeline.run import DocTimeout, InputError, Limits, check_file, doc_id_of
from pipeline.stages import DocResult, show_pages

#: called after each document with (number done, total, result)
Progress = Callable[[int, int, DocRows], None]

CRASH_ERROR = (
    "the worker process died while reading this file (a fault in a PDF/OCR library, or out of memory: "
    "the limit per worker is --max-memory); try it alone with --workers 1 --debug, or convert the file again"
)


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers() -> int:
    """One worker per core."""
    return cores()


def ocr_share(workers: int, available: int | None = None) -> int:
    """Tesseract processes for each of ``workers`` documents run at once: the cores shared out.

    >>> ocr_share(2, 2), ocr_share(1, 2), ocr_share(3, 8), ocr_share(4, 2)
    (1, 2, 2, 1)
    """
    return max(1, (cores() if available is None else available) // max(1, workers))


def is_hidden(name: str) -> bool:
    """Hidden files and folders (``.git``, ``.DS_Store``) are skipped when walking.

    >>> is_hidden(".DS_Store"), is_hidden("report.pdf")
    (True, False)
    """
    return name.startswith(".")


def walk(folder: Path, skipped: list[Path] | None = None, unreadable: list[Path] | None = None) -> list[Path]:
    """Supported files under a folder, hidden files and folders skipped.

    Each folder's files come in sorted order, then its subfolders, each in sorted order. Files of
    other types (not hidden) are appended to ``skipped`` when it is given; folders that cannot be
    listed (no permission) to ``unreadable``.
    """
    found: list[Path] = []

    def failed(error: OSError) -> None:
        if unreadable is not None and error.filename is not None:
            unreadable.append(Path(os.fsdecode(error.filename)))

    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        for name in sorted(files):
            if is_hidden(name):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
            elif skipped is not None:
                skipped.append(Path(root) / name)
    return found


def find_inputs(paths: Iterable[Path], skipped: list[Path] | None = None,
                unreadable: list[Path] | None = None) -> list[Path]:
    """Expand folders into their supported files; keep files given by name whatever their suffix.

    Order is the order of ``paths``, each folder walked as in :func:`walk`; a file reached twice
    (given by name and inside a given folder) is kept once, at its first place. Files of other types
    met in the folders, and not given by name, are appended to ``skipped`` when it is given.
    """
    inputs: list[Path] = []
    seen: set[str] = set()
    other: list[Path] = []
    for path in paths:
        for found in walk(path, other, unreadable) if path.is_dir() else [path]:
            key = os.path.realpath(found)
            if key not in seen:
                seen.add(key)
                inputs.append(found)
    if skipped is not None:
        kept: set[str] = set()
        for path in other:
            key = os.path.realpath(path)
            if key not in seen and key not in kept:
                kept.add(key)
                skipped.append(path)
    return inputs


def stderr_progress(stream: TextIO | None = None) -> Progress:
    """A progress printer: ``[3/40] name.pdf ok 0.4s`` (with the error line when failed)."""

    def show(done: int, total: int, result: DocRows) -> None:
        line = f"[{done}/{total}] {printable(Path(result.path).name)} {result.status} {result.seconds:.1f}s"
        if result.cached:
            line += " (cached)"
        if result.error:
            line += f": {printable(result.error)}"
        print(line, file=stream or sys.stderr, flush=True)

    return show


def crashed(path: Path, error: str) -> DocRows:
    """The record of a file whose worker died: ``doc_id`` hashes the bytes as usual."""
    return to_rows(worker.failed(path, error, "worker"))


def unreadable_folder(folder: Path) -> DocRows:
    """The ``failed`` record of a folder that cannot be listed (its files are unknown)."""
    error = "cannot read this folder (no permission, or it vanished); its files were not read"
    doc_id = doc_id_of(str(folder).encode("utf-8", "surrogateescape"))
    return to_rows(DocResult(path=str(folder), doc_id=doc_id, status="failed", error=error,
                             failed_stage="read"))


def _outcome(path: Path, future: Future[DocRows]) -> DocRows | None:
    """The result of a finished future; None when the pool broke under it (retry it alone)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except DocTimeout as exc:  # the worker's alarm, wherever it rang: a timeout, not an internal error
        return to_rows(worker.failed(path, str(exc), "timeout"))
    except Exception as exc:  # e.g. a result that cannot be sent back from the worker
        return crashed(path, f"internal error passing the result back ({type(exc).__name__}: {exc})")


def stop(pool: ProcessPoolExecutor) -> None:
    """Drop the files not yet started and end the worker processes now.

    ``shutdown(wait=True)`` (what ``with`` does) would run every queued file to the end, and a
    worker that got Ctrl-C itself goes on to the next file, so after Ctrl-C the batch would carry on
    for minutes behind the user's back.
    """
    terminate: Callable[[], None] | None = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    # before 3.14 there is no public way; shutdown() forgets the processes, so take them first
    processes: Mapping[int, BaseProcess] = getattr(pool, "_processes", None) or {}
    workers = list(processes.values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        proc.terminate()


@contextmanager
def _pool(workers: int, settings: worker.Settings) -> Iterator[ProcessPoolExecutor]:
    """A worker pool that waits for its workers on a normal exit and stops them on Ctrl-C."""
    # the pool's pid is taken here: a worker started while this process is killed notices it
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker.setup,
                               initargs=(settings, os.getpid()))
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown()


def _alone(path: Path, settings: worker.Settings) -> DocRows:
    """Run one file in its own single-worker pool, so a crash is pinned on this file.

    A worker that stopped itself past ``--timeout`` (:func:`pipeline.workers.marker`) is a timeout.
    """
    with _pool(1, settings) as pool:
        result = _outcome(path, pool.submit(worker.work, path, settings.limits))
    if result is not None:
        return result
    if settings.tmpdir is not None and worker.marker(settings.tmpdir, path).exists():
        return to_rows(worker.failed(path, worker.timeout_error(settings.limits.timeout), "timeout"))
    return crashed(path, CRASH_ERROR)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run_batch(
    inputs: Sequence[Path],
    workers: int,
    progress: Progress | None = None,
    *,
    pages: bool = False,
    limits: Limits | None = None,
    tmpdir: Path | None = None,
    cache: Cache | None = None,
    force: bool = False,
    dask: str | None = None,
) -> list[DocRows]:
    """Process every input; results come back in input order, one per input.

    ``workers`` >= 1 uses that many worker processes; 0 runs everything in this process (no crash
    isolation; for debugging and tests). ``pages``: while a document's pages are OCR'd, the process
    working on it prints throttled ``  name.pdf: OCR page 12/40`` lines on stderr
    (:func:`pipeline.stages.page_printer`); ``progress`` is told after each whole document.
    ``cache``: results of earlier runs are taken from it (unless ``force``) and new ``ok`` results
    put in it as soon as each is done. ``dask``: a scheduler address, or ``local``
    (:mod:`pipeline.dask_run`).
    """
    limits = limits or Limits()
    total = len(inputs)
    results: list[DocRows | None] = [None] * total
    keys: dict[int, tuple[str, str]] = {}  # index -> (cache key, SHA-256 of the bytes hashed)
    done = 0

    def finish(index: int, result: DocRows) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if cache is not None and index in keys and not result.cached:
            k, digest = keys[index]
            if digest.startswith(result.doc_id):  # not changed between hashing and reading
                cache.put(k, result)
        if progress is not None:
            progress(done, total, result)

    todo: list[int] = []
    for index, path in enumerate(inputs):
        if cache is not None:
            try:
                check_file(path, limits)
                digest = content_hash(path)
            except (OSError, InputError):
                pass  # the worker makes its failed record
            else:
                keys[index] = (key(path, digest), digest)
                hit = None if force else cache.get(keys[index][0], path)
                if hit is not None:
                    finish(index, hit)
                    continue
        todo.append(index)
    todo.sort(key=lambda i: -_size(inputs[i]))  # largest first; ties keep input order
    n = max(1, min(workers, len(todo)))
    if limits.ocr_threads <= 0:
        # document workers x Tesseract processes never outnumber the cores; a remote Dask cluster runs
        # one document per worker thread, one thread per core (docs/notes/i-dask.md): one Tesseract each
        share = ocr_share(n) if dask is None or dask == "local" else 1
        limits = dataclasses.replace(limits, ocr_threads=share)
    settings = worker.Settings(limits=limits, tmpdir=None if tmpdir is None else str(tmpdir), pages=pages,
                               isolate=workers > 0)
    if dask is not None and todo:
        from pipeline.dask_run import run_dask

        run_dask(dask, [(i, inputs[i]) for i in todo], settings, max(1, workers), finish)
    elif workers <= 0:
        before = show_pages(pages)
        try:
            for index in sorted(todo):
                finish(index, worker.work(inputs[index], limits))
        finally:
            show_pages(before)
    elif todo:
        retry: list[int] = []
        with _pool(n, settings) as pool:
            futures = {pool.submit(worker.work, inputs[index], limits): index for index in todo}
            for future in as_completed(futures):
                index = futures[future]
                result = _outcome(inputs[index], future)
                if result is None:
                    retry.append(index)
                else:
                    finish(index, result)
        for index in sorted(retry):
            finish(index, _alone(inputs[index], settings))
    return [r for r in results if r is not None]
