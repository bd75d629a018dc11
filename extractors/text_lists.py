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
    kind_key,
    measure,
    merge_restated,
    quantities,
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
    for m in MARKER_RE.finditer(plain):
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
    item: Item


class _Abort(Exception):
    """The list cannot be read unambiguously."""


def _entry_part(text: str, qs: Sequence[Quantity], entry: _Entry, key: tuple[str, str]) -> Quantity | None:
    """The one figure of kind ``key`` in the entry; None when it has none; _Abort if several."""
    inside = [q for q in qs if q.pos >= entry.start and q.endpos <= entry.end and kind_key(q) == key]
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
        if idx == at and not item.text[:end].strip():
            continue  # "รวม ..." opens its item: the list is in the items before
        qs = quantities(item.text)
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
    outer = [e for e in _segment(stream[at].text).entries if e.start < start]
    sibling = (outer[-1].style, outer[-1].number + 1) if outer and outer[-1].number is not None else None
    for idx in range(at, len(stream)):
        item = stream[idx]
        text = item.text
        begin = start if idx == at else 0
        total = TOTAL_RE.search(text, begin)
        end = total.start() if total else len(text)
        qs = quantities(text)
        entries = [e for e in _segment(text, end).entries if e.start >= begin]
        lead_end = entries[0].start if entries else end
        if idx == at:
            lead = [q for q in qs if begin <= q.pos and q.endpos <= lead_end and kind_key(q) == key]
            if lead and entries:
                raise _Abort  # figures both before the list and in it
            if lead:
                return [_Part(q, item) for q in merge_restated(text, lead)], False
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


def list_totals(path: str, items: Sequence[Item], streams: dict[int, list[Item]]) -> Iterator[ListTotal]:
    """Every list with its printed total in ``items`` (of two parts or more)."""
    for item in items:
        stream = streams[item.stream]
        text = item.text
        qs = [q for q in quantities(text) if q.kind != "percent"]
        # shape 1: total, list introducer, parts
        for m in LIST_INTRO_RE.finditer(text):
            before = [q for q in qs if q.endpos <= m.start()]
            if not before:
                continue
            total = before[-1]
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
        for m in TOTAL_RE.finditer(text):
            after = [q for q in qs if q.pos >= m.end() and q.pos - m.end() <= 2 * NEAR]
            nxt = TOTAL_RE.search(text, m.end())
            if nxt is not None:
                after = [q for q in after if q.pos < nxt.start()]
            counted: Quantity | None = None
            if after and after[0].kind == "count" and not text[m.end() : after[0].pos].strip():
                counted = after[0]
            seen: set[tuple[str, str]] = set()
            for total in after:
                if kind_key(total) in seen:
                    continue
                seen.add(kind_key(total))
                try:
                    parts = _list_back(stream, item.index, m.start(), kind_key(total))
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
