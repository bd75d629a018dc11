"""Items of running text: the unit the text facts (extractors/text_facts.py) are read from.

An *item* is one newline-separated piece of one tab-separated cell of a
:class:`~extractors.records.Line`. Items form *streams* (the text of one table column, continued by
rows whose leading cells are empty; or a run of plain lines) so that a list that runs over several
items or lines ("1. ... 2. ... รวม ...") can be read back. This module holds the Thai cue words
(data), the split into items, and the quantities and dates of an item (computed once per text).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from extractors.records import Document, Measure, Provenance, SourceKind
from normalizers.dates import DateSpan, find_dates
from normalizers.quantities import Quantity, find_quantities
from normalizers.text import tolerant_pattern

_T = TypeVar("_T")
_CACHES: list[dict[int, tuple[str, Any]]] = []


def per_text(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """Compute ``fn(text)`` once per text object, until :func:`forget_texts`.

    Keyed by identity, not by value: a cache keyed by a long line's value compares the whole line
    on every hit by another object of equal text (quadratic on a repeated megabyte line).
    """
    cache: dict[int, tuple[str, _T]] = {}
    _CACHES.append(cache)

    @wraps(fn)
    def once(text: str) -> _T:
        hit = cache.get(id(text))
        if hit is not None and hit[0] is text:
            return hit[1]
        value = fn(text)
        cache[id(text)] = (text, value)
        return value

    return once


def forget_texts() -> None:
    """Drop what :func:`per_text` kept (after each document)."""
    for cache in _CACHES:
        cache.clear()


# --------------------------------------------------------------------------------------------
# Thai cue words (data). Each is matched tolerant of lost tone marks / SARA AM (tolerant_pattern).
# --------------------------------------------------------------------------------------------

#: คิดเป็น / เท่ากับ: the figure that follows is computed from the ones before it
COMPUTE_WORDS: tuple[str, ...] = ("คิดเป็น", "เท่ากับ")
#: words just before the *whole* of a ratio: "จาก 733 ร้าน", "ทั้งหมด", the target (กำหนด / เป้าหมาย)
WHOLE_WORDS: tuple[str, ...] = ("จาก", "ทั้งหมด", "กำหนด", "เป้าหมาย", "ค่าเป้าหมาย")
#: a percentage of change (เพิ่มขึ้นร้อยละ ...) is not part / whole: such ratios are not judged
CHANGE_WORDS: tuple[str, ...] = ("เพิ่มขึ้น", "ลดลง", "ส่วนต่าง", "เปลี่ยนแปลง")
#: a list of parts after its total: "16,758.457 ตัน โดยแบ่งเป็น ..."
LIST_INTRO_WORDS: tuple[str, ...] = ("แบ่งเป็น", "แยกเป็น", "ประกอบด้วย", "ได้แก่", "ดังนี้")
#: the total after a list: "รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "รวมเป็น"
TOTAL_WORD = "รวม"
TOTAL_SUFFIXES: tuple[str, ...] = ("ทั้งสิ้น", "ทั้งหมด", "เป็น", "จำนวน")
#: one figure restated in another unit: "55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร"
RESTATE_WORDS: tuple[str, ...] = ("คิดเป็น", "เท่ากับ", "หรือ", "หรือประมาณ", "ประมาณ")
#: a number of days that is a bound, not the length of a range: "(ไม่น้อยกว่า 30 วัน)", "ภายใน 7 วัน"
BOUND_WORDS: tuple[str, ...] = (
    "ไม่น้อยกว่า", "ไม่ต่ำกว่า", "ไม่เกิน", "ไม่มากกว่า", "ภายใน", "อย่างน้อย", "อย่างช้า",
    "มากกว่า", "น้อยกว่า", "เกินกว่า", "ต่ำกว่า", "สูงสุด", "ทุก", "ก่อน", "หลัง", "ล่วงหน้า",
)
#: words that introduce a count of days: "รวม 120 วัน", "ระยะเวลา ... จำนวน 120 วัน"
DAY_COUNT_WORDS: tuple[str, ...] = ("รวม", "จำนวน", "ระยะเวลา", "เป็นเวลา", "ทั้งสิ้น", "นับได้", "รวมเป็น")
#: "15 วันทำการ" counts working days, not calendar days
WORKING_DAY_WORDS: tuple[str, ...] = ("ทำการ",)
#: a past date in history is no typo: "ก่อตั้งเมื่อวันที่ ๑ สิงหาคม ๒๕๒๐", "รับรองคุณภาพครั้งที่ 2 เมษายน 2558".
#: ครั้งที่ alone is no such word: "การประชุมครั้งที่ ๑/๒๕๖๔ เมื่อวันที่ ..." dates this year's meeting,
#: so a year far off there is a typo to warn about
HISTORY_WORDS: tuple[str, ...] = (
    "ก่อตั้ง", "จัดตั้ง", "สถาปนา", "เปิดให้บริการ", "เปิดดำเนินการ", "ประกาศใช้", "รับรอง",
    "accreditation", "Accreditation",
)

#: square metres per area part, by the part names of normalizers.area
AREA_FACTORS: dict[str, float] = {"rai": 1600.0, "ngan": 400.0, "wa": 4.0, "m2": 1.0, "km2": 1_000_000.0}
#: ไร่ / งาน / ตารางวา: the parts of a Thai land measure
TRADITIONAL_PARTS = frozenset({"rai", "ngan", "wa"})

#: how far (characters) a cue may stand from the figure it qualifies
NEAR = 40
#: at most this many list entries are read back or forward from a total
MAX_ENTRIES = 60

def alternation(words: Iterable[str]) -> str:
    """One regex for the cue words, each tolerant of damaged marks (the one matcher of normalizers)."""
    return "(?:" + "|".join(tolerant_pattern(w) for w in sorted(words, key=len, reverse=True)) + ")"


_THAI = "\u0e01-\u0e4f"
COMPUTE_BEFORE_RE = re.compile(alternation(COMPUTE_WORDS) + r"\s*(?:ร้?อยละ)?\s*$")
WHOLE_RE = re.compile(alternation(WHOLE_WORDS))
WHOLE_AFTER_RE = re.compile(r"^\s*" + alternation(("ทั้งหมด",)))
CHANGE_RE = re.compile(alternation(CHANGE_WORDS))
LIST_INTRO_RE = re.compile(alternation(LIST_INTRO_WORDS))
TOTAL_RE = re.compile(
    rf"(?<![{_THAI}]){tolerant_pattern(TOTAL_WORD)}(?:{alternation(TOTAL_SUFFIXES)})?(?=[\s0-9๐-๙]|$)"
)
RESTATE_GAP_RE = re.compile(r"^[\s(]*(?:" + alternation(RESTATE_WORDS) + r")?[\s(]*$")
BOUND_BEFORE_RE = re.compile(alternation(BOUND_WORDS) + r"[\s(]*$")
DAY_COUNT_BEFORE_RE = re.compile(alternation(DAY_COUNT_WORDS))
WORKING_AFTER_RE = re.compile(r"^\s*" + alternation(WORKING_DAY_WORDS))
HISTORY_RE = re.compile(alternation(HISTORY_WORDS))
DATE_GAP_RE = re.compile(r"^[\s,]*(?:และ|ถึง|กับ)?[\s,]*$")
# list markers: "1." "1)" "(1)" and bullets, each followed by text (not a number: "COVID - 19")
MARKER_RE = re.compile(
    r"(?<!\S)(?:(?P<num>\d{1,2})(?P<sep>[.)])|\((?P<pnum>\d{1,2})\)|(?P<bullet>[-•▪■●◦∙*]))"
    r"\s+(?=[^\s\d.,])"
)


@dataclass(frozen=True, slots=True)
class Item:
    """One bullet / paragraph / cell piece of one line, with its stream and place in it."""

    page: int | None
    line: int
    text: str
    stream: int
    index: int  # position in its stream
    bbox: tuple[float, float, float, float] | None = None
    source: SourceKind = "ocr_text"

    def prov(self, path: str, excerpt: str) -> Provenance:
        """Where a fact of this item was read: its line, and ``excerpt`` as the raw text."""
        return Provenance(path, self.page, self.line, excerpt, self.source, self.bbox)


def items_of(doc: Document) -> list[Item]:
    """Split the document's lines into items and group them into streams.

    A line's cells are the reader's (``Line.cells``, each with its box where known), else its
    tab-separated text.

    A table row whose first cell is empty continues the previous row's columns (a cell wrapped over
    a page break); consecutive plain lines form one stream.
    """
    out: list[Item] = []
    lengths: dict[int, int] = {}
    next_id = 0
    columns: dict[int, int] = {}  # column -> stream of the current table row
    plain: int | None = None  # stream of the current run of plain lines

    def new_stream() -> int:
        nonlocal next_id
        next_id += 1
        return next_id

    for ln in doc.lines:
        cells = list(ln.cells) if ln.cells else ln.text.split("\t")
        boxes = list(ln.cell_bboxes) if len(ln.cell_bboxes) == len(cells) else [None] * len(cells)
        if len(cells) == 1:
            columns = {}
            if plain is None:
                plain = new_stream()
            streams = [plain]
        else:
            plain = None
            if cells[0].strip() or not columns:
                columns = {}
            streams = []
            for col, cell in enumerate(cells):
                if cell.strip() and col not in columns:
                    columns[col] = new_stream()
                streams.append(columns.get(col, 0))
        for cell, stream, box in zip(cells, streams, boxes, strict=True):
            for piece in cell.split("\n"):
                piece = piece.strip()
                if not piece:
                    continue
                index = lengths.get(stream, 0)
                lengths[stream] = index + 1
                out.append(Item(ln.page, ln.line, piece, stream, index, box or ln.bbox, ln.source))
    return out


def by_stream(items: Sequence[Item]) -> dict[int, list[Item]]:
    streams: dict[int, list[Item]] = {}
    for it in items:
        streams.setdefault(it.stream, []).append(it)
    return streams


@per_text
def quantities(text: str) -> tuple[Quantity, ...]:
    """find_quantities, cached (several rules read the same item); nothing on bad input."""
    try:
        return tuple(find_quantities(text))
    except (ValueError, ArithmeticError, IndexError):
        return ()


@per_text
def dates(text: str) -> tuple[DateSpan, ...]:
    """find_dates, cached; nothing on bad input."""
    try:
        return tuple(find_dates(text))
    except (ValueError, ArithmeticError, IndexError, OverflowError):
        return ()


@per_text
def _starts(text: str) -> list[int]:
    return [q.pos for q in quantities(text)]


def quantities_within(text: str, start: int, end: int) -> Iterator[Quantity]:
    """The quantities of ``text`` inside [start, end), found by bisection (no scan of the others)."""
    qs = quantities(text)
    for i in range(bisect_left(_starts(text), start), len(qs)):
        q = qs[i]
        if q.pos >= end:
            return
        if q.endpos <= end:
            yield q


@per_text
def first_char(text: str) -> int:
    """Index of the first non-blank character of ``text`` (its length when blank)."""
    return len(text) - len(text.lstrip())


def is_traditional_area(q: Quantity) -> bool:
    """An area printed (partly) in ไร่ / งาน / ตารางวา."""
    return q.kind == "area" and any(name in TRADITIONAL_PARTS for name, _ in q.parts)


def is_m2_area(q: Quantity) -> bool:
    """An area printed in ตารางเมตร only."""
    return q.kind == "area" and bool(q.parts) and all(name == "m2" for name, _ in q.parts)


def rounding_unit(q: Quantity) -> float:
    """m² per unit of an area's last printed part (ตารางวา: 4); 1 for everything else."""
    return AREA_FACTORS.get(q.parts[-1][0], 1.0) if q.kind == "area" and q.parts else 1.0


def measure(q: Quantity) -> Measure:
    """The quantity as a record: its value, printed precision and what its rounding means."""
    return Measure(q.kind, q.unit, q.value, q.decimals, q.raw, rounding_unit(q), q.suspicious, q.likely_value)


def excerpt(text: str, pos: int = 0, endpos: int | None = None, width: int = 90) -> str:
    """The item text around [pos, endpos), at most about 2 × width characters."""
    end = len(text) if endpos is None else endpos
    lo = max(0, pos - width)
    hi = min(len(text), end + width)
    s = text[lo:hi].strip()
    return ("…" if lo > 0 else "") + s + ("…" if hi < len(text) else "")


def restates(text: str, first: Quantity, second: Quantity) -> bool:
    """``second`` restates ``first`` (same kind, joined by คิดเป็น / หรือ / brackets only)."""
    return (
        first.kind == second.kind
        and second.pos >= first.endpos
        and bool(RESTATE_GAP_RE.match(text[first.endpos : second.pos]))
    )


def merge_restated(text: str, qs: Sequence[Quantity]) -> list[Quantity]:
    """Drop figures that restate the one before them in another unit."""
    out: list[Quantity] = []
    for q in qs:
        if out and restates(text, out[-1], q):
            continue
        out.append(q)
    return out


def kind_key(q: Quantity) -> tuple[str, str]:
    return (q.kind, q.unit)
