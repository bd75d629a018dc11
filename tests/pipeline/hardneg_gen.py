"""Hard negatives: consistent tables that naive column sums get wrong, and one corruption per table.

Beside ``report_gen.py`` (whole performance reports), this generator writes documents made of the
tables real Thai government PDFs print around a report (issue 10): budget tables numbered 1 / 1.1 /
1.1.1 whose group rows carry subtotals and whose total sums the group rows, group label rows with no
figures, the budget book's target table (indicator rows in ราย / ร้อยละ / ฉบับ above a "รวมทั้งสิ้น"
row in ล้านบาท, with the money rows that make that total *below* it), figures in บาท under a total
printed in ล้านบาท, ward statistics mixing counts, percentages, averages and ratios in one table,
self-assessment summaries on the 1-5 and the 60-100 scale with dimension rows, satisfaction surveys
whose รวม row is a mean, and shares that add up to 100 only within rounding.

A :class:`Table` is a model: columns with a kind (what the column's total is: a sum, a percentage of
two other columns, a mean weighted by another column, an unweighted mean, a ratio, or nothing) and
rows with a parent (the row whose figure is their sum). Every printed figure is derived from the
others with the precision it is printed with (half up), so each document is consistent by
construction; ``tests/pipeline/test_hardneg.py`` recomputes that from the rendered text.
:func:`render` writes the seed's OCR-text format (tab-separated rows, like
``raw_docs/bangrak_fy2564_ocr.txt``) and the line of each row; :func:`render_html` the same tables
as HTML for PDF producers. :func:`corrupt` changes one printed figure per table (and whatever the
same row derives from it, so only the sum breaks) and says what must be found:
:class:`Expected` (rule, severity, table, column, line key, reported, expected).

>>> doc = generate(3)
>>> text, where = render(doc)
>>> bad, expected = corrupt(doc, 3)
>>> len(expected) == len(doc.tables) and all(e.rule == "count-total" for e in expected)
True
"""
from __future__ import annotations

import copy
import html
import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

#: column kinds: how a total (or group) row's cell follows from the rows under it
#: sum: the sum; pct: 100 × of[0] / of[1] of the same row; wmean: mean weighted by column of[0];
#: mean: the unweighted mean of the rows; ratio: "1 : x" with x = of[0] / of[1]; label / unit / sd / word /
#: plain: not derived (labels, units, standard deviations, level words, scores whose total cell is blank)
KINDS = ("label", "unit", "sum", "pct", "wmean", "mean", "ratio", "sd", "word", "plain")

MILLION = Decimal(1_000_000)


def q(x: Decimal, decimals: int) -> Decimal:
    """Round half up, as the spreadsheets the forms are filled in with."""
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass
class Col:
    name: str
    kind: str
    decimals: int = 0
    #: pct (part, whole), wmean (weight,), ratio (numerator, denominator): column indexes
    of: tuple[int, ...] = ()
    #: base units per printed unit (ล้านบาท: 1,000,000 บาท)
    scale: Decimal = Decimal(1)


@dataclass
class Cell:
    """A printed figure: its value in the printed unit, its decimals, a suffix ("ล้านบาท", "ราย")."""

    value: Decimal
    decimals: int
    suffix: str = ""
    scale: Decimal = Decimal(1)
    #: "-" for a zero in budget-book style
    dash: bool = False

    @property
    def base(self) -> Decimal:
        return self.value * self.scale


@dataclass
class TRow:
    label: str
    #: leaf (own figures), group (figures = sum of its children, printed above them), subtotal (the same,
    #: printed below them: "รวม" / "รวมแผนงานที่ 1"), heading (a group label row without figures: its
    #: children count for its parent), total, measure (not part of any sum: indicator targets in other
    #: units)
    kind: str
    parent: int | None
    cells: list[Cell | str | None]
    number: str = ""


@dataclass
class Table:
    family: str
    title: str
    cols: list[Col]
    rows: list[TRow]
    #: header lines as printed (tab-separated), above the rows
    header: list[str]
    #: a line printed between the title and the header ("หน่วย : ล้านบาท")
    unit_line: str = ""
    #: numbering in its own ที่ column (else in the label cell)
    numbered: bool = False

    def children(self, k: int) -> list[int]:
        return [j for j, r in enumerate(self.rows) if r.parent == k]

    def total_index(self) -> int:
        return next(k for k, r in enumerate(self.rows) if r.kind == "total")


@dataclass
class HDoc:
    seed: int
    year: int
    title: str
    tables: list[Table] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# word pools
# ---------------------------------------------------------------------------------------------

PLANS = (
    "แผนงานพื้นฐานด้านการพัฒนาและเสริมสร้างศักยภาพทรัพยากรมนุษย์",
    "แผนงานยุทธศาสตร์พัฒนาระบบบริการสาธารณสุข",
    "แผนงานยุทธศาสตร์เสริมสร้างความมั่นคงของมนุษย์",
    "แผนงานบูรณาการพัฒนาพื้นที่ระดับภาค",
)
OUTPUTS = (
    "ผลผลิตที่ 1 ประชาชนได้รับบริการสุขภาพที่มีคุณภาพ", "โครงการพัฒนาระบบการแพทย์ฉุกเฉิน",
    "โครงการส่งเสริมสุขภาพผู้สูงอายุในชุมชน", "ผลผลิตที่ 2 องค์ความรู้ด้านการป้องกันควบคุมโรค",
    "โครงการพัฒนาศักยภาพบุคลากร", "โครงการยกระดับคุณภาพบริการประชาชน",
)
ACTIVITIES = (
    "กิจกรรมจัดหาครุภัณฑ์การแพทย์", "กิจกรรมอบรมเชิงปฏิบัติการ", "กิจกรรมรณรงค์ประชาสัมพันธ์",
    "กิจกรรมติดตามและประเมินผล", "กิจกรรมพัฒนาระบบสารสนเทศ", "กิจกรรมตรวจคัดกรองกลุ่มเสี่ยง",
    "กิจกรรมจัดทำฐานข้อมูลกลาง", "กิจกรรมสนับสนุนเครือข่ายอาสาสมัคร",
)
TARGETS = (
    ("เชิงปริมาณ : จำนวนผู้เข้ารับการอบรมที่ผ่านเกณฑ์", "ราย"),
    ("เชิงปริมาณ : รายงานการศึกษาปัจจัยที่มีผลต่อการปฏิบัติตามกฎหมาย", "ฉบับ"),
    ("เชิงปริมาณ : จำนวนเรื่องที่ดำเนินการแล้วเสร็จ", "เรื่อง"),
    ("เชิงคุณภาพ : ร้อยละของเรื่องร้องเรียนที่ดำเนินการแล้วเสร็จตามกำหนด", "ร้อยละ"),
    ("เชิงเวลา : ร้อยละของการเบิกจ่ายงบประมาณตามแผน", "ร้อยละ"),
    ("เชิงปริมาณ : จำนวนขวดผลิตภัณฑ์ที่ผลิตได้", "ขวด"),
)
BUDGET_TYPES = ("งบบุคลากร", "งบดำเนินงาน", "งบลงทุน", "งบเงินอุดหนุน", "งบรายจ่ายอื่น")
WARDS = (
    "งานอุบัติเหตุฉุกเฉินและนิติเวช", "งานผู้ป่วยนอก", "หอผู้ป่วยในชาย", "หอผู้ป่วยในหญิง",
    "งานห้องคลอด", "หอผู้ป่วยพิเศษ", "งานผู้ป่วยหนัก",
)
DIMENSIONS = (
    "มิติที่ 1 ด้านประสิทธิผลตามพันธกิจ", "มิติที่ 2 ด้านคุณภาพการให้บริการ",
    "มิติที่ 3 ด้านประสิทธิภาพของการปฏิบัติราชการ", "มิติที่ 4 ด้านการพัฒนาองค์การ",
)
INDICATORS = (
    "ร้อยละของผู้ป่วยที่ได้รับการคัดกรองภายในเวลาที่กำหนด", "ระดับความสำเร็จของการพัฒนาระบบส่งต่อ",
    "ร้อยละความพึงพอใจของผู้รับบริการ", "ร้อยละของการเบิกจ่ายงบประมาณ",
    "ระดับความสำเร็จของการจัดการความรู้", "ร้อยละของบุคลากรที่ได้รับการพัฒนาตามแผน",
    "ระดับความสำเร็จของการลดขั้นตอนการให้บริการ", "ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไข",
    "ร้อยละของหน่วยบริการที่ผ่านการรับรองคุณภาพ", "ระดับความสำเร็จของการพัฒนาระบบเทคโนโลยีสารสนเทศ",
    "ร้อยละของผู้ป่วยโรคเรื้อรังที่ควบคุมระดับน้ำตาลได้", "ระดับความสำเร็จของการบริหารความเสี่ยง",
)
ASPECTS = (
    "ด้านกระบวนการและขั้นตอนการให้บริการ", "ด้านเจ้าหน้าที่ผู้ให้บริการ", "ด้านสิ่งอำนวยความสะดวก",
    "ด้านคุณภาพการให้บริการ", "ด้านการประชาสัมพันธ์และการให้ข้อมูล", "ด้านความรวดเร็วในการให้บริการ",
)
CATEGORIES = ("ผู้ป่วยอุบัติเหตุ", "ผู้ป่วยฉุกเฉินวิกฤต", "ผู้ป่วยฉุกเฉินเร่งด่วน", "ผู้ป่วยไม่ฉุกเฉิน",
              "ผู้ป่วยคดี", "ผู้ป่วยส่งต่อ")


def level_word(mean: Decimal) -> str:
    """ระดับความพึงพอใจของค่าเฉลี่ย 1-5 (เกณฑ์ช่วงละ 0.80 ที่แบบสำรวจใช้กันทั่วไป)."""
    for bound, word in ((Decimal("4.50"), "มากที่สุด"), (Decimal("3.50"), "มาก"), (Decimal("2.50"), "ปานกลาง"),
                        (Decimal("1.50"), "น้อย")):
        if mean > bound:
            return word
    return "น้อยที่สุด"


# ---------------------------------------------------------------------------------------------
# families
# ---------------------------------------------------------------------------------------------


def _money(baht: Decimal, scale: str, dash_zero: bool = False) -> Cell:
    if scale == "ล้านบาท":
        return Cell(q(baht / MILLION, 4), 4, scale=MILLION, dash=dash_zero and baht == 0)
    return Cell(q(baht, 2), 2, dash=dash_zero and baht == 0)


def budget_table(rnd: random.Random, year: int) -> Table:
    """งบประมาณจำแนกตามแผนงาน-ผลผลิต-กิจกรรม: 1 / 1.1 / 1.1.1, group rows with subtotals, heading rows,
    subtotal rows ("รวม") below their rows.

    Columns: งบประมาณที่ได้รับจัดสรร, ผลการเบิกจ่าย (sums), ร้อยละการเบิกจ่าย (100 × spent / budget of
    the same row). Money in บาท (2 decimals) or ล้านบาท (4 decimals, each row rounded on its own); in
    the mixed variant rows are in บาท and the total row in ล้านบาท. The total row comes first (as the
    budget book prints it) or last.
    """
    scale = rnd.choice(("บาท", "ล้านบาท", "mixed"))
    row_scale = "บาท" if scale == "mixed" else scale
    numbered = rnd.random() < 0.4
    cols = [Col("รายการ", "label"), Col("งบประมาณที่ได้รับจัดสรร", "sum", 2 if row_scale == "บาท" else 4),
            Col("ผลการเบิกจ่าย", "sum", 2 if row_scale == "บาท" else 4), Col("ร้อยละ", "pct", 2, (2, 1))]
    exact: list[tuple[Decimal, Decimal]] = []
    rows: list[TRow] = [TRow("รวมทั้งสิ้น", "total", None, [])]
    exact.append((Decimal(0), Decimal(0)))

    def add(label: str, kind: str, parent: int, number: str) -> int:
        rows.append(TRow(label, kind, parent, [], number))
        exact.append((Decimal(0), Decimal(0)))
        return len(rows) - 1

    plans = rnd.sample(PLANS, rnd.randint(2, 3))
    outputs = iter(rnd.sample(OUTPUTS, len(OUTPUTS)))
    acts = iter(rnd.sample(ACTIVITIES, len(ACTIVITIES)))
    for g, plan in enumerate(plans, 1):
        # กลุ่มแบบมีตัวเลขในแถวกลุ่ม / แถวหัวข้อไม่มีตัวเลข / หัวข้อแล้วมีแถว "รวม" ย่อยใต้รายการ
        style = rnd.choice(("group", "group", "heading", "after"))
        gk = add(plan, "group" if style == "group" else "heading", 0, f"{g}")
        first_child = len(rows)
        for c in range(1, rnd.randint(2, 3) + 1):
            name = next(outputs, f"โครงการที่ {g}.{c}")
            ck = add(name, "group" if rnd.random() < 0.5 else "leaf", gk, f"{g}.{c}")
            if rows[ck].kind == "group":
                for a in range(1, rnd.randint(2, 3) + 1):
                    add(next(acts, f"กิจกรรมที่ {a}"), "leaf", ck, f"{g}.{c}.{a}")
        if style == "after":  # a row that only carries the subtotal of the rows above it
            sub = add("รวม" if rnd.random() < 0.5 else f"รวมแผนงานที่ {g}", "subtotal", 0, "")
            for r in rows[first_child:sub]:
                if r.parent == gk:
                    r.parent = sub
    # leaf figures in บาท, then every parent is the exact sum of its children
    for k, r in enumerate(rows):
        if r.kind == "leaf":
            budget = Decimal(rnd.randint(1_000, 500_000) * 100)
            spent = q(budget * Decimal(rnd.randint(5500, 10000)) / 10000, 2)
            exact[k] = (budget, spent)

    def fill(k: int) -> tuple[Decimal, Decimal]:
        kids = [j for j, x in enumerate(rows) if x.parent == k]
        if rows[k].kind != "leaf":
            parts = [fill(j) for j in kids]
            exact[k] = (sum((p[0] for p in parts), Decimal(0)), sum((p[1] for p in parts), Decimal(0)))
        return exact[k]

    fill(0)
    for k, r in enumerate(rows):
        if r.kind == "heading":
            r.cells = [None, None, None]
            continue
        sc = "ล้านบาท" if scale == "mixed" and r.kind == "total" else row_scale
        b, s = exact[k]
        pct = Cell(q(100 * s / b, 2), 2)
        r.cells = [_money(b, sc), _money(s, sc), pct]
        if scale == "mixed" and r.kind == "total":
            for cell in r.cells[:2]:
                assert isinstance(cell, Cell)
                cell.suffix = "ล้านบาท"
    if rnd.random() < 0.5:  # total last
        rows.append(rows.pop(0))
        for r in rows:
            r.parent = None if r.parent is None else (len(rows) - 1 if r.parent == 0 else r.parent - 1)
    unit = "" if scale == "mixed" else f"หน่วย : {row_scale}"
    head = ("ที่\t" if numbered else "") + "แผนงาน/ผลผลิต/โครงการ\tงบประมาณที่ได้รับจัดสรร\tผลการเบิกจ่าย\tร้อยละ"
    return Table("budget", f"ผลการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. {year} จำแนกตามแผนงาน",
                 cols, rows, [head], unit, numbered)


def targets_table(rnd: random.Random, year: int) -> Table:
    """The budget book's เป้าหมาย table: indicator rows (ราย, ร้อยละ, ฉบับ ...) over a รวมทั้งสิ้น row
    in ล้านบาท that sums the money rows *below* it: เงินงบประมาณ (the sum of its "- งบ..." rows) and
    เงินนอกงบประมาณ. Columns are years; zeros print "-"."""
    years = [year - 1, year, year + 1, year + 2, year + 3]
    ncol = len(years)
    cols = [Col("ตัวชี้วัด/แหล่งเงิน", "label"), Col("หน่วยนับ", "unit")]
    cols += [Col(f"ปี {y}", "sum", 4, scale=MILLION) for y in years]
    rows: list[TRow] = []
    for label, unit in rnd.sample(TARGETS, rnd.randint(1, 3)):
        vals: list[Cell | str | None] = [unit]
        for _ in years:
            if unit == "ร้อยละ":
                vals.append(Cell(Decimal(rnd.choice((70, 75, 80, 85, 90, 100))), 0))
            elif rnd.random() < 0.15:
                vals.append(Cell(Decimal(0), 0, dash=True))
            else:
                vals.append(Cell(Decimal(rnd.randint(1, 200_000)), 0))
        rows.append(TRow(label, "measure", None, vals))
    total = len(rows)
    rows.append(TRow("รวมทั้งสิ้น", "total", None, []))
    own = len(rows)
    rows.append(TRow("เงินงบประมาณ", "group", total, []))
    used = [t for t in BUDGET_TYPES if rnd.random() < 0.5] or ["งบเงินอุดหนุน"]
    leaves = {t: len(rows) + k for k, t in enumerate(BUDGET_TYPES)}
    for t in BUDGET_TYPES:
        rows.append(TRow(f"- {t}", "leaf", own, []))
    outside = len(rows)
    rows.append(TRow("เงินนอกงบประมาณ", "leaf", total, []))
    base: dict[int, list[Decimal]] = {}
    for t, k in leaves.items():
        base[k] = [Decimal(rnd.randint(10_000, 9_000_000) * 100) if t in used else Decimal(0) for _ in years]
    base[outside] = [Decimal(rnd.randint(1_000, 90_000) * 100) if rnd.random() < 0.3 else Decimal(0)
                     for _ in years]
    base[own] = [sum((base[k][j] for k in leaves.values()), Decimal(0)) for j in range(ncol)]
    base[total] = [base[own][j] + base[outside][j] for j in range(ncol)]
    for k, vals_b in base.items():
        rows[k].cells = ["ล้านบาท", *(_money(v, "ล้านบาท", dash_zero=True) for v in vals_b)]
    head = ["ตัวชี้วัด/\tหน่วยนับ\tงบประมาณ\t\tประมาณการรายจ่ายล่วงหน้า",
            "แหล่งเงิน\t\t" + "\t".join(f"ปี {y}" for y in years)]
    return Table("targets", f"เป้าหมายโครงการ งบประมาณ และกรอบงบประมาณรายจ่ายล่วงหน้าระยะปานกลาง"
                 f" ปีงบประมาณ พ.ศ. {year} จำแนกตามแหล่งเงิน", cols, rows, head)


def wards_table(rnd: random.Random, year: int) -> Table:
    """Ward statistics: counts (sums), a percentage of two count columns, a mean waiting time weighted
    by the patients, and a nurse-to-patient ratio "1 : x" in one table with a รวม row."""
    cols = [Col("หน่วยงาน", "label"), Col("จำนวนผู้รับบริการ (ราย)", "sum"), Col("จำนวนครั้งที่ให้บริการ (ครั้ง)", "sum"),
            Col("ผ่านเกณฑ์ (ราย)", "sum"), Col("ร้อยละ", "pct", 2, (3, 1)),
            Col("ระยะเวลารอคอยเฉลี่ย (นาที)", "wmean", 1, (1,)), Col("พยาบาล (คน)", "sum"),
            Col("อัตราส่วนพยาบาล : ผู้ป่วย", "ratio", 2, (1, 6))]
    suffix = rnd.random() < 0.3
    rows: list[TRow] = []
    figs: list[tuple[int, int, int, Decimal, int]] = []
    names = rnd.sample(WARDS, rnd.randint(3, 6))
    for _ in names:
        n = rnd.randint(40, 9000)
        visits = n + rnd.randint(0, 3 * n)
        passed = rnd.randint(n // 2, n)
        wait = Decimal(rnd.randint(30, 900)) / 10
        nurses = rnd.randint(3, 40)
        figs.append((n, visits, passed, wait, nurses))
    tot_n = sum(f[0] for f in figs)
    tot_w = q(sum((f[3] * f[0] for f in figs), Decimal(0)) / tot_n, 1)
    all_rows = [*zip(names, figs, strict=True)]
    totals = (tot_n, sum(f[1] for f in figs), sum(f[2] for f in figs), tot_w, sum(f[4] for f in figs))
    total_at = len(all_rows)
    for k, (name, (n, visits, passed, wait, nurses)) in enumerate([*all_rows, ("รวม", totals)]):
        cells: list[Cell | str | None] = [
            Cell(Decimal(n), 0, "ราย" if suffix else ""), Cell(Decimal(visits), 0), Cell(Decimal(passed), 0),
            Cell(q(Decimal(100 * passed) / n, 2), 2), Cell(wait, 1), Cell(Decimal(nurses), 0),
            f"1 : {q(Decimal(n) / nurses, 2)}",
        ]
        last = k == total_at
        rows.append(TRow(name, "total" if last else "leaf", None if last else total_at, cells))
    head = ["\t".join(c.name for c in cols)]
    return Table("wards", f"ผลการให้บริการจำแนกตามหน่วยงาน ปีงบประมาณ พ.ศ. {year}", cols, rows, head)


def score_table(rnd: random.Random, year: int) -> Table:
    """Self-assessment summary: มิติที่ rows carry their weight and weighted subtotal, indicator rows
    k.m their weight, score (1.0000-5.0000 or 60.000-100.000) and weighted score = score × weight / 100;
    รวม: weight 100, the weighted total (the sum of the dimension rows), the score cell blank."""
    points5 = rnd.random() < 0.5
    dec = 4 if points5 else 3
    lo, hi = (1, 5) if points5 else (60, 100)
    cols = [Col("ตัวชี้วัด", "label"), Col("น้ำหนัก (ร้อยละ)", "sum"), Col("คะแนนที่ได้", "plain", dec),
            Col("คะแนนถ่วงน้ำหนัก", "sum", dec)]
    dims = rnd.sample(DIMENSIONS, rnd.randint(2, 4))
    sizes = [rnd.randint(1, 3) for _ in dims]
    units = [1] * sum(sizes)
    for _ in range(20 - len(units)):
        units[rnd.randrange(len(units))] += 1
    weights = iter(5 * u for u in units)
    names = iter(rnd.sample(INDICATORS, len(INDICATORS)))
    rows: list[TRow] = []
    total = len(dims) + sum(sizes)  # the รวม row comes last
    for d, (dim, size) in enumerate(zip(dims, sizes, strict=True), 1):
        dk = len(rows)
        rows.append(TRow(dim.replace(dim.split()[1], str(d), 1), "group", total, []))
        for m in range(1, size + 1):
            w = next(weights)
            score = q(Decimal(rnd.randint(lo * 10_000, hi * 10_000)) / 10_000, dec)
            name = next(names, f"ตัวชี้วัดที่ {d}.{m}")
            rows.append(TRow(name, "leaf", dk, [Cell(Decimal(w), 0), Cell(score, dec),
                                                      Cell(q(score * w / 100, dec), dec)], f"{d}.{m}"))
    rows.append(TRow("รวม", "total", None, []))
    for k in [*(k for k, r in enumerate(rows) if r.kind == "group"), total]:
        if rows[k].kind in ("group", "total"):
            kids = [rows[j] for j, x in enumerate(rows) if x.parent == k]
            wsum = sum((c.cells[0].value for c in kids if isinstance(c.cells[0], Cell)), Decimal(0))
            ws = sum((c.cells[2].value for c in kids if isinstance(c.cells[2], Cell)), Decimal(0))
            rows[k].cells = [Cell(wsum, 0), None, Cell(ws, dec)]
    head = ["ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tคะแนนที่ได้\tคะแนนถ่วงน้ำหนัก"]
    return Table("score", f"สรุปผลการประเมินตนเองตามตัวชี้วัด ปีงบประมาณ พ.ศ. {year}"
                 f" (ระดับคะแนน {lo} - {hi})", cols, rows, head)


def survey_table(rnd: random.Random, year: int) -> Table:
    """Satisfaction survey: x̄ and S.D. per aspect on 1-5, a level word; the รวม row holds the mean of
    the aspects' means (not their sum), an S.D. of its own and its level word."""
    cols = [Col("ประเด็นความพึงพอใจ", "label"), Col("x̄", "mean", 2), Col("S.D.", "sd", 2), Col("ระดับ", "word")]
    rows: list[TRow] = []
    means = [Decimal(rnd.randint(300, 495)) / 100 for _ in range(rnd.randint(3, 6))]
    n = len(means)
    for k, (aspect, m) in enumerate(zip(rnd.sample(ASPECTS, n), means, strict=True), 1):
        sd = Decimal(rnd.randint(35, 95)) / 100
        rows.append(TRow(f"{k}. {aspect}", "leaf", n, [Cell(m, 2), Cell(sd, 2), level_word(m)]))
    mean = q(sum(means, Decimal(0)) / n, 2)
    rows.append(TRow("รวม", "total", None, [Cell(mean, 2), Cell(Decimal(rnd.randint(40, 80)) / 100, 2),
                                            level_word(mean)]))
    return Table("survey", f"ความพึงพอใจของผู้รับบริการ ปีงบประมาณ พ.ศ. {year}", cols, rows,
                 ["ประเด็นความพึงพอใจ\tx̄\tS.D.\tระดับความพึงพอใจ"])


def share_table(rnd: random.Random, year: int) -> Table:
    """Counts with their share in ร้อยละ (1 decimal): the shares add up to 100.0 only within rounding."""
    cols = [Col("ประเภทผู้ป่วย", "label"), Col("จำนวน (ราย)", "sum"), Col("ร้อยละ", "sum", 1)]
    cats = rnd.sample(CATEGORIES, rnd.randint(3, 6))
    counts = [rnd.randint(1, 5000) for _ in cats]
    whole = sum(counts)
    rows = [TRow(c, "leaf", len(cats), [Cell(Decimal(n), 0), Cell(q(Decimal(100 * n) / whole, 1), 1)])
            for c, n in zip(cats, counts, strict=True)]
    rows.append(TRow("รวม", "total", None, [Cell(Decimal(whole), 0), Cell(Decimal(100), 1)]))
    return Table("share", f"จำนวนผู้ป่วยจำแนกตามประเภท ปีงบประมาณ พ.ศ. {year}", cols, rows,
                 ["ประเภทผู้ป่วย\tจำนวน (ราย)\tร้อยละ"])


FAMILIES = {
    "budget": budget_table, "targets": targets_table, "wards": wards_table, "score": score_table,
    "survey": survey_table, "share": share_table,
}


def generate(seed: int, families: tuple[str, ...] | None = None) -> HDoc:
    """A document of 4-6 tables (each family at most once unless ``families`` names them)."""
    rnd = random.Random(seed)
    year = rnd.randint(2563, 2567)
    names = list(families) if families else rnd.sample(sorted(FAMILIES), rnd.randint(4, 6))
    doc = HDoc(seed, year, f"รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {year}")
    for name in names:
        doc.tables.append(FAMILIES[name](rnd, year))
    return doc


# ---------------------------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------------------------


def show(cell: Cell | str | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if cell.dash:
        return "-"
    text = f"{cell.value:,.{cell.decimals}f}"
    return f"{text} {cell.suffix}" if cell.suffix else text


def _label(table: Table, r: TRow) -> list[str]:
    if table.numbered:  # a total row's label fills the merged ที่ / รายการ cell
        return [r.label, ""] if r.kind in ("total", "subtotal") else [r.number, r.label]
    return [f"{r.number} {r.label}" if r.number else r.label]


def row_cells(table: Table, r: TRow) -> list[str]:
    return _label(table, r) + [show(c) for c in r.cells]


def render(doc: HDoc) -> tuple[str, dict[str, int]]:
    """OCR text (tab-separated rows) and the line of each row, keyed ``t<table>:r<row>``."""
    lines = [doc.title, ""]
    where: dict[str, int] = {}
    for t, table in enumerate(doc.tables):
        lines += [f"ตารางที่ {t + 1} {table.title}", ""]
        if table.unit_line:
            lines += [table.unit_line]
        lines += table.header
        for k, r in enumerate(table.rows):
            lines.append("\t".join(row_cells(table, r)))
            where[f"t{t}:r{k}"] = len(lines)
        lines += ["", "หมายเหตุ : ข้อมูลจากระบบรายงานผลของหน่วยงาน", ""]
    return "\n".join(lines) + "\n", where


def render_html(doc: HDoc) -> str:
    """The same tables as an HTML page (for PDF producers: Chromium, LibreOffice, WeasyPrint)."""
    out = ['<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>'
           "body{font-family:'TH Sarabun New','Garuda',sans-serif;font-size:14pt}"
           "table{border-collapse:collapse}td,th{border:1px solid #000;padding:2px 6px}"
           "td.n{text-align:right}</style></head><body>", f"<h3>{html.escape(doc.title)}</h3>"]
    for t, table in enumerate(doc.tables):
        out.append(f"<p>ตารางที่ {t + 1} {html.escape(table.title)}</p>")
        if table.unit_line:
            out.append(f'<p style="text-align:right">{html.escape(table.unit_line)}</p>')
        out.append("<table>")
        for h in table.header:
            out.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in h.split("\t")) + "</tr>")
        for r in table.rows:
            cells = row_cells(table, r)
            out.append("<tr>" + "".join(
                f'<td class="{"n" if j >= len(cells) - len(r.cells) else ""}">{html.escape(c)}</td>'
                for j, c in enumerate(cells)) + "</tr>")
        out.append("</table><p>หมายเหตุ : ข้อมูลจากระบบรายงานผลของหน่วยงาน</p>")
    out.append("</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# corruptions: one per table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What one corruption must raise: one finding at the corrupted row."""

    rule: str
    severity: str
    #: the table's title and the column's header
    table: str
    column: str
    #: key of :func:`render`'s line map (``t<table>:r<row>``)
    key: str
    #: the printed figure and the recomputed one, in the printed unit and precision
    reported: float
    expected: float


def contribution(table: Table, k: int, j: int) -> Decimal:
    """Row ``k``'s part of its parent in column ``j``, in base units (a heading row: its children)."""
    cell = table.rows[k].cells[j - 1] if table.rows[k].cells else None
    if isinstance(cell, Cell):
        return cell.base
    return sum((contribution(table, c, j) for c in table.children(k)), Decimal(0))


def children_sum(table: Table, k: int, j: int) -> Decimal:
    return sum((contribution(table, c, j) for c in table.children(k)), Decimal(0))


def _slip(rnd: random.Random, cell: Cell, n_parts: int) -> Decimal:
    """A change of the printed figure well outside every rounding interval (1-9 in one digit)."""
    unit = Decimal(1).scaleb(-cell.decimals)
    least = max(unit * (n_parts + 2), abs(cell.value) * Decimal("0.01"))
    digit = max(0, len(str(int(least / unit))) - 1)
    d = unit * Decimal(10) ** digit * rnd.randint(1, 9)
    while d < least:
        d *= 10
    return cell.value - d if cell.value - d > 0 and rnd.random() < 0.5 else cell.value + d


def _rederive(table: Table, k: int) -> None:
    """Recompute the same row's percentage from its (changed) figures, so only the sum breaks."""
    r = table.rows[k]
    for j, col in enumerate(table.cols[1:], 1):
        if col.kind == "pct" and isinstance(r.cells[j - 1], Cell):
            a, b = (r.cells[i - 1] for i in col.of)
            assert isinstance(a, Cell) and isinstance(b, Cell)
            r.cells[j - 1] = Cell(q(100 * a.base / b.base, col.decimals), col.decimals)


def corrupt_table(table: Table, t: int, rnd: random.Random) -> Expected:
    """Change one figure of a sum (or mean) row and say what must be found."""
    if table.family == "survey":
        k = table.total_index()
        cell = table.rows[k].cells[0]
        assert isinstance(cell, Cell)
        means = [c.cells[0].value for c in table.rows if c.kind == "leaf" and isinstance(c.cells[0], Cell)]
        exact = q(sum(means, Decimal(0)) / len(means), 2)
        cell.value = exact + Decimal(rnd.choice((-1, 1)) * rnd.randint(20, 60)) / 100
        table.rows[k].cells[2] = level_word(cell.value)
        # ค่าเฉลี่ยรวมเทียบค่าเฉลี่ยของแต่ละด้าน: จำนวนผู้ตอบแต่ละด้านอาจไม่เท่ากัน จึงเป็นเพียงคำเตือน
        return Expected("count-total", "warning", table.title, table.cols[1].name, f"t{t}:r{k}",
                        float(cell.value), float(exact))
    targets = [k for k, r in enumerate(table.rows) if r.kind in ("group", "subtotal", "total")]
    if table.family == "wards":
        j = 2  # จำนวนครั้งที่ให้บริการ: no other column derives from it
    elif table.family == "score":
        j = 3
    elif table.family == "targets":
        j = rnd.choice([c for c in range(2, len(table.cols))
                        if any(isinstance(table.rows[k].cells[c - 1], Cell)
                               and not table.rows[k].cells[c - 1].dash for k in targets)])  # type: ignore[union-attr]
        targets = [k for k in targets if not table.rows[k].cells[j - 1].dash]  # type: ignore[union-attr]
    else:
        j = rnd.choice([c for c, col in enumerate(table.cols) if col.kind == "sum"])
    k = rnd.choice([k for k in targets if isinstance(table.rows[k].cells[j - 1], Cell)])
    cell = table.rows[k].cells[j - 1]
    assert isinstance(cell, Cell)
    expect = children_sum(table, k, j) / cell.scale
    cell.value = _slip(rnd, cell, len(table.children(k)))
    _rederive(table, k)
    return Expected("count-total", "error", table.title, table.cols[j].name, f"t{t}:r{k}",
                    float(cell.value), float(q(expect, cell.decimals)))


#: the interpolation note of report_gen's forms ("+/- 5 ต่อ 1 ระดับคะแนน")
INTERPOLATION_NOTE = re.compile(r"ช่วงการปรับเกณฑ์การให้คะแนน \+/- [0-9]+ ต่อ 1 ระดับคะแนน")
#: the same method as other form families state it, once, in words (เทียบเกณฑ์แบบเส้นตรง = linear)
METHOD_LINE = ("วิธีการคำนวณ : กรณีผลการดำเนินงานอยู่ระหว่างค่าเป้าหมายของระดับคะแนนใด"
               " ให้คำนวณคะแนนที่ได้โดยเทียบเกณฑ์แบบเส้นตรง")


def method_stated_in_words(report_text: str) -> str:
    """A ``report_gen`` report whose linear scoring is stated by :data:`METHOD_LINE` instead of the
    "+/- x ต่อ 1 ระดับคะแนน" note: the same figures, still consistent."""
    return INTERPOLATION_NOTE.sub(METHOD_LINE, report_text)


def corrupt(doc: HDoc, seed: int) -> tuple[HDoc, list[Expected]]:
    """A copy of ``doc`` with one figure changed in every table, and the finding each must raise."""
    bad = copy.deepcopy(doc)
    rnd = random.Random(seed * 7919 + 1)
    return bad, [corrupt_table(table, t, rnd) for t, table in enumerate(bad.tables)]
