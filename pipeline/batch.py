"""Many inputs: walk folders, process files in a pool of worker processes, keep input order.

One bad file never stops the batch: :func:`pipeline.run.process` never raises, and a worker process
that dies (a fault in a PDF library, out of memory) becomes a ``failed`` document. After a crash the
pool is broken for every file still in it, so those files are run again one at a time, each in a
fresh single-worker pool, which tells the file that crashes apart from the innocent ones. On Ctrl-C
the files not yet started are dropped and the workers terminated (:func:`stop`).
"""

from __future__ import annotations

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
from pipeline.run import doc_id_of, one_line, process
from pipeline.stages import DocResult, show_pages

#: called after each document with (number done, total, result)
Progress = Callable[[int, int, DocResult], None]

#: environment each worker gets unless the user set it: one OCR thread per process (DESIGN.md:
#: Tesseract with default threading on 2 cores is ~10x slower than one single-threaded process per core)
WORKER_ENV: dict[str, str] = {"OMP_THREAD_LIMIT": "1"}

CRASH_ERROR = (
    "the worker process died while reading this file (a fault in a PDF/OCR library or out of memory); "
    "try it alone with --workers 1 --debug, or convert the file again"
)


def default_workers() -> int:
    """min(2, number of CPUs)."""
    return min(2, os.cpu_count() or 1)


def is_hidden(name: str) -> bool:
    """Hidden files and folders (``.git``, ``.DS_Store``) are skipped when walking.

    >>> is_hidden(".DS_Store"), is_hidden("report.pdf")
    (True, False)
    """
    return name.startswith(".")


def walk(folder: Path, skipped: list[Path] | None = None) -> list[Path]:
    """Supported files under a folder, hidden files and folders skipped.

    Each folder's files come in sorted order, then its subfolders, each in sorted order. Files of
    other types (not hidden) are appended to ``skipped`` when it is given.
    """
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        for name in sorted(files):
            if is_hidden(name):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
            elif skipped is not None:
                skipped.append(Path(root) / name)
    return found


def find_inputs(paths: Iterable[Path], skipped: list[Path] | None = None) -> list[Path]:
    """Expand folders into their supported files; keep files given by name whatever their suffix.

    Order is the order of ``paths``, each folder walked as in :func:`walk`; a file reached twice
    (given by name and inside a given folder) is kept once, at its first place. Files of other types
    met in the folders, and not given by name, are appended to ``skipped`` when it is given.
    """
    inputs: list[Path] = []
    seen: set[str] = set()
    other: list[Path] = []
    for path in paths:
        for found in walk(path, other) if path.is_dir() else [path]:
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

    def show(done: int, total: int, result: DocResult) -> None:
        line = f"[{done}/{total}] {Path(result.path).name} {result.status} {result.seconds:.1f}s"
        if result.error:
            line += f": {result.error}"
        print(line, file=stream or sys.stderr, flush=True)

    return show


def crashed(path: Path, error: str) -> DocResult:
    """The record of a file whose worker died: ``doc_id`` hashes the bytes as usual."""
    try:
        doc_id = doc_id_of(path.read_bytes())
    except OSError:
        doc_id = doc_id_of(str(path).encode("utf-8", "surrogateescape"))
    return DocResult(path=str(path), doc_id=doc_id, status="failed", error=one_line(error),
                     failed_stage="worker")


def _init_worker(pages: bool = False) -> None:
    for key, value in WORKER_ENV.items():
        os.environ.setdefault(key, value)
    show_pages(pages)  # each worker prints its own page-progress lines (stages.page_printer)


def _outcome(path: Path, future: Future[DocResult]) -> DocResult | None:
    """The result of a finished future; None when the pool broke under it (retry it alone)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
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
def _pool(workers: int, pages: bool = False) -> Iterator[ProcessPoolExecutor]:
    """A worker pool that waits for its workers on a normal exit and stops them on Ctrl-C.

    ``pages``: the workers print page-progress lines while they OCR.
    """
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(pages,))
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown()


def _alone(path: Path, pages: bool = False) -> DocResult:
    """Run one file in its own single-worker pool, so a crash is pinned on this file."""
    with _pool(1, pages) as pool:
        result = _outcome(path, pool.submit(process, path))
    return result if result is not None else crashed(path, CRASH_ERROR)


def run_batch(
    inputs: Sequence[Path], workers: int, progress: Progress | None = None, *, pages: bool = False
) -> list[DocResult]:
    """Process every input; results come back in input order, one per input.

    ``workers`` >= 1 uses that many worker processes; 0 runs everything in this process (no crash
    isolation; for debugging and tests). ``pages``: while a document's pages are OCR'd, the process
    working on it prints throttled ``  name.pdf: OCR page 12/40`` lines on stderr
    (:func:`pipeline.stages.page_printer`); ``progress`` is told after each whole document.
    """
    total = len(inputs)
    results: list[DocResult | None] = [None] * total
    done = 0

    def finish(index: int, result: DocResult) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if progress is not None:
            progress(done, total, result)

    if workers <= 0:
        before = show_pages(pages)
        try:
            for index, path in enumerate(inputs):
                finish(index, process(path))
        finally:
            show_pages(before)
    elif total:
        retry: list[int] = []
        with _pool(min(workers, total), pages) as pool:
            futures = {pool.submit(process, path): index for index, path in enumerate(inputs)}
            for future in as_completed(futures):
                index = futures[future]
                result = _outcome(inputs[index], future)
                if result is None:
                    retry.append(index)
                else:
                    finish(index, result)
        for index in sorted(retry):
            finish(index, _alone(inputs[index], pages))
    return [r for r in results if r is not None]
