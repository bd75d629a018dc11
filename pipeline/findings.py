"""The Finding record, the rule catalogue of CONTRACT.md, and the helpers every rule writes findings with."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from extractors.records import BBox, Figure, Line, Provenance
from normalizers.digits import THAI_DIGITS

Severity = Literal["error", "warning", "info"]

#: rule id -> what it checks (CONTRACT.md, "Rule catalogue")
RULES: dict[str, str] = {
    "weighted-score": "คะแนนถ่วงน้ำหนัก ≠ score × weight / 100",
    "component-total": "weighted scores of a component do not add up to its printed total",
    "overall-total": "component totals do not add up to the printed overall total",
    "weight-total": "weights do not add up to the component's weight, or all weights to 100",
    "level-score": "the score is not the score of the printed level",
    "criteria-score": "the score is not what the criteria give for the result value",
    "subscore-sum": "listed part scores do not add up to the printed total",
    "subscore-max": "a part scores more than its maximum",
    "percent-ratio": "a printed percentage is not 100 × part / whole",
    "quantity-sum": "listed quantities do not add up to their printed total",
    "area-conversion": "one area printed in two units disagrees",
    "area-units": "an implausible unit mix",
    "count-total": "a table column does not add up to its printed รวม row",
    "day-count": "a printed number of days differs from the length of the printed date range",
    "date-invalid": "a date that does not exist",
    "date-range": "a date implausibly far from the report's fiscal year",
    "cross-source": "the self-report, audit and summary sections disagree on one indicator",
}

Reported = float | str | None


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where a document contradicts itself (or a note that a check could not run)."""

    rule: str
    severity: Severity
    message: str
    reported: Reported
    expected: Reported
    page: int | None
    line: int | None
    excerpt: str
    indicator: str | None = None
    #: where the place is printed (PDF points from the top-left of its page), where known
    bbox: BBox | None = None

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}")

    def sort_key(self) -> tuple[int, int, str]:
        """Order by page, then line, then rule (unknown positions last)."""
        return (self.page or 0, self.line if self.line is not None else 10**9, self.rule)


# ---------------------------------------------------------------- making findings, writing numbers


def make_finding(
    rule: str,
    severity: Severity,
    message: str,
    *,
    reported: Reported,
    expected: Reported,
    prov: Provenance | None,
    indicator: str | None = None,
) -> Finding:
    """A Finding located by ``prov`` (page, line, and the raw text as excerpt).

    >>> make_finding("count-total", "error", "m", reported=72.0, expected=74.0,
    ...              prov=Provenance("a.txt", None, 935, "รวม\\t๗๒")).line
    935
    """
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        reported=reported,
        expected=expected,
        page=prov.page if prov else None,
        line=prov.line if prov else None,
        excerpt=prov.raw if prov else "",
        indicator=indicator,
        bbox=prov.bbox if prov else None,
    )


# ---------------------------------------------------------------- the certainty policy (docs/certainty.md)

#: why a finding is a warning, not an error, when a figure entering the rule was not read with certainty
UNCERTAIN_FIGURES = "ตัวเลขบางตัวอ่านได้ไม่แน่นอน (OCR หรือช่องที่มีมากกว่าหนึ่งตัวเลข) ตรวจสอบกับต้นฉบับ"


def severity_for(
    figures: Iterable[object], *, structure_known: bool = True, outside_rounding: bool = True
) -> Severity:
    """The severity a disagreement earns under the certainty policy.

    ``error`` only when every figure entering the rule was read with certainty (a figure without a
    ``certain`` attribute counts as certain), the structure is identified (which rows make the total,
    which method scores) and the difference lies outside every rounding interval; else ``warning``.
    (A rule that cannot prove either reading wrong yields nothing at all.)

    >>> severity_for([Figure(1.0, 0, "1")]), severity_for([Figure(1.0, 0, "1", certain=False)])
    ('error', 'warning')
    >>> severity_for([], structure_known=False)
    'warning'
    """
    certain = all(getattr(f, "certain", True) for f in figures)
    return "error" if certain and structure_known and outside_rounding else "warning"


#: why an ``error`` on a scanned page printed in Thai digits is a warning (the page's OCR cannot vouch)
THAI_DIGIT_SCAN = (
    "หน้าสแกนที่พิมพ์ด้วยเลขไทย: OCR แยกเลขไทยบางตัว (๒/๖, ๔/๕/๘) ได้ไม่แน่นอน ตรวจสอบกับต้นฉบับ"
)


def thai_digit_scan_pages(lines: Iterable[Line]) -> frozenset[int]:
    """The pages read by OCR from a page image whose figures are printed in Thai digits (more Thai
    digits than Arabic ones: a stray ๐ OCR made of a speck does not make a page Thai).

    Tesseract's Thai model has no ๔ ๖ ๗ ๘ ๙ (it writes ๒ ๕ or letters for them) and the glyph
    re-reader is not certain enough of them (docs/certainty.md), so no figure on such a page is
    read with certainty.

    >>> sorted(thai_digit_scan_pages([Line(2, 1, "รวม ๑๐๐", "", source="ocr"),
    ...                               Line(3, 1, "รวม ๑๐๐", "", source="text_layer"),
    ...                               Line(4, 1, "๐ รวม 100", "", source="ocr")]))
    [2]
    """
    balance: Counter[int] = Counter()
    for ln in lines:
        if ln.source == "ocr" and ln.page is not None:
            text = ln.text
            balance[ln.page] += sum(c in THAI_DIGITS for c in text) - sum(c in "0123456789" for c in text)
    return frozenset(page for page, b in balance.items() if b > 0)


def scan_certainty(findings: Iterable[Finding], uncertain_pages: frozenset[int]) -> list[Finding]:
    """``error`` findings on ``uncertain_pages`` become warnings that say why; others unchanged."""
    return [
        dataclasses.replace(f, severity="warning", message=f"{f.message} ({THAI_DIGIT_SCAN})")
        if f.severity == "error" and f.page in uncertain_pages else f
        for f in findings
    ]


#: rules whose figures are read from running text (audit reasons, narrative), not from table cells
TEXT_RULES: frozenset[str] = frozenset({
    "subscore-sum", "subscore-max", "percent-ratio", "quantity-sum", "area-conversion", "area-units",
    "day-count", "date-invalid", "date-range"})
#: why an ``error`` from figures OCR read in running text is a warning
OCR_TEXT_READING = "ตัวเลขในข้อความที่ OCR อ่านจากภาพเพียงครั้งเดียว (ไม่มีการอ่านซ้ำยืนยัน) ตรวจสอบกับต้นฉบับ"


def ocr_lines(lines: Iterable[Line]) -> frozenset[tuple[int, int]]:
    """(page, line) of the lines read by OCR from a page image."""
    return frozenset((ln.page, ln.line) for ln in lines if ln.source == "ocr" and ln.page is not None)


def ocr_text_certainty(findings: Iterable[Finding], read_by_ocr: frozenset[tuple[int, int]]) -> list[Finding]:
    """``error`` findings of :data:`TEXT_RULES` on lines read by OCR become warnings that say why.

    A table cell's figure on a scan is read two or three times and voted on
    (:mod:`extractors.ocr_numbers`); a figure in running text is read once by the page pass, which
    inserts, drops and swaps digits ("ผลงาน 640 คะแนน" for 40, "4 55" for 4.55) with high confidence.
    """
    return [
        dataclasses.replace(f, severity="warning", message=f"{f.message} ({OCR_TEXT_READING})")
        if f.severity == "error" and f.rule in TEXT_RULES and (f.page, f.line) in read_by_ocr else f
        for f in findings
    ]


def uncertainty_note(figures: Iterable[object]) -> str:
    """" (reason)" to append to a message when some figure is uncertain, else ""."""
    return "" if all(getattr(f, "certain", True) for f in figures) else f" ({UNCERTAIN_FIGURES})"


def not_checked(
    rule: str, message: str, *, reported: Reported, prov: Provenance | None, indicator: str | None = None
) -> Finding:
    """An ``info`` finding: the rule could not judge this place (a figure missing, unread or odd)."""
    return make_finding(
        rule, "info", message, reported=reported, expected=None, prov=prov, indicator=indicator
    )


def fmt(value: float, decimals: int | None = None) -> str:
    """A number written Thai-report style: thousands separators and ``decimals`` digits.

    Without ``decimals``, up to six, trailing zeros dropped.

    >>> fmt(16758.457, 3), fmt(10.0, 0), fmt(16758.457), fmt(123.0)
    ('16,758.457', '10', '16,758.457', '123')
    """
    if decimals is None:
        return f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{value:,.{max(decimals, 0)}f}"


def show(fig: Figure) -> str:
    """A printed figure as Arabic digits with its printed precision (Thai digits come out Arabic)."""
    return fmt(fig.value, fig.decimals)


def num(x: float, decimals: int | None = None) -> float:
    """A clean JSON number: ``decimals`` places (or 6), integral values as they are."""
    return round(x, 6 if decimals is None else decimals) + 0.0


def dec(x: float) -> Decimal:
    """The decimal a printed figure stands for: ``repr`` gives back its printed digits (9.0005)."""
    return Decimal(repr(x))


def expected(value: float | Decimal, decimals: int) -> float:
    """A recomputed value rounded half up to the printed precision it is compared with.

    Decimal arithmetic, so a value exactly halfway rounds up as the forms' spreadsheets do, where
    binary floats would not (90.005 × 10 ÷ 100 = 9.0005 → 9.001, not 9.000):

    >>> expected(dec(90.005) * dec(10) / 100, 3), expected(18.2445, 3)
    (9.001, 18.245)
    """
    d = value if isinstance(value, Decimal) else dec(value)
    if not d.is_finite():
        return float(d)
    return float(d.quantize(Decimal(1).scaleb(-max(decimals, 0)), rounding=ROUND_HALF_UP))


def exact_sum(figs: Iterable[Figure]) -> float:
    """The decimal sum of printed figures (10.1 + 8.2 = 18.3, not 18.299999999999997)."""
    return float(sum((dec(f.value) for f in figs), Decimal(0)))
