"""Facts of running text, each a typed record the rules of pipeline/rules verify.

:func:`add_text_facts` fills ``Document.ratios`` (a percentage and the two figures it is computed
from), ``list_totals`` (extractors/text_lists.py), ``day_counts`` (a number of days beside a date
range), ``areas`` (an area restated in ตารางเมตร, or printed in an implausible unit mix) and
``date_mentions`` (``Document.dates`` in their context). Every fact carries the page, line and
bbox of its line, and as raw text the excerpt of its item. Nothing here judges agreement.

Time is linear in the length of a line: each item's quantities and dates are found once, and a
record's excerpt is looked up from where the previous record of its line ended.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Literal

from extractors.records import (
    AreaStatement,
    DateMention,
    DayCount,
    Document,
    Figure,
    Line,
    Provenance,
    Ratio,
)
from extractors.text_items import (
    BOUND_BEFORE_RE,
    CHANGE_RE,
    COMPUTE_BEFORE_RE,
    COMPUTE_WORDS,
    DATE_GAP_RE,
    DAY_COUNT_BEFORE_RE,
    HISTORY_RE,
    NEAR,
    WHOLE_AFTER_RE,
    WHOLE_RE,
    WORKING_AFTER_RE,
    Item,
    alternation,
    by_stream,
    dates,
    excerpt,
    forget_texts,
    is_m2_area,
    is_traditional_area,
    items_of,
    kind_key,
    measure,
    merge_restated,
    per_text,
    quantities,
    quantities_within,
    restates,
)
from extractors.text_lists import list_totals
from normalizers.dates import DateSpan
from normalizers.quantities import Quantity


def add_text_facts(doc: Document) -> None:
    """Read every fact of the document's running text into its lists (after quantities and dates)."""
    items = items_of(doc)
    streams = by_stream(items)
    try:
        doc.ratios.extend(_ratios(doc.path, items, streams))
        doc.list_totals.extend(list_totals(doc.path, items, streams))
        doc.day_counts.extend(_day_counts(doc.path, items))
        doc.areas.extend(_area_restatements(doc.path, items))
        doc.areas.extend(_unit_mixes(doc))
        doc.date_mentions.extend(_date_mentions(doc))
    finally:
        forget_texts()


# --------------------------------------------------------------------------------------------
# ratios: "624 ร้าน จาก 733 ร้าน คิดเป็นร้อยละ 85.13"
# --------------------------------------------------------------------------------------------


def _ratios(path: str, items: Sequence[Item], streams: dict[int, list[Item]]) -> Iterator[Ratio]:
    """Percentages introduced by คิดเป็น / เท่ากับ, with the two same-kind figures before them.

    The two figures stand in the same item (or, when the item opens with คิดเป็น, in the previous
    item of its stream), or in a parenthesis right after the % ("คิดเป็นร้อยละ 71.97 (งบประมาณ ...
    บาท รายจ่าย ... บาท)"). The whole is the figure after จาก / ทั้งหมด / กำหนด / เป้าหมาย.
    Percentages of change (เพิ่มขึ้น / ลดลง) are not part / whole: no fact.
    """
    for item in items:
        text = item.text
        qs = quantities(text)
        for pct in qs:
            if pct.kind != "percent" or not _computed(text, pct):
                continue
            src, upto = text, pct.pos
            pair = _ratio_candidates(text, upto)
            if pair == [] and item.index > 0 and _opens_with_compute(text, pct):
                src = streams[item.stream][item.index - 1].text
                upto = len(src)
                pair = _ratio_candidates(src, upto)
            if pair == []:
                src, upto = text, pct.pos
                pair = _bracketed_pair(text, pct)
            if not pair:
                continue
            a, b = pair
            if CHANGE_RE.search(src, max(0, a.pos - NEAR), max(upto, b.endpos)):
                continue  # a percentage of change, not part / whole
            if src is text:
                shown = excerpt(text, min(a.pos, pct.pos), max(b.endpos, pct.endpos))
            else:
                shown = excerpt(src, a.pos) + " " + excerpt(text, 0, pct.endpos)
            whole_a, whole_b = _is_whole(src, a, 0), _is_whole(src, b, a.endpos)
            whole: Literal["first", "second"] | None = (
                None if whole_a == whole_b else "first" if whole_a else "second"
            )
            yield Ratio(Figure(pct.value, pct.decimals, pct.raw), measure(a), measure(b), whole,
                        item.prov(path, shown))


def _computed(text: str, q: Quantity) -> bool:
    """The figure is introduced by คิดเป็น / เท่ากับ."""
    return bool(COMPUTE_BEFORE_RE.search(text[max(0, q.pos - 30) : q.pos]))


@per_text
def _computed_ends(text: str) -> list[int]:
    """Where each computed figure (คิดเป็น ... X) of ``text`` ends, in order."""
    return [q.endpos for q in quantities(text) if _computed(text, q)]


def _ratio_candidates(text: str, upto: int) -> list[Quantity] | None:
    """The two same-kind figures a percentage at ``upto`` is computed from; None when ambiguous.

    The scope starts after the previous computed figure (คิดเป็น ...) of the item.
    """
    ends = _computed_ends(text)
    i = bisect_right(ends, upto)
    start = ends[i - 1] if i else 0
    scope = [q for q in quantities_within(text, start, upto) if q.kind != "percent"]
    return _one_pair(merge_restated(text, scope))


def _one_pair(qs: Sequence[Quantity]) -> list[Quantity] | None:
    """The two figures of the one kind and unit printed twice among ``qs``.

    ``[]`` when no kind is printed twice; None (ambiguous) when several are, or one more than twice.
    """
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for q in qs:
        groups.setdefault(kind_key(q), []).append(q)
    pairs = [g for g in groups.values() if len(g) >= 2]
    if not pairs:
        return []
    if len(pairs) > 1 or len(pairs[0]) != 2:
        return None
    return pairs[0]


def _is_whole(text: str, q: Quantity, floor: int) -> bool:
    before = text[max(floor, q.pos - NEAR) : q.pos]
    return bool(WHOLE_RE.search(before)) or bool(WHOLE_AFTER_RE.match(text[q.endpos : q.endpos + 12]))


_OPENS_WITH_COMPUTE = re.compile(r"\s*" + alternation(COMPUTE_WORDS) + r"\s*(?:ร้?อยละ)?\s*")
_OPEN_PAREN = re.compile(r"\s*\(")
#: a parenthesis holding more figures than this holds no one pair a percentage is computed from
MAX_BRACKETED = 200


def _opens_with_compute(text: str, pct: Quantity) -> bool:
    """The item starts with the computing phrase ("คิดเป็นร้อยละ 35.607 ...")."""
    return bool(_OPENS_WITH_COMPUTE.fullmatch(text, 0, pct.pos))


@per_text
def _closers(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch == ")"]


def _bracketed_pair(text: str, pct: Quantity) -> list[Quantity] | None:
    """Two same-kind figures in a parenthesis right after the percentage, if exactly two."""
    m = _OPEN_PAREN.match(text, pct.endpos)
    if not m:
        return []
    open_at = m.end()
    closers = _closers(text)
    k = bisect_left(closers, open_at)
    if k == len(closers):
        return []
    close_at = closers[k]
    inside: list[Quantity] = []
    for q in quantities_within(text, open_at, close_at):
        if q.kind != "percent":
            inside.append(q)
            if len(inside) > MAX_BRACKETED:
                return None
    return _one_pair(inside)




# --------------------------------------------------------------------------------------------
# day counts: "ระยะเวลา 1 พฤษภาคม - 31 สิงหาคม 2564 จำนวน 120 วัน"
# --------------------------------------------------------------------------------------------


def _days(span: DateSpan) -> int | None:
    if not span.valid or span.start is None or span.end is None or span.end < span.start:
        return None
    return (span.end - span.start).days + 1


def _date_groups(text: str, spans: Sequence[DateSpan]) -> list[list[DateSpan]]:
    """Dates printed as one list ("๔ - ๘, ๒๐ และ ๒๖ ตุลาคม ๒๕๖๔") form one group."""
    groups: list[list[DateSpan]] = []
    for s in sorted(spans, key=lambda s: s.pos):
        if groups and DATE_GAP_RE.match(text[groups[-1][-1].endpos : s.pos]):
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def _is_day_count(text: str, q: Quantity, floor: int) -> bool:
    """A printed count of days ("รวม 120 วัน"), not a bound ("ไม่น้อยกว่า 30 วัน") nor working days."""
    if q.kind != "duration" or q.unit != "day" or q.decimals != 0:
        return False
    before = text[max(floor, q.pos - NEAR) : q.pos]
    if BOUND_BEFORE_RE.search(before) or WORKING_AFTER_RE.match(text[q.endpos : q.endpos + 10]):
        return False
    return bool(DAY_COUNT_BEFORE_RE.search(before))


class _Nearest:
    """The group of dates nearest a number, before or after it (the one before on a tie).

    Groups follow each other in the text, so the candidates are the last group ending before the
    number and the first starting after it, found by bisection.
    """

    def __init__(self, groups: list[list[DateSpan]]) -> None:
        self.groups = groups
        self.ends = [g[-1].endpos for g in groups]
        self.starts = [g[0].pos for g in groups]
        self.ordered = all(a <= b for a, b in pairwise(self.ends)) and all(
            a <= b for a, b in pairwise(self.starts))

    @staticmethod
    def _distance(g: list[DateSpan], q: Quantity) -> int:
        return q.pos - g[-1].endpos if g[-1].endpos <= q.pos else g[0].pos - q.endpos

    def to(self, q: Quantity) -> list[DateSpan] | None:
        if self.ordered:
            i = bisect_right(self.ends, q.pos)
            j = bisect_left(self.starts, q.endpos)
            near = ([self.groups[i - 1]] if i else []) + ([self.groups[j]] if j < len(self.groups) else [])
        else:
            near = self.groups
        near = [g for g in near if self._distance(g, q) >= 0]
        return min(near, key=lambda g: self._distance(g, q)) if near else None


def _day_counts(path: str, items: Sequence[Item]) -> Iterator[DayCount]:
    """A printed number of days with the nearest group of dates that holds a range.

    The days must be introduced by รวม / จำนวน / ระยะเวลา / เป็นเวลา; bounds (ไม่น้อยกว่า / ไม่เกิน /
    ภายใน ...) and working days (วันทำการ) are no day counts. A list of dates counts as the sum of
    its days.
    """
    for item in items:
        text = item.text
        spans = [s for s in dates(text) if s.start is not None and s.end is not None and s.valid]
        if not any(s.end != s.start for s in spans):
            continue
        groups = [g for g in _date_groups(text, spans) if any(s.end != s.start for s in g)]
        nearest = _Nearest(groups)
        for q in quantities(text):
            if not _is_day_count(text, q, 0):
                continue
            group = nearest.to(q)
            if group is None:
                continue
            lengths = [_days(s) for s in group]
            if any(n is None for n in lengths):
                continue
            first, last = min(s.start for s in group if s.start), max(s.end for s in group if s.end)
            yield DayCount(
                printed=round(q.value),
                raw=q.raw,
                range_raw=text[group[0].pos : group[-1].endpos],
                days=sum(n for n in lengths if n is not None),
                span_days=(last - first).days + 1,
                prov=item.prov(path, excerpt(text, group[0].pos, q.endpos)),
            )


# --------------------------------------------------------------------------------------------
# areas: "1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร"; "1 ไร่ 1 งาน 40.60 ตารางเมตร"
# --------------------------------------------------------------------------------------------


def _area_restatements(path: str, items: Sequence[Item]) -> Iterator[AreaStatement]:
    """An area in ไร่ / งาน / ตารางวา directly restated in ตารางเมตร (or the other way round)."""
    for item in items:
        text = item.text
        areas = [q for q in quantities(text) if q.kind == "area" and not q.suspicious]
        for first, second in pairwise(areas):
            if not restates(text, first, second):
                continue
            if is_traditional_area(first) and is_m2_area(second):
                trad, m2 = first, second
            elif is_m2_area(first) and is_traditional_area(second):
                trad, m2 = second, first
            else:
                continue
            yield AreaStatement(measure(trad), item.prov(path, excerpt(text, first.pos, second.endpos)),
                                measure(m2))


def _unit_mixes(doc: Document) -> Iterator[AreaStatement]:
    """The areas of ``doc.quantities`` printed in an implausible unit mix, each in its context."""
    place = _Placer(doc)
    for rec in doc.quantities:
        if rec.kind == "area" and rec.suspicious:
            shown = place.excerpt(rec.prov, rec.raw)
            area = measure(Quantity(rec.kind, rec.unit, rec.value, rec.raw, rec.decimals,
                                    parts=tuple(rec.parts.items()), suspicious=rec.suspicious,
                                    likely_value=rec.likely_value))
            yield AreaStatement(area, _with_raw(rec.prov, shown))


# --------------------------------------------------------------------------------------------
# dates in their context
# --------------------------------------------------------------------------------------------


def _date_mentions(doc: Document) -> Iterator[DateMention]:
    """Every date of ``doc.dates`` with its excerpt; told as history when ก่อตั้ง / จัดตั้ง ... precede it."""
    place = _Placer(doc)
    for rec in doc.dates:
        shown = place.excerpt(rec.prov, rec.raw)
        at = shown.find(rec.raw)
        history = bool(HISTORY_RE.search(shown[: at if at >= 0 else len(shown)][-2 * NEAR :]))
        yield DateMention(rec, _with_raw(rec.prov, shown), history)


def _with_raw(prov: Provenance, raw: str) -> Provenance:
    return Provenance(prov.path, prov.page, prov.line, raw, prov.source, prov.bbox)


class _Placer:
    """Finds each record of a line's pieces in its cell, left to right (linear in the line's length).

    A record's ``prov.raw`` is the newline-separated piece of its line it was read from; its excerpt
    is taken from the tab-separated cell of that piece holding it, after the previous record of the
    same piece. Records read off no line of the document fall back to their own raw text.
    """

    def __init__(self, doc: Document) -> None:
        self.lines: dict[tuple[int | None, int], Line] = {(ln.page, ln.line): ln for ln in doc.lines}
        self.piece: tuple[int | None, int | None, str] | None = None
        self.cursor = 0
        self.tabs: list[int] = []

    def excerpt(self, prov: Provenance, raw: str) -> str:
        ln = self.lines.get((prov.page, prov.line)) if prov.line is not None else None
        if ln is None:
            return excerpt(prov.raw)
        piece = prov.raw
        if self.piece != (prov.page, prov.line, piece):
            self.piece = (prov.page, prov.line, piece)
            self.cursor = 0
            self.tabs = [i for i, ch in enumerate(piece) if ch == "\t"]
        at = piece.find(raw, self.cursor)
        if at < 0:
            at = piece.find(raw)
        if at < 0 or not raw:
            return _first_in_line(ln, raw)
        self.cursor = at + 1
        k = bisect_right(self.tabs, at)
        start = self.tabs[k - 1] + 1 if k > 0 else 0
        end = self.tabs[k] if k < len(self.tabs) else len(piece)
        if at + len(raw) > end:
            return _first_in_line(ln, raw)
        return excerpt(piece[start:end], at - start, at - start + len(raw))


def _first_in_line(ln: Line, raw: str) -> str:
    """The first cell piece of the line holding ``raw`` (else the whole line), around it."""
    for piece in re.split(r"[\t\n]", ln.text):
        at = piece.find(raw)
        if at >= 0:
            return excerpt(piece, at, at + len(raw))
    return excerpt(ln.text)
