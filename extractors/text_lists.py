"""List totals of running text: listed parts and their printed total (for quantity-sum).

Two shapes: the total first, then a list introduced by แบ่งเป็น / ประกอบด้วย / ได้แก่ / ดังนี้
("จำนวน 16,758.457 ตัน โดยแบ่งเป็น - ... 13,742.592 ตัน - ... 3,015.865 ตัน"); or a list of
entries ("1. ... 321.50 ตารางวา", "2. ...", possibly one per line) closed by "รวม ... X".
A list is a run of entries with one marker style (numbers in sequence), each holding exactly one
figure of the total's kind and unit. When "รวม 5 แห่ง" counts the entries and the count differs
from what was read, the list is incomplete: no fact. Where a reading is ambiguous, no fact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from extractors.records import ListTotal
from extractors.text_items import (
    LIST_INTRO_RE,
    MARKER_RE,
    MAX_ENTRIES,
    NEAR,
    TOTAL_RE,
    Item,
    excerpt,
    first_char,
    kind_key,
    measure,
    merge_restated,
    per_text,
    quantities,
    quantities_within,
)
from normalizers.digits import to_arabic
from normalizers.quantities import Quantity


@dataclass(frozen=True, slots=True)
class _Entry:
    """One list entry ("1. ...", "- ...") inside an item."""

    style: str  # "1." "1)" "(1)" or the bullet character
    number: int | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Marks:
    """The list markers of a whole item: where each starts and ends, its style and number."""

    starts: list[int]
    ends: list[int]
    styles: list[str]
    numbers: list[int | None]


@per_text
def _marks(text: str) -> _Marks:
    """Every list marker of ``text``, found once (parentheses counted as the scan goes)."""
    plain = to_arabic(text)
    out = _Marks([], [], [], [])
    opened = closed = last = 0
    for m in MARKER_RE.finditer(plain):
        opened += plain.count("(", last, m.start())
        closed += plain.count(")", last, m.start())
        last = m.start()
        if m.group("num") is not None:
            if m.group("sep") == ")" and opened > closed:
                continue  # "(Brasserie 9) ..." closes a bracket, it is no list number
            style, number = "1" + m.group("sep"), int(m.group("num"))
        elif m.group("pnum") is not None:
            style, number = "(1)", int(m.group("pnum"))
        else:
            style, number = m.group("bullet"), None
        out.starts.append(m.start())
        out.ends.append(m.end())
        out.styles.append(style)
        out.numbers.append(number)
    return out


@dataclass(frozen=True, slots=True)
class _Segmented:
    """``text[:stop]`` split into its lead and list entries (a view on the item's markers).

    A marker counts when it ends before ``stop`` (its look-ahead needs one character of text).
    """

    marks: _Marks
    count: int
    stop: int

    @property
    def lead_end(self) -> int:
        """Text before the first marker ends here (== start of the first entry)."""
        return self.marks.starts[0] if self.count else self.stop

    def entry(self, i: int) -> _Entry:
        m = self.marks
        end = m.starts[i + 1] if i + 1 < self.count else self.stop
        return _Entry(m.styles[i], m.numbers[i], m.starts[i], end)

    @property
    def entries(self) -> list[_Entry]:
        return [self.entry(i) for i in range(self.count)]

    def backward(self) -> Iterator[_Entry]:
        return (self.entry(i) for i in range(self.count - 1, -1, -1))

    def first_at(self, begin: int) -> int:
        """Index of the first entry starting at or after ``begin`` (``count`` when none)."""
        return bisect_left(self.marks.starts, begin, 0, self.count)

    def last_before(self, start: int) -> _Entry | None:
        i = self.first_at(start)
        return self.entry(i - 1) if i > 0 else None


def _segment(text: str, end: int | None = None) -> _Segmented:
    """Split ``text[:end]`` into the lead and its list entries.

    >>> s = _segment("ดังนี้ 1. ก 5 ตัน 2. ข (แบบ 9) 6 ตัน")
    >>> [(e.style, e.number) for e in s.entries]
    [('1.', 1), ('1.', 2)]
    """
    stop = len(text) if end is None else end
    marks = _marks(text)
    return _Segmented(marks, bisect_left(marks.ends, stop), stop)


@dataclass(frozen=True, slots=True)
class _Part:
    q: Quantity
    item: Item


class _Abort(Exception):
    """The list cannot be read unambiguously."""


def _entry_part(text: str, entry: _Entry, key: tuple[str, str]) -> Quantity | None:
    """The one figure of kind ``key`` in the entry; None when it has none; _Abort if several."""
    inside = [q for q in quantities_within(text, entry.start, entry.end) if kind_key(q) == key]
    inside = merge_restated(text, inside)
    if len(inside) > 1:
        raise _Abort
    return inside[0] if inside else None


def _list_back(
    stream: Sequence[Item], at: int, upto: int, key: tuple[str, str]
) -> list[_Part]:
    """Parts of the list that ends at ``stream[at].text[:upto]``, read backwards."""
    parts: list[_Part] = []
    style: str | None = None
    expect: int | None = None
    for idx in range(at, -1, -1):
        item = stream[idx]
        end = upto if idx == at else len(item.text)
        if idx == at and first_char(item.text) >= end:
            continue  # "รวม ..." opens its item: the list is in the items before
        seg = _segment(item.text, end)
        for entry in seg.backward():
            if style is not None and entry.style != style:
                return parts
            if expect is not None and entry.number != expect:
                return parts
            q = _entry_part(item.text, entry, key)
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
        if first_char(item.text) < seg.lead_end or not seg.count:
            return parts
    return parts


def _list_forward(
    stream: Sequence[Item], at: int, start: int, key: tuple[str, str]
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
    outer = _segment(stream[at].text).last_before(start)
    sibling = (outer.style, outer.number + 1) if outer is not None and outer.number is not None else None
    for idx in range(at, len(stream)):
        item = stream[idx]
        text = item.text
        begin = start if idx == at else 0
        total = _total_after(text, begin)
        end = total if total is not None else len(text)
        seg = _segment(text, end)
        first = seg.first_at(begin)
        entries = (seg.entry(i) for i in range(first, seg.count))
        lead_end = seg.entry(first).start if first < seg.count else end
        if idx == at:
            lead: list[Quantity] = []
            for q in quantities_within(text, begin, lead_end):
                if kind_key(q) == key:
                    lead.append(q)
                    if len(lead) > MAX_ENTRIES:
                        raise _Abort  # no list of so many unmarked parts is read
            if lead and first < seg.count:
                raise _Abort  # figures both before the list and in it
            if lead:
                return [_Part(q, item) for q in merge_restated(text, lead)], False
        elif first_char(text) < lead_end:
            return parts, True  # prose again: the list has ended
        for entry in entries:
            if not parts and (entry.style, entry.number) == sibling:
                return parts, True
            if style is not None and entry.style != style:
                return parts, True
            if expect is not None and entry.number != expect:
                return parts, True
            part = _entry_part(text, entry, key)
            if part is None:
                return parts, True
            style = entry.style
            expect = entry.number + 1 if entry.number is not None else None
            parts.append(_Part(part, item))
            if len(parts) > MAX_ENTRIES:
                raise _Abort
        if total is not None:
            return parts, True
    return parts, True


def list_totals(path: str, items: Sequence[Item], streams: dict[int, list[Item]]) -> Iterator[ListTotal]:
    """Every list with its printed total in ``items`` (of two parts or more)."""
    for item in items:
        stream = streams[item.stream]
        text = item.text
        qs = [q for q in quantities(text) if q.kind != "percent"]
        starts = [q.pos for q in qs]
        ends = [q.endpos for q in qs]
        # shape 1: total, list introducer, parts
        for m in LIST_INTRO_RE.finditer(text):
            k = bisect_right(ends, m.start())
            if not k:
                continue
            total = qs[k - 1]
            gap = text[total.endpos : m.start()]
            if len(gap) > 25 or re.search(r"[0-9๐-๙]", gap):
                continue
            try:
                parts, marked = _list_forward(stream, item.index, m.end(), kind_key(total))
            except _Abort:
                continue
            if len(parts) >= 2:
                yield _fact(path, item, total, parts, "ที่แจกแจงไว้", prefixes=not marked)
        # shape 2: list, then รวม total
        totals = _totals(text)
        for n, (m_start, m_end) in enumerate(totals):
            stop = min(m_end + 2 * NEAR + 1, totals[n + 1][0] if n + 1 < len(totals) else len(text) + 1)
            after = qs[bisect_left(starts, m_end) : bisect_left(starts, stop)]
            counted: Quantity | None = None
            if after and after[0].kind == "count" and not text[m_end : after[0].pos].strip():
                counted = after[0]
            seen: set[tuple[str, str]] = set()
            for total in after:
                if kind_key(total) in seen:
                    continue
                seen.add(kind_key(total))
                try:
                    parts = _list_back(stream, item.index, m_start, kind_key(total))
                except _Abort:
                    continue
                parts.reverse()
                if counted is not None and total is not counted and counted.value != len(parts):
                    continue  # "รวม 5 แห่ง" but another number of entries was read
                if len(parts) >= 2:
                    yield _fact(path, item, total, parts, "ก่อนหน้า")


def _fact(
    path: str, item: Item, total: Quantity, parts: Sequence[_Part], how: str, prefixes: bool = False
) -> ListTotal:
    return ListTotal(
        measure(total), tuple(measure(p.q) for p in parts), how,
        item.prov(path, excerpt(item.text, total.pos, total.endpos)), prefixes,
    )


@per_text
def _totals(text: str) -> list[tuple[int, int]]:
    """Where each "รวม" (total word) of ``text`` starts and ends."""
    return [(m.start(), m.end()) for m in TOTAL_RE.finditer(text)]


def _total_after(text: str, begin: int) -> int | None:
    """Start of the first total word at or after ``begin``."""
    totals = _totals(text)
    i = bisect_left(totals, (begin, -1))
    return totals[i][0] if i < len(totals) else None
