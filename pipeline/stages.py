"""The stages of one document's run, listed in one place.

A stage is a plain function ``(result, path) -> None`` that fills its own slot of a
:class:`DocResult` and never overwrites another stage's slot (docling's pattern). :func:`pipeline.run.process`
runs :data:`STAGES` in order, stops at the first stage that raises, and turns the exception into a
``failed`` status with one actionable line.

Adding a stage: write the function, give it a slot on :class:`DocResult`, append it to :data:`STAGES`.
Stages call ``api.extract_document`` / ``scoring.run_checks`` through their modules, so a test can
monkeypatch either module attribute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from extractors import api
from extractors.records import Document, InputKind
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


def extract(result: DocResult, path: Path) -> None:
    """Fill ``document`` (and the measured ``input_kind``) from the input file."""
    doc = api.extract_document(path, result.doc_id)
    result.document = doc
    result.input_kind = doc.input_kind


def score(result: DocResult, path: Path) -> None:
    """Fill ``findings`` by running every check of the rule catalogue."""
    if result.document is not None:
        result.findings = scoring.run_checks(result.document)


#: the stages in order; each name is what ``failed_stage`` reports
STAGES: tuple[Stage, ...] = (extract, score)
