"""The stages of one document's run, listed in one place.

A stage is a plain function ``(result, path) -> None`` that fills its own slot of a
:class:`DocResult` and never overwrites another stage's slot (docling's pattern). :func:`pipeline.run.process`
runs :data:`STAGES` in order, stops at the first stage that raises, and turns the exception into a
``failed`` status with one actionable line.

Adding a stage: write the function, give it a slot on :class:`DocResult`, append it to :data:`STAGES`.
Stages call ``api.extract_document`` / ``scoring.run_checks`` through their modules, so a test can
monkeypatch either module attribute.

Page progress: while a PDF's pages are OCR'd (minutes for a long scan), :func:`extract` prints
``  name.pdf: OCR page 12/40`` lines straight to this process's stderr, at most one every
:data:`PAGE_PROGRESS_SECONDS`, when :func:`show_pages` switched them on in this process
(``pipeline.batch`` does so in each worker unless ``--quiet``). Only stderr: the data outputs are
the same either way.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from extractors import api
from extractors.readers import PageProgress
from extractors.records import Document, InputKind
from extractors.settings import PDF, PdfSettings
from pipeline import scoring
from pipeline.findings import Finding

Status = Literal["ok", "failed"]


@dataclass(slots=True)
class DocResult:
    """Everything one input produced; exactly one ``documents.jsonl`` record is written from it.

    ``traceback`` is kept for ``--debug`` only and never written to the data files.
    """

    path: str
    doc_id: str
    input_kind: InputKind | None = None
    status: Status = "ok"
    error: str | None = None
    #: the stage that failed, when ``status`` is ``failed`` (``"read"`` before any stage ran)
    failed_stage: str | None = None
    traceback: str | None = None
    seconds: float = 0.0
    # slots filled by the stages
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)


Stage = Callable[[DocResult, Path], None]

#: at most one page-progress line per document this often (seconds)
PAGE_PROGRESS_SECONDS = 2.0

_show_pages = False  # set per process by show_pages()

#: the PDF reader's settings for the document being processed (caps, OCR processes), set for each
#: document by :func:`pipeline.run.process` from its limits
reader_settings: ContextVar[PdfSettings] = ContextVar("reader_settings", default=PDF)


def show_pages(on: bool) -> bool:
    """Switch page-progress lines on or off in this process; returns the previous setting."""
    global _show_pages
    before, _show_pages = _show_pages, on
    return before


def page_printer(
    name: str,
    stream: TextIO | None = None,
    every: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> PageProgress:
    """A throttled page-progress callback: ``  name.pdf: OCR page 12/40`` on stderr.

    A line is printed when ``every`` seconds (default :data:`PAGE_PROGRESS_SECONDS`) have passed
    since the previous line, or since the printer was made, so a document OCR'd quickly prints
    nothing; once a line was printed, the last page is always printed too, to show the end.

    >>> import io
    >>> ticks, out = iter([0.0, 1.0, 2.5, 3.0, 3.5]), io.StringIO()
    >>> show = page_printer("scan.pdf", out, every=2.0, clock=lambda: next(ticks))
    >>> for k in range(1, 5):
    ...     show(k, 4)
    >>> print(out.getvalue(), end="")
      scan.pdf: OCR page 2/4
      scan.pdf: OCR page 4/4
    """
    last = clock()
    shown = False

    def show(done: int, total: int) -> None:
        nonlocal last, shown
        now = clock()
        gap = PAGE_PROGRESS_SECONDS if every is None else every
        if now - last < gap and not (shown and done == total):
            return
        last, shown = now, True
        print(f"  {name}: OCR page {done}/{total}", file=stream or sys.stderr, flush=True)

    return show


def extract(result: DocResult, path: Path) -> None:
    """Fill ``document`` (and the measured ``input_kind``) from the input file."""
    progress = page_printer(Path(result.path).name) if _show_pages else None
    doc = api.extract_document(path, result.doc_id, progress=progress, settings=reader_settings.get())
    result.document = doc
    result.input_kind = doc.input_kind


def score(result: DocResult, path: Path) -> None:
    """Fill ``findings`` by running every check of the rule catalogue."""
    if result.document is not None:
        result.findings = scoring.run_checks(result.document)


#: the stages in order; each name is what ``failed_stage`` reports
STAGES: tuple[Stage, ...] = (extract, score)
