"""One input file end to end: identify it, run the stages, never raise.

:func:`process` is the error boundary of the pipeline. Whatever happens to a file (unreadable, empty,
an unsupported type, an encoding the contract does not cover, an extraction error, a bug in a stage),
it returns a :class:`~pipeline.stages.DocResult` whose ``error`` is one line a person can act on; the
traceback is kept aside for ``--debug``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from extractors.readers import HEAD_BYTES, ExtractionError, InputError, detect
from extractors.settings import PDF, PdfSettings
from pipeline.stages import STAGES, DocResult, reader_settings

__all__ = [
    "DocTimeout", "InputError", "Limits", "check_file", "doc_id_of", "one_line", "pdf_settings", "process",
]

MAX_ERROR_CHARS = 400


class DocTimeout(Exception):
    """The document ran past ``--timeout`` (raised by the worker's alarm, :mod:`pipeline.workers`)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits per document (``--timeout``, ``--max-size``, ``--max-memory``, ``--max-inflate``)
    and its share of the cores; 0 = none (for ``ocr_threads``: the reader's default)."""

    timeout: float = 0.0
    max_bytes: int = 256 * 1024 * 1024
    #: RLIMIT_AS per worker: twice the peak of the largest real scan measured (~1 GB, bench notes)
    max_memory: int = 2048 * 1024 * 1024
    #: a page rendered for OCR (at extractors.settings.OCR.dpi) above this many pixels is refused
    #: (PdfSettings.max_page_pixels)
    max_page_pixels: int = PDF.max_page_pixels
    #: a compressed PDF stream inflating beyond this many bytes refuses the file
    #: (PdfSettings.max_stream_bytes)
    max_inflate: int = PDF.max_stream_bytes
    #: Tesseract processes for this document (OcrSettings.workers): the pool gives each of its document
    #: workers cores // workers, so the two kinds of processes never outnumber the cores
    ocr_threads: int = 0


def check_file(path: Path, limits: Limits) -> int:
    """The file's size; InputError for a FIFO, device, socket or folder, or a file over the limit.

    ``os.stat`` follows links, so a link named .txt to ``/dev/zero`` is refused as a device; nothing
    is opened before this check, so a FIFO never blocks the run.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode)
                else "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file")
        raise InputError(f"not a regular file ({kind}); give a PDF or a text file")
    if limits.max_bytes and info.st_size > limits.max_bytes:
        raise InputError(f"file too large ({info.st_size / 2**20:.0f} MB, the limit is "
                         f"{limits.max_bytes / 2**20:.0f} MB); raise it with --max-size MB")
    return info.st_size


def doc_id_of(data: bytes) -> str:
    """First 16 hex digits of the SHA-256 of the file's bytes.

    >>> doc_id_of(b"")
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()[:16]


def one_line(message: str) -> str:
    """Collapse whitespace so an error message is a single line, capped in length.

    >>> one_line("bad\\n  table   on page 3 ")
    'bad table on page 3'
    """
    text = " ".join(message.split())
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def pdf_settings(limits: Limits) -> PdfSettings:
    """The PDF reader's settings for one document: its caps and its share of the cores for OCR.

    >>> s = pdf_settings(Limits(max_inflate=2**20, ocr_threads=1))
    >>> s.max_stream_bytes, s.ocr.workers, s.max_page_pixels
    (1048576, 1, 400000000)
    """
    ocr = PDF.ocr if limits.ocr_threads <= 0 else dataclasses.replace(PDF.ocr, workers=limits.ocr_threads)
    return dataclasses.replace(PDF, max_stream_bytes=limits.max_inflate,
                               max_page_pixels=limits.max_page_pixels, ocr=ocr)


def _error_line(stage: str, exc: BaseException) -> str:
    """One actionable line for an exception raised by a stage."""
    if isinstance(exc, ExtractionError):
        return one_line(str(exc) or type(exc).__name__)
    if isinstance(exc, DocTimeout):
        return one_line(str(exc))
    if isinstance(exc, MemoryError):
        return one_line("out of memory reading this document (the per-worker limit is --max-memory); "
                        "raise the limit, or split or convert the file")
    if isinstance(exc, UnicodeError):
        return one_line(f"cannot decode the text ({exc}); save it as UTF-8")
    if isinstance(exc, OSError):
        return one_line(f"cannot read file ({exc.strerror or exc}); check it exists and is readable")
    return one_line(
        f"internal error in the {stage} stage ({type(exc).__name__}: {exc}); "
        "please report it with the file, rerun with --debug for the traceback"
    )


def _fail(result: DocResult, stage: str, exc: BaseException) -> None:
    result.status = "failed"
    result.failed_stage = stage
    result.error = _error_line(stage, exc)
    result.traceback = "".join(traceback.format_exception(exc))


def process(path: Path, limits: Limits | None = None) -> DocResult:
    """Run every stage on one input; never raises (except KeyboardInterrupt and the like).

    ``doc_id`` hashes the file's bytes; a file that cannot be read at all (or refused by
    :func:`check_file`) gets the hash of its path, so that its record still carries a stable ``doc_id``.
    """
    started = time.perf_counter()
    shown = str(path)
    try:
        check_file(path, limits or Limits())
        data = path.read_bytes()
    except Exception as exc:
        result = DocResult(path=shown, doc_id=doc_id_of(shown.encode("utf-8", "surrogateescape")))
        _fail(result, "read", exc)
        result.seconds = time.perf_counter() - started
        return result
    result = DocResult(path=shown, doc_id=doc_id_of(data))
    try:
        kinds = detect(path, data[:HEAD_BYTES]).input_kinds
        if len(kinds) == 1:  # known before reading (OCR text); a PDF's kind is measured
            result.input_kind = kinds[0]
    except Exception as exc:
        _fail(result, "read", exc)
    del data
    if result.status == "ok":
        token = reader_settings.set(pdf_settings(limits or Limits()))
        try:
            for stage in STAGES:
                try:
                    stage(result, path)
                except Exception as exc:
                    _fail(result, stage.__name__, exc)
                    break
        finally:
            reader_settings.reset(token)
    result.seconds = time.perf_counter() - started
    return result
