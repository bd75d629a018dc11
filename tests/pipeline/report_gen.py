"""Random, internally consistent performance reports in the seed's OCR-text format.

A report is first built as a model (:class:`Report`): components, indicators with their criteria,
results, levels, scores and weighted scores, the printed totals, and narrative sentences with a
percentage ("624 ร้าน จาก 733 ร้าน คิดเป็นร้อยละ 85.13") or a date range with its day count. Every
printed figure is derived from the others with the precision the form prints, so the report
contradicts itself nowhere. :func:`render` writes it as the OCR text the extractor reads
(tab-separated tables like ``raw_docs/bangrak_fy2564_ocr.txt``), and records the line of each
figure. :data:`CORRUPTIONS` change one printed figure and say which findings that must raise.

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

#: agencies per scheme: Bangkok district offices (points-100), ministry departments (points-5)
AGENCIES: dict[str, tuple[str, ...]] = {
    "points-100": ("สำนักงานเขตบางรัก", "สำนักงานเขตปทุมวัน", "สำนักงานเขตดุสิต", "สำนักงานเขตจตุจักร"),
    "points-5": ("กรมส่งเสริมการเกษตร", "กรมพัฒนาฝีมือแรงงาน", "กรมควบคุมมลพิษ"),
}

#: self-report form title and its subtitle per scheme (the forms of extractors/templates/)
FORM_TITLES: dict[str, tuple[str, str]] = {
    "points-100": ("แบบฟอร์มการรายงาน", "ผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {year}"),
    "points-5": ("รายงานผลการประเมินตนเอง", "ตามตัวชี้วัดผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {year}"),
}

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)

COUNT_UNITS = ("ร้าน", "แห่ง", "ราย", "คน")


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

    @property
    def decimals(self) -> int:
        return SCHEMES[self.scheme][1]

    @property
    def level_scores(self) -> tuple[int, ...]:
        return SCHEMES[self.scheme][0]

    def indicators(self) -> list[Ind]:
        return [i for c in self.comps for i in c.inds]


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
    for c in comps:
        if rnd.random() < 0.7:
            whole = rnd.randint(20, 2500)
            part = rnd.randint(1, whole)
            pct = q(Decimal(100 * part) / whole, 2)
            rep.ratios[c.number] = [Ratio(part, whole, rnd.choice(COUNT_UNITS), pct)]
        if rnd.random() < 0.7:
            fy_start = dt.date(year - 543 - 1, 10, 1)
            start = fy_start + dt.timedelta(days=rnd.randint(0, 330))
            end = start + dt.timedelta(days=rnd.randint(1, 364 - (start - fy_start).days))
            rep.spans[c.number] = [Span(start, end, (end - start).days + 1)]
    return rep


# ---------------------------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------------------------


def _num(x: Decimal | int, decimals: int | None = None) -> str:
    if decimals is None:
        return f"{x:,}"
    return f"{Decimal(x):,.{decimals}f}"


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


def _self_report(out: _Out, rep: Report, comp: Comp, where: dict[str, int]) -> None:
    scores, dec = rep.level_scores, rep.decimals
    digits = to_thai if rep.thai_digits else str
    title, subtitle = FORM_TITLES[rep.scheme]
    out.add(
        "", title, "", subtitle.format(year=rep.year), "",
        f"หน่วยงาน : {rep.agency}\t\t\t\t\t",
        f"องค์ประกอบที่ {comp.number} : {comp.name}\t\t\t\t\t",
        f"ตัวชี้วัด : {comp.name}\t\t\t\t\t",
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
    out.add("ผลการดำเนินงาน :", "", "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก")
    for ind in comp.inds:
        result = f"ระดับ {ind.level}"
        if ind.result is not None:
            result = f"ร้อยละ {_num(ind.result, 3)} (ระดับ {ind.level})"
        weighted = _num(ind.weighted, dec) if rep.form_weighted else ""
        where[f"self_report:{ind.id}"] = out.add(
            f"{ind.num}.\t{ind.weight}\t{result}\t{_num(ind.score, dec)}\t{weighted}"
        )
    weight = sum(i.weight for i in comp.inds)
    form_total = comp.total if comp.form_total is None else comp.form_total
    total = _num(form_total, dec) if rep.form_weighted else ""
    where[f"self_report:total:{comp.number}"] = out.add(f"\t{weight}\t\tคะแนนที่ได้\t{total}", "")
    out.add("คำชี้แจงรายละเอียดการดำเนินงาน :", "")
    for k, ratio in enumerate(rep.ratios.get(comp.number, [])):
        where[f"ratio:{comp.number}:{k}"] = out.add(digits(
            f"- ตรวจติดตามการดำเนินงาน ผ่านเกณฑ์ {_num(ratio.part)} {ratio.unit} จาก {_num(ratio.whole)}"
            f" {ratio.unit} คิดเป็นร้อยละ {_num(ratio.pct, 2)}"
        ), "")
    for k, span in enumerate(rep.spans.get(comp.number, [])):
        where[f"span:{comp.number}:{k}"] = out.add(digits(
            f"- ดำเนินกิจกรรมระหว่างวันที่ {date_range(span.start, span.end)} รวม {span.days} วัน"
        ), "")
    out.add(
        "ปัจจัยสนับสนุนการดำเนินงาน (ภาพรวม):", "",
        "- ผู้บริหารให้ความสำคัญและติดตามผลการปฏิบัติงานอย่างสม่ำเสมอ", "",
        "อุปสรรคต่อการดำเนินงาน (ภาพรวม):", "",
        "- เจ้าหน้าที่มีภาระงานประจำเป็นจำนวนมาก", "",
    )


def _summary(out: _Out, rep: Report, where: dict[str, int]) -> None:
    scores, dec = rep.level_scores, rep.decimals
    out.add(
        "", "ผลการประเมินผลการปฏิบัติราชการ", f"ประจำปีงบประมาณ {rep.year}", "",
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
            result = ind.result if ind.result is not None else ind.score
            cells = [
                head, ind.id, ind.name, unit, str(ind.weight), *ts,
                _num(result, 3 if ind.result is not None else dec), _num(ind.score, dec),
                _num(ind.weighted if ind.summary_weighted is None else ind.summary_weighted, dec),
                _num(comp.total, dec) if k == 0 else "", "", "",
            ]
            line = out.add("\t".join(cells))
            where[f"summary:{ind.id}"] = line
            if k == 0:
                where[f"summary:total:{comp.number}"] = line
    where["overall"] = out.add("รวมเฉลี่ย" + "\t" * 12 + _num(rep.overall, dec) + "\t\t\t", "")


def render(rep: Report) -> tuple[str, dict[str, int]]:
    """The report as OCR text, and the line of each figure a corruption may change.

    Keys: ``summary:<id>``, ``summary:total:<c>``, ``overall``, ``self_report:<id>``,
    ``self_report:total:<c>``, ``ratio:<c>:<k>``, ``span:<c>:<k>``.
    """
    out = _Out()
    where: dict[str, int] = {}
    for comp in rep.comps:
        _self_report(out, rep, comp, where)
    _summary(out, rep, where)
    return "\n".join(out.lines) + "\n", where


# ---------------------------------------------------------------------------------------------
# corruptions: change one printed figure, say what must be found
# ---------------------------------------------------------------------------------------------

#: (rule, indicator, reported, expected, line key); reported/expected None when not asserted
Expected = tuple[str, str | None, float | str | None, float | None, str]


def _delta(rnd: random.Random, value: Decimal, decimals: int) -> Decimal:
    """A change of 50-500 printed units, away from zero so the figure stays positive."""
    d = Decimal(rnd.randint(50, 500)).scaleb(-decimals)
    return value + d if value - d < 0 or rnd.random() < 0.5 else value - d


def corrupt_weighted(rep: Report, rnd: random.Random) -> list[Expected]:
    """A weighted score in the summary table is off (its component total still adds the others)."""
    ind = rnd.choice(rep.indicators())
    comp = next(c for c in rep.comps if c.number == ind.comp)
    exact = q(ind.score * ind.weight / 100, rep.decimals)
    ind.summary_weighted = _delta(rnd, ind.weighted, rep.decimals)
    comp.form_total = comp.total
    summed = sum((i.weighted if i.summary_weighted is None else i.summary_weighted for i in comp.inds),
                 Decimal(0))
    found: list[Expected] = [
        ("weighted-score", ind.id, float(ind.summary_weighted), float(exact), f"summary:{ind.id}"),
        ("component-total", None, float(comp.total), float(summed), f"summary:total:{comp.number}"),
    ]
    if rep.form_weighted:
        # the self-report form printed the right figure: the two sections disagree
        found.append(("cross-source", ind.id, None, None, f"summary:{ind.id}"))
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


def corrupt_level(rep: Report, rnd: random.Random) -> list[Expected]:
    """The self-report prints a level whose score range does not hold the printed score."""
    ind = rnd.choice(rep.indicators())
    scores = rep.level_scores
    comp = next(c for c in rep.comps if c.number == ind.comp)
    # the form prints the interpolation note when one of its indicators has numeric criteria
    interpolating = any(i.thresholds is not None for i in comp.inds)

    def allowed(n: int) -> tuple[int, int]:
        hi = scores[n] if interpolating and n < 5 else scores[n - 1]
        return scores[n - 1], hi

    wrong = [n for n in range(1, 6) if not allowed(n)[0] <= ind.score <= allowed(n)[1]]
    ind.level = rnd.choice(wrong)
    return [("level-score", ind.id, float(ind.score), float(scores[ind.level - 1]), f"self_report:{ind.id}")]


def corrupt_ratio(rep: Report, rnd: random.Random) -> list[Expected]:
    keys = [(c, k) for c, rs in sorted(rep.ratios.items()) for k in range(len(rs))]
    if not keys:
        return []
    c, k = rnd.choice(keys)
    ratio = rep.ratios[c][k]
    exact = 100 * ratio.part / ratio.whole
    ratio.pct = _delta(rnd, ratio.pct, 2) if ratio.pct < 100 else ratio.pct - Decimal("0.50")
    return [("percent-ratio", None, float(ratio.pct), round(exact, 4), f"ratio:{c}:{k}")]


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


CORRUPTIONS: dict[str, Callable[[Report, random.Random], list[Expected]]] = {
    "weighted-score": corrupt_weighted,
    "component-total": corrupt_component_total,
    "overall-total": corrupt_overall,
    "level-score": corrupt_level,
    "percent-ratio": corrupt_ratio,
    "day-count": corrupt_days,
}


def corrupted(rep: Report, name: str, seed: int) -> tuple[Report, list[Expected]]:
    """A copy of ``rep`` with one figure changed by corruption ``name``, and what must be found."""
    bad = copy.deepcopy(rep)
    return bad, CORRUPTIONS[name](bad, random.Random(seed))
