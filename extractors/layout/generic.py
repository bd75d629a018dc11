"""Facts every form family states in its own words, read without a template (issue 10).

The phrases live in ``normalizers/data/generic_labels.json`` (data, not code): agency labels
("ส่วนราชการ :"), the scoring method stated in words (linear: เส้นตรง, บัญญัติไตรยางศ์, "+/- x ต่อ 1
ระดับ"; step: ขั้นบันได) and the phrases of the 1-5 point scale ("ระดับละ 1 คะแนน").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractors.ocr_text import Row
from extractors.records import Document
from normalizers.digits import to_arabic
from normalizers.text import fold


@dataclass(frozen=True, slots=True)
class GenericLabels:
    agency_labels: tuple[str, ...]
    dimension_labels: tuple[str, ...]
    method_linear: tuple[str, ...]
    method_per_level: re.Pattern[str]
    method_step: tuple[str, ...]
    points5_phrases: tuple[str, ...]
    #: summary-table column key -> header label, most specific first (คะแนนถ่วงน้ำหนัก before คะแนนที่ได้)
    summary_columns: tuple[tuple[str, str], ...]
    #: a summary header holding one of these has level-target columns (the template's order applies)
    summary_target_words: tuple[str, ...]


@cache
def generic_labels() -> GenericLabels:
    """The generic labels of ``normalizers/data/generic_labels.json``."""
    raw = json.loads(resources.files("normalizers").joinpath("data/generic_labels.json").read_text("utf-8"))
    return GenericLabels(
        agency_labels=tuple(raw["agency_labels"]),
        dimension_labels=tuple(raw["dimension_labels"]),
        method_linear=tuple(raw["method_linear"]),
        method_per_level=re.compile(raw["method_per_level"]),
        method_step=tuple(raw["method_step"]),
        points5_phrases=tuple(raw["points5_phrases"]),
        summary_columns=tuple(raw["summary_columns"].items()),
        summary_target_words=tuple(raw["summary_target_words"]),
    )


def stated_method(rows: list[Row], *, per_level: bool = True) -> str | None:
    """"linear" or "step" when the document states how scores are computed, else None.

    วิธีการคำนวณคะแนนที่ระบุไว้ในเอกสาร: "เทียบเกณฑ์แบบเส้นตรง" / "บัญญัติไตรยางศ์" / "+/- 10 ต่อ 1
    ระดับคะแนน" = เส้นตรง; "ขั้นบันได" = ขั้นบันได. Both stated: None (the reader cannot tell).
    ``per_level=False``: the "+/- x ต่อ 1 ระดับ" note is left to the template (it applies per form).
    """
    g = generic_labels()
    linear = step = False
    for row in rows:
        text = fold(row.text)
        if any(fold(p) in text for p in g.method_linear) or (
            per_level and g.method_per_level.search(to_arabic(row.text))
        ):
            linear = True
        if any(fold(p) in text for p in g.method_step):
            step = True
    if linear and not step:
        return "linear"
    if step and not linear:
        return "step"
    return None


def points5_stated(rows: list[Row]) -> bool:
    """The text says levels score 1-5 points ("ระดับละ 1 คะแนน", "(1.0000 - 5.0000 คะแนน)")."""
    phrases = [fold(p) for p in generic_labels().points5_phrases]
    return any(p in fold(row.text) for row in rows for p in phrases)


def apply_method(doc: Document, rows: list[Row], *, matched: bool) -> None:
    """Record the method the document states (``Document.scoring_method``).

    With a matched template, the forms' own notes decide and a method stated in words applies on
    top; without one, an unstated method is "unknown" (any known method may have been used).
    """
    method = stated_method(rows, per_level=not matched)
    doc.scoring_method = method if method is not None or matched else "unknown"
