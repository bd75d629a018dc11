"""Text checks of the scoring stage: figures in narrative text checked against each other.

Every rule is a function ``(doc) -> Iterator[Finding]`` listed in :data:`TEXT_CHECKS`;
:func:`check_text` runs them all and never raises on bad data.

Rules (CONTRACT.md catalogue): ``percent-ratio``, ``quantity-sum``, ``area-conversion``,
``area-units``, ``day-count``, ``date-invalid``, ``date-range``.

The unit of reading is the *item*: one newline-separated piece of one tab-separated cell of a
:class:`~extractors.records.Line`. Items form *streams* (the text of one table column, continued by
rows whose leading cells are empty; or a run of plain lines) so that a list that runs over several
items or lines ("1. ... 2. ... รวม ...") can be read back. Rules that need positions inside an item
run the normalizers on the item themselves; the per-record rules (``area-units``, ``date-invalid``,
``date-range``) use ``doc.quantities`` / ``doc.dates`` when extraction filled them.

Agreement is judged with the printed precision (:mod:`pipeline.interval`): counts are exact, other
figures stand for every value that rounds to them. Where a reading is ambiguous nothing fires.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from extractors.records import DateRecord, Document, Figure, Line
from normalizers.dates import DateSpan, find_dates, fiscal_year_span
from normalizers.digits import to_arabic
from normalizers.quantities import Quantity, find_quantities
from pipeline.findings import Finding, Severity
from pipeline.interval import Interval, add, agrees, div, exact, scale, whole_in_list

Check = Callable[[Document], Iterator[Finding]]

# --------------------------------------------------------------------------------------------
# Thai cue words (data). Each is matched tolerant of lost tone marks / SARA AM (see _loose).
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

_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e47\u0e4c"  # ่ ้ ๊ ๋ ็ ์: often lost in OCR / PDF text


def _loose(word: str) -> str:
    """A regex for ``word`` that survives lost tone marks and damaged SARA AM.

    >>> bool(re.fullmatch(_loose("ทั้งหมด"), "ทงหมด"))
    False
    >>> bool(re.fullmatch(_loose("ทั้งหมด"), "ทังหมด"))
    True
    >>> bool(re.fullmatch(_loose("จำนวน"), "จานวน"))
    True
    """
    out: list[str] = []
    for ch in word:
        if ch in _MARKS:
            out.append(f"{re.escape(ch)}?")
        elif ch == "ำ":
            out.append("(?:ำ|ํา|า)")  # SARA AM, decomposed, or lost NIKHAHIT (ดาเนินการ)
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(_loose(w) for w in sorted(words, key=len, reverse=True)) + ")"


_THAI = "\u0e01-\u0e4f"
_COMPUTE_BEFORE = re.compile(_alternation(COMPUTE_WORDS) + r"\s*(?:ร้?อยละ)?\s*$")
_WHOLE = re.compile(_alternation(WHOLE_WORDS))
_WHOLE_AFTER = re.compile(r"^\s*" + _alternation(("ทั้งหมด",)))
_CHANGE = re.compile(_alternation(CHANGE_WORDS))
_LIST_INTRO = re.compile(_alternation(LIST_INTRO_WORDS))
_TOTAL = re.compile(
    rf"(?<![{_THAI}]){_loose(TOTAL_WORD)}(?:{_alternation(TOTAL_SUFFIXES)})?(?=[\s0-9๐-๙]|$)"
)
_RESTATE_GAP = re.compile(r"^[\s(]*(?:" + _alternation(RESTATE_WORDS) + r")?[\s(]*$")
_BOUND_BEFORE = re.compile(_alternation(BOUND_WORDS) + r"[\s(]*$")
_DAY_COUNT_BEFORE = re.compile(_alternation(DAY_COUNT_WORDS))
_WORKING_AFTER = re.compile(r"^\s*" + _alternation(WORKING_DAY_WORDS))
_HISTORY = re.compile(_alternation(HISTORY_WORDS))
_DATE_GAP = re.compile(r"^[\s,]*(?:และ|ถึง|กับ)?[\s,]*$")
# list markers: "1." "1)" "(1)" and bullets, each followed by text (not a number: "COVID - 19")
_MARKER = re.compile(
    r"(?<!\S)(?:(?P<num>\d{1,2})(?P<sep>[.)])|\((?P<pnum>\d{1,2})\)|(?P<bullet>[-•▪■●◦∙*]))"
    r"\s+(?=[^\s\d.,])"
)


# --------------------------------------------------------------------------------------------
# Items and streams
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """One bullet / paragraph / cell piece of one line, with its stream and place in it."""

    page: int | None
    line: int
    text: str
    stream: int
    index: int  # position in its stream


def _items(doc: Document) -> list[_Item]:
    """Split the document's lines into items and group them into streams.

    A table row whose first cell is empty continues the previous row's columns (a cell wrapped over
    a page break); consecutive plain lines form one stream.
    """
    out: list[_Item] = []
    lengths: dict[int, int] = {}
    next_id = 0
    columns: dict[int, int] = {}  # column -> stream of the current table row
    plain: int | None = None  # stream of the current run of plain lines

    def new_stream() -> int:
        nonlocal next_id
        next_id += 1
        return next_id

    for ln in doc.lines:
        cells = ln.text.split("\t")
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
        for cell, stream in zip(cells, streams, strict=True):
            for piece in cell.split("\n"):
                piece = piece.strip()
                if not piece:
                    continue
                index = lengths.get(stream, 0)
                lengths[stream] = index + 1
                out.append(_Item(ln.page, ln.line, piece, stream, index))
    return out


def _by_stream(items: Sequence[_Item]) -> dict[int, list[_Item]]:
    streams: dict[int, list[_Item]] = {}
    for it in items:
        streams.setdefault(it.stream, []).append(it)
    return streams


@lru_cache(maxsize=8192)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """find_quantities, cached (several rules read the same item); nothing on bad input."""
    try:
        return tuple(find_quantities(text))
    except (ValueError, ArithmeticError, IndexError):
        return ()


@lru_cache(maxsize=8192)
def _dates(text: str) -> tuple[DateSpan, ...]:
    """find_dates, cached; nothing on bad input."""
    try:
        return tuple(find_dates(text))
    except (ValueError, ArithmeticError, IndexError, OverflowError):
        return ()


# --------------------------------------------------------------------------------------------
# Figures, intervals, formatting
# --------------------------------------------------------------------------------------------


def _is_traditional_area(q: Quantity) -> bool:
    """An area printed (partly) in ไร่ / งาน / ตารางวา."""
    return q.kind == "area" and any(name in TRADITIONAL_PARTS for name, _ in q.parts)


def _is_m2_area(q: Quantity) -> bool:
    """An area printed in ตารางเมตร only."""
    return q.kind == "area" and bool(q.parts) and all(name == "m2" for name, _ in q.parts)


def _interval(q: Quantity) -> Interval:
    """Values the printed quantity may stand for, in its contract unit.

    Counts are exact; an area's rounding is that of its last printed part (ตารางวา: × 4 m²).
    """
    if q.kind == "count" and q.decimals == 0:
        return exact(q.value)
    half = 0.5 * 10.0 ** (-q.decimals) * _rounding_unit(q)
    return Interval(q.value - half, q.value + half)


def _rounding_unit(q: Quantity) -> float:
    """m² per unit of an area's last printed part (ตารางวา: 4); 1 for everything else."""
    return AREA_FACTORS.get(q.parts[-1][0], 1.0) if q.kind == "area" and q.parts else 1.0


def _interval_at(q: Quantity, decimals: int) -> Interval:
    """``q`` read at the precision of the list it is in (``decimals``: the most any figure there shows).

    A whole figure among figures with decimals had its trailing zeros dropped ("47 ตารางวา" beside
    "321.50 ตารางวา" and a total of "55.63 ตารางวา" is 47.00); in a list of whole figures only, each
    is exact. Figures with decimals keep their own rounding interval.
    """
    return _interval(q) if q.decimals > 0 else whole_in_list(q.value, decimals, _rounding_unit(q))


def _figure(q: Quantity) -> Figure:
    return Figure(q.value, q.decimals, q.raw)


def _overlap(a: Interval, b: Interval) -> bool:
    return a.lo <= b.hi + 1e-9 and b.lo <= a.hi + 1e-9


def _pct_agrees(printed: Figure, computed: Interval) -> bool:
    """Rounded, or cut off after the printed decimals (some forms truncate)."""
    if agrees(printed, computed):
        return True
    unit = 10.0 ** (-printed.decimals)
    return _overlap(Interval(printed.value, printed.value + unit), computed)


def _num(x: float, decimals: int | None = None) -> float:
    """A clean JSON number: ``decimals`` places (or 6), integral values as they are."""
    return round(x, 6 if decimals is None else decimals) + 0.0


def _fmt(x: float, decimals: int | None = None) -> str:
    """Thai-report style number: thousands separators, printed decimals.

    >>> _fmt(16758.457)
    '16,758.457'
    >>> _fmt(123.0)
    '123'
    """
    if decimals is None:
        s = f"{x:,.6f}".rstrip("0").rstrip(".")
        return s
    return f"{x:,.{decimals}f}"


def _excerpt(text: str, pos: int = 0, endpos: int | None = None, width: int = 90) -> str:
    """The item text around [pos, endpos), at most about 2 × width characters."""
    end = len(text) if endpos is None else endpos
    lo = max(0, pos - width)
    hi = min(len(text), end + width)
    s = text[lo:hi].strip()
    return ("…" if lo > 0 else "") + s + ("…" if hi < len(text) else "")


def _restates(text: str, first: Quantity, second: Quantity) -> bool:
    """``second`` restates ``first`` (same kind, joined by คิดเป็น / หรือ / brackets only)."""
    return (
        first.kind == second.kind
        and second.pos >= first.endpos
        and bool(_RESTATE_GAP.match(text[first.endpos : second.pos]))
    )


def _merge_restated(text: str, qs: Sequence[Quantity]) -> list[Quantity]:
    """Drop figures that restate the one before them in another unit."""
    out: list[Quantity] = []
    for q in qs:
        if out and _restates(text, out[-1], q):
            continue
        out.append(q)
    return out


def _key(q: Quantity) -> tuple[str, str]:
    return (q.kind, q.unit)


# --------------------------------------------------------------------------------------------
# percent-ratio
# --------------------------------------------------------------------------------------------


def _computed(text: str, q: Quantity) -> bool:
    """The figure is introduced by คิดเป็น / เท่ากับ."""
    return bool(_COMPUTE_BEFORE.search(text[max(0, q.pos - 30) : q.pos]))


def _ratio_candidates(text: str, qs: Sequence[Quantity], upto: int) -> list[Quantity] | None:
    """The two same-kind figures a percentage at ``upto`` is computed from; None when ambiguous.

    The scope starts after the previous computed figure (คิดเป็น ...) of the item.
    """
    start = 0
    for q in qs:
        if q.endpos <= upto and _computed(text, q):
            start = max(start, q.endpos)
    scope = [q for q in qs if q.pos >= start and q.endpos <= upto and q.kind != "percent"]
    scope = _merge_restated(text, scope)
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in scope:
        groups.setdefault(_key(q), []).append(q)
    pairs = [g for g in groups.values() if len(g) >= 2]
    if not pairs:
        return []
    if len(pairs) > 1 or len(pairs[0]) != 2:
        return None
    return pairs[0]


def _is_whole(text: str, q: Quantity, floor: int) -> bool:
    before = text[max(floor, q.pos - NEAR) : q.pos]
    return bool(_WHOLE.search(before)) or bool(_WHOLE_AFTER.match(text[q.endpos : q.endpos + 12]))


def _ratio_finding(
    item: _Item, text: str, pct: Quantity, a: Quantity, b: Quantity, excerpt: str
) -> Finding | None:
    """Check ``pct`` against 100 × part / whole for the pair (a, b) of ``text``; None if it agrees."""
    printed = _figure(pct)
    whole_a, whole_b = _is_whole(text, a, 0), _is_whole(text, b, a.endpos)
    orders = ([(b, a)] if whole_a else [(a, b)]) if whole_a != whole_b else [(a, b), (b, a)]
    results: list[tuple[Quantity, Quantity, Interval]] = []
    for part, whole in orders:
        w = _interval(whole)
        if w.lo <= 0 <= w.hi:
            continue
        r = scale(div(_interval(part), w), 100.0)
        if _pct_agrees(printed, r):
            return None
        results.append((part, whole, r))
    if not results:
        return None
    part, whole, _ = min(results, key=lambda t: abs(t[2].mid - printed.value))
    # roles told by จาก / เป้าหมาย: the document contradicts itself; else a human should look
    severity: Severity = "error" if len(orders) == 1 else "warning"
    expected = 100.0 * part.value / whole.value
    return Finding(
        rule="percent-ratio",
        severity=severity,
        message=(
            f"ร้อยละที่พิมพ์ ({pct.raw}) ไม่ตรงกับที่คำนวณจากตัวเลขที่อ้างถึง: "
            f"{part.raw} / {whole.raw} × 100 = {_fmt(expected, printed.decimals + 2)} "
            "โปรดตรวจสอบตัวเลขหรือการคำนวณ"
        ),
        reported=printed.value,
        expected=_num(expected, printed.decimals + 2),
        page=item.page,
        line=item.line,
        excerpt=excerpt,
    )


def check_percent_ratio(doc: Document) -> Iterator[Finding]:
    """percent-ratio: "624 ร้าน จาก 733 ร้าน คิดเป็นร้อยละ 85.13" — the % is 100 × part / whole.

    Only a percentage introduced by คิดเป็น / เท่ากับ and preceded, in the same item (or, when the
    item opens with คิดเป็น, in the previous item of its stream), by exactly two figures of one kind
    and unit. The whole is the figure after จาก / ทั้งหมด / กำหนด / เป้าหมาย; without such a word
    either order may agree. A parenthesis right after the % may hold the two figures instead
    ("คิดเป็นร้อยละ 71.97 (งบประมาณ ... บาท รายจ่าย ... บาท)"). Percentages of change
    (เพิ่มขึ้น / ลดลง) are not judged.
    """
    items = _items(doc)
    streams = _by_stream(items)
    for item in items:
        text = item.text
        qs = _quantities(text)
        for pct in qs:
            if pct.kind != "percent" or not _computed(text, pct):
                continue
            src, upto = text, pct.pos
            pair = _ratio_candidates(text, qs, upto)
            if pair == [] and item.index > 0 and _opens_with_compute(text, pct):
                src = streams[item.stream][item.index - 1].text
                upto = len(src)
                pair = _ratio_candidates(src, _quantities(src), upto)
            if pair == []:
                src, upto = text, pct.pos
                pair = _bracketed_pair(text, qs, pct)
            if not pair:
                continue
            a, b = pair
            if _CHANGE.search(src, max(0, a.pos - NEAR), max(upto, b.endpos)):
                continue  # a percentage of change, not part / whole
            if src is text:
                excerpt = _excerpt(text, min(a.pos, pct.pos), max(b.endpos, pct.endpos))
            else:
                excerpt = _excerpt(src, a.pos) + " " + _excerpt(text, 0, pct.endpos)
            found = _ratio_finding(item, src, pct, a, b, excerpt)
            if found is not None:
                yield found


def _opens_with_compute(text: str, pct: Quantity) -> bool:
    """The item starts with the computing phrase ("คิดเป็นร้อยละ 35.607 ...")."""
    head = text[: pct.pos]
    return bool(re.fullmatch(r"\s*" + _alternation(COMPUTE_WORDS) + r"\s*(?:ร้?อยละ)?\s*", head))


def _bracketed_pair(text: str, qs: Sequence[Quantity], pct: Quantity) -> list[Quantity] | None:
    """Two same-kind figures in a parenthesis right after the percentage, if exactly two."""
    m = re.match(r"\s*\(", text[pct.endpos :])
    if not m:
        return []
    open_at = pct.endpos + m.end()
    close_at = text.find(")", open_at)
    if close_at < 0:
        return []
    inside = [q for q in qs if q.pos >= open_at and q.endpos <= close_at and q.kind != "percent"]
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in inside:
        groups.setdefault(_key(q), []).append(q)
    pairs = [g for g in groups.values() if len(g) >= 2]
    if len(pairs) != 1 or len(pairs[0]) != 2:
        return [] if not pairs else None
    return pairs[0]


# --------------------------------------------------------------------------------------------
# quantity-sum
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """One list entry ("1. ...", "- ...") inside an item."""

    style: str  # "1." "1)" "(1)" or the bullet character
    number: int | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Segmented:
    lead_end: int  # text before the first marker ends here (== start of first entry)
    entries: list[_Entry]


def _segment(text: str, end: int | None = None) -> _Segmented:
    """Split ``text[:end]`` into the lead and its list entries.

    >>> s = _segment("ดังนี้ 1. ก 5 ตัน 2. ข (แบบ 9) 6 ตัน")
    >>> [(e.style, e.number) for e in s.entries]
    [('1.', 1), ('1.', 2)]
    """
    stop = len(text) if end is None else end
    plain = to_arabic(text[:stop])
    marks: list[tuple[int, str, int | None]] = []
    for m in _MARKER.finditer(plain):
        if m.group("num") is not None:
            if m.group("sep") == ")" and plain.count("(", 0, m.start()) > plain.count(")", 0, m.start()):
                continue  # "(Brasserie 9) ..." closes a bracket, it is no list number
            marks.append((m.start(), "1" + m.group("sep"), int(m.group("num"))))
        elif m.group("pnum") is not None:
            marks.append((m.start(), "(1)", int(m.group("pnum"))))
        else:
            marks.append((m.start(), m.group("bullet"), None))
    entries = [
        _Entry(style, number, pos, marks[i + 1][0] if i + 1 < len(marks) else stop)
        for i, (pos, style, number) in enumerate(marks)
    ]
    return _Segmented(entries[0].start if entries else stop, entries)


@dataclass(frozen=True, slots=True)
class _Part:
    q: Quantity
    item: _Item


class _Abort(Exception):
    """The list cannot be read unambiguously."""


def _entry_part(text: str, qs: Sequence[Quantity], entry: _Entry, key: tuple[str, str]) -> Quantity | None:
    """The one figure of kind ``key`` in the entry; None when it has none; _Abort if several."""
    inside = [q for q in qs if q.pos >= entry.start and q.endpos <= entry.end and _key(q) == key]
    inside = _merge_restated(text, inside)
    if len(inside) > 1:
        raise _Abort
    return inside[0] if inside else None


def _list_back(
    stream: Sequence[_Item], at: int, upto: int, key: tuple[str, str]
) -> list[_Part]:
    """Parts of the list that ends at ``stream[at].text[:upto]``, read backwards."""
    parts: list[_Part] = []
    style: str | None = None
    expect: int | None = None
    for idx in range(at, -1, -1):
        item = stream[idx]
        end = upto if idx == at else len(item.text)
        if idx == at and not item.text[:end].strip():
            continue  # "รวม ..." opens its item: the list is in the items before
        qs = _quantities(item.text)
        seg = _segment(item.text, end)
        for entry in reversed(seg.entries):
            if style is not None and entry.style != style:
                return parts
            if expect is not None and entry.number != expect:
                return parts
            q = _entry_part(item.text, qs, entry, key)
            if q is None:
                return parts
            style = entry.style
            parts.append(_Part(q, item))
            if entry.number is not None:
                if entry.number == 1:
                    return parts
                expect = entry.number - 1
            if len(parts) > MAX_ENTRIES:
                raise _Abort
        if item.text[: seg.lead_end].strip() or not seg.entries:
            return parts
    return parts


def _list_forward(
    stream: Sequence[_Item], at: int, start: int, key: tuple[str, str]
) -> tuple[list[_Part], bool]:
    """Parts of the list after the introducer ending at ``stream[at].text[start]``, read forwards.

    Without list markers the parts are the item's figures after the introducer
    ("แบ่งเป็น มูลฝอยรีไซเคิล 13,742.592 ตัน และ ... 3,015.865 ตัน"); an introducer that ends its
    item ("... ดังนี้") is continued by the next items of the stream. A "รวม" ends the list.
    Returns the parts and whether they were marked as list entries.
    """
    parts: list[_Part] = []
    style: str | None = None
    expect: int | None = None
    # "1) ... ผลงาน 2 ครั้ง ได้แก่ ..." then "2) ...": an introducer inside entry N of a list; an entry
    # N+1 of the same style where the first part would be is that outer list going on, not a part
    outer = [e for e in _segment(stream[at].text).entries if e.start < start]
    sibling = (outer[-1].style, outer[-1].number + 1) if outer and outer[-1].number is not None else None
    for idx in range(at, len(stream)):
        item = stream[idx]
        text = item.text
        begin = start if idx == at else 0
        total = _TOTAL.search(text, begin)
        end = total.start() if total else len(text)
        qs = _quantities(text)
        entries = [e for e in _segment(text, end).entries if e.start >= begin]
        lead_end = entries[0].start if entries else end
        if idx == at:
            lead = [q for q in qs if begin <= q.pos and q.endpos <= lead_end and _key(q) == key]
            if lead and entries:
                raise _Abort  # figures both before the list and in it
            if lead:
                return [_Part(q, item) for q in _merge_restated(text, lead)], False
        elif text[begin:lead_end].strip():
            return parts, True  # prose again: the list has ended
        for entry in entries:
            if not parts and (entry.style, entry.number) == sibling:
                return parts, True
            if style is not None and entry.style != style:
                return parts, True
            if expect is not None and entry.number != expect:
                return parts, True
            q = _entry_part(text, qs, entry, key)
            if q is None:
                return parts, True
            style = entry.style
            expect = entry.number + 1 if entry.number is not None else None
            parts.append(_Part(q, item))
            if len(parts) > MAX_ENTRIES:
                raise _Abort
        if total is not None:
            return parts, True
    return parts, True


def _sum_finding(
    item: _Item, total: Quantity, parts: Sequence[_Part], how: str, prefixes: bool = False
) -> Finding | None:
    """The finding when the parts do not add up to the total; None when they do.

    With ``prefixes`` (parts read without list markers, whose end is uncertain) the first k >= 2
    parts adding up to the total is agreement too.
    """
    if len(parts) < 2:
        return None
    # ยอดรวมที่ใช้หน่วยพื้นที่ผสมผิด ("1 ไร่ 1 งาน 55.63 ตารางเมตร" ที่หมายถึงตารางวา) และผลรวมของรายการ
    # ตรงกับค่าที่น่าจะหมายถึง: เป็นเรื่องหน่วย (area-units แจ้งแล้ว) ไม่ใช่ยอดรวมผิด
    if total.suspicious and total.likely_value is not None:
        half = 0.5 * 10.0 ** (-total.decimals) * AREA_FACTORS["wa"]
        likely = Interval(total.likely_value - half, total.likely_value + half)
        if _overlap(likely, add(*(_interval(p.q) for p in parts))):
            return None
    ks = range(2, len(parts) + 1) if prefixes else (len(parts),)
    at = max(q.decimals for q in (total, *(p.q for p in parts)))
    if any(
        _overlap(_interval_at(total, at), add(*(_interval_at(p.q, at) for p in parts[:k]))) for k in ks
    ):
        return None
    # ตัวเลขจำนวนเต็มถือว่าไม่ได้ปัดเศษ (ตัดศูนย์ท้ายทศนิยมออก) หากปัดเศษมาจริงก็อาจรวมได้ตรง: แจ้งเตือนเท่านั้น
    rounded_whole = any(
        _overlap(_interval(total), add(*(_interval(p.q) for p in parts[:k]))) for k in ks
    )
    decimals = max(p.q.decimals for p in parts)
    expected = sum(p.q.value for p in parts)
    listed = " + ".join(p.q.raw for p in parts)
    return Finding(
        rule="quantity-sum",
        severity="warning" if rounded_whole else "error",
        message=(
            f"ยอดรวมที่พิมพ์ ({total.raw}) ไม่เท่ากับผลรวมของ {len(parts)} รายการ{how} "
            f"({listed} = {_fmt(expected)} {total.unit}) โปรดตรวจสอบตัวเลขแต่ละรายการหรือยอดรวม"
            + (" (จะตรงกันได้ก็ต่อเมื่อตัวเลขจำนวนเต็มในรายการเป็นค่าที่ปัดเศษมาแล้ว)" if rounded_whole else "")
        ),
        reported=_num(total.value),
        expected=_num(expected, max(decimals, 2) if total.kind == "area" else decimals),
        page=item.page,
        line=item.line,
        excerpt=_excerpt(item.text, total.pos, total.endpos),
    )


def check_quantity_sum(doc: Document) -> Iterator[Finding]:
    """quantity-sum: listed parts against their printed total.

    Two shapes: the total first, then a list introduced by แบ่งเป็น / ประกอบด้วย / ได้แก่ / ดังนี้
    ("จำนวน 16,758.457 ตัน โดยแบ่งเป็น - ... 13,742.592 ตัน - ... 3,015.865 ตัน"); or a list of
    entries ("1. ... 321.50 ตารางวา", "2. ...", possibly one per line) closed by "รวม ... X".
    A list is a run of entries with one marker style (numbers in sequence), each holding exactly one
    figure of the total's kind and unit; areas are compared in m² with intervals. When "รวม 5 แห่ง"
    counts the entries and the count differs from what was read, the list is incomplete: skipped.
    """
    items = _items(doc)
    streams = _by_stream(items)
    for item in items:
        stream = streams[item.stream]
        text = item.text
        qs = [q for q in _quantities(text) if q.kind != "percent"]
        # shape 1: total, list introducer, parts
        for m in _LIST_INTRO.finditer(text):
            before = [q for q in qs if q.endpos <= m.start()]
            if not before:
                continue
            total = before[-1]
            gap = text[total.endpos : m.start()]
            if len(gap) > 25 or re.search(r"[0-9๐-๙]", gap):
                continue
            try:
                parts, marked = _list_forward(stream, item.index, m.end(), _key(total))
            except _Abort:
                continue
            found = _sum_finding(item, total, parts, "ที่แจกแจงไว้", prefixes=not marked)
            if found is not None:
                yield found
        # shape 2: list, then รวม total
        for m in _TOTAL.finditer(text):
            after = [q for q in qs if q.pos >= m.end() and q.pos - m.end() <= 2 * NEAR]
            nxt = _TOTAL.search(text, m.end())
            if nxt is not None:
                after = [q for q in after if q.pos < nxt.start()]
            counted: Quantity | None = None
            if after and after[0].kind == "count" and not text[m.end() : after[0].pos].strip():
                counted = after[0]
            seen: set[tuple[str, str]] = set()
            for total in after:
                if _key(total) in seen:
                    continue
                seen.add(_key(total))
                try:
                    parts = _list_back(stream, item.index, m.start(), _key(total))
                except _Abort:
                    continue
                parts.reverse()
                if counted is not None and total is not counted and counted.value != len(parts):
                    continue  # "รวม 5 แห่ง" but another number of entries was read
                found = _sum_finding(item, total, parts, "ก่อนหน้า")
                if found is not None:
                    yield found


# --------------------------------------------------------------------------------------------
# area-conversion and area-units
# --------------------------------------------------------------------------------------------


def check_area_conversion(doc: Document) -> Iterator[Finding]:
    """area-conversion: "1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร".

    An area in ไร่ / งาน / ตารางวา directly restated in ตารางเมตร (or the other way round);
    reported is the printed m², expected the m² converted from ไร่-งาน-ตารางวา.
    """
    for item in _items(doc):
        text = item.text
        areas = [q for q in _quantities(text) if q.kind == "area" and not q.suspicious]
        for first, second in pairwise(areas):
            if not _restates(text, first, second):
                continue
            if _is_traditional_area(first) and _is_m2_area(second):
                trad, m2 = first, second
            elif _is_m2_area(first) and _is_traditional_area(second):
                trad, m2 = second, first
            else:
                continue
            if _overlap(_interval(trad), _interval(m2)):
                continue
            yield Finding(
                rule="area-conversion",
                severity="error",
                message=(
                    f"พื้นที่ {trad.raw} เท่ากับ {_fmt(trad.value, 2)} ตารางเมตร "
                    f"แต่พิมพ์ไว้ {m2.raw} (1 ไร่ = 4 งาน = 400 ตารางวา = 1,600 ตารางเมตร) "
                    "โปรดตรวจสอบการแปลงหน่วย"
                ),
                reported=_num(m2.value),
                expected=_num(trad.value, max(2, trad.decimals)),
                page=item.page,
                line=item.line,
                excerpt=_excerpt(text, first.pos, second.endpos),
            )


def _area_units_finding(
    raw: str, value: float, likely: float | None, page: int | None, line: int | None, excerpt: str
) -> Finding:
    if likely is not None:
        why = (
            f"ใช้ตารางเมตรต่อท้ายไร่/งาน อ่านตามที่พิมพ์ได้ {_fmt(value, 2)} ตารางเมตร "
            f"หากหมายถึงตารางวาจะเป็น {_fmt(likely, 2)} ตารางเมตร"
        )
    else:
        why = f"อ่านตามที่พิมพ์ได้ {_fmt(value, 2)} ตารางเมตร (1 ไร่ = 4 งาน, 1 งาน = 100 ตารางวา)"
    return Finding(
        rule="area-units",
        severity="warning",
        message=f"หน่วยพื้นที่ผสมกันผิดปกติ: \"{raw}\" {why} โปรดตรวจสอบหน่วย",
        reported=_num(value),
        expected=None if likely is None else _num(likely),
        page=page,
        line=line,
        excerpt=excerpt,
    )


def _line_index(doc: Document) -> dict[tuple[int | None, int], Line]:
    return {(ln.page, ln.line): ln for ln in doc.lines}


def _record_excerpt(
    lines: dict[tuple[int | None, int], Line], page: int | None, line: int | None, raw: str, fallback: str
) -> str:
    """The item of the record's line that holds ``raw`` (else the line, else ``fallback``)."""
    ln = lines.get((page, line)) if line is not None else None
    if ln is None:
        return _excerpt(fallback)
    for piece in re.split(r"[\t\n]", ln.text):
        at = piece.find(raw)
        if at >= 0:
            return _excerpt(piece, at, at + len(raw))
    return _excerpt(ln.text)


def check_area_units(doc: Document) -> Iterator[Finding]:
    """area-units: an implausible unit mix ("1 ไร่ 1 งาน 40.60 ตารางเมตร" where ตารางวา is meant).

    Reported is the m² as written, expected the m² under the likely unit (None when the
    normalizer knows no likely reading, e.g. "1 ไร่ 5 งาน"); severity warning.
    """
    if doc.quantities:
        lines = _line_index(doc)
        for rec in doc.quantities:
            if rec.kind == "area" and rec.suspicious:
                p = rec.prov
                yield _area_units_finding(
                    rec.raw, rec.value, rec.likely_value, p.page, p.line,
                    _record_excerpt(lines, p.page, p.line, rec.raw, p.raw),
                )
        return
    for item in _items(doc):
        for q in _quantities(item.text):
            if q.kind == "area" and q.suspicious:
                yield _area_units_finding(
                    q.raw, q.value, q.likely_value, item.page, item.line,
                    _excerpt(item.text, q.pos, q.endpos),
                )


# --------------------------------------------------------------------------------------------
# day-count
# --------------------------------------------------------------------------------------------


def _days(span: DateSpan) -> int | None:
    if not span.valid or span.start is None or span.end is None or span.end < span.start:
        return None
    return (span.end - span.start).days + 1


def _date_groups(text: str, spans: Sequence[DateSpan]) -> list[list[DateSpan]]:
    """Dates printed as one list ("๔ - ๘, ๒๐ และ ๒๖ ตุลาคม ๒๕๖๔") form one group."""
    groups: list[list[DateSpan]] = []
    for s in sorted(spans, key=lambda s: s.pos):
        if groups and _DATE_GAP.match(text[groups[-1][-1].endpos : s.pos]):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def _is_day_count(text: str, q: Quantity, floor: int) -> bool:
    """A printed count of days ("รวม 120 วัน"), not a bound ("ไม่น้อยกว่า 30 วัน") nor working days."""
    if q.kind != "duration" or q.unit != "day" or q.decimals != 0:
        return False
    before = text[max(floor, q.pos - NEAR) : q.pos]
    if _BOUND_BEFORE.search(before) or _WORKING_AFTER.match(text[q.endpos : q.endpos + 10]):
        return False
    return bool(_DAY_COUNT_BEFORE.search(before))


def check_day_count(doc: Document) -> Iterator[Finding]:
    """day-count: a printed number of days against the printed date range, both ends included.

    "ระยะเวลา 1 พฤษภาคม - 31 สิงหาคม 2564 จำนวน 120 วัน" is 123 days -> error. The days must be
    introduced by รวม / จำนวน / ระยะเวลา / เป็นเวลา; bounds (ไม่น้อยกว่า / ไม่เกิน / ภายใน ...) and
    working days (วันทำการ) are skipped. A list of dates counts as the sum of its days. A count one
    short of the inclusive length (ends not both counted) is a warning.
    """
    for item in _items(doc):
        text = item.text
        spans = [s for s in _dates(text) if s.start is not None and s.end is not None and s.valid]
        if not any(s.end != s.start for s in spans):
            continue
        groups = [g for g in _date_groups(text, spans) if any(s.end != s.start for s in g)]
        for q in _quantities(text):
            if not _is_day_count(text, q, 0):
                continue
            # the nearest group of dates with a range, before or after the number
            def distance(g: list[DateSpan], q: Quantity = q) -> int:
                return q.pos - g[-1].endpos if g[-1].endpos <= q.pos else g[0].pos - q.endpos
            near = [g for g in groups if distance(g) >= 0]
            if not near:
                continue
            group = min(near, key=distance)
            lengths = [_days(s) for s in group]
            if any(n is None for n in lengths):
                continue
            total = sum(n for n in lengths if n is not None)
            first, last = min(s.start for s in group if s.start), max(s.end for s in group if s.end)
            whole = (last - first).days + 1
            printed = round(q.value)
            if printed in (total, whole):
                continue
            short = printed in (total - 1, whole - 1)
            raw = text[group[0].pos : group[-1].endpos]
            yield Finding(
                rule="day-count",
                severity="warning" if short else "error",
                message=(
                    f"จำนวนวันที่พิมพ์ ({q.raw}) ไม่ตรงกับช่วงวันที่ {raw} ซึ่งมี {total} วัน "
                    "(นับรวมวันแรกและวันสุดท้าย)"
                    + (" อาจนับไม่รวมวันแรกหรือวันสุดท้าย" if short else " โปรดตรวจสอบวันที่หรือจำนวนวัน")
                ),
                reported=printed,
                expected=total,
                page=item.page,
                line=item.line,
                excerpt=_excerpt(text, group[0].pos, q.endpos),
            )


# --------------------------------------------------------------------------------------------
# date-invalid and date-range
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dated:
    raw: str
    start: dt.date | None
    end: dt.date | None
    precision: str
    valid: bool
    page: int | None
    line: int | None
    excerpt: str
    history: bool = False  # told as history ("ก่อตั้งเมื่อ ...")


def _all_dates(doc: Document) -> list[_Dated]:
    """doc.dates when extraction filled them, else the dates found in every item."""
    if doc.dates:
        lines = _line_index(doc)
        return [_from_record(r, lines) for r in doc.dates]
    out: list[_Dated] = []
    for item in _items(doc):
        for s in _dates(item.text):
            out.append(
                _Dated(s.raw, s.start, s.end, s.precision, s.valid, item.page, item.line,
                       _excerpt(item.text, s.pos, s.endpos),
                       bool(_HISTORY.search(item.text, max(0, s.pos - 2 * NEAR), s.pos)))
            )
    return out


def _from_record(r: DateRecord, lines: dict[tuple[int | None, int], Line]) -> _Dated:
    excerpt = _record_excerpt(lines, r.prov.page, r.prov.line, r.raw, r.prov.raw)
    at = excerpt.find(r.raw)
    history = bool(_HISTORY.search(excerpt[: at if at >= 0 else len(excerpt)][-2 * NEAR :]))
    return _Dated(r.raw, r.start, r.end, r.precision, r.valid, r.prov.page, r.prov.line, excerpt, history)


def check_date_invalid(doc: Document) -> Iterator[Finding]:
    """date-invalid: a date that does not exist (31 เมษายน); reported the raw date, expected None."""
    for d in _all_dates(doc):
        if not d.valid:
            yield Finding(
                rule="date-invalid",
                severity="error",
                message=f"วันที่ \"{d.raw}\" ไม่มีอยู่จริงในปฏิทิน โปรดตรวจสอบวัน เดือน หรือปี",
                reported=d.raw,
                expected=None,
                page=d.page,
                line=d.line,
                excerpt=d.excerpt,
            )


def _shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def check_date_range(doc: Document) -> Iterator[Finding]:
    """date-range: a dated item more than a year outside the report's fiscal year -> warning.

    Dates of day or month precision are judged against the fiscal year's span widened by one year
    on each side; year-only references ("เทียบกับปี 2560", "ปีงบประมาณ พ.ศ. ๒๕๖๖") that miss that
    window, and past dates told as history ("ก่อตั้งเมื่อวันที่ ..."), are only noted (info).
    Needs ``doc.fiscal_year``.
    """
    if doc.fiscal_year is None:
        return
    try:
        fy_start, fy_end = fiscal_year_span(doc.fiscal_year)
    except (ValueError, OverflowError):
        return
    lo, hi = _shift_year(fy_start, -1), _shift_year(fy_end, 1)
    span = f"{fy_start.isoformat()}..{fy_end.isoformat()}"
    for d in _all_dates(doc):
        if not d.valid or d.start is None or d.end is None:
            continue
        year_only = d.precision == "year"
        if (lo <= d.end and d.start <= hi) if year_only else (lo <= d.start and d.end <= hi):
            continue
        noted = year_only or (d.history and d.end < lo)
        yield Finding(
            rule="date-range",
            severity="info" if noted else "warning",
            message=(
                f"{'ปี' if year_only else 'วันที่'} \"{d.raw}\" อยู่ห่างจากปีงบประมาณ "
                f"พ.ศ. {doc.fiscal_year} ({span}) เกิน 1 ปี"
                + ("" if noted else " โปรดตรวจสอบว่าพิมพ์ปีถูกต้อง")
            ),
            reported=d.raw,
            expected=span,
            page=d.page,
            line=d.line,
            excerpt=d.excerpt,
        )


# --------------------------------------------------------------------------------------------
# all of them
# --------------------------------------------------------------------------------------------

#: the text checks, in catalogue order
TEXT_CHECKS: tuple[Check, ...] = (
    check_percent_ratio,
    check_quantity_sum,
    check_area_conversion,
    check_area_units,
    check_day_count,
    check_date_invalid,
    check_date_range,
)


def check_text(doc: Document) -> Iterator[Finding]:
    """Every text check over one document; duplicates dropped. Never raises on bad data.

    A check that fails on unexpected data is cut short; the findings it yielded so far stay.
    """
    seen: set[tuple[str, int | None, str, str]] = set()
    for check in TEXT_CHECKS:
        it = check(doc)
        while True:
            try:
                f = next(it)
            except StopIteration:
                break
            except Exception:
                break
            key = (f.rule, f.line, repr(f.reported), repr(f.expected))
            if key not in seen:
                seen.add(key)
                yield f


__all__ = [
    "TEXT_CHECKS",
    "check_area_conversion",
    "check_area_units",
    "check_date_invalid",
    "check_date_range",
    "check_day_count",
    "check_percent_ratio",
    "check_quantity_sum",
    "check_text",
]
