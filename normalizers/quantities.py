"""Measurements in Thai report text: areas, masses, money, percentages, durations and counts.

Each unit is data (the tables below). Numbers that are dates, years, reference numbers
("กท 4301/176") or list numbers ("1.", "๕.๑") never become quantities.

>>> [(q.kind, q.unit, q.value) for q in find_quantities("ได้ 16,220.89 ตัน/ปี จำนวน ๗๒ ตัวชี้วัด")]
[('mass', 't/yr', 16220.89), ('count', 'ตัวชี้วัด', 72.0)]
>>> [(q.kind, q.unit, q.value, q.raw) for q in find_quantities("คิดเป็นร้อยละ ๘๕.๑๓ งบ 2.5 ล้านบาท")]
[('percent', '%', 85.13, 'ร้อยละ ๘๕.๑๓'), ('money', 'THB', 2500000.0, '2.5 ล้านบาท')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from normalizers.area import Area, scan_areas
from normalizers.numbers import (
    HSPACE,
    PERCENT_AFTER,
    PERCENT_BEFORE,
    NumToken,
    Prepared,
    prepare,
    scan_numbers,
    word_pattern,
)

# --- data tables -------------------------------------------------------------------------------

# น้ำหนัก: ตัน, กิโลกรัม
MASS_UNITS: tuple[tuple[str, str], ...] = (("ตัน", "t"), ("กิโลกรัม", "kg"), ("กก.", "kg"))
# อัตราต่อหน่วยเวลา: "ตัน/ปี", "ตัน ต่อ วัน", "บาท/เดือน"
PER_UNITS: tuple[tuple[str, str], ...] = (
    ("ปี", "yr"), ("เดือน", "mo"), ("สัปดาห์", "wk"), ("วัน", "d"), ("ชั่วโมง", "h"),
)
# เงิน: บาท / บาทถ้วน, และตัวคูณหน้าบาท ("ล้านบาท" = 10^6)
MONEY_WORDS: tuple[str, ...] = ("บาทถ้วน", "บาท")
MONEY_SCALES: tuple[tuple[str, int], ...] = (("ล้าน", 6), ("แสน", 5), ("หมื่น", 4), ("พัน", 3))
MONEY_PREFIXES: tuple[str, ...] = ("฿",)
# ระยะเวลา
DURATION_UNITS: tuple[tuple[str, str], ...] = (
    ("วันทำการ", "workday"), ("วัน", "day"), ("สัปดาห์", "week"), ("เดือน", "month"), ("ปี", "year"),
    ("ชั่วโมง", "h"), ("ชม.", "h"), ("นาที", "min"),
)
# ลักษณนามสำหรับการนับ (หน่วยคือคำลักษณนามเอง)
COUNT_CLASSIFIERS: tuple[str, ...] = (
    "ร้าน", "แห่ง", "ราย", "คน", "ครั้ง", "ต้น", "ตัวชี้วัด", "หน่วยงาน", "ดวง", "ป้าย", "คลอง", "ชิ้น",
    "ชิ้นงาน", "โครงการ", "ชุมชน", "โรงเรียน", "เรื่อง", "กิจกรรม", "รายการ", "หลัง", "ครัวเรือน", "จุด",
    "เครื่อง", "คัน", "ชุด", "เล่ม", "ฉบับ", "ข้อ", "คู่", "กลุ่ม", "หมู่บ้าน", "องค์กร", "ตำแหน่ง", "ตัวอย่าง",
    "ท่าน", "คณะ",
)
# คำที่ขึ้นต้นด้วยลักษณนามแต่เป็นคำอื่น: "1 รายงาน", "รายได้", "ต้นทุน", "แห่งชาติ"
NOT_CLASSIFIER: dict[str, tuple[str, ...]] = {
    "ราย": ("งาน", "ได้", "จ่าย", "ละเอียด", "ชื่อ", "วิชา", "ย่อย"),
    "ต้น": ("ทุน", "แบบ", "สังกัด", "ฉบับ", "เรื่อง", "ทาง"),
    "แห่ง": ("ชาติ", "ประเทศ"),
    "หลัง": ("จาก", "เลิก", "งาน"),
    "ข้อ": ("มูล", "เสนอ", "ตกลง", "ความ", "บังคับ", "กำหนด", "สังเกต"),
    "จุด": ("ประสงค์", "เด่น", "อ่อน", "แข็ง", "มุ่งหมาย"),
    "กลุ่ม": ("งาน", "เป้าหมาย"),
    "คน": ("งาน",),
    "ชุด": ("ข้อมูล",),
    "องค์กร": ("ประกอบ",),  # "องค์กรประกอบ" = องค์ประกอบ สะกดผิด
}
# ลำดับที่ ("ครั้งที่ 2", "วันที่ 15"): ลักษณนามตามด้วย "ที่" + ตัวเลข ไม่ใช่การนับ
_ORDINAL_AFTER = re.compile(r"ที่" + HSPACE + r"*[0-9]")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A measurement as printed, in its contract unit ("m2", "t", "THB", "%", "day", a classifier).

    ``decimals`` is the printed precision (of the finest part for areas; for "2.5 ล้านบาท" it is
    1 - 6 = -5, so ``0.5 * 10 ** -decimals`` stays the rounding radius in the unit).
    """

    kind: str
    unit: str
    value: float
    raw: str
    decimals: int = 0
    pos: int = 0
    endpos: int = 0
    parts: tuple[tuple[str, float], ...] = ()
    suspicious: str | None = None
    likely_value: float | None = None


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(word_pattern(w) for w in sorted(words, key=len, reverse=True))


_PER = rf"(?:{HSPACE}*(?:/|ต่อ){HSPACE}*(?P<per>{_alt(tuple(w for w, _ in PER_UNITS))}))?"
_PER_MAP = {w: u for w, u in PER_UNITS}
# เงินต่อหน่วย: "บาท/ปี" -> THB/yr, "บาท/คน" -> THB/คน
_MONEY_PER_MAP = {**{w: w for w in COUNT_CLASSIFIERS}, **_PER_MAP}
_MONEY_PER = rf"(?:{HSPACE}*(?:/|ต่อ){HSPACE}*(?P<per>{_alt(tuple(_MONEY_PER_MAP))}))?"
_MONEY = re.compile(
    rf"(?:\.-)?{HSPACE}*(?:(?P<scale>{_alt(tuple(w for w, _ in MONEY_SCALES))}){HSPACE}*)?"
    rf"(?:{_alt(MONEY_WORDS)})" + _MONEY_PER
)
_MONEY_BEFORE = re.compile("(?:" + "|".join(re.escape(w) for w in MONEY_PREFIXES) + ")" + HSPACE + r"*\Z")
_SCALE = {w: n for w, n in MONEY_SCALES}
_MASS = re.compile(rf"{HSPACE}*(?P<u>{_alt(tuple(w for w, _ in MASS_UNITS))})" + _PER)
_MASS_MAP = {w: u for w, u in MASS_UNITS}
_DURATION = re.compile(rf"{HSPACE}*(?P<u>{_alt(tuple(w for w, _ in DURATION_UNITS))})")
_DURATION_MAP = {w: u for w, u in DURATION_UNITS}
_COUNT = re.compile(rf"{HSPACE}*(?P<u>{_alt(COUNT_CLASSIFIERS)})")


@cache
def _word_re(word: str) -> re.Pattern[str]:
    return re.compile(word_pattern(word))


def _canonical(found: str, table: dict[str, str]) -> str:
    """The table entry a (possibly tone-damaged) spelling matched."""
    for word, unit in sorted(table.items(), key=lambda kv: len(kv[0]), reverse=True):
        if _word_re(word).fullmatch(found):
            return unit
    return found


def _scale(found: str | None) -> int:
    if found is None:
        return 0
    return _SCALE[_canonical(found, {w: w for w in _SCALE})]


def _classifier(found: str) -> str:
    for word in sorted(COUNT_CLASSIFIERS, key=len, reverse=True):
        if _word_re(word).fullmatch(found):
            return word
    return found


def _make(p: Prepared, kind: str, unit: str, value: Decimal, decimals: int, start: int, end: int) -> Quantity:
    s, e = p.span(start, end)
    return Quantity(kind, unit, float(value), p.original[s:e], decimals, s, e)


def _after(p: Prepared, t: NumToken) -> Quantity | None:
    """The quantity made by ``t`` and the unit written after it, if any."""
    text = p.text
    m = _MONEY.match(text, t.end)
    if m:
        scale = _scale(m.group("scale"))
        per = m.group("per")
        unit = "THB" + ("/" + _canonical(per, _MONEY_PER_MAP) if per else "")
        start = t.start
        pm = _MONEY_BEFORE.search(text, max(0, t.start - 8), t.start)
        if pm:
            start = pm.start()
        return _make(p, "money", unit, t.value.scaleb(scale), t.decimals - scale, start, m.end())
    m = _MASS.match(text, t.end)
    if m:
        unit = _canonical(m.group("u"), _MASS_MAP)
        if m.group("per"):
            unit += "/" + _canonical(m.group("per"), _PER_MAP)
        return _make(p, "mass", unit, t.value, t.decimals, t.start, m.end())
    m = PERCENT_AFTER.match(text, t.end)
    if m:
        return _make(p, "percent", "%", t.value, t.decimals, t.start, m.end())
    m = _DURATION.match(text, t.end)
    if m and not _ORDINAL_AFTER.match(text, m.end()):
        unit = _canonical(m.group("u"), _DURATION_MAP)
        return _make(p, "duration", unit, t.value, t.decimals, t.start, m.end())
    m = _COUNT.match(text, t.end)
    if m and t.decimals == 0 and t.skip is None and not _ORDINAL_AFTER.match(text, m.end()):
        word = _classifier(m.group("u"))
        if not any(text.startswith(w, m.end()) for w in NOT_CLASSIFIER.get(word, ())):
            return _make(p, "count", word, t.value, 0, t.start, m.end())
    return None


def _area_quantity(a: Area) -> Quantity:
    return Quantity(
        kind="area",
        unit="m2",
        value=a.m2,
        raw=a.raw,
        decimals=a.decimals,
        pos=a.pos,
        endpos=a.endpos,
        parts=tuple(a.parts.items()),
        suspicious=a.suspicious,
        likely_value=a.likely_m2,
    )


class _Spans:
    """Non-overlapping spans [start, end), sorted: overlap test in log time, not against every span.

    >>> s = _Spans([(0, 4), (10, 12)])
    >>> s.overlaps(3, 5), s.overlaps(4, 10), s.overlaps(11, 20)
    (True, False, True)
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        # ช่วงไม่ซ้อนกันและเรียงกัน: ช่วงสุดท้ายที่เริ่มก่อน end มีจุดจบไกลที่สุดในกลุ่มนั้น
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def find_quantities(text: str) -> list[Quantity]:
    """Measurements in ``text``, in text order and non-overlapping, with offsets in ``text``.

    >>> [(q.value, q.unit, q.suspicious is not None, q.likely_value)
    ...  for q in find_quantities("จำนวน 1 ไร่ 1 งาน 40.60 ตารางเมตร")]
    [(2040.6, 'm2', True, 2162.4)]
    >>> find_quantities("1. โครงการ กท 4301/176 ปี 2564 ครั้งที่ ๑/๒๕๖๔ ๕.๑ หน่วยงาน")
    []
    """
    p = prepare(text)
    tokens = scan_numbers(p)
    out = [_area_quantity(a) for a in scan_areas(p, tokens)]
    taken = _Spans((q.pos, q.endpos) for q in out)
    for t in tokens:
        if t.skip not in (None, "section"):
            continue
        s, e = p.span(t.start, t.end)
        if taken.overlaps(s, e):
            continue
        before = PERCENT_BEFORE.search(p.text, max(0, t.start - 40), t.start)
        q: Quantity | None
        if before:
            suffix = PERCENT_AFTER.match(p.text, t.end)
            end = suffix.end() if suffix else t.end
            q = _make(p, "percent", "%", t.value, t.decimals, before.start(), end)
        else:
            q = _after(p, t)
            baht = _MONEY_BEFORE.search(p.text, max(0, t.start - 8), t.start)
            if q is None and baht:  # "฿1,200"
                q = _make(p, "money", "THB", t.value, t.decimals, baht.start(), t.end)
        if q is not None and not taken.overlaps(q.pos, q.endpos):
            out.append(q)
            taken.add(q.pos, q.endpos)
    out.sort(key=lambda q: q.pos)
    return out
