# ruff: noqa: E402  (the imports below need the checkout root on sys.path first)
"""Shared test helpers: a small hand-built Document and a fake extractor/scorer.

Nothing here is autouse: a test asks for ``fake_pipeline`` to replace ``extract_document`` and
``run_checks`` with deterministic fakes keyed on the input's content. The fakes are module-level
functions, so they survive the fork into worker processes (``--workers N`` on Linux).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

# The checkout root on sys.path, so `pytest` works before `pip install -e .` (tests/extractors etc.
# have no __init__.py and would otherwise shadow the real packages as namespace packages).
ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import pytest

from extractors import api
from extractors.records import (
    DateRecord,
    Document,
    Figure,
    Indicator,
    NarrativeItem,
    Provenance,
    QuantityRecord,
    SectionSource,
    Total,
)
from pipeline import scoring
from pipeline.findings import Finding

#: content markers understood by the fake extractor
EXTRACTION_ERROR = "FAKE-EXTRACTION-ERROR"
CRASH = "FAKE-WORKER-CRASH"
BUG = "FAKE-BUG"
AGENCY = "สำนักงานเขตบางรัก"


def fig(raw: str) -> Figure:
    """A Figure from its printed text: ``fig("88.314")`` has 3 decimals."""
    text = raw.replace(",", "")
    return Figure(float(text), len(text.split(".")[1]) if "." in text else 0, raw)


def sample_document(doc_id: str, path: str) -> Document:
    """A small document: summary rows of two components (one group row), an audit row, totals,
    two quantities, a valid and an invalid date, one narrative item."""

    def prov(line: int, raw: str) -> Provenance:
        return Provenance(path=path, page=None, line=line, raw=raw)

    def row(source: SectionSource, ind: str, comp: int, line: int, weight: str, score: str, weighted: str,
            is_group: bool = False) -> Indicator:
        return Indicator(source=source, indicator=ind, component=comp, prov=prov(line, f"{ind}\t{weighted}"),
                         name=f"ตัวชี้วัด {ind}", unit="ร้อยละ", weight=fig(weight), score=fig(score),
                         weighted_score=fig(weighted), is_group=is_group)

    first = row("summary", "2.1", 2, 10, "20", "88.314", "17.663")
    first.result_text = "ร้อยละ 88.314 (ระดับ 5)"
    first.result = fig("88.314")
    first.level = 5
    return Document(
        doc_id=doc_id, path=path, input_kind="ocr-text", pages=None, agency=AGENCY, fiscal_year=2564,
        template="bma_2564",
        indicators=[
            first,
            row("summary", "2.2", 2, 11, "10", "85", "8.5"),
            row("summary", "3.1", 3, 12, "15", "82.067", "12.31"),
            row("summary", "3.3", 3, 13, "5", "99", "99", is_group=True),
            row("summary", "3.3.1", 3, 14, "5", "80", "4"),
            row("audit", "2.1", 2, 30, "20", "88.314", "17.663"),
        ],
        totals=[
            Total("summary", "component", 2, prov(15, "รวม\t26.163"), fig("30"), fig("26.163")),
            Total("summary", "component", 3, prov(16, "รวม\t16.31"), fig("20"), fig("16.31")),
            Total("summary", "overall", None, prov(17, "รวมเฉลี่ย\t42.474"), fig("50"), fig("42.474")),
            Total("audit", "overall", None, prov(31, "รวม\t17.663"), None, fig("17.663")),
        ],
        quantities=[
            QuantityRecord("area", "m2", 2400.0, "1 ไร่ 2 งาน", prov(20, "1 ไร่ 2 งาน"),
                           parts={"ไร่": 1.0, "งาน": 2.0}),
            QuantityRecord("money", "THB", 1234.5, "1,234.50 บาท", prov(21, "1,234.50 บาท"), decimals=2),
        ],
        dates=[
            DateRecord("๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔", dt.date(2021, 2, 15), dt.date(2021, 2, 25), "day",
                       prov(22, "๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔")),
            DateRecord("31 เมษายน 2564", None, None, "day", prov(23, "31 เมษายน 2564"), valid=False),
        ],
        narrative=[
            NarrativeItem("self_report", 2, "2.1", "support", "ได้รับความร่วมมือจากชุมชน",
                          prov(24, "- ได้รับความร่วมมือจากชุมชน")),
        ],
    )


def fake_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """Stands in for ``extractors.api.extract_document``; behaviour chosen by content markers."""
    text = path.read_bytes().decode("utf-8", "replace")
    if EXTRACTION_ERROR in text:
        raise api.ExtractionError("no indicator table found: is this a performance report?")
    if CRASH in text:
        os._exit(7)  # a worker process dying (segfault, OOM)
    if BUG in text:
        raise KeyError("component")
    return sample_document(doc_id, str(path))


def fake_checks(doc: Document) -> list[Finding]:
    """Stands in for ``pipeline.scoring.run_checks``: one error and one warning per document."""
    return [
        Finding("overall-total", "error", "คะแนนรวมไม่ตรงกับผลรวม", 42.474, 42.473, None, 17,
                "รวมเฉลี่ย\t42.474"),
        Finding("date-invalid", "warning", "วันที่ไม่มีอยู่จริง", "31 เมษายน 2564", None, None, 23,
                "31 เมษายน 2564"),
    ]


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the extractor and the checks with the fakes above."""
    monkeypatch.setattr(api, "extract_document", fake_extract)
    monkeypatch.setattr(scoring, "run_checks", fake_checks)
