"""Typed records that extraction hands on to the pipeline.

A leaf module: it imports nothing of ours, so both the extractors and the pipeline can use it
without an import cycle. Every record carries a :class:`Provenance` (file, page, line, bbox where
known, and the raw text it was read from).

Numbers printed in a report are kept as :class:`Figure` (value plus printed precision) so that the
scoring stage can judge agreement by interval arithmetic on what the document actually printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["text_layer", "ocr", "ocr_text"]
InputKind = Literal["ocr-text", "pdf-text", "pdf-scanned", "pdf-mixed"]
SectionSource = Literal["self_report", "audit", "summary"]
#: a box ``(x0, top, x1, bottom)`` in PDF points from the top-left of the page
BBox = tuple[float, float, float, float]
NarrativeKind = Literal[
    "support", "obstacle", "evidence", "strength", "weakness", "recommendation", "explanation"
]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a piece of data came from."""

    path: str
    page: int | None
    line: int | None
    raw: str
    source: SourceKind = "ocr_text"
    bbox: BBox | None = None


#: an OCR-read figure at least this confident is certain (extractors.ocr_numbers)
CERTAIN_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as printed: its value, its printed decimals and its raw text.

    >>> Figure(88.314, 3, "88.314").half_unit
    0.0005
    """

    value: float
    decimals: int
    raw: str
    #: read with certainty: a text layer or OCR text judged sound, the number parsed whole. A rule
    #: raises ``error`` only on certain figures (docs/certainty.md); False makes its finding a warning.
    #: A figure OCR read with ``confidence`` below ``CERTAIN_CONFIDENCE`` is never certain.
    certain: bool = field(default=True, kw_only=True)
    #: how sure the reader is of the figure (0-1), for figures read by OCR from a scan; None for a
    #: figure read from text (a text layer, OCR text).
    confidence: float | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        """An OCR-read figure below ``CERTAIN_CONFIDENCE`` may be misread: not certain.

        >>> Figure(100.0, 3, "100.000").certain, Figure(100.0, 3, "100.000", confidence=0.5).certain
        (True, False)
        """
        if self.certain and self.confidence is not None and self.confidence < CERTAIN_CONFIDENCE:
            object.__setattr__(self, "certain", False)

    @property
    def half_unit(self) -> float:
        """Half of the last printed digit: the rounding interval's radius."""
        return 0.5 * 10.0 ** (-self.decimals)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text of a document, cleaned, with its raw text.

    ``text`` is plain text: table cells stay separated by tabs, and block elements inside a line
    (HTML ``<p>``, ``<li>``, ``<br>`` in OCR output) become newlines, so each newline-separated piece
    of ``text`` is one item (bullet or paragraph).

    ``cells`` are the cells as the reader found them (``text`` is their tab join), with their boxes
    in ``cell_bboxes`` where known (None for an empty cell); empty ``cells`` means one cell, ``text``.
    Use :meth:`of_cells` to make a line from cells.
    """

    page: int | None
    line: int
    text: str
    raw: str
    bbox: BBox | None = None
    source: SourceKind = "ocr_text"
    cells: tuple[str, ...] = ()
    cell_bboxes: tuple[BBox | None, ...] = ()
    #: per cell, the confidence (0-1) of the figures OCR read in it; None: text, or no figure
    cell_confidences: tuple[float | None, ...] = ()

    @classmethod
    def of_cells(
        cls,
        page: int | None,
        line: int,
        cells: tuple[str, ...],
        raw: str,
        bbox: BBox | None = None,
        source: SourceKind = "ocr_text",
        cell_bboxes: tuple[BBox | None, ...] = (),
        cell_confidences: tuple[float | None, ...] = (),
    ) -> Line:
        """A line of ``cells``; its ``text`` is their tab join.

        >>> Line.of_cells(1, 3, ("ตัวชี้วัด", "80"), "ตัวชี้วัด 80").text
        'ตัวชี้วัด\\t80'
        """
        return cls(page, line, "\t".join(cells), raw, bbox, source, cells, cell_bboxes, cell_confidences)

    @property
    def cell_list(self) -> list[str]:
        """The line's cells (one, ``text``, when the reader gave none)."""
        return list(self.cells) if self.cells else [self.text]


@dataclass(slots=True)
class Row:
    """One logical line handed to the layout: a table row (several cells) or a line of text (one cell).

    Made by :func:`extractors.ocr_text.make_row` from the cells a reader found (OCR text, a PDF text
    layer, a scan); never by splitting a joined text again.
    """

    line: int
    raw: str
    cells: list[str]
    is_table: bool
    #: lines of page-break continuations merged into this row
    continued: list[int] = field(default_factory=list)
    #: a page break (blank line or "--" separator) came right before this row
    after_break: bool = False
    #: the page of a PDF row (None for OCR text, whose provenance is the line)
    page: int | None = None
    #: the box of the row's first line, when known (PDF text layer, scans)
    bbox: BBox | None = None
    source: SourceKind = "ocr_text"
    #: the box of each cell of the row's first line, where known (None: not known or empty)
    cell_bboxes: list[BBox | None] = field(default_factory=list)
    #: per cell, the confidence (0-1) of the figures OCR read in it (None: text or no figure);
    #: the layout copies it to the cell's Figure.confidence
    cell_confidences: list[float | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    def cell(self, i: int) -> str:
        return self.cells[i] if 0 <= i < len(self.cells) else ""


@dataclass(slots=True)
class Criteria:
    """Scoring criteria of one indicator, read from a self-report form or the summary table.

    ``level_scores`` maps level to score from the criteria header (ระดับ 1 (60 คะแนน) ...).
    ``thresholds`` are the numeric targets per level when the criteria are numeric; with agency
    groups (กลุ่มหน่วยงาน A–D) they come from the checked group's row.
    """

    indicator: str
    source: SectionSource
    prov: Provenance
    level_scores: dict[int, float] = field(default_factory=dict)
    thresholds: dict[int, Figure] = field(default_factory=dict)
    group_thresholds: dict[str, dict[int, Figure]] = field(default_factory=dict)
    group: str | None = None
    text_levels: dict[int, str] = field(default_factory=dict)
    # "+/- 10 ต่อ 1 ระดับคะแนน": points per level used for linear interpolation; None = step rule
    interpolation: float | None = None
    # "* กรณีผลการดำเนินงานต่ำกว่าค่าเป้าหมายระดับ 1 จะได้คะแนนเท่ากับค่าเป้าหมายระดับ 1"
    floor_at_level1: bool = False


@dataclass(slots=True)
class Indicator:
    """One indicator row of one section (self-report, audit or summary)."""

    source: SectionSource
    indicator: str
    component: int
    prov: Provenance
    name: str | None = None
    unit: str | None = None
    weight: Figure | None = None
    result_text: str | None = None
    result: Figure | None = None
    level: int | None = None
    score: Figure | None = None
    weighted_score: Figure | None = None
    # a summary row that only heads sub-indicators (3.3 with 3.3.1 and 3.3.2 under it)
    is_group: bool = False


@dataclass(slots=True)
class Total:
    """A printed total: of one component, or the overall total of a section."""

    source: SectionSource
    scope: Literal["component", "overall"]
    component: int | None
    prov: Provenance
    weight: Figure | None = None
    reported: Figure | None = None


@dataclass(slots=True)
class SubScore:
    """One part of a sub-score breakdown (audit reasons, innovation score table)."""

    label: str
    score: Figure | None
    prov: Provenance
    maximum: Figure | None = None
    unit: str = "คะแนน"


@dataclass(slots=True)
class SubScoreGroup:
    """Listed part scores with their printed total (and maximum) for one indicator."""

    source: SectionSource
    indicator: str | None
    parts: list[SubScore]
    prov: Provenance
    total: Figure | None = None
    total_prov: Provenance | None = None
    maximum: Figure | None = None
    unit: str = "คะแนน"


@dataclass(slots=True)
class TableRow:
    """A body row of a count table: its label and its cells as printed."""

    label: str
    cells: list[str]
    values: list[Figure | None]
    prov: Provenance


@dataclass(slots=True)
class CountTable:
    """A table whose numeric columns end in a printed รวม (total) row."""

    title: str
    header: list[str]
    rows: list[TableRow]
    total: TableRow | None
    prov: Provenance


@dataclass(slots=True)
class QuantityRecord:
    """A measurement found in text or a table cell, in its contract unit."""

    kind: str
    unit: str
    value: float
    raw: str
    prov: Provenance
    decimals: int = 0
    # area parts as printed (ไร่, งาน, ตารางวา, ตารางเมตร), for conversion checks
    parts: dict[str, float] = field(default_factory=dict)
    # an implausible unit mix and the value under the likely unit (area-units)
    suspicious: str | None = None
    likely_value: float | None = None


@dataclass(slots=True)
class DateRecord:
    """A date or date range found in text, in Common Era; ``valid`` is False for 31 เมษายน."""

    raw: str
    start: dt.date | None
    end: dt.date | None
    precision: Literal["day", "month", "year"]
    prov: Provenance
    valid: bool = True


# ---------------------------------------------------------------- facts stated in running text
# Read from narrative text by extractors/text_facts.py; each is one statement the rules of
# pipeline/rules verify. ``prov.raw`` is the excerpt of the item the statement was read from.


@dataclass(frozen=True, slots=True)
class Measure:
    """A quantity as printed in text, in its contract unit, with what its rounding means.

    ``step`` is the contract units per unit of the last printed part (ตารางวา: 4 m²; else 1);
    a whole count (``exact``) is exact, every other figure stands for its rounding interval.
    """

    kind: str
    unit: str
    value: float
    decimals: int
    raw: str
    step: float = 1.0
    suspicious: str | None = None
    likely_value: float | None = None

    @property
    def exact(self) -> bool:
        return self.kind == "count" and self.decimals == 0


@dataclass(frozen=True, slots=True)
class Ratio:
    """A printed percentage computed from two figures: "624 ร้าน จาก 733 ร้าน คิดเป็นร้อยละ 85.13".

    ``whole`` names the figure a word (จาก / ทั้งหมด / เป้าหมาย) marks as the whole; None when
    no word tells which is the whole.
    """

    percent: Figure
    first: Measure
    second: Measure
    whole: Literal["first", "second"] | None
    prov: Provenance


@dataclass(frozen=True, slots=True)
class ListTotal:
    """Listed parts and their printed total ("รวม ...", or "X ตัน แบ่งเป็น ...").

    ``prefixes``: the parts were read without list markers (their end is uncertain), so the first
    k >= 2 of them adding up to the total is agreement too. ``how`` says where the list stands.
    """

    total: Measure
    parts: tuple[Measure, ...]
    how: str
    prov: Provenance
    prefixes: bool = False


@dataclass(frozen=True, slots=True)
class DayCount:
    """A printed number of days beside a printed date range (or list of dates).

    ``days`` is the sum of the dates' lengths, both ends counted; ``span_days`` the length from
    the first date to the last.
    """

    printed: int
    raw: str
    range_raw: str
    days: int
    span_days: int
    prov: Provenance


@dataclass(frozen=True, slots=True)
class AreaStatement:
    """An area printed in text; ``metric`` its restatement in ตารางเมตร when one follows it."""

    area: Measure
    prov: Provenance
    metric: Measure | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date of ``Document.dates`` in its context; ``history`` when told as history (ก่อตั้งเมื่อ)."""

    date: DateRecord
    prov: Provenance
    history: bool = False


@dataclass(slots=True)
class NarrativeItem:
    """One bullet or paragraph of narrative."""

    source: str
    component: int | None
    indicator: str | None
    kind: NarrativeKind
    text: str
    prov: Provenance


@dataclass(slots=True)
class Document:
    """Everything extracted from one input file."""

    doc_id: str
    path: str
    input_kind: InputKind
    pages: int | None = None
    agency: str | None = None
    fiscal_year: int | None = None
    template: str | None = None
    # ประเภทหน่วยงาน (Line / Staff) where the form asks for it
    agency_type: str | None = None
    # "points-100": levels score 60..100; "points-5": 1.0000..5.0000 (template-chosen)
    scheme: str = "points-100"
    # คะแนนของระดับ 1-5 ตามระบบคะแนน (level -> score when no criteria header prints it): layout fills
    # it from the template's scheme in extractors/templates/schemes.json; this default is that file's
    # default scheme, points-100 (ระดับ n = 50 + 10n), for documents built by hand
    level_scores: dict[int, float] = field(default_factory=lambda: {n: 50.0 + 10.0 * n for n in range(1, 6)})
    group: str | None = None
    #: how the document says scores are computed: "linear" (เส้นตรง, บัญญัติไตรยางศ์, "+/- x ต่อ 1
    #: ระดับ"), "step" (ขั้นบันได); "unknown": no template and nothing stated (any known method may
    #: have been used); None: as the template's forms say (their notes, else step)
    scoring_method: str | None = None
    lines: list[Line] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    criteria: list[Criteria] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    subscores: list[SubScoreGroup] = field(default_factory=list)
    tables: list[CountTable] = field(default_factory=list)
    quantities: list[QuantityRecord] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    narrative: list[NarrativeItem] = field(default_factory=list)
    # facts of running text (extractors/text_facts.py)
    ratios: list[Ratio] = field(default_factory=list)
    list_totals: list[ListTotal] = field(default_factory=list)
    day_counts: list[DayCount] = field(default_factory=list)
    areas: list[AreaStatement] = field(default_factory=list)
    date_mentions: list[DateMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
