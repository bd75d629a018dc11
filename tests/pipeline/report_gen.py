"""Random, internally consistent performance reports in the seed's OCR-text format.

A report is first built as a model (:class:`Report`): components, indicators with their criteria,
results, levels, scores and weighted scores, the printed totals, and narrative sentences with a
percentage ("624 ร้าน จาก 733 ร้าน คิดเป็นร้อยละ 85.13"), a date range with its day count, a dated
meeting, a tonnage split into parts ("จำนวน 16,758.457 ตัน โดยแบ่งเป็น ..."), a list of areas in
ตารางวา closed by "รวม ... 1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร". BMA reports
(points-100) also get the audit forms (แบบสรุปผลการตรวจติดตามประเมินผล, with audit reasons that
carry sub-scores "(3 คะแนน) ผลงาน 3 คะแนน" / "(ร้อยละ 15) ร้อยละ 15.50" and their total) and an
appeals table with a รวม row, as in the seed. Every printed figure is derived from the others with
the precision the form prints, so the report contradicts itself nowhere. Agencies, fiscal years,
Thai or Arabic digits and the spelling of labels (within the variants real forms use and the
templates accept) vary. :func:`render` writes it as the OCR text the extractor reads (tab-separated
tables like ``raw_docs/bangrak_fy2564_ocr.txt``), and records the line of each figure.
:data:`CORRUPTIONS` change one printed figure and say which findings that must raise: one
corruption per rule of ``pipeline/findings.py`` RULES.

>>> rep = generate(7)
>>> text, where = render(rep)
>>> "แบบฟอร์มการรายงาน" in text and where["overall"] > 0
True
"""
from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from normalizers.digits import to_thai

# ระบบคะแนน: คะแนนของระดับ 1-5 และจำนวนทศนิยมที่พิมพ์ (points-100: 60-100, 3 ตำแหน่ง; points-5: 1-5, 4 ตำแหน่ง)
SCHEMES: dict[str, tuple[tuple[int, ...], int]] = {
    "points-100": ((60, 70, 80, 90, 100), 3),
    "points-5": ((1, 2, 3, 4, 5), 4),
}

COMPONENT_NAMES = (
    "ประสิทธิภาพของการดำเนินงานภารกิจตามนโยบายผู้บริหาร (Agenda Base)",
    "ประสิทธิภาพในการดำเนินงานตามภารกิจเชิงพื้นที่ (Area Base)",
    "ประสิทธิภาพในการบริหารจัดการและพัฒนานวัตกรรม (Innovation Base)",
    "ศักยภาพในการดำเนินการของหน่วยงาน (Potential Base)",
    "ประสิทธิผลของการดำเนินงานตามภารกิจหลัก (Function Base)",
)

INDICATOR_NAMES = (
    "ร้อยละของสถานประกอบการอาหารที่ผ่านเกณฑ์มาตรฐานอาหารปลอดภัย",
    "ความสำเร็จของการเบิกจ่ายงบประมาณในภาพรวม",
    "พื้นที่สีเขียวที่เพิ่มขึ้นในเขตเมือง",
    "ร้อยละมูลฝอยที่คัดแยกจากแหล่งกำเนิดและนำไปใช้ประโยชน์",
    "ระดับความสำเร็จของการปรับปรุงภูมิทัศน์คลองสาธารณะ",
    "จำนวนกิจกรรมส่งเสริมการท่องเที่ยวชุมชน",
    "ความสำเร็จในการพัฒนาฐานข้อมูลสำหรับการให้บริการประชาชน",
    "ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขภายในกำหนด",
    "ระดับความพึงพอใจของผู้รับบริการจุดบริการแบบเบ็ดเสร็จ",
    "ความสำเร็จในการเสนอนวัตกรรมเพื่อเพิ่มประสิทธิภาพการปฏิบัติงาน",
    "ร้อยละของผู้สูงอายุที่ได้รับการคัดกรองสุขภาพ",
    "ระดับความสำเร็จของการจัดระเบียบผู้ค้าหาบเร่แผงลอย",
    "ร้อยละของถนนและตรอกซอยที่ได้รับการซ่อมแซมผิวจราจร",
    "ความสำเร็จของการป้องกันและแก้ไขปัญหาน้ำท่วมขัง",
)

_AGENCIES_TXT = Path(__file__).resolve().parents[2] / "normalizers" / "data" / "agencies.txt"


def _districts() -> tuple[str, ...]:
    """The 50 district offices (สำนักงานเขต...) of normalizers/data/agencies.txt."""
    out = []
    for line in _AGENCIES_TXT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and cells[0] == "district":
            out.append(cells[1].strip())
    return tuple(out)


#: agencies per scheme: Bangkok district offices (points-100), ministry departments (points-5)
AGENCIES: dict[str, tuple[str, ...]] = {
    "points-100": _districts(),
    "points-5": ("กรมส่งเสริมการเกษตร", "กรมพัฒนาฝีมือแรงงาน", "กรมควบคุมมลพิษ"),
}

#: self-report form title and its subtitle per scheme (the forms of extractors/templates/)
FORM_TITLES: dict[str, tuple[str, str]] = {
    "points-100": ("แบบฟอร์มการรายงาน", "ผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {year}"),
    "points-5": ("รายงานผลการประเมินตนเอง", "ตามตัวชี้วัดผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {year}"),
}

# คำที่แบบฟอร์มจริงสะกดต่างกัน (ทุกคำอยู่ใน extractors/templates/bma_2564.json / dept_points5.json):
# หัวตารางผลการดำเนินงาน, คำนำหน้าองค์ประกอบ (รวม "องค์กรประกอบที่" ที่พบในเอกสารจริง), หัวข้อบรรยาย
#: results-table headers (ผลการดำเนินการ / ผลการดำเนินงาน, ค่าคะแนนที่ได้ / คะแนนที่ได้)
RESULT_HEADERS = (
    "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
    "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินงาน\tคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
    "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินงาน\tค่าคะแนนที่ได้\tคะแนนถ่วงน้ำหนัก",
)
COMPONENT_WORDS = ("องค์ประกอบที่", "องค์ประกอบที่", "องค์ประกอบที่", "องค์กรประกอบที่")
INDICATOR_TITLES = ("ตัวชี้วัด :", "ตัวชี้วัด:")
SUPPORT_HEADINGS = ("ปัจจัยสนับสนุนการดำเนินงาน (ภาพรวม):", "ปัจจัยสนับสนุนการดำเนินงาน :",
                    "ปัจจัยหรือเงื่อนไขที่สนับสนุนการดำเนินงานให้บรรลุเป้าหมาย")
OBSTACLE_HEADINGS = ("อุปสรรคต่อการดำเนินงาน (ภาพรวม):", "อุปสรรคต่อการดำเนินงาน :", "ปัญหา อุปสรรค",
                     "ปัญหาและอุปสรรค")
EVIDENCE_HEADINGS = ("หลักฐานอ้างอิง", "หลักฐานอ้างอิง :", "เอกสารอ้างอิง")

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)

COUNT_UNITS = ("ร้าน", "แห่ง", "ราย", "คน")

#: places in a list of new green areas (พื้นที่สีเขียวที่เพิ่มขึ้น)
PLACES = (
    "โครงการอาคารสำนักงานริมถนนใหญ่", "ร้านอาหารริมคลอง", "สวนหย่อมในชุมชน", "ลานกีฬาของชุมชน",
    "โรงเรียนในสังกัดกรุงเทพมหานคร", "วัดในพื้นที่เขต", "โครงการที่อยู่อาศัยแนวราบ", "ตลาดสดของเอกชน",
)

#: sub-score items of an audit reason (ร้อยละ style) and of a points breakdown (คะแนน style)
PERCENT_ITEMS = (
    "คัดแยกมูลฝอยได้ตามเป้าหมายที่กำหนด และรายงานผลตามแบบรายงาน",
    "จัดการมูลฝอยและของเสียอันตรายภายในสำนักงานเขต",
    "ส่งเสริมคัดแยกมูลฝอยรีไซเคิลและมูลฝอยอินทรีย์",
    "ส่งเสริมคัดแยกมูลฝอยอันตราย",
    "กระตุ้นติดตามเป้าหมายชุมชนเดิมและเพิ่มเติมใหม่",
    "จัดกิจกรรมรณรงค์ประชาสัมพันธ์",
)
POINT_ITEMS = ("เข้าร่วมประชุม", "ร่วมสำรวจพื้นที่", "รูปแบบแผน", "รูปแบบรายงาน", "ผลการดำเนินงาน")


def q(x: Decimal, decimals: int) -> Decimal:
    """Round half up (as Excel's ROUND, which the forms are filled in with)."""
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass
class Ind:
    comp: int
    num: int
    name: str
    weight: int
    level: int
    score: Decimal
    #: คะแนนถ่วงน้ำหนัก as the self-report form prints it
    weighted: Decimal
    #: numeric thresholds of levels 1-5 (None: a level indicator with steps in words)
    thresholds: tuple[int, ...] | None = None
    result: Decimal | None = None
    #: คะแนนถ่วงน้ำหนัก as the summary table prints it (None: as the form)
    summary_weighted: Decimal | None = None
    #: the level the self-report form prints (None: ``level``)
    form_level: int | None = None
    #: the result as the summary table prints it (None: ``result``)
    summary_result: Decimal | None = None

    @property
    def id(self) -> str:
        return f"{self.comp}.{self.num}"


@dataclass
class Comp:
    number: int
    name: str
    inds: list[Ind]
    #: the component total as the summary table prints it
    total: Decimal
    #: the total as the self-report form prints it (None: as the summary)
    form_total: Decimal | None = None
    #: the total weight the self-report and audit forms print (None: the sum of the weights)
    form_weight: int | None = None
    audit_weight: int | None = None

    @property
    def weight(self) -> int:
        return sum(i.weight for i in self.inds)


@dataclass
class Ratio:
    """ "ผ่านเกณฑ์ a ร้าน จาก b ร้าน คิดเป็นร้อยละ p"."""

    part: int
    whole: int
    unit: str
    pct: Decimal


@dataclass
class Span:
    """ "ระหว่างวันที่ start - end รวม days วัน"."""

    start: dt.date
    end: dt.date
    days: int


@dataclass
class Meeting:
    """ "จัดประชุมคณะทำงานเมื่อวันที่ day month year" (printed as is: day may not exist)."""

    day: int
    month: int
    year: int  # พ.ศ.


@dataclass
class Tonnage:
    """ "ได้จำนวน total ตัน โดยแบ่งเป็น - มูลฝอยรีไซเคิล จำนวน a ตัน - ... ได้ b ตัน"."""

    total: Decimal
    parts: list[Decimal]


@dataclass
class Areas:
    """Entries in ตารางวา, closed by "รวม n แห่ง ขนาดพื้นที่ R ไร่ N งาน W ตารางวา คิดเป็น M ตารางเมตร"."""

    entries: list[Decimal]
    places: list[str]
    #: the total in ตารางวา, printed as ไร่-งาน-ตารางวา
    total_wa: Decimal
    #: the total in ตารางเมตร as printed
    m2: Decimal
    #: the unit word after the ตารางวา part of the total (ตารางเมตร: the wrong unit)
    wa_word: str = "ตารางวา"


@dataclass
class Part:
    label: str
    maximum: Decimal
    score: Decimal
    children: list[Part] = field(default_factory=list)


@dataclass
class Reason:
    """The audit reason of one indicator with its sub-scores.

    ``percent``: "k) item (ร้อยละ m) ร้อยละ s" ... "คิดเป็นร้อยละ total"; else points:
    "1) ภารกิจเฉพาะหน่วยงาน (60 คะแนน) ผลงาน s แบ่งเป็น - item (m คะแนน) ผลงาน s คะแนน ..."
    "2) ภารกิจภาพรวม (40 คะแนน) ผลงาน s คะแนน คิดเป็นร้อยละ total".
    """

    percent: bool
    parts: list[Part]
    total: Decimal


@dataclass
class Appeals:
    """Appeals per component (รับอุทธรณ์ / ยกอุทธรณ์ / ถอนอุทธรณ์) with the printed รวม row."""

    rows: list[tuple[int, list[int]]]
    totals: list[int]


@dataclass
class Report:
    scheme: str
    year: int
    agency: str
    comps: list[Comp]
    overall: Decimal
    #: the self-report forms print weighted scores and their total (the seed leaves them blank)
    form_weighted: bool
    thai_digits: bool
    #: component number -> narrative sentences of its self-report form
    ratios: dict[int, list[Ratio]] = field(default_factory=dict)
    spans: dict[int, list[Span]] = field(default_factory=dict)
    meetings: dict[int, list[Meeting]] = field(default_factory=dict)
    tonnages: dict[int, list[Tonnage]] = field(default_factory=dict)
    areas: dict[int, list[Areas]] = field(default_factory=dict)
    #: audit forms (แบบสรุปผลการตรวจติดตามประเมินผล), one per component; BMA reports only
    audit: bool = False
    #: indicator id -> its audit reason with sub-scores
    reasons: dict[str, Reason] = field(default_factory=dict)
    appeals: Appeals | None = None
    #: spelling variants, by index into the tuples above
    style: dict[str, int] = field(default_factory=dict)

    @property
    def decimals(self) -> int:
        return SCHEMES[self.scheme][1]

    @property
    def level_scores(self) -> tuple[int, ...]:
        return SCHEMES[self.scheme][0]

    def indicators(self) -> list[Ind]:
        return [i for c in self.comps for i in c.inds]

    def comp(self, number: int) -> Comp:
        return next(c for c in self.comps if c.number == number)


# ---------------------------------------------------------------------------------------------
# generation
# ---------------------------------------------------------------------------------------------


def _weights(rnd: random.Random, n: int) -> list[int]:
    """``n`` weights, multiples of 5, at least 5 each, adding up to 100."""
    units = [1] * n
    for _ in range(20 - n):
        units[rnd.randrange(n)] += 1
    return [5 * u for u in units]


def linear_score(r: Decimal, ts: tuple[int, ...], scores: tuple[int, ...]) -> tuple[int, Decimal]:
    """(level, exact score) under linear interpolation, floor at level 1, capped at level 5."""
    reached = [n for n in range(5) if r >= ts[n]]
    if not reached:
        return 1, Decimal(scores[0])
    n = max(reached)
    if n == 4:
        return 5, Decimal(scores[4])
    frac = (r - ts[n]) / Decimal(ts[n + 1] - ts[n])
    return n + 1, scores[n] + frac * (scores[n + 1] - scores[n])


def _split(rnd: random.Random, total: int, n: int, unit: int = 5) -> list[int]:
    """``n`` multiples of ``unit``, at least ``unit`` each, adding up to ``total``."""
    units = [1] * n
    for _ in range(total // unit - n):
        units[rnd.randrange(n)] += 1
    return [unit * u for u in units]


def _reason(rnd: random.Random) -> Reason:
    if rnd.random() < 0.5:
        labels = rnd.sample(PERCENT_ITEMS, rnd.randint(3, 5))
        parts = []
        for label, mx in zip(labels, _split(rnd, 100, len(labels)), strict=True):
            score = Decimal(mx) if rnd.random() < 0.6 else Decimal(rnd.randint(0, mx * 100 - 1)).scaleb(-2)
            parts.append(Part(label, Decimal(mx), score))
        return Reason(True, parts, sum((p.score for p in parts), Decimal(0)))
    first = rnd.choice((50, 60, 70))
    labels = rnd.sample(POINT_ITEMS, rnd.randint(3, 5))
    kids = [Part(lb, Decimal(mx), Decimal(rnd.randint(mx // 2, mx)))
            for lb, mx in zip(labels, _split(rnd, first, len(labels), 1), strict=True)]
    head = Part("ภารกิจเฉพาะหน่วยงาน", Decimal(first), sum((k.score for k in kids), Decimal(0)), kids)
    rest = Decimal(100 - first)
    overall = Part("ภารกิจภาพรวม สวยงาม สะอาด และปลอดภัย", rest,
                   Decimal(rnd.randint(int(rest) * 50, int(rest) * 100)).scaleb(-2))
    return Reason(False, [head, overall], head.score + overall.score)


def _areas(rnd: random.Random) -> Areas:
    n = rnd.randint(3, 6)
    entries = [Decimal(rnd.randint(1500, 40000)).scaleb(-2) for _ in range(n)]
    if rnd.random() < 0.4:
        entries[rnd.randrange(n)] = Decimal(rnd.randint(10, 300))  # a whole number: "ขนาด 47 ตารางวา"
    total = sum(entries, Decimal(0))
    return Areas(entries, rnd.sample(PLACES, n), total, total * 4)


def generate(seed: int, scheme: str = "points-100") -> Report:
    """A consistent report of 2-3 components with 2-4 indicators each."""
    rnd = random.Random(seed)
    scores, dec = SCHEMES[scheme]
    n_comps = rnd.randint(2, 3)
    first = rnd.randint(1, 6 - n_comps)
    sizes = [rnd.randint(2, 4) for _ in range(n_comps)]
    weights = _weights(rnd, sum(sizes))
    names = rnd.sample(INDICATOR_NAMES, sum(sizes))
    comps: list[Comp] = []
    k = 0
    for c in range(n_comps):
        number = first + c
        inds: list[Ind] = []
        for j in range(sizes[c]):
            w, name = weights[k], names[k]
            k += 1
            if rnd.random() < 0.6:
                step = rnd.choice((5, 10))
                base = rnd.choice((40, 50, 60, 70, 80))
                ts = tuple(base + n * step for n in range(5))
                r = Decimal(rnd.randint((ts[0] - step) * 1000, (ts[4] + step) * 1000)).scaleb(-3)
                level, exact = linear_score(r, ts, scores)
                ind = Ind(number, j + 1, name, w, level, q(exact, dec), Decimal(0), ts, r)
            else:
                level = rnd.randint(1, 5)
                ind = Ind(number, j + 1, name, w, level, q(Decimal(scores[level - 1]), dec), Decimal(0))
            ind.weighted = q(ind.score * w / 100, dec)
            inds.append(ind)
        total = sum((i.weighted for i in inds), Decimal(0))
        comps.append(Comp(number, COMPONENT_NAMES[number - 1], inds, total))
    year = rnd.randint(2562, 2566)
    rep = Report(
        scheme=scheme, year=year, agency=rnd.choice(AGENCIES[scheme]), comps=comps,
        overall=sum((c.total for c in comps), Decimal(0)),
        form_weighted=rnd.random() < 0.7, thai_digits=rnd.random() < 0.3,
    )
    fy_start = dt.date(year - 543 - 1, 10, 1)
    for c in comps:
        if rnd.random() < 0.7:
            whole = rnd.randint(20, 2500)
            part = rnd.randint(1, whole)
            pct = q(Decimal(100 * part) / whole, 2)
            rep.ratios[c.number] = [Ratio(part, whole, rnd.choice(COUNT_UNITS), pct)]
        if rnd.random() < 0.7:
            start = fy_start + dt.timedelta(days=rnd.randint(0, 330))
            end = start + dt.timedelta(days=rnd.randint(1, 364 - (start - fy_start).days))
            rep.spans[c.number] = [Span(start, end, (end - start).days + 1)]
        if rnd.random() < 0.6:
            day = fy_start + dt.timedelta(days=rnd.randint(0, 364))
            rep.meetings[c.number] = [Meeting(day.day, day.month, day.year + 543)]
        if rnd.random() < 0.5:
            parts = [Decimal(rnd.randint(100_000, 20_000_000)).scaleb(-3) for _ in range(rnd.randint(2, 3))]
            rep.tonnages[c.number] = [Tonnage(sum(parts, Decimal(0)), parts)]
        if rnd.random() < 0.5:
            rep.areas[c.number] = [_areas(rnd)]
    rep.style = {
        "results": rnd.randrange(len(RESULT_HEADERS)), "component": rnd.randrange(len(COMPONENT_WORDS)),
        "title": rnd.randrange(len(INDICATOR_TITLES)), "support": rnd.randrange(len(SUPPORT_HEADINGS)),
        "obstacle": rnd.randrange(len(OBSTACLE_HEADINGS)), "evidence": rnd.randrange(len(EVIDENCE_HEADINGS)),
    }
    if scheme == "points-100":
        rep.audit = rnd.random() < 0.8
        if rep.audit:
            for ind in rep.indicators():
                if rnd.random() < 0.6:
                    rep.reasons[ind.id] = _reason(rnd)
        if rnd.random() < 0.7:
            rows = []
            for number in range(1, 6):
                rows.append((number, [rnd.randint(0, 40) if rnd.random() < 0.7 else 0 for _ in range(3)]))
            totals = [sum(r[1][j] for r in rows) for j in range(3)]
            rep.appeals = Appeals(rows, totals)
    return rep


# ---------------------------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------------------------


def _num(x: Decimal | int, decimals: int | None = None) -> str:
    if decimals is None:
        return f"{x:,}"
    return f"{Decimal(x):,.{decimals}f}"


def _plain(x: Decimal) -> str:
    """A figure as typed: whole numbers without decimals, others with two ("15", "12.50")."""
    return f"{x:,.0f}" if x == x.to_integral_value() else f"{x:,.2f}"


def _date(d: dt.date, with_year: bool) -> str:
    s = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{s} {d.year + 543}" if with_year else s


def date_range(a: dt.date, b: dt.date) -> str:
    """ "1 พฤษภาคม - 31 สิงหาคม 2564", "15 - 25 กุมภาพันธ์ 2564", across years with both years."""
    if a.year != b.year:
        return f"{_date(a, True)} - {_date(b, True)}"
    if a.month == b.month:
        return f"{a.day} - {_date(b, True)}"
    return f"{_date(a, False)} - {_date(b, True)}"


def meeting_date(m: Meeting) -> str:
    return f"{m.day} {MONTHS[m.month - 1]} {m.year}"


def rai_ngan_wa(wa: Decimal) -> tuple[int, int, Decimal]:
    """ตารางวา -> (ไร่, งาน, ตารางวา): 1 ไร่ = 4 งาน = 400 ตารางวา."""
    rai = int(wa // 400)
    ngan = int((wa - 400 * rai) // 100)
    return rai, ngan, wa - 400 * rai - 100 * ngan


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> int:
        """Append lines; the 1-based number of the first one."""
        self.lines.extend(lines)
        return len(self.lines) - len(lines) + 1


def _criteria_cells(ind: Ind) -> list[str]:
    if ind.thresholds is not None:
        return [f"ร้อยละ {t}" for t in ind.thresholds]
    return [f"ดำเนินการครบขั้นตอนที่ 1 - {n}" for n in range(1, 6)]


def _component_line(rep: Report, comp: Comp) -> str:
    return f"{COMPONENT_WORDS[rep.style.get('component', 0)]} {comp.number} : {comp.name}\t\t\t\t\t"


def _result_cell(ind: Ind, level: int, result: Decimal | None) -> str:
    if result is None:
        return f"ระดับ {level}"
    return f"ร้อยละ {_num(result, 3)} (ระดับ {level})"


def _narrative_lines(out: _Out, rep: Report, comp: Comp, where: dict[str, int]) -> None:
    digits = to_thai if rep.thai_digits else str
    c = comp.number
    for k, ratio in enumerate(rep.ratios.get(c, [])):
        where[f"ratio:{c}:{k}"] = out.add(digits(
            f"- ตรวจติดตามการดำเนินงาน ผ่านเกณฑ์ {_num(ratio.part)} {ratio.unit} จาก {_num(ratio.whole)}"
            f" {ratio.unit} คิดเป็นร้อยละ {_num(ratio.pct, 2)}"
        ), "")
    for k, span in enumerate(rep.spans.get(c, [])):
        where[f"span:{c}:{k}"] = out.add(digits(
            f"- ดำเนินกิจกรรมระหว่างวันที่ {date_range(span.start, span.end)} รวม {span.days} วัน"
        ), "")
    for k, m in enumerate(rep.meetings.get(c, [])):
        where[f"meeting:{c}:{k}"] = out.add(digits(
            f"- จัดประชุมคณะทำงานเพื่อติดตามผลการดำเนินงาน เมื่อวันที่ {meeting_date(m)}"
        ), "")
    for k, t in enumerate(rep.tonnages.get(c, [])):
        kinds = ("มูลฝอยรีไซเคิล จำนวน", "จัดเก็บมูลฝอยอินทรีย์ในชุมชนและสถานประกอบการ ได้",
                 "มูลฝอยอันตราย จำนวน")
        parts = " ".join(f"- {kinds[j]} {_num(p, 3)} ตัน" for j, p in enumerate(t.parts))
        where[f"tonnage:{c}:{k}"] = out.add(digits(
            f"สามารถจัดเก็บมูลฝอยที่คัดแยกจากแหล่งกำเนิดและนำไปใช้ประโยชน์ ได้จำนวน {_num(t.total, 3)} ตัน"
            f" โดยแบ่งเป็น {parts}"
        ), "")
    for k, a in enumerate(rep.areas.get(c, [])):
        out.add(digits(f"พื้นที่สีเขียวที่เพิ่มขึ้น ปี {rep.year} จำนวน {len(a.entries)} แห่ง"), "")
        for j, (place, e) in enumerate(zip(a.places, a.entries, strict=True), 1):
            out.add(digits(f"{j}. {place} ขนาด {_plain(e)} ตารางวา"), "")
        rai, ngan, wa = rai_ngan_wa(a.total_wa)
        trad = " ".join(
            [f"{rai} ไร่"] * (rai > 0) + [f"{ngan} งาน"] * (ngan > 0 or rai > 0)
            + [f"{_plain(wa) if wa == wa.to_integral_value() else _num(wa, 2)} {a.wa_word}"] * (wa > 0)
        )
        where[f"area:{c}:{k}"] = out.add(digits(
            f"รวม {len(a.entries)} แห่ง ขนาดพื้นที่ {trad} คิดเป็น {_num(a.m2, 2)} ตารางเมตร"
        ), "")


def _self_report(out: _Out, rep: Report, comp: Comp, where: dict[str, int]) -> None:
    scores, dec = rep.level_scores, rep.decimals
    title, subtitle = FORM_TITLES[rep.scheme]
    out.add(
        "", title, "", subtitle.format(year=rep.year), "",
        f"หน่วยงาน : {rep.agency}\t\t\t\t\t",
        _component_line(rep, comp),
        f"{INDICATOR_TITLES[rep.style.get('title', 0)]} {comp.name}\t\t\t\t\t",
        "ชื่อผู้รับผิดชอบการรายงาน : นางสาวทดสอบ ระบบ\t\t\t\t\t",
        "เกณฑ์การให้คะแนน :\t\t\t\t\t",
        "ตัวชี้วัด\t" + "\t".join(f"ระดับ {n} ({s} คะแนน)" for n, s in enumerate(scores, 1)),
    )
    for ind in comp.inds:
        out.add(f"{ind.num}. {ind.name}\t" + "\t".join(_criteria_cells(ind)))
    numeric = [i for i in comp.inds if i.thresholds is not None]
    out.add("")
    if numeric:
        step = numeric[0].thresholds[1] - numeric[0].thresholds[0]  # type: ignore[index]
        out.add(
            f"ช่วงการปรับเกณฑ์การให้คะแนน +/- {step} ต่อ 1 ระดับคะแนน", "",
            "* กรณีผลการดำเนินงานต่ำกว่าค่าเป้าหมายระดับ 1 จะได้คะแนนเท่ากับค่าเป้าหมายระดับ 1", "",
        )
    out.add("ผลการดำเนินงาน :", "", RESULT_HEADERS[rep.style.get("results", 0)])
    for ind in comp.inds:
        result = _result_cell(ind, ind.form_level or ind.level, ind.result)
        weighted = _num(ind.weighted, dec) if rep.form_weighted else ""
        where[f"self_report:{ind.id}"] = out.add(
            f"{ind.num}.\t{ind.weight}\t{result}\t{_num(ind.score, dec)}\t{weighted}"
        )
    weight = comp.weight if comp.form_weight is None else comp.form_weight
    form_total = comp.total if comp.form_total is None else comp.form_total
    total = _num(form_total, dec) if rep.form_weighted else ""
    where[f"self_report:total:{comp.number}"] = out.add(f"\t{weight}\t\tคะแนนที่ได้\t{total}", "")
    out.add("คำชี้แจงรายละเอียดการดำเนินงาน :", "")
    _narrative_lines(out, rep, comp, where)
    out.add(
        SUPPORT_HEADINGS[rep.style.get("support", 0)], "",
        "- ผู้บริหารให้ความสำคัญและติดตามผลการปฏิบัติงานอย่างสม่ำเสมอ", "",
        OBSTACLE_HEADINGS[rep.style.get("obstacle", 0)], "",
        "- เจ้าหน้าที่มีภาระงานประจำเป็นจำนวนมาก", "",
        EVIDENCE_HEADINGS[rep.style.get("evidence", 0)], "",
        "- ภาพถ่ายกิจกรรมและเอกสารประกอบการดำเนินการ", "",
    )


def _summary(out: _Out, rep: Report, where: dict[str, int]) -> None:
    scores, dec = rep.level_scores, rep.decimals
    out.add(
        "", "ผลการประเมินผลการปฏิบัติราชการ", _digits(rep, f"ประจำปีงบประมาณ {rep.year}"), "",
        f"ผลการประเมินผลการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {rep.year}", "",
        f"ของหน่วยงาน {rep.agency}", "",
        "องค์ประกอบ\tตัวชี้วัด\tหน่วยวัด\tน้ำหนัก (ร้อยละ)\tเป้าหมาย/เกณฑ์การให้คะแนน\t\t\t\t\t"
        "ผลการดำเนินการ\t\t\t\tหมายเหตุ\t\t",
        "\t\t\t\t1\t2\t3\t4\t5\tผลการดำเนินการตามตัวชี้วัด\tค่าคะแนนที่ได้\tคะแนนถ่วงน้ำหนัก\tผลการดำเนินการ\t\t\t",
        "\t\t\t\t" + "\t".join(f"{s} คะแนน" for s in scores) + "\t\t\t\t\t\t\t",
    )
    for comp in rep.comps:
        for k, ind in enumerate(comp.inds):
            head = f"องค์ประกอบที่ {comp.number} {comp.name}" if k == 0 else ""
            unit = "ร้อยละ" if ind.thresholds is not None else "ระดับ"
            ts = [str(t) for t in ind.thresholds] if ind.thresholds is not None else [""] * 5
            result = ind.summary_result if ind.summary_result is not None else ind.result
            cells = [
                head, ind.id, ind.name, unit, str(ind.weight), *ts,
                _num(result, 3) if result is not None else _num(ind.score, dec), _num(ind.score, dec),
                _num(ind.weighted if ind.summary_weighted is None else ind.summary_weighted, dec),
                _num(comp.total, dec) if k == 0 else "", "", "",
            ]
            line = out.add("\t".join(cells))
            where[f"summary:{ind.id}"] = line
            if k == 0:
                where[f"summary:total:{comp.number}"] = line
    where["overall"] = out.add("รวมเฉลี่ย" + "\t" * 12 + _num(rep.overall, dec) + "\t\t\t", "")


def _reason_text(k: int, ind: Ind, reason: Reason) -> str:
    """One audit reason as one OCR line with HTML paragraphs (seed line 411-412)."""
    target = "ระดับ 5" if ind.thresholds is None else f"ร้อยละ {ind.thresholds[4]}"
    head = f"<p>ตัวชี้วัดที่ {k} : {ind.name} (เป้าหมาย{target})</p>"
    level = ind.level
    if reason.percent:
        items = [f"<p>{j}) {p.label} (ร้อยละ {_plain(p.maximum)}) ร้อยละ {_plain(p.score)}</p>"
                 for j, p in enumerate(reason.parts, 1)]
        return head + " " + " ".join(items) + f" <p>คิดเป็นร้อยละ {_num(reason.total, 3)} หรือระดับ {level}</p>"
    first, second = reason.parts
    kids = " ".join(f"- {c.label} ({_plain(c.maximum)} คะแนน) ผลงาน {_plain(c.score)} คะแนน"
                    for c in first.children)
    return (
        f"{head} <p>1) {first.label} ({_plain(first.maximum)} คะแนน) ผลงาน {_plain(first.score)} คะแนน"
        f" แบ่งเป็น</p> <ul style=\"list-style-type: none\"> {kids} </ul>"
        f" <p>2) {second.label} ({_plain(second.maximum)} คะแนน) ผลงาน {_plain(second.score)} คะแนน"
        f" คิดเป็นร้อยละ {_num(reason.total, 3)} หรือระดับ {level}</p>"
    )


def _audit(out: _Out, rep: Report, comp: Comp, where: dict[str, int]) -> None:
    """แบบสรุปผลการตรวจติดตามประเมินผล of one component (seed lines 397-433)."""
    out.add(
        f"แบบสรุปผลการตรวจติดตามประเมินผลการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {rep.year}",
        "ของหน่วยงานสังกัดกรุงเทพมหานครจำแนกตามตัวชี้วัด", "",
        f"ชื่อหน่วยงานผู้รับการประเมิน : {rep.agency}\t\t\t\t",
        _component_line(rep, comp).rstrip("\t") + "\t\t\t\t",
        f"ตัวชี้วัด : {comp.name}\t\t\t\t",
        "ผลคะแนน :\t\t\t\t",
        "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
    )
    for ind in comp.inds:
        where[f"audit:{ind.id}"] = out.add(
            f"{ind.num}.\t{ind.weight}\t{_result_cell(ind, ind.level, ind.result)}\t{_num(ind.score, 3)}"
            f"\t{_num(ind.weighted, 3)}"
        )
    weight = comp.weight if comp.audit_weight is None else comp.audit_weight
    total = sum((i.weighted for i in comp.inds), Decimal(0))
    where[f"audit:total:{comp.number}"] = out.add(f"\t{weight}\t\tคะแนนที่ได้\t{_num(total, 3)}")
    out.add("ผลการตรวจติดตามประเมินผล :\t\t\t\t")
    lines = [
        (ind, _reason_text(k, ind, rep.reasons[ind.id]))
        for k, ind in enumerate(comp.inds, 1) if ind.id in rep.reasons
    ]
    if lines:
        for j, (ind, text) in enumerate(lines):
            lead = "<p>■ เหตุผลของคะแนน</p> " if j == 0 else ""
            # the reasons are typed in Thai digits as often as the narrative
            where[f"reason:{ind.id}"] = out.add(_digits(rep, lead + text) + "\t\t\t\t")
    else:
        out.add("<p>■ เหตุผลของคะแนน</p> <p>หน่วยงานดำเนินการได้ตามเกณฑ์ที่กำหนด</p>\t\t\t\t")
    out.add(
        "<p>■ จุดแข็ง</p> <p>1. เจ้าหน้าที่ทุกฝ่ายให้ความร่วมมือในการดำเนินงาน</p>\t\t\t\t",
        "<p>■ ข้อเสนอแนะเพื่อการพัฒนา</p> <p>- ควรเตรียมแผนรองรับความเสี่ยงในการดำเนินการ</p>\t\t\t\t",
        "", "เจ้าหน้าที่ผู้สรุปผลการตรวจติดตามประเมินผล :", "", "ลงชื่อ.....", "(นางสาวทดสอบ ตรวจติดตาม)",
        "ตำแหน่ง.....", "วัน/เดือน/ปี.....", "",
    )


def _appeals(out: _Out, rep: Report, where: dict[str, int]) -> None:
    """The appeals report with its table and รวม row (seed lines 855-935)."""
    assert rep.appeals is not None
    digits = to_thai if rep.thai_digits else str
    units = ("ตัวชี้วัด", "ตัวชี้วัด", "หน่วยงาน")

    def cell(n: int, j: int) -> str:
        return digits(f"{n} {units[j]}") if n else "-"

    out.add(
        "รายงานสรุปผลการอุทธรณ์การปฏิบัติราชการของหน่วยงานสังกัดกรุงเทพมหานคร",
        digits(f"ประจำปี พ.ศ. {rep.year}"), "",
        digits(f"ตารางที่ 1 สรุปผลการพิจารณาคำขออุทธรณ์การปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {rep.year}"), "",
        "องค์ประกอบการประเมิน\tผลการพิจารณา\t\t",
        "\tรับอุทธรณ์\tยกอุทธรณ์\tถอนอุทธรณ์",
    )
    for number, counts in rep.appeals.rows:
        name = COMPONENT_NAMES[number - 1]
        where[f"appeals:{number}"] = out.add(
            digits(f"องค์ประกอบที่ {number} {name} รับผิดชอบโดย สำนักยุทธศาสตร์และประเมินผล") + "\t"
            + "\t".join(cell(n, j) for j, n in enumerate(counts))
        )
    totals = "\t".join(cell(n, j) for j, n in enumerate(rep.appeals.totals))
    where["appeals:total"] = out.add(f"รวม\t{totals}", "")


def render(rep: Report) -> tuple[str, dict[str, int]]:
    """The report as OCR text, and the line of each figure a corruption may change.

    Keys: ``summary:<id>``, ``summary:total:<c>``, ``overall``, ``self_report:<id>``,
    ``self_report:total:<c>``, ``audit:<id>``, ``audit:total:<c>``, ``reason:<id>``,
    ``ratio:<c>:<k>``, ``span:<c>:<k>``, ``meeting:<c>:<k>``, ``tonnage:<c>:<k>``, ``area:<c>:<k>``,
    ``appeals:total``.
    """
    out = _Out()
    where: dict[str, int] = {}
    for comp in rep.comps:
        _self_report(out, rep, comp, where)
    _summary(out, rep, where)
    if rep.audit:
        for comp in rep.comps:
            _audit(out, rep, comp, where)
    if rep.appeals is not None:
        _appeals(out, rep, where)
    return "\n".join(out.lines) + "\n", where


# ---------------------------------------------------------------------------------------------
# corruptions: change one printed figure, say what must be found
# ---------------------------------------------------------------------------------------------

#: (rule, indicator, reported, expected, line key); reported/expected None when not asserted
Expected = tuple[str, str | None, float | str | None, float | str | None, str]

#: severity per rule of the findings the corruptions raise (error unless listed)
SEVERITY: dict[str, str] = {"cross-source": "warning", "area-units": "warning", "date-range": "warning"}


def _delta(rnd: random.Random, value: Decimal, decimals: int) -> Decimal:
    """A change of 50-500 printed units, away from zero so the figure stays positive."""
    d = Decimal(rnd.randint(50, 500)).scaleb(-decimals)
    return value + d if value - d < 0 or rnd.random() < 0.5 else value - d


def _cross_key(rep: Report, ind: Ind) -> str:
    """The line of a cross-source finding: the audit row first, then the summary row."""
    return f"audit:{ind.id}" if rep.audit else f"summary:{ind.id}"


def corrupt_weighted(rep: Report, rnd: random.Random) -> list[Expected]:
    """A weighted score in the summary table is off (its component total still adds the others)."""
    ind = rnd.choice(rep.indicators())
    comp = rep.comp(ind.comp)
    exact = q(ind.score * ind.weight / 100, rep.decimals)
    ind.summary_weighted = _delta(rnd, ind.weighted, rep.decimals)
    comp.form_total = comp.total
    summed = sum((i.weighted if i.summary_weighted is None else i.summary_weighted for i in comp.inds),
                 Decimal(0))
    found: list[Expected] = [
        ("weighted-score", ind.id, float(ind.summary_weighted), float(exact), f"summary:{ind.id}"),
        ("component-total", None, float(comp.total), float(summed), f"summary:total:{comp.number}"),
    ]
    if rep.form_weighted or rep.audit:
        # the self-report form (or the audit form) printed the right figure: the sections disagree
        found.append(("cross-source", ind.id, None, None, _cross_key(rep, ind)))
    return found


def corrupt_component_total(rep: Report, rnd: random.Random) -> list[Expected]:
    comp = rnd.choice(rep.comps)
    exact = comp.total
    comp.form_total = comp.total
    comp.total = _delta(rnd, comp.total, rep.decimals)
    overall = sum((c.total for c in rep.comps), Decimal(0))
    return [
        ("component-total", None, float(comp.total), float(exact), f"summary:total:{comp.number}"),
        # the overall total is checked against the component totals as printed
        ("overall-total", None, float(rep.overall), float(overall), "overall"),
    ]


def corrupt_overall(rep: Report, rnd: random.Random) -> list[Expected]:
    exact = rep.overall
    rep.overall = _delta(rnd, rep.overall, rep.decimals)
    return [("overall-total", None, float(rep.overall), float(exact), "overall")]


def corrupt_weight_total(rep: Report, rnd: random.Random) -> list[Expected]:
    """The total weight of a self-report (or audit) form is not the sum of its indicators' weights."""
    comp = rnd.choice(rep.comps)
    wrong = comp.weight + rnd.choice((-1, 1)) * 5 * rnd.randint(1, 3)
    if wrong <= 0:
        wrong = comp.weight + 5
    if rep.audit and rnd.random() < 0.5:
        comp.audit_weight = wrong
        key = f"audit:total:{comp.number}"
    else:
        comp.form_weight = wrong
        key = f"self_report:total:{comp.number}"
    return [("weight-total", None, float(wrong), float(comp.weight), key)]


def corrupt_level(rep: Report, rnd: random.Random) -> list[Expected]:
    """The self-report prints a level whose score range does not hold the printed score."""
    ind = rnd.choice(rep.indicators())
    scores = rep.level_scores
    comp = rep.comp(ind.comp)
    # the form prints the interpolation note when one of its indicators has numeric criteria
    interpolating = any(i.thresholds is not None for i in comp.inds)

    def allowed(n: int) -> tuple[int, int]:
        hi = scores[n] if interpolating and n < 5 else scores[n - 1]
        return scores[n - 1], hi

    wrong = [n for n in range(1, 6) if not allowed(n)[0] <= ind.score <= allowed(n)[1]]
    ind.form_level = rnd.choice(wrong)
    found: list[Expected] = [
        ("level-score", ind.id, float(ind.score), float(scores[ind.form_level - 1]), f"self_report:{ind.id}")
    ]
    if rep.audit:  # the audit form prints the right level
        found.append(("cross-source", ind.id, None, None, _cross_key(rep, ind)))
    return found


def _new_result(rep: Report, ind: Ind, rnd: random.Random) -> tuple[Decimal, Decimal]:
    """A result whose score under the criteria is well away from the printed score: (result, score)."""
    assert ind.thresholds is not None
    scores, dec = rep.level_scores, rep.decimals
    ts = ind.thresholds
    step = ts[1] - ts[0]
    margin = Decimal(scores[1] - scores[0]) / 4
    while True:
        r = Decimal(rnd.randint((ts[0] - step) * 1000, (ts[4] + step) * 1000)).scaleb(-3)
        exact = q(linear_score(r, ts, scores)[1], dec)
        if abs(exact - ind.score) >= margin:
            return r, exact


def corrupt_result(rep: Report, rnd: random.Random) -> list[Expected]:
    """criteria-score: the printed result (every section alike) does not give the printed score."""
    numeric = [i for i in rep.indicators() if i.thresholds is not None]
    if not numeric:
        return []
    ind = rnd.choice(numeric)
    ind.result, exact = _new_result(rep, ind, rnd)
    sources = ["self_report", "summary"] + (["audit"] if rep.audit else [])
    return [("criteria-score", ind.id, float(ind.score), float(exact), f"{s}:{ind.id}") for s in sources]


def corrupt_summary_result(rep: Report, rnd: random.Random) -> list[Expected]:
    """cross-source: only the summary table prints another result (so its score is off too)."""
    numeric = [i for i in rep.indicators() if i.thresholds is not None]
    if not numeric:
        return []
    ind = rnd.choice(numeric)
    ind.summary_result, exact = _new_result(rep, ind, rnd)
    return [
        ("criteria-score", ind.id, float(ind.score), float(exact), f"summary:{ind.id}"),
        ("cross-source", ind.id, None, None, _cross_key(rep, ind)),
    ]


def corrupt_subscore_sum(rep: Report, rnd: random.Random) -> list[Expected]:
    """An audit reason prints a total its parts do not add up to (the total, or a breakdown's head).

    Whole part scores may stand for rounded values (pipeline/rules/parts.py then only warns), so
    the change exceeds half a point per part: an error under any reading.
    """
    if not rep.reasons:
        return []
    ind_id = rnd.choice(sorted(rep.reasons))
    reason = rep.reasons[ind_id]
    if not reason.percent and rnd.random() < 0.5:
        head = reason.parts[0]
        least = len(head.children) // 2 + 2
        lower = [c for c in head.children if c.score >= least]
        if lower:
            kid = rnd.choice(lower)
            kid.score -= rnd.randint(least, int(kid.score))
            return [("subscore-sum", ind_id, float(head.score),
                     float(sum((c.score for c in head.children), Decimal(0))), f"reason:{ind_id}")]
    exact = reason.total
    d = Decimal(len(reason.parts)) / 2 + 1 + Decimal(rnd.randint(0, 3000)).scaleb(-3)
    reason.total = exact - d if exact - d > 0 and (exact + d > 100 or rnd.random() < 0.5) else exact + d
    return [("subscore-sum", ind_id, float(reason.total), float(exact), f"reason:{ind_id}")]


def corrupt_subscore_max(rep: Report, rnd: random.Random) -> list[Expected]:
    """A part scores more than its maximum; a sibling scores less by as much, so every total holds."""
    if not rep.reasons:
        return []
    ind_id = rnd.choice(sorted(rep.reasons))
    reason = rep.reasons[ind_id]
    siblings = reason.parts if reason.percent else reason.parts[0].children
    over = Decimal(rnd.randint(50, 300)).scaleb(-2) if reason.percent else Decimal(rnd.randint(1, 3))
    pairs = [(a, b) for a in siblings for b in siblings
             if a is not b and b.score >= a.maximum - a.score + over]
    if not pairs:
        return []
    part, other = rnd.choice(pairs)
    other.score -= part.maximum - part.score + over
    part.score = part.maximum + over
    return [("subscore-max", ind_id, float(part.score), float(part.maximum), f"reason:{ind_id}")]


def corrupt_ratio(rep: Report, rnd: random.Random) -> list[Expected]:
    keys = [(c, k) for c, rs in sorted(rep.ratios.items()) for k in range(len(rs))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    ratio = rep.ratios[c][k]
    exact = 100 * ratio.part / ratio.whole
    ratio.pct = _delta(rnd, ratio.pct, 2) if ratio.pct < 100 else ratio.pct - Decimal("0.50")
    return [("percent-ratio", None, float(ratio.pct), round(exact, 4), f"ratio:{c}:{k}")]


def corrupt_tonnage(rep: Report, rnd: random.Random) -> list[Expected]:
    keys = [(c, k) for c, ts in sorted(rep.tonnages.items()) for k in range(len(ts))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    t = rep.tonnages[c][k]
    exact = t.total
    # a slip of one digit, as "13,942.592" for "13,742.592" (contract example)
    t.total = t.total + rnd.choice((-1, 1)) * Decimal(10) ** rnd.randint(-2, 2)
    return [("quantity-sum", None, float(t.total), float(exact), f"tonnage:{c}:{k}")]


def corrupt_area_conversion(rep: Report, rnd: random.Random) -> list[Expected]:
    keys = [(c, k) for c, a in sorted(rep.areas.items()) for k in range(len(a))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    a = rep.areas[c][k]
    exact = a.m2
    # a slip in the figure, or ตารางวา converted with a wrong factor
    a.m2 = _delta(rnd, a.m2, 0) if rnd.random() < 0.5 else q(a.total_wa * Decimal("3.3"), 2)
    return [("area-conversion", None, float(a.m2), float(exact), f"area:{c}:{k}")]


def corrupt_area_units(rep: Report, rnd: random.Random) -> list[Expected]:
    """ "1 ไร่ 1 งาน 55.63 ตารางเมตร" where ตารางวา is meant."""
    def mixed(a: Areas) -> bool:
        rai, ngan, wa = rai_ngan_wa(a.total_wa)
        return rai + ngan > 0 and wa > 0

    keys = [(c, k) for c, areas in sorted(rep.areas.items()) for k, a in enumerate(areas) if mixed(a)]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    a = rep.areas[c][k]
    a.wa_word = "ตารางเมตร"
    rai, ngan, wa = rai_ngan_wa(a.total_wa)
    written = 1600 * rai + 400 * ngan + wa
    return [("area-units", None, float(written), float(a.total_wa * 4), f"area:{c}:{k}")]


def corrupt_days(rep: Report, rnd: random.Random) -> list[Expected]:
    keys = [(c, k) for c, ss in sorted(rep.spans.items()) for k in range(len(ss))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    span = rep.spans[c][k]
    exact = span.days
    # two or more days off: one day short is only a warning (the ends not both counted)
    span.days = exact + rnd.choice((-1, 1)) * rnd.randint(2, 30)
    if span.days <= 0:
        span.days = exact + rnd.randint(2, 30)
    return [("day-count", None, float(span.days), float(exact), f"span:{c}:{k}")]


#: days per month that do not exist (29 กุมภาพันธ์ exists in leap years: 30 is never a date)
_NO_SUCH_DAY = {2: 30, 4: 31, 6: 31, 9: 31, 11: 31}


def _digits(rep: Report, s: str) -> str:
    return to_thai(s) if rep.thai_digits else s


def corrupt_date_invalid(rep: Report, rnd: random.Random) -> list[Expected]:
    """ "31 เมษายน": a day the month does not have."""
    keys = [(c, k) for c, ms in sorted(rep.meetings.items()) for k in range(len(ms))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    m = rep.meetings[c][k]
    m.month = rnd.choice(sorted(_NO_SUCH_DAY))
    m.day = _NO_SUCH_DAY[m.month] + (1 if m.month == 2 and rnd.random() < 0.5 else 0)
    return [("date-invalid", None, _digits(rep, meeting_date(m)), None, f"meeting:{c}:{k}")]


def corrupt_date_range(rep: Report, rnd: random.Random) -> list[Expected]:
    """A dated meeting years away from the fiscal year (a slip of the year)."""
    keys = [(c, k) for c, ms in sorted(rep.meetings.items()) for k in range(len(ms))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    m = rep.meetings[c][k]
    m.year += rnd.choice((-1, 1)) * rnd.randint(3, 10)
    ce = rep.year - 543
    span = f"{ce - 1}-10-01..{ce}-09-30"
    return [("date-range", None, _digits(rep, meeting_date(m)), span, f"meeting:{c}:{k}")]


def corrupt_count_total(rep: Report, rnd: random.Random) -> list[Expected]:
    """The รวม row of the appeals table is not the sum of its column."""
    if rep.appeals is None:
        return []
    cols = [j for j, t in enumerate(rep.appeals.totals) if t > 0]
    if not cols:
        return []
    j = rnd.choice(cols)
    exact = rep.appeals.totals[j]
    wrong = exact + rnd.choice((-1, 1)) * rnd.randint(1, 5)
    rep.appeals.totals[j] = wrong if wrong > 0 else exact + 2
    return [("count-total", None, float(rep.appeals.totals[j]), float(exact), "appeals:total")]


#: one corruption per rule of pipeline/findings.py RULES (the name is the rule it injects)
CORRUPTIONS: dict[str, Callable[[Report, random.Random], list[Expected]]] = {
    "weighted-score": corrupt_weighted,
    "component-total": corrupt_component_total,
    "overall-total": corrupt_overall,
    "weight-total": corrupt_weight_total,
    "level-score": corrupt_level,
    "criteria-score": corrupt_result,
    "subscore-sum": corrupt_subscore_sum,
    "subscore-max": corrupt_subscore_max,
    "percent-ratio": corrupt_ratio,
    "quantity-sum": corrupt_tonnage,
    "area-conversion": corrupt_area_conversion,
    "area-units": corrupt_area_units,
    "count-total": corrupt_count_total,
    "day-count": corrupt_days,
    "date-invalid": corrupt_date_invalid,
    "date-range": corrupt_date_range,
    "cross-source": corrupt_summary_result,
}


def corrupted(rep: Report, name: str, seed: int) -> tuple[Report, list[Expected]]:
    """A copy of ``rep`` with one figure changed by corruption ``name``, and what must be found."""
    bad = copy.deepcopy(rep)
    return bad, CORRUPTIONS[name](bad, random.Random(seed))
