"""One input file end to end: identify it, run the stages, never raise.

:func:`process` is the error boundary of the pipeline. Whatever happens to a file (unreadable, empty,
an unsupported type, an encoding the contract does not cover, an extraction error, a bug in a stage),
it returns a :class:`~pipeline.stages.DocResult` whose ``error`` is one line a person can act on; the
traceback is kept aside for ``--debug``.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from pathlib import Path
from typing import Literal

from extractors.api import PDF_SUFFIXES, SUPPORTED_SUFFIXES, ExtractionError
from pipeline.stages import STAGES, DocResult

FileKind = Literal["pdf", "text"]

PDF_MAGIC = b"%PDF-"
#: PDF readers accept junk before the header within the first kilobyte
PDF_MAGIC_WINDOW = 1024
MAX_ERROR_CHARS = 400


class InputError(Exception):
    """An input rejected before extraction; the message is the one-line error."""


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


def file_kind(path: Path, data: bytes) -> FileKind:
    """PDF or text, from the suffix checked against the content; raise InputError otherwise.

    Decoding text (UTF-8, TIS-620, cp874) is the extractor's job (``extractors.ocr_text.decode``).

    >>> file_kind(Path("scan.PDF"), b"%PDF-1.7 ...")
    'pdf'
    >>> file_kind(Path("report.txt"), "รายงาน".encode())
    'text'
    >>> file_kind(Path("report.txt"), b"%PDF-1.4 ...")
    Traceback (most recent call last):
    ...
    pipeline.run.InputError: a PDF file named '.txt'; rename it to .pdf
    """
    suffix = path.suffix.lower()
    if not data:
        raise InputError("empty file (0 bytes); export or copy the report again")
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix or '(no suffix)'!r}; "
            "give a PDF, or OCR output saved as .txt or .md"
        )
    is_pdf = PDF_MAGIC in data[:PDF_MAGIC_WINDOW]
    if suffix in PDF_SUFFIXES:
        if not is_pdf:
            raise InputError("not a PDF (no %PDF- header): damaged, or another format renamed .pdf")
        return "pdf"
    if is_pdf:
        raise InputError(f"a PDF file named {suffix!r}; rename it to .pdf")
    return "text"


def _error_line(stage: str, exc: BaseException) -> str:
    """One actionable line for an exception raised by a stage."""
    if isinstance(exc, ExtractionError | InputError):
        return one_line(str(exc) or type(exc).__name__)
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


def process(path: Path) -> DocResult:
    """Run every stage on one input; never raises (except KeyboardInterrupt and the like).

    ``doc_id`` hashes the file's bytes; a file that cannot be read at all gets the hash of its
    path, so that its record still carries a stable ``doc_id``.
    """
    started = time.perf_counter()
    shown = str(path)
    try:
        data = path.read_bytes()
    except Exception as exc:
        result = DocResult(path=shown, doc_id=doc_id_of(shown.encode("utf-8", "surrogateescape")))
        _fail(result, "read", exc)
        result.seconds = time.perf_counter() - started
        return result
    result = DocResult(path=shown, doc_id=doc_id_of(data))
    try:
        if file_kind(path, data) == "text":
            result.input_kind = "ocr-text"
    except Exception as exc:
        _fail(result, "read", exc)
    del data
    if result.status == "ok":
        for stage in STAGES:
            try:
                stage(result, path)
            except Exception as exc:
                _fail(result, stage.__name__, exc)
                break
    result.seconds = time.perf_counter() - started
    return result
