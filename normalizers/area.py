"""Land areas in ไร่ / งาน / ตารางวา / ตารางเมตร and their mixtures, as square metres.

1 ไร่ = 4 งาน = 400 ตารางวา = 1,600 m²; 1 งาน = 100 ตารางวา = 400 m²; 1 ตารางวา = 4 m².
Values are kept as written; an implausible unit mix is flagged, never repaired.

>>> a = parse_area("1 ไร่ 1 งาน 55.63 ตารางวา")
>>> a.m2, a.parts, a.decimals
(2222.52, {'rai': 1.0, 'ngan': 1.0, 'wa': 55.63}, 2)
>>> b = parse_area("1 ไร่ 1 งาน 40.60 ตารางเมตร")
>>> b.m2, b.likely_m2, b.suspicious is not None
(2040.6, 2162.4, True)
>>> parse_rai_ngan_wa("๘-๓-๙๖").m2
14384.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalizers.digits import to_thai
from normalizers.errors import NormalizeError
from normalizers.numbers import (
    HSPACE,
    NumToken,
    Prepared,
    format_number,
    prepare,
    scan_numbers,
    word_pattern,
)


@dataclass(frozen=True, slots=True)
class AreaUnit:
    """One area unit: its part key, square metres per unit, and its spellings (regex fragments)."""

    key: str
    m2: Decimal
    spellings: tuple[str, ...]


# หน่วยพื้นที่และตัวสะกดที่พบ (ตร.ว. / ตรว. / ตร.ม. ฯลฯ) เรียงจากหน่วยใหญ่ไปเล็ก; "ตาราง" ที่ OCR อ่าน ต
# เป็น ด ("ดารางวา": สองตัวนี้ต่างกันแค่หัว) ไม่ใช่คำอื่นใด (ต read as ด by OCR: no other word)
_TARANG = "[ตด]าราง"
_TR = rf"ตร\.{HSPACE}?"
AREA_UNITS: tuple[AreaUnit, ...] = (
    AreaUnit("km2", Decimal(1_000_000), (rf"{_TARANG}{HSPACE}?กิโลเมตร", rf"{_TR}กม\.?", "km²", "km2")),
    AreaUnit("rai", Decimal(1600), (word_pattern("ไร่"),)),
    AreaUnit("ngan", Decimal(400), ("งาน",)),
    AreaUnit("wa", Decimal(4), (rf"{_TARANG}{HSPACE}?วา", rf"{_TR}วา", rf"{_TR}ว\.?", r"ตรว\.?")),
    AreaUnit("m2", Decimal(1), (rf"{_TARANG}{HSPACE}?เมตร", rf"{_TR}ม\.?", r"ตรม\.?", "m²", "m2")),
)
_BY_KEY = {u.key: u for u in AREA_UNITS}
# ลำดับหน่วยในรูปผสม "ไร่ งาน ตารางวา": หน่วยถัดไปต้องเล็กลง (ตารางเมตรอยู่ตำแหน่งเดียวกับตารางวา)
_RANK = {"rai": 0, "ngan": 1, "wa": 2, "m2": 2}
# "งาน" ลำพังไม่ใช่พื้นที่ (ผลงาน, 2 งาน): นับเป็นพื้นที่เฉพาะในรูปผสม
_COMPOUND_ONLY = frozenset({"ngan"})
# คำที่บอกว่าเลข a-b-c คือ ไร่-งาน-ตารางวา
RNW_CONTEXT: tuple[str, ...] = ("เนื้อที่", "ที่ดิน", "พื้นที่", "ไร่-งาน", "ไร่ - งาน", "ไร่ งาน")
DASHES = "-–—"

_UNIT_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (u.key, re.compile(HSPACE + "*(?:" + "|".join(u.spellings) + ")")) for u in AREA_UNITS
)
_RAI_TAIL = re.compile(
    HSPACE + "*" + word_pattern("ไร่")
    + rf"(?:{HSPACE}*[-/]?{HSPACE}*งาน{HSPACE}*[-/]?{HSPACE}*(?:" + "|".join(_BY_KEY["wa"].spellings) + "))?"
)
# a-b-c: ขีดติดกัน (8-3-96) หรือมีช่องว่าง (8 - 3 - 96) ซึ่งต้องมีคำว่า ไร่ ตามหลังจึงนับเป็นพื้นที่
_RNW_DASH = rf"{HSPACE}*[{DASHES}]{HSPACE}*"
_RNW = re.compile(
    rf"(?<![0-9.,/{DASHES}])([0-9]+)({_RNW_DASH})([0-9]+)({_RNW_DASH})([0-9]+(?:\.[0-9]+)?)"
    rf"(?![0-9,/]|\.[0-9]|{_RNW_DASH}[0-9])"
)
_RNW_BEFORE = re.compile(rf"[0-9]{_RNW_DASH}\Z")
_CONTEXT = re.compile("|".join(word_pattern(w) for w in RNW_CONTEXT))

MSG_M2_AFTER_RAI = "ไร่/งาน followed by ตารางเมตร (ตารางวา meant?)"
MSG_NGAN_RANGE = "งาน of 4 or more after ไร่ (1 ไร่ = 4 งาน)"
MSG_WA_RANGE = "ตารางวา of 100 or more after ไร่/งาน (1 งาน = 100 ตารางวา)"


@dataclass(frozen=True, slots=True)
class Area:
    """An area as written, in square metres, with its printed parts.

    ``decimals`` is the printed precision of the finest part (not of ``m2``); ``likely_m2`` is the
    value under the likely unit when ``suspicious`` names an implausible unit mix.
    """

    m2: float
    raw: str
    parts: dict[str, float]
    decimals: int
    suspicious: str | None = None
    likely_m2: float | None = None
    pos: int = 0
    endpos: int = 0


def _unit_at(text: str, pos: int) -> tuple[str, int] | None:
    for key, rx in _UNIT_RES:
        m = rx.match(text, pos)
        if m:
            return key, m.end()
    return None


def _build(parts: list[tuple[str, Decimal, int]], raw: str, pos: int, endpos: int) -> Area:
    """An Area from (key, printed value, decimals) parts; flags implausible mixes."""
    total = sum((v * _BY_KEY[k].m2 for k, v, _ in parts), Decimal(0))
    keys = {k for k, _, _ in parts}
    values = {k: v for k, v, _ in parts}
    suspicious: str | None = None
    likely: float | None = None
    coarse = bool(keys & {"rai", "ngan"})
    if coarse and "m2" in keys:
        suspicious = MSG_M2_AFTER_RAI
        if values["m2"] < 100:
            likely = float(total + values["m2"] * (_BY_KEY["wa"].m2 - 1))
    elif "rai" in keys and values.get("ngan", Decimal(0)) >= 4:
        suspicious = MSG_NGAN_RANGE
    elif coarse and values.get("wa", Decimal(0)) >= 100:
        suspicious = MSG_WA_RANGE
    return Area(
        m2=float(total),
        raw=raw,
        parts={k: float(v) for k, v, _ in parts},
        decimals=parts[-1][2],
        suspicious=suspicious,
        likely_m2=likely,
        pos=pos,
        endpos=endpos,
    )


_AREA_OK_SKIPS = (None, "section")


def _rnw_area(p: Prepared, m: re.Match[str], end: int) -> Area:
    """The Area of an a-b-c match of :data:`_RNW` whose text runs to ``end`` (cleaned offsets)."""
    rai, ngan, wa = (Decimal(m.group(g)) for g in (1, 3, 5))
    wa_dec = len(m.group(5).split(".", 1)[1]) if "." in m.group(5) else 0
    s, e = p.span(m.start(), end)
    return _build([("rai", rai, 0), ("ngan", ngan, 0), ("wa", wa, wa_dec)], p.original[s:e], s, e)


def scan_areas(p: Prepared, tokens: list[NumToken] | None = None, *, lone_ngan: bool = False) -> list[Area]:
    """Areas in prepared text, in order: unit words (also mixed) and a-b-c with ไร่ context.

    A lone "N งาน" is an area only with ``lone_ngan`` (when the caller knows the text is an area).
    """
    text = p.text
    toks = scan_numbers(p) if tokens is None else tokens
    # a-b-c ที่มี ไร่ ตามหลังมาก่อน: "8 - 3 - 96 ไร่" คือ 8-3-96 ไม่ใช่ "96 ไร่"
    rnw: list[tuple[int, int, Area]] = []
    loose: list[re.Match[str]] = []  # a-b-c without ไร่: an area only beside เนื้อที่ / ที่ดิน ...
    for m in _RNW.finditer(text):
        if p.in_tag(m.start()) or _RNW_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        tail = _RAI_TAIL.match(text, m.end())
        if tail is not None:
            rnw.append((m.start(), tail.end(), _rnw_area(p, m, tail.end())))
        elif m.group(2) == m.group(4) == "-":
            loose.append(m)
    found: list[tuple[int, int, Area]] = list(rnw)
    i = 0
    while i < len(toks):
        t = toks[i]
        hit = _unit_at(text, t.end) if t.skip in _AREA_OK_SKIPS else None
        if hit is None or any(s < t.end and t.start < e for s, e, _ in rnw):
            i += 1
            continue
        key, end = hit
        parts = [(key, t.value, t.decimals)]
        j = i + 1
        while key in _RANK and j < len(toks):
            nt = toks[j]
            if nt.skip not in _AREA_OK_SKIPS or not re.fullmatch(HSPACE + "*", text[end : nt.start]):
                break
            nxt = _unit_at(text, nt.end)
            if nxt is None or nxt[0] not in _RANK or _RANK[nxt[0]] <= _RANK[parts[-1][0]]:
                break
            key, end = nxt
            parts.append((key, nt.value, nt.decimals))
            j += 1
        if len(parts) == 1 and parts[0][0] in _COMPOUND_ONLY and not lone_ngan:
            i += 1
            continue
        s, e = p.span(t.start, end)
        found.append((t.start, end, _build(parts, p.original[s:e], s, e)))
        i = j
    for m in loose:
        if any(s < m.end() and m.start() < e for s, e, _ in found):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        context = _CONTEXT.search(text, max(line_start, m.start() - 40), m.start())
        if context is None or int(m.group(3)) > 3 or Decimal(m.group(5)) >= 100:
            continue
        found.append((m.start(), m.end(), _rnw_area(p, m, m.end())))
    found.sort(key=lambda f: f[0])
    return [a for _, _, a in found]


def find_areas(text: str) -> list[Area]:
    """Areas in ``text``, in order, each with its offsets in ``text``.

    >>> [(a.raw, a.m2) for a in find_areas("ขนาด 321.50 ตารางวา รวม ๕ แห่ง เนื้อที่ 2-0-50")]
    [('321.50 ตารางวา', 1286.0), ('2-0-50', 3400.0)]
    >>> [(a.raw, a.m2) for a in find_areas("ขนาด 57.50 ดารางวา")]  # ต read ด by OCR
    [('57.50 ดารางวา', 230.0)]
    """
    return scan_areas(prepare(text))


def _strip_span(text: str) -> tuple[int, int]:
    stripped = text.strip()
    pos = text.find(stripped) if stripped else 0
    return pos, pos + len(stripped)


def parse_area(text: str) -> Area:
    """Read ``text`` as exactly one area: unit words ("15 ตร.ว.", "2,222.52 ตารางเมตร") or a-b-c.

    >>> parse_area("2,222.52 ตร.ม.").m2, parse_area("1 งาน").m2
    (2222.52, 400.0)
    """
    areas = scan_areas(prepare(text), lone_ngan=True)
    pos, endpos = _strip_span(text)
    if len(areas) == 1 and areas[0].pos == pos and areas[0].endpos == endpos:
        return areas[0]
    try:
        return parse_rai_ngan_wa(text)
    except NormalizeError:
        raise NormalizeError("not an area", text) from None


_CELL = r"(?:[0-9]+(?:\.[0-9]+)?|[" + DASHES + r"]|)"
_CELLS = re.compile(r"\s*(" + _CELL + r")\s*[\t|]\s*(" + _CELL + r")\s*[\t|]\s*(" + _CELL + r")\s*")
_FULL_CELL = r"(?:[0-9]+(?:\.[0-9]+)?|[" + DASHES + r"])"
_SPACED = re.compile(r"\s*(" + _FULL_CELL + r")\s+(" + _FULL_CELL + r")\s+(" + _FULL_CELL + r")\s*")
_DASHED = re.compile(
    r"\s*([0-9]+)\s*[" + DASHES + r"]\s*([0-9]+)\s*[" + DASHES + r"]\s*([0-9]+(?:\.[0-9]+)?)\s*"
)
_ZERO = re.compile(r"\s*[" + DASHES + r"]\s*")


def parse_rai_ngan_wa(text: str) -> Area:
    """Read ไร่-งาน-ตารางวา notation: "8-3-96", "๒-๐-๕๐ ไร่", cells "2\\t-\\t50", or "-" (zero).

    All three parts are kept in ``parts`` (a "-" part is 0).

    >>> a = parse_rai_ngan_wa("2\\t-\\t50")
    >>> a.m2, a.parts
    (3400.0, {'rai': 2.0, 'ngan': 0.0, 'wa': 50.0})
    >>> parse_rai_ngan_wa("-").m2
    0.0
    """
    p = prepare(text)
    clean = p.text
    tail = re.search(_RAI_TAIL.pattern + r"\s*\Z", clean)
    body = clean[: tail.start()] if tail else clean
    groups: tuple[str, ...] | None = None
    if _ZERO.fullmatch(body):
        groups = ("", "", "")
    else:
        for rx in (_DASHED, _CELLS, _SPACED):
            m = rx.fullmatch(body)
            if m:
                groups = m.groups()
                break
    if groups is None:
        raise NormalizeError("not ไร่-งาน-ตารางวา", text)
    values = [Decimal(g) if g and g[0].isdigit() else Decimal(0) for g in groups]
    wa_dec = len(groups[2].split(".", 1)[1]) if "." in groups[2] else 0
    pos, endpos = _strip_span(text)
    parts = [("rai", values[0], 0), ("ngan", values[1], 0), ("wa", values[2], wa_dec)]
    return _build(parts, text[pos:endpos], pos, endpos)


def _wa_text(wa: float, decimals: int | None) -> str:
    if decimals is not None:
        return format_number(wa, decimals)
    d = Decimal(repr(float(wa))).normalize()
    return format(d, "f") if d != 0 else "0"


def format_rai_ngan_wa(
    rai: int,
    ngan: int,
    wa: float,
    style: str = "words",
    *,
    decimals: int | None = None,
    thai_digits: bool = False,
) -> str:
    """Print an area as "1 ไร่ 1 งาน 55.63 ตารางวา" (style "words") or "1-1-55.63" (style "dash").

    Words leave out zero parts (all zero prints "0 ตารางวา"); ``decimals`` fixes the ตารางวา
    precision (default: as few as the value needs).

    >>> format_rai_ngan_wa(1, 1, 55.63), format_rai_ngan_wa(8, 3, 96, "dash", thai_digits=True)
    ('1 ไร่ 1 งาน 55.63 ตารางวา', '๘-๓-๙๖')
    """
    wa_txt = _wa_text(wa, decimals)
    if style == "dash":
        out = f"{rai}-{ngan}-{wa_txt}"
    elif style == "words":
        words = []
        if rai:
            words.append(f"{format_number(rai, 0)} ไร่")
        if ngan:
            words.append(f"{ngan} งาน")
        if Decimal(wa_txt.replace(",", "")) != 0 or not words:
            words.append(f"{wa_txt} ตารางวา")
        out = " ".join(words)
    else:
        raise ValueError(f"unknown style {style!r} (use 'words' or 'dash')")
    return to_thai(out) if thai_digits else out
