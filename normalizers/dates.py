"""Thai dates: Buddhist/Common Era, full and abbreviated months, ranges, lists, fiscal years.

:func:`find_dates` reads every date expression in a piece of text and returns one :class:`DateSpan`
per date, range or fiscal year, in Common Era, with the raw text and its offsets
(``text[span.pos:span.endpos] == span.raw``).

>>> [(d.start.isoformat(), d.end.isoformat(), d.kind) for d in find_dates("๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔")]
[('2021-02-15', '2021-02-25', 'range')]
>>> [d.raw for d in find_dates("ประชุมครั้งที่ ๑/๒๕๖๔ เมื่อวันที่ ๒๐ มกราคม ๒๕๖๔")]
['๒๐ มกราคม ๒๕๖๔']
>>> d = parse_date("31 เมษายน 2564")
>>> d.valid, d.start
(False, None)

The grammar is written with ``regex`` (compiled once, on first use); ``pythainlp.util.thai_strptime`` is
not used: it reads months 10-12 as January and rejects Thai digits, "พ.ศ." and ranges.

Conventions:

* Thai digits and Arabic digits are read alike.
* A four-digit year 2400-2700 is Buddhist Era (พ.ศ.); 1900-2100 is Common Era only with ค.ศ., after
  "ปี", or inside a day/month date ("15 มกราคม 2021"). A bare number is never a year on its own
  ("โคโรนา 2019" is not a date).
* A two-digit year is Buddhist Era 25yy ("ต.ค. 64" is October 2564 = 2021), so two-digit years
  cover CE 1957-2056.
* Day lists share the month and year printed after them: "๔ - ๘, ๒๐ และ ๒๖ ตุลาคม ๒๕๖๔" is three
  spans; each span's raw runs from its own first day to the shared year.
* ``n/yyyy`` is never a date; ``d/m/yyyy`` is one unless a reference marker precedes it
  (ที่ but not วันที่, ครั้งที่, a letter code such as กท).
* A day that does not exist (31 เมษายน, 30 ก.พ.) gives ``valid=False`` with start/end None; nothing
  is moved or repaired.

Longer than 500 lines on purpose: the keyword tables, the grammar built from them and the walker
that reads its matches are one unit; split apart, a change to one would silently miss the others.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, Literal

import regex

from normalizers.digits import to_arabic, to_thai
from normalizers.errors import NormalizeError
from normalizers.months import MONTHS
from normalizers.text import ANY_MARKS, HSPACE, ZERO_WIDTH, tolerant_atoms, tolerant_pattern

__all__ = [
    "DATE_STYLES",
    "DateSpan",
    "be_to_ce",
    "find_dates",
    "fiscal_year_span",
    "format_thai_date",
    "parse_date",
]

Precision = Literal["day", "month", "year"]

BE_OFFSET = 543
# ปี พ.ศ. สี่หลักที่ยอมรับโดยไม่มีคำว่า พ.ศ. / ปี ค.ศ. ที่ยอมรับเมื่ออยู่ในวันที่เต็มหรือหลังคำว่า "ปี"
BE_YEARS = range(2400, 2701)
CE_YEARS = range(1900, 2101)
# ปี พ.ศ. สองหลัก: "๖๔" = ๒๕๖๔
TWO_DIGIT_BE_CENTURY = 2500


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date, date range, month, year or fiscal year read from text (Common Era)."""

    raw: str
    start: dt.date | None
    end: dt.date | None
    precision: Precision
    valid: bool = True
    pos: int = 0
    endpos: int = 0
    kind: str = "date"


# --------------------------------------------------------------------------------------------
# Data tables: month names and keywords.  Form knowledge lives here, not in the grammar below.
# --------------------------------------------------------------------------------------------

# month names: normalizers.months.MONTHS (full name, abbreviation, other forms)
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")  # date.weekday() order

ERA_BE = ("พุทธศักราช", "พ.ศ.")
ERA_CE = ("คริสต์ศักราช", "ค.ศ.")
YEAR_WORD = "ปี"  # สั้นเกินกว่าจะยอมให้สระหาย
FISCAL_WORDS = ("ปีงบประมาณ", "ปี งบประมาณ", "ปีงบฯ", "ปีงบ")
DAY_WORDS = ("ลงวันที่", "วันที่")
MONTH_WORD = "เดือน"
FROM_WORDS = ("ตั้งแต่", "ระหว่าง")
RANGE_WORDS = ("จนถึง", "ถึง")  # ช่วง: "ถึง" เทียบเท่าขีด
RANGE_DASHES = "-–—~"
LIST_WORDS = ("และ", "หรือ")
# คำที่ตามหลังตัวเลขสองหลักแล้วทำให้ไม่ใช่ปี ("30 ก.ย. 64 ราย" ไม่ใช่ปี 2564)
NOT_AFTER_TWO_DIGIT_YEAR = (
    "ราย", "คน", "แห่ง", "ร้าน", "ครั้ง", "วัน", "ปี", "เดือน", "ชั่วโมง", "นาที", "บาท", "ตัน",
    "กิโล", "ร้อยละ", "คะแนน", "เรื่อง", "โครงการ", "ฉบับ", "หน่วย", "ชุมชน", "%",
)
# อักษรย่อหน่วยงานหน้าเลขที่หนังสือ: กท, กค, นร, มท, ว (2-4 พยัญชนะ หรือ ว ตัวเดียว) หรืออักษรละติน
_REF_BEFORE = r"(?:(?<!วัน)ที่|เลขที่|ครั้งที่|(?<![\u0e01-\u0e4e])(?:[\u0e01-\u0e2e]{2,4}|ว)\.?|[A-Za-z]{1,5}\.?)"

# --------------------------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------------------------

_MARKS = ANY_MARKS  # สระบน/ล่าง วรรณยุกต์ การันต์ นิคหิต
_THAI = "\u0e01-\u0e4e"
_CONS = "\u0e01-\u0e2e"
_ZW = regex.compile(f"[{ZERO_WIDTH}]")
_S = HSPACE + "*"  # ช่องว่างในบรรทัด (ไม่ข้าม tab หรือขึ้นบรรทัด)


# สระ/วรรณยุกต์หาย สลับ หรือซ้ำ: ชื่อเดือนและคำยาวทนต่อเครื่องหมายที่เสียทุกแบบ
# (month names and long keywords survive lost, swapped or doubled marks and a broken SARA AM)
_tolerant_atoms = partial(tolerant_atoms, loose_vowels=True)
_tolerant = partial(tolerant_pattern, loose_vowels=True)


def _trie(words: Iterable[list[str]]) -> str:
    """One regex for many words given as lists of pieces, factored by common prefix (fast to scan).

    Longer continuations are tried before a word that ends early, so the longest name wins.

    >>> _trie([["a", "b"], ["a", "c"], ["a"]])
    'a(?:b|c|)'
    >>> _trie([["a"], ["b"]])
    '(?:a|b)'
    """
    root: dict[str, dict[str, Any]] = {}
    for pieces in words:
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        branches = [piece + emit(child) for piece, child in node.items() if piece]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


def _alt(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(patterns) + ")"


def _by_length(words: Iterable[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def _abbr_atoms(form: str) -> list[str]:
    """Pieces for a dotted abbreviation (ม.ค.), also written ม.ค / ม. ค. / มค / มค.; marks are kept exact."""
    head, second = form.strip(".").split(".")
    # ไม่ใช่ส่วนหนึ่งของอักษรย่ออื่น (ก.พ.ร., ก.ค.ศ.) แต่ยอมให้ตามด้วย พ.ศ./ค.ศ. ติดกัน
    not_longer = rf"(?!\.?(?![พค]\.?ศ)[{_CONS}])"
    second = regex.escape(second)
    # รูปไม่มีจุดกลาง (มค, มค.) ต้องไม่ติดอักษรไทยตัวถัดไป
    tail = _alt([rf"\.{_S}{second}\.?{not_longer}", rf"{second}(?![{_THAI}])\.?{not_longer}"])
    return [*(regex.escape(c) for c in head), tail]


def _skeleton(word: str) -> str:
    """Month-name lookup key: no marks, dots or spaces; ฏ read as ฎ; ำ as า."""
    word = regex.sub(rf"[{_MARKS}\s.]", "", word.replace("\u0e33", "\u0e32"))
    return word.replace("ฏ", "ฎ")


_FULL_KEYS: dict[str, int] = {}
_ABBR_KEYS: dict[str, int] = {}
for _m, (_full, _ab, _other) in enumerate(MONTHS, start=1):
    for _w in (_full, *_other):
        _FULL_KEYS[_skeleton(_w)] = _m
    _ABBR_KEYS[_ab.replace(".", "")] = _m

_LONG_NAMES = _by_length(w for full, _, other in MONTHS for w in (full, *other) if len(w) >= 6)
_SHORT_NAMES = _by_length(w for full, _, other in MONTHS for w in (full, *other) if len(w) < 6)
_MONTH = _alt(
    [
        _trie(
            [_tolerant_atoms(w) for w in _LONG_NAMES]
            # ชื่อย่อแบบพูด (ตุลา) ต้องไม่เป็นต้นคำอื่น (ตุลาการ)
            + [[*_tolerant_atoms(w), rf"(?![{_CONS}\u0e30-\u0e39\u0e40-\u0e44])"] for w in _SHORT_NAMES]
        ),
        # อักษรย่อ: ไม่ต่อท้ายอักษรไทยหรือจุด ยกเว้นหลังคำว่า "เดือน"
        rf"(?:(?<=เดือน{_S})|(?<![{_THAI}.]))" + _trie(_abbr_atoms(ab) for _, ab, _ in MONTHS),
    ]
)


def _words(words: Iterable[str]) -> str:
    return _alt(_tolerant(w) for w in _by_length(words))


def _era(forms: Iterable[str]) -> str:
    out = []
    for f in forms:
        if "." in f:  # พ.ศ. / พ.ศ / พศ / พ. ศ.
            a, b = f.strip(".").split(".")
            out.append(rf"{a}\.?{_S}{b}\.?")
        else:
            out.append(_tolerant(f))
    return _alt(out)


_ERA_BE = _era(ERA_BE)
_ERA_CE = _era(ERA_CE)
_ERA = _alt([_ERA_BE, _ERA_CE])
_DASH = _alt([f"[{regex.escape(RANGE_DASHES)}]", _words(RANGE_WORDS)])
_AND = _alt([rf",(?:{_S}{_words(LIST_WORDS)})?", _words(LIST_WORDS)])
_DAYKW = _words(DAY_WORDS)
_MONKW = _tolerant(MONTH_WORD)
_FROMKW = _words(FROM_WORDS)
_FYKW = _words(FISCAL_WORDS)
_NOT_YY = _alt(regex.escape(w) for w in _by_length(NOT_AFTER_TWO_DIGIT_YEAR))

_D = "0-9\u0e50-\u0e59"  # เลขอารบิกและเลขไทย (int() อ่านได้ทั้งสองแบบ)
_DAY = rf"(?<![{_D}/:])(?<![{_D}]\.)[{_D}]{{1,2}}(?![{_D}]|[.:/][{_D}])"
_Y4 = rf"[{_D}]{{4}}(?![{_D}]|[.,/][{_D}])"
_Y2 = rf"[{_D}]{{2}}(?![{_D}]|[.,:/][{_D}]|{_S}{_NOT_YY})"
_YEAR = rf"(?:{YEAR_WORD}{_S})?(?:{_ERA}{_S})?(?:{_Y4}|{_Y2})"
_NUMDATE = (
    rf"(?<![{_D}/.])[{_D}]{{1,2}}(?:/[{_D}]{{1,2}}/|\.[{_D}]{{1,2}}\.|-[{_D}]{{1,2}}-)[{_D}]{{4}}"
    rf"(?![{_D}/]|\.[{_D}])"
)
# "22-ม.ค.-2537" (thai_strftime %v): ขีดติดกันทั้งสองข้าง ไม่ใช่ช่วง
_DMY_DASHED = rf"{_DAY}-{_MONTH}-(?:{_Y4}|{_Y2})"
_DAYS = rf"{_DAY}(?:{_S}(?:{_DASH}|{_AND}){_S}(?:{_DAYKW}{_S})?{_DAY})*"
_PART = rf"(?:{_NUMDATE}|{_DMY_DASHED}|(?:{_DAYS}{_S})?(?:{_MONKW}{_S})?{_MONTH}(?:{_S}{_YEAR})?)"
_SEP = rf"{_S}(?:{_DASH}|{_AND}){_S}(?:(?:{_FROMKW}|{_DAYKW}){_S})*"
_CHAIN = rf"{_PART}(?:{_SEP}{_PART})*"
_YEAR_ONLY = (
    rf"(?:{_FYKW}{_S}(?:{_ERA}{_S})?|{YEAR_WORD}{_S}(?:{_ERA}{_S})?|(?<![{_THAI}.]){_ERA}{_S})"
    rf"(?:{_Y4}|{_Y2})"
    rf"(?:{_S}{_DASH}{_S}(?:(?:{_FYKW}|{YEAR_WORD}){_S})?(?:{_ERA}{_S})?{_Y4})?"
)
# อักษรตัวแรกที่นิพจน์วันที่เริ่มได้: ช่วยให้ regex ข้ามตำแหน่งอื่นได้เร็ว
_FIRST = f"[{_D}" + "".join(sorted({
    w[0] for w in (
        *(x for full, ab, other in MONTHS for x in (full, ab, *other)),
        MONTH_WORD, YEAR_WORD, *FISCAL_WORDS, *ERA_BE, *ERA_CE,
    )
})) + "]"
# The large grammars are compiled on first use, not at import: compiling them takes ~0.35 s, which
# at import delayed the start of every run (serially, before any worker began) and every import of
# the package. Worker processes compile their own copy on their first document, in parallel.


@cache
def _master() -> regex.Pattern[str]:
    return regex.compile(rf"(?={_FIRST})(?:(?P<chain>{_CHAIN})|(?P<yo>{_YEAR_ONLY}))")


@cache
def _anchors() -> tuple[regex.Pattern[str], ...]:
    """Every expression holds one of these; each alone scans fast, the master grammar does not."""
    return tuple(regex.compile(p) for p in (_MONTH, _NUMDATE, _YEAR_ONLY))


# no date expression crosses a tab (table cell) or a line break
_BREAK = regex.compile(r"[\t\n\r\f\v]")


@cache
def _token() -> regex.Pattern[str]:
    """Tokens inside one match (the master grammar has already checked the shape)."""
    return regex.compile(
        rf"(?P<numdate>[{_D}]{{1,2}}[/.-][{_D}]{{1,2}}[/.-][{_D}]{{4}})"
        rf"|(?P<dmy>[{_D}]{{1,2}}-{_MONTH}-[{_D}]{{2,4}})"
        rf"|(?P<fy>{_FYKW})|(?P<month>{_MONTH})|(?P<be>{_ERA_BE})|(?P<ce>{_ERA_CE})"
        rf"|(?P<num>[{_D}]{{1,4}})|(?P<dash>{_DASH})|(?P<and>{_AND})|(?P<yearkw>{YEAR_WORD})"
    )


_REF = regex.compile(rf"{_REF_BEFORE}{_S}$")


@cache
def _prefix_only() -> regex.Pattern[str]:
    return regex.compile(
        rf"\s*(?:(?:{_FROMKW}|{_DAYKW}|{_MONKW}|วัน{_words(WEEKDAYS)}(?:ที่)?|ณ)\s*)*"
    )


# --------------------------------------------------------------------------------------------
# Year arithmetic
# --------------------------------------------------------------------------------------------


def be_to_ce(year: int) -> int:
    """Buddhist Era year to Common Era; a two-digit year is 25yy.

    >>> be_to_ce(2564), be_to_ce(64)
    (2021, 2021)
    """
    if 0 <= year < 100:
        year += TWO_DIGIT_BE_CENTURY
    return year - BE_OFFSET


def fiscal_year_span(be_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Thai fiscal year (ปีงบประมาณ: 1 ต.ค. of the year before - 30 ก.ย.).

    >>> fiscal_year_span(2564)
    (datetime.date(2020, 10, 1), datetime.date(2021, 9, 30))
    """
    ce = be_to_ce(be_year)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def _read_year(digits: str, era: str | None, context: str) -> int | None:
    """Common Era year of a printed year, or None when it cannot be a year here.

    ``era`` is "be", "ce" or None; ``context`` is "date" (with a day or month), "word" (after ปี)
    or "era" (after พ.ศ./ค.ศ./ปีงบประมาณ).
    """
    y = int(digits)
    if len(digits) == 2:
        if era == "ce" or context == "word":
            return None
        return be_to_ce(y)
    if era == "be":
        return be_to_ce(y) if 1000 <= y <= 2999 else None
    if era == "ce":
        return y if 1000 <= y <= 2999 else None
    if y in BE_YEARS:
        return be_to_ce(y)
    if y in CE_YEARS and context in ("date", "word"):
        return y
    return None


# --------------------------------------------------------------------------------------------
# Interpretation of one match
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _End:
    """One end point of a date expression: day?, month?, year? with the offsets that gave them."""

    pos: int
    endpos: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    month_end: int = 0  # end offset of the token the month came from (own or shared)
    year_end: int = 0
    year_shared: bool = False
    broken: bool = False  # a reference number (ที่ 1/5/2564) that cuts the chain


def _month_of(token: str) -> int:
    key = regex.sub(r"[.\s]", "", token)
    return _ABBR_KEYS.get(key) or _FULL_KEYS[_skeleton(token)]


def _tokens(work: str, start: int, end: int) -> Iterator[tuple[str, str, int, int]]:
    for t in _token().finditer(work, start, end):
        kind = t.lastgroup
        assert kind is not None
        yield kind, t.group(), t.start(), t.end()


def _chain_ends(work: str, start: int, end: int) -> tuple[list[_End], list[str]]:
    """Split a chain match into end points and the connectors between them ("range"/"list")."""
    ends: list[_End] = []
    conns: list[str] = []
    cur: _End | None = None
    era: str | None = None
    prev = ""
    for kind, text, a, b in _tokens(work, start, end):
        if kind == "numdate":
            d, m, _ = (int(x) for x in regex.split(r"[/.-]", text))
            cy = _read_year(text[-4:], None, "date")
            if _REF.search(work, 0, a) or not (1 <= m <= 12 and 1 <= d <= 31) or cy is None:
                cur = None  # เลขที่หนังสือ / ไม่ใช่วันที่: ตัดห่วงโซ่ตรงนี้
                ends.append(_End(a, b, broken=True))
            else:
                cur = _End(a, b, d, m, cy, b, b)
                ends.append(cur)
        elif kind == "dmy":
            i, j = text.index("-"), text.rindex("-")
            day, mon, cy = text[:i], text[i + 1 : j], _read_year(text[j + 1 :], None, "date")
            cur = _End(a, b, int(day), _month_of(mon), cy, b, b) if cy is not None else None
            ends.append(cur or _End(a, b, broken=True))
        elif kind == "month":
            if cur is not None and prev == "num" and cur.month is None:
                cur.month, cur.month_end, cur.endpos = _month_of(text), b, b
            else:
                cur = _End(a, b, month=_month_of(text), month_end=b)
                ends.append(cur)
        elif kind in ("be", "ce", "yearkw"):
            if kind != "yearkw":
                era = kind
        elif kind == "num":
            if cur is not None and cur.month is not None and cur.year is None and prev in (
                "month", "be", "ce", "yearkw"
            ):
                year = _read_year(text, era, "date")
                if year is None:
                    break  # ปีอ่านไม่ได้: จบนิพจน์ก่อนหน้านี้
                cur.year, cur.year_end, cur.endpos = year, b, b
            else:
                cur = _End(a, b, day=int(text))
                ends.append(cur)
            era = None
        elif kind in ("dash", "and"):
            conns.append("range" if kind == "dash" else "list")
            cur = None
        prev = kind
    # connectors after the last end point (a trailing "และ") are ignored
    return ends, conns[: max(len(ends) - 1, 0)]


def _fill(ends: list[_End]) -> None:
    """Days take the month printed after them; end points take the year printed after them."""
    month: tuple[int, int] | None = None
    year: tuple[int, int] | None = None
    for e in reversed(ends):
        if e.broken:
            month = year = None
            continue
        if e.month is None and e.day is not None and month is not None:
            e.month, e.month_end = month
        if e.year is None and e.month is not None and year is not None:
            e.year, e.year_end = year
            e.year_shared = True
        if e.month is not None:
            month = (e.month, e.month_end)
        if e.year is not None:
            year = (e.year, e.year_end)


def _bounds(e: _End) -> tuple[dt.date, dt.date] | None:
    """First and last day of an end point, or None when the day does not exist."""
    assert e.month is not None and e.year is not None
    last = calendar.monthrange(e.year, e.month)[1]
    if e.day is None:
        return dt.date(e.year, e.month, 1), dt.date(e.year, e.month, last)
    if not 1 <= e.day <= last:
        return None
    d = dt.date(e.year, e.month, e.day)
    return d, d


def _span(work: str, group: list[_End]) -> tuple[int, int, dt.date | None, dt.date | None, Precision, str]:
    first, last = group[0], group[-1]
    endpos = max(max(e.endpos, e.month_end, e.year_end) for e in group)
    precision: Precision = "day" if all(e.day is not None for e in group) else "month"
    kind = "range" if len(group) > 1 else "date"
    if len(group) > 1 and first.year_shared and first.year is not None and last.year is not None:
        # "1 ธันวาคม - 31 มกราคม 2565": ต้นช่วงอยู่ปีก่อนหน้า เฉพาะเมื่อเดือนต้นช่วงมาทีหลังเดือนปลายช่วง
        # ("31 - 5 พฤษภาคม 2564" เดือนเดียวกันแต่วันย้อนกลับ: ช่วงไม่ถูกต้อง ไม่เลื่อนปี)
        if (first.month or 0) > (last.month or 0):
            first.year -= 1
    lo, hi = _bounds(first), _bounds(last)
    if lo is None or hi is None or lo[0] > hi[1]:
        return first.pos, endpos, None, None, precision, kind
    return first.pos, endpos, lo[0], hi[1], precision, kind


_Found = tuple[int, int, dt.date | None, dt.date | None, Precision, str]


def _read_chain(work: str, start: int, end: int) -> list[_Found]:
    ends, conns = _chain_ends(work, start, end)
    _fill(ends)
    out: list[_Found] = []
    i = 0
    while i < len(ends):
        group = [ends[i]]
        if i < len(conns) and conns[i] == "range" and i + 1 < len(ends):
            group.append(ends[i + 1])
            i += 1
        i += 1
        if all(e.month is not None and e.year is not None for e in group):
            out.append(_span(work, group))
    return out


def _read_year_only(work: str, start: int, end: int) -> list[_Found]:
    fiscal = False
    era: str | None = None
    context = "word"
    years: list[tuple[int, int]] = []  # (CE year, end offset)
    first_pos: int | None = None
    for kind, text, a, b in _tokens(work, start, end):
        if first_pos is None:
            first_pos = a
        if kind == "fy":
            fiscal, context = True, "era"
        elif kind in ("be", "ce"):
            era, context = kind, "era"
        elif kind == "num":
            y = _read_year(text, era, context)
            if y is None:
                break
            years.append((y, b))
        elif kind == "dash" and not years:
            break
    if not years or first_pos is None:
        return []
    if len(years) == 2 and years[1][0] < years[0][0]:
        years = years[:1]
    (y0, _), (y1, e1) = years[0], years[-1]
    kind = "fiscal_year" if fiscal else ("range" if len(years) > 1 else "year")
    if fiscal:
        lo, hi = fiscal_year_span(y0 + BE_OFFSET)[0], fiscal_year_span(y1 + BE_OFFSET)[1]
    else:
        lo, hi = dt.date(y0, 1, 1), dt.date(y1, 12, 31)
    return [(first_pos, e1, lo, hi, "year", kind)]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _prepare(text: str) -> tuple[str, list[int] | None]:
    """Working copy without zero-width characters, and a map back to offsets when any were removed."""
    work = text
    if not _ZW.search(work):
        return work, None
    keep = [i for i, c in enumerate(work) if c not in ZERO_WIDTH]
    return "".join(work[i] for i in keep), keep


def _segments(work: str) -> list[tuple[int, int]]:
    """The tab- or line-delimited pieces of ``work`` that hold an anchor, in order.

    Scanning only these with the master grammar gives the same matches as scanning everything,
    because no expression crosses a tab or line break and every expression holds an anchor.
    """
    breaks = [-1, *(m.start() for m in _BREAK.finditer(work)), len(work)]
    segs: set[tuple[int, int]] = set()
    for anchor in _anchors():
        for m in anchor.finditer(work):
            i = bisect.bisect_right(breaks, m.start())
            segs.add((breaks[i - 1] + 1, breaks[i]))
    return sorted(segs)


def find_dates(text: str) -> list[DateSpan]:
    """Every date expression in ``text``, in text order.

    >>> [(d.raw, str(d.start), str(d.end)) for d in find_dates("ระหว่างวันที่ ๔ - ๘, ๒๐ และ ๒๖ ตุลาคม ๒๕๖๔")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('๔ - ๘, ๒๐ และ ๒๖ ตุลาคม ๒๕๖๔', '2021-10-04', '2021-10-08'),
     ('๒๐ และ ๒๖ ตุลาคม ๒๕๖๔', '2021-10-20', '2021-10-20'),
     ('๒๖ ตุลาคม ๒๕๖๔', '2021-10-26', '2021-10-26')]
    >>> [(d.kind, str(d.start), str(d.end)) for d in find_dates("ปีงบประมาณ พ.ศ. 2564")]
    [('fiscal_year', '2020-10-01', '2021-09-30')]
    """
    work, keep = _prepare(text)
    found: list[_Found] = []
    for seg_start, seg_end in _segments(work):
        for m in _master().finditer(work, seg_start, seg_end):
            if m.group("chain") is not None:
                found.extend(_read_chain(work, m.start(), m.end()))
            else:
                found.extend(_read_year_only(work, m.start(), m.end()))
    out = []
    for pos, endpos, start, end, precision, kind in sorted(found, key=lambda f: (f[0], f[1])):
        if keep is not None:
            pos, endpos = keep[pos], keep[endpos - 1] + 1
        valid = start is not None
        out.append(DateSpan(text[pos:endpos], start, end, precision, valid, pos, endpos, kind))
    return out


def parse_date(text: str) -> DateSpan:
    """Read ``text`` as exactly one date expression; raise :class:`NormalizeError` otherwise.

    Leading words such as วันที่ / เดือน / ตั้งแต่ / a weekday are allowed; an impossible day is
    returned with ``valid=False``, not raised.

    >>> d = parse_date("วันที่ ๔ เดือนตุลาคม พ.ศ. ๒๕๖๔")
    >>> d.start, d.precision
    (datetime.date(2021, 10, 4), 'day')
    """
    spans = find_dates(text)
    if len(spans) != 1:
        raise NormalizeError("not one date", text)
    s = spans[0]
    work = to_arabic(text)
    if not _prefix_only().fullmatch(work, 0, s.pos) or text[s.endpos :].strip():
        raise NormalizeError("not a date expression", text)
    return s


# รูปแบบการเขียนวันที่ของเรา: {d} วัน, {dd} วันสองหลัก, {mm} เดือนสองหลัก, {month} ชื่อเต็ม,
# {mon} ชื่อย่อ, {be} ปี พ.ศ., {yy} พ.ศ. สองหลัก, {ce} ปี ค.ศ., {wd} ชื่อวัน
DATE_STYLES: dict[str, str] = {
    "full": "{d} {month} {be}",
    "abbr": "{d} {mon} {be}",
    "abbr_yy": "{d} {mon} {yy}",
    "formal": "วันที่ {d} เดือน{month} พ.ศ. {be}",
    "be": "{d} {month} พ.ศ. {be}",
    "weekday": "วัน{wd}ที่ {d} {month} {be}",
    "numeric": "{dd}/{mm}/{be}",
    "ce": "{d} {month} ค.ศ. {ce}",
}


def format_thai_date(d: dt.date, style: str = "full", thai_digits: bool = False) -> str:
    """Write a date the Thai way (see :data:`DATE_STYLES`); "abbr_yy" only round-trips for CE 1957-2056.

    >>> format_thai_date(dt.date(2021, 10, 4), "formal", thai_digits=True)
    'วันที่ ๔ เดือนตุลาคม พ.ศ. ๒๕๖๔'
    >>> format_thai_date(dt.date(2021, 5, 15), "numeric")
    '15/05/2564'
    """
    try:
        template = DATE_STYLES[style]
    except KeyError:
        raise NormalizeError("unknown date style", style) from None
    full, abbr, _ = MONTHS[d.month - 1]
    be = d.year + BE_OFFSET
    out = template.format(
        d=d.day, dd=f"{d.day:02d}", mm=f"{d.month:02d}", month=full, mon=abbr, be=be,
        yy=f"{be % 100:02d}", ce=d.year, wd=WEEKDAYS[d.weekday()],
    )
    return to_thai(out) if thai_digits else out
