"""Numbers as printed in Thai reports: Thai digits, thousands separators, ร้อยละ / %, ranges.

Values are computed with :class:`decimal.Decimal` from the printed digits, so ``value`` is always the
float nearest to what was printed, and ``decimals`` keeps the printed precision.

>>> parse_number("๑๖,๗๕๘.๔๕๗")
Number(value=16758.457, decimals=3, raw='๑๖,๗๕๘.๔๕๗', pos=0, endpos=10, percent=False)
>>> [n.value for n in find_numbers("ปี 2564 จำนวน 5 แห่ง 1. โครงการ ขนาด 1,234.50 ตารางวา กท 4301/176")]
[5.0, 1234.5]
>>> format_number(16758.457, 3, thai_digits=True)
'๑๖,๗๕๘.๔๕๗'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from normalizers.digits import to_arabic, to_thai
from normalizers.errors import NormalizeError
from normalizers.months import ABBREVIATIONS, FULL_NAMES
from normalizers.text import HSPACE as HSPACE
from normalizers.text import PUA_MAP, ZERO_WIDTH, tolerant_pattern

# --- data tables -------------------------------------------------------------------------------

# ตัวอักษรที่มองไม่เห็น (zero-width) และ soft hyphen: ตัดทิ้งก่อนจับคู่
_INVISIBLE = frozenset(ZERO_WIDTH)
# สระอำแยกเป็น นิคหิต + สระอา (ํ + า) หรือพิมพ์ซ้ำ "ำา": รวมเป็น ำ ; &nbsp; จาก HTML เป็นช่องว่าง
_REWRITES: tuple[tuple[str, str], ...] = (
    ("\u0e4d\u0e32", "\u0e33"),
    ("\u0e33\u0e32", "\u0e33"),
    ("&nbsp;", " "),
)
# อักขระ Private Use Area ของฟอนต์ไทย -> วรรณยุกต์/สระจริง (normalizers.text.PUA_MAP: หนึ่งต่อหนึ่ง
# ความยาวไม่เปลี่ยน), &nbsp; เป็นช่องว่าง, เครื่องหมายลบเป็นขีด
# (Thai PUA glyphs to real marks, one to one; NBSP to a space; the minus sign to a hyphen)
_PUA = str.maketrans({**PUA_MAP, "\u00a0": " ", "\u2212": "-"})
_PUA_CHAR = re.compile("[" + "".join(re.escape(chr(k)) for k in _PUA) + "]")

# ชื่อเดือนไทย (เต็มและย่อ, normalizers.months): ตัวเลขก่อนชื่อเดือนคือวันที่ ตัวเลขหลังชื่อเดือนคือปี
# คำนำหน้าปี: "ปี 2560", "พ.ศ. ๒๕๖๔", "ปีงบประมาณ 2564"
YEAR_PREFIXES: tuple[str, ...] = ("ปีงบประมาณ", "ปีการศึกษา", "ปี", "พ.ศ.", "พ.ศ", "ค.ศ.", "ค.ศ", "พุทธศักราช")
# คำนำหน้าวันที่: "วันที่ 15"
DAY_PREFIXES: tuple[str, ...] = ("วันที่", "ณ วันที่")
# คำบอกร้อยละ: ก่อนตัวเลข (ร้อยละ อาจหายไม้โท -> "รอยละ") และหลังตัวเลข
PERCENT_PREFIXES: tuple[str, ...] = ("ร้อยละ",)
PERCENT_SUFFIXES: tuple[str, ...] = ("%", "เปอร์เซ็นต์", "เปอร์เซนต์")
RANGE_SEPARATORS: tuple[str, ...] = ("-", "–", "—", "ถึง")

#: a Thai word whose tone marks, ์ or SARA AM may have been lost (:func:`normalizers.text.tolerant_pattern`)
word_pattern = tolerant_pattern


def _alternation(words: tuple[str, ...], *, loose: bool = True) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(word_pattern(w) if loose else re.escape(w) for w in ordered)


_MONTH_RE = _alternation(FULL_NAMES) + "|" + "|".join(
    re.escape(a[:-1]).replace(r"\.", r"\." + HSPACE + "?") + r"\.?" for a in ABBREVIATIONS
)
_YEAR_BEFORE = re.compile(
    r"(?:" + _alternation(YEAR_PREFIXES) + "|" + _MONTH_RE + r")" + HSPACE + r"*\Z"
)
_DAY_BEFORE = re.compile(r"(?:" + _alternation(DAY_PREFIXES) + r")" + HSPACE + r"*\Z")
_MONTH_AFTER = re.compile(HSPACE + r"*(?:เดือน" + HSPACE + r"*)?(?:" + _MONTH_RE + ")")
PERCENT_BEFORE = re.compile(r"(?:" + _alternation(PERCENT_PREFIXES) + r")" + HSPACE + r"*\Z")
PERCENT_AFTER = re.compile(HSPACE + r"*(?:" + _alternation(PERCENT_SUFFIXES) + ")")

# ตำแหน่งที่ต้องแก้: อักขระล่องหน (ตัดทิ้ง), ํ + (ล่องหน) + า และ ำา (เป็น ำ), &nbsp; (เป็นช่องว่าง)
_INVISIBLE_CLASS = "[" + "".join(sorted(_INVISIBLE)) + "]"
_SPECIAL = re.compile(
    _INVISIBLE_CLASS + "+|\u0e4d" + _INVISIBLE_CLASS + "*\u0e32|"
    + "|".join(re.escape(old) for old, _ in _REWRITES)
)
_REPLACE = dict(_REWRITES)
_TOKEN = re.compile(r"[0-9](?:[0-9,.]*[0-9])?")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_ITEM_START = re.compile(r"(?:\A|[\n\t>])[\s\-•*(]*\Z")


# --- text preparation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """Input text cleaned for matching, with a map back to offsets in the original text.

    ``text`` has zero-width characters dropped, SARA AM composed, PUA marks mapped and Thai digits
    turned Arabic. ``starts[i]`` / ``ends[i]`` are the original offsets of cleaned character ``i``.
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    tags: tuple[tuple[int, int], ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the cleaned span ``[start, end)``."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def raw(self, start: int, end: int) -> str:
        """The original text of the cleaned span ``[start, end)``."""
        s, e = self.span(start, end)
        return self.original[s:e]

    def in_tag(self, pos: int) -> bool:
        """Whether cleaned offset ``pos`` lies inside an HTML tag (``<td colspan="2">``)."""
        # tags come from one regex scan: sorted and non-overlapping
        i = bisect.bisect_right(self.tags, pos, key=lambda t: t[0]) - 1
        return i >= 0 and pos < self.tags[i][1]


def prepare(text: str) -> Prepared:
    """Clean ``text`` for number and unit matching, keeping a map to the original offsets.

    >>> p = prepare("๕\u200bแห่ง จํานวน")
    >>> p.text, p.raw(0, 5)
    ('5แห่ง จำนวน', '๕\u200bแห่ง')
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for m in _SPECIAL.finditer(text):
        s, e = m.span()
        if s > last:
            out.append(text[last:s])
            starts.extend(range(last, s))
            ends.extend(range(last + 1, s + 1))
        found = m.group()
        if found[0] not in _INVISIBLE:
            out.append(_REPLACE.get(found, "\u0e33"))  # ํ + ล่องหน + า -> ำ
            starts.append(s)
            ends.append(e)
        last = e
    if last < len(text):
        out.append(text[last:])
        starts.extend(range(last, len(text)))
        ends.extend(range(last + 1, len(text) + 1))
    joined = "".join(out)
    clean = to_arabic(joined.translate(_PUA) if _PUA_CHAR.search(joined) else joined)
    tags = tuple(m.span() for m in _TAG.finditer(clean))
    return Prepared(text, clean, tuple(starts), tuple(ends), tags)


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Number:
    """A number as printed: value, printed decimals, raw text and its offsets in the input."""

    value: float
    decimals: int
    raw: str
    pos: int = 0
    endpos: int = 0
    percent: bool = False


@dataclass(frozen=True, slots=True)
class NumberRange:
    """Two numbers written as a range ("5 - 9.99"), in the order printed."""

    low: Number
    high: Number
    raw: str


@dataclass(frozen=True, slots=True)
class NumToken:
    """A number found in prepared text (cleaned offsets), with why it is not a measurement.

    ``skip`` is None for a plain number, else one of "markup", "section", "dotted" (two points or
    more: ๕.๑.๑, 15.05.2564, an OCR'd "2.222.52"), "date", "year", "id", "chain" (a-b-c: dates,
    phone numbers, ไร่-งาน-ตารางวา) or "numbering" (list item "1." / "๑)").
    """

    start: int
    end: int
    value: Decimal
    decimals: int
    skip: str | None = None


def _decimals(body: str) -> int:
    return len(body.split(".", 1)[1]) if "." in body else 0


def _line_before(text: str, pos: int, width: int = 40) -> str:
    lo = max(0, pos - width)
    chunk = text[lo:pos]
    cut = chunk.rfind("\n")
    return chunk[cut + 1 :] if cut >= 0 else chunk


def _inside_parens(text: str, pos: int) -> bool:
    line = _line_before(text, pos, 200)
    return line.rfind("(") > line.rfind(")")


def _classify(text: str, s: int, e: int, body: str) -> str | None:
    """Why the number ``text[s:e]`` (sign included) is not a measurement, or None."""
    before = _line_before(text, s)
    prev = text[s - 1] if s > 0 else ""
    nxt = text[e] if e < len(text) else ""
    nxt2 = text[e + 1] if e + 1 < len(text) else ""
    if body.count(".") >= 2:
        # เลขที่มีจุดสองจุดขึ้นไปไม่ใช่ตัวเลขปริมาณ: ข้อย่อย ๕.๑.๑, วันที่ 15.05.2564, หรือตัวเลขที่ OCR อ่าน
        # จุลภาคเป็นจุด ("2.222.52"): never a measurement (its value would be made up)
        return "dotted"
    if prev.isascii() and prev.isalpha():
        return "id"  # A5, COVID19
    if prev == "-" and s >= 2 and text[s - 2].isascii() and text[s - 2].isalpha():
        return "id"  # COVID-19
    if (prev in "/:" and s >= 2 and text[s - 2].isdigit()) or (nxt in "/:" and nxt2.isdigit()):
        return "id"  # กท 4301/176, 192/2564, 15/05/2564, 10:30
    integer = "." not in body and "," not in body
    if integer and nxt == "." and not nxt2.isdigit() and nxt2 != "-":
        return "numbering"  # "1. โครงการ" (but "1,500.- บาท" is money)
    if (
        integer and nxt == ")" and (prev == "(" or not _inside_parens(text, s))
        and not PERCENT_BEFORE.search(before)
    ):
        # "(๑)", "1) คัดแยก" (but "(ร้อยละ 10)" is a value, and so is "ถึงร้อยละ 100)" whose "(" is on
        # a line before: ตัวเลขหลัง ร้อยละ ไม่ใช่เลขข้อ)
        return "numbering"
    if (
        re.fullmatch(r"[0-9]{1,2}\.[0-9]", body)
        and _ITEM_START.search(before)
        and re.match(HSPACE + r"+[\u0e01-\u0e4f]", text[e : e + 3])
    ):
        return "section"  # "๕.๑ รายละเอียด" at the start of an item
    if integer and len(body) <= 4 and _YEAR_BEFORE.search(before):
        return "year"
    if _DAY_BEFORE.search(before) or _MONTH_AFTER.match(text, e):
        return "date"
    return None


def scan_numbers(p: Prepared) -> list[NumToken]:
    """Every number of prepared text, in order, each with its ``skip`` reason (None = plain)."""
    text = p.text
    pieces: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text):
        body, s = m.group(), m.start()
        if "," in body and not _GROUPED.fullmatch(body):
            # "1,2,3" (a list) or a broken grouping: read the pieces one by one
            off = s
            for piece in body.split(","):
                if _PLAIN.fullmatch(piece):
                    pieces.append((off, off + len(piece), piece))
                off += len(piece) + 1
        else:
            pieces.append((s, m.end(), body))
    tokens: list[NumToken] = []
    for s, e, body in pieces:
        start = s
        sign = ""
        if s > 0 and text[s - 1] == "-" and (s < 2 or not (text[s - 2].isalnum() or text[s - 2] in ".,")):
            start, sign = s - 1, "-"
        skip = "markup" if p.in_tag(s) else _classify(text, start, e, body)
        if body.count(".") >= 2:
            value = Decimal(0)
        else:
            value = Decimal(sign + body.replace(",", ""))
        tokens.append(NumToken(start, e, value, _decimals(body), skip))
    # a-b-c chains joined by "-" without spaces: dates, phone numbers, ไร่-งาน-ตารางวา
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].start == tokens[j].end + 1 and text[tokens[j].end] == "-":
            j += 1
        if j - i >= 2:
            for k in range(i, j + 1):
                t = tokens[k]
                tokens[k] = NumToken(t.start, t.end, abs(t.value), t.decimals, t.skip or "chain")
        i = j + 1
    return tokens


def _number(p: Prepared, t: NumToken, *, percent: bool = False) -> Number:
    s, e = p.span(t.start, t.end)
    return Number(float(t.value), t.decimals, p.original[s:e], s, e, percent)


# --- public API ---------------------------------------------------------------------------------


def find_numbers(text: str) -> list[Number]:
    """Numbers in ``text``, in order; dates, years, ids, list numbers and markup are left out.

    A number written "ร้อยละ X" or "X%" has ``percent=True`` (``raw`` is the number alone).

    >>> [(n.value, n.percent) for n in find_numbers("(ร้อยละ 10) ร้อยละ ๑๕.๕๐ ณ วันที่ 15 กันยายน 2564")]
    [(10.0, True), (15.5, True)]
    """
    p = prepare(text)
    out: list[Number] = []
    for t in scan_numbers(p):
        if t.skip is None:
            before = _line_before(p.text, t.start)
            pct = bool(PERCENT_BEFORE.search(before) or PERCENT_AFTER.match(p.text, t.end))
            out.append(_number(p, t, percent=pct))
    return out


_WHOLE_NUMBER = re.compile(r"\s*(-?)([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(\.-)?\s*")


def parse_number(text: str) -> Number:
    """Read ``text`` as exactly one number ("1,234.50", "๘๘.๓๑๔", "-5", "1,500.-").

    >>> parse_number(" 1,234.50 ")
    Number(value=1234.5, decimals=2, raw='1,234.50', pos=1, endpos=9, percent=False)
    """
    p = prepare(text)
    m = _WHOLE_NUMBER.fullmatch(p.text)
    if not m:
        raise NormalizeError("not a number", text)
    body = m.group(2)
    s, e = m.start(1), m.end(3) if m.group(3) else m.end(2)
    os, oe = p.span(s, e)
    value = Decimal(m.group(1) + body.replace(",", ""))
    return Number(float(value), _decimals(body), text[os:oe], os, oe)


_PCT_PREFIX_RE = re.compile(r"\s*(?:" + _alternation(PERCENT_PREFIXES) + r")\s*")
_PCT_SUFFIX_RE = re.compile(r"\s*(?:" + _alternation(PERCENT_SUFFIXES) + r")\s*\Z")


def _strip_percent(clean: str) -> tuple[int, int, bool]:
    """Bounds of the number inside a percentage and whether a percent word was found."""
    s, e, found = 0, len(clean), False
    m = _PCT_PREFIX_RE.match(clean)
    if m:
        s, found = m.end(), True
    m2 = _PCT_SUFFIX_RE.search(clean, s)
    if m2:
        e, found = m2.start(), True
    return s, e, found


def parse_percent(text: str) -> Number:
    """Read "ร้อยละ 35.47", "35.47%", "ร้อยละ ๘๕.๑๓" (a percent word is required).

    >>> parse_percent("ร้อยละ ๘๕.๑๓")
    Number(value=85.13, decimals=2, raw='ร้อยละ ๘๕.๑๓', pos=0, endpos=12, percent=True)
    """
    p = prepare(text)
    s, e, found = _strip_percent(p.text)
    if not found:
        raise NormalizeError("not a percentage", text)
    inner = parse_number(p.text[s:e])
    stripped = text.strip()
    pos = text.find(stripped) if stripped else 0
    return Number(inner.value, inner.decimals, stripped, pos, pos + len(stripped), True)


_SEP_RE = "|".join(re.escape(x) for x in RANGE_SEPARATORS)
_RANGE_END = r"(-?[0-9][0-9,]*(?:\.[0-9]+)?(?:\s*%)?)"
_RANGE = re.compile(r"\s*" + _RANGE_END + r"\s*(?:" + _SEP_RE + r")\s*" + _RANGE_END + r"\s*")


def parse_range(text: str) -> NumberRange:
    """Read "5 - 9.99", "๕-๙.๙๙", "5 – 9.99", "ร้อยละ 5 ถึง 10" as two numbers, in printed order.

    >>> r = parse_range("๕-๙.๙๙")
    >>> (r.low.value, r.high.value, r.high.decimals, r.high.raw, r.high.pos)
    (5.0, 9.99, 2, '๙.๙๙', 2)
    """
    p = prepare(text)
    clean = p.text
    pm = _PCT_PREFIX_RE.match(clean)
    start = pm.end() if pm else 0
    m = _RANGE.fullmatch(clean, start)
    if not m:
        raise NormalizeError("not a range", text)
    ends: list[Number] = []
    for g in (1, 2):
        part = m.group(g)
        pct = pm is not None or part.endswith("%")
        body = part.rstrip("% ")
        n = parse_number(body)
        s, e = p.span(m.start(g), m.start(g) + len(body))
        ends.append(Number(n.value, n.decimals, text[s:e], s, e, pct))
    return NumberRange(ends[0], ends[1], text.strip())


def format_number(value: float, decimals: int, *, thousands: bool = True, thai_digits: bool = False) -> str:
    """Print ``value`` with ``decimals`` digits after the point, rounding half up as reports do.

    A negative ``decimals`` rounds to tens, hundreds, ... and prints no point.

    >>> format_number(2.675, 2), format_number(1234567.0, 0, thousands=False), format_number(2450000, -5)
    ('2.68', '1234567', '2,500,000')
    """
    exact = Decimal(repr(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    places = max(decimals, 0)
    out = f"{rounded:,.{places}f}" if thousands else f"{rounded:.{places}f}"
    return to_thai(out) if thai_digits else out
