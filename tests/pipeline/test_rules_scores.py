"""Tests of the score rules (pipeline/rules: weights, criteria, parts, cross_source), with the seed
report's figures as cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from extractors.records import (
    CountTable,
    Criteria,
    Document,
    Figure,
    Indicator,
    Provenance,
    SectionSource,
    SubScore,
    SubScoreGroup,
    TableRow,
    Total,
)
from pipeline.findings import RULES, Finding
from pipeline.outputs import recompute
from pipeline.rules import criteria, cross_source, weights
from pipeline.rules import parts as part_rules
from pipeline.rules.registry import Check, registered, temporary_rule
from pipeline.scoring import run_checks

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PATH = "bangrak_fy2564_ocr.txt"


def F(raw: str) -> Figure:
    """A printed figure: "80.000" -> Figure(80.0, 3, "80.000"); Thai digits and commas allowed."""
    text = raw.translate(THAI_DIGITS).replace(",", "")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Figure(float(text), decimals, raw)


def P(line: int | None, raw: str = "") -> Provenance:
    return Provenance(PATH, None, line, raw or f"<line {line}>")


def row(
    source: SectionSource,
    ind: str,
    line: int,
    *,
    w: str | None = None,
    r: str | None = None,
    lv: int | None = None,
    s: str | None = None,
    ws: str | None = None,
    group: bool = False,
) -> Indicator:
    return Indicator(
        source=source,
        indicator=ind,
        component=int(ind.split(".")[0]),
        prov=P(line),
        weight=F(w) if w else None,
        result=F(r) if r else None,
        level=lv,
        score=F(s) if s else None,
        weighted_score=F(ws) if ws else None,
        is_group=group,
    )


def doc(**kw: object) -> Document:
    return Document("d0", PATH, "ocr-text", **kw)  # type: ignore[arg-type]


def levels100() -> dict[int, float]:
    return {n: 50.0 + 10 * n for n in range(1, 6)}


def thresholds(*raws: str) -> dict[int, Figure]:
    return {n: F(t) for n, t in enumerate(raws, start=1)}


def crit(
    ind: str,
    source: SectionSource,
    line: int,
    *ts: str,
    interp: float | None = None,
    floor: bool = False,
    groups: dict[str, tuple[str, ...]] | None = None,
    group: str | None = None,
    scores: dict[int, float] | None = None,
) -> Criteria:
    return Criteria(
        indicator=ind,
        source=source,
        prov=P(line),
        level_scores=levels100() if scores is None else scores,
        thresholds=thresholds(*ts) if ts else {},
        group_thresholds={g: thresholds(*v) for g, v in (groups or {}).items()},
        group=group,
        interpolation=interp,
        floor_at_level1=floor,
    )


def run(check: Check, d: Document) -> list[tuple[str, str, object, object, int | None, str | None]]:
    return [(f.rule, f.severity, f.reported, f.expected, f.line, f.indicator) for f in check(d)]


# ----------------------------------------------------------------------------------------------
# The seed report (bangrak_fy2564_ocr.txt) as extraction should hand it on
# ----------------------------------------------------------------------------------------------


def seed_summary() -> list[Indicator]:
    """Summary table, lines 385-394."""
    return [
        row("summary", "2.1", 385, w="10", r="100.000", s="100.000", ws="10.000"),
        row("summary", "2.2", 386, w="10", r="80.000", s="80.000", ws="8.000"),
        row("summary", "3.1", 387, w="15", r="100.000", s="100.000", ws="15.000"),
        row("summary", "3.2", 388, w="15", r="100.000", s="100.000", ws="15.000"),
        row("summary", "3.3", 389, group=True),
        row("summary", "3.3.1", 390, w="10", r="100.000", s="100.000", ws="10.000"),
        row("summary", "3.3.2", 391, w="10", r="100.000", s="100.000", ws="10.000"),
        row("summary", "4.1", 392, w="10", r="91.929", s="91.929", ws="9.193"),
        row("summary", "5.1", 393, w="10", r="95.592", s="90.561", ws="9.056"),
        row("summary", "5.2", 394, w="10", r="100.000", s="100.000", ws="10.000"),
    ]


def seed_audit() -> list[Indicator]:
    return [
        row("audit", "2.1", 407, w="10", r="88.314", lv=5, s="100.000", ws="10.000"),
        row("audit", "2.2", 408, w="10", r="80.500", s="80.000", ws="8.000"),
        row("audit", "3.2", 446, w="15", lv=5, s="100.000", ws="15.000"),
        row("audit", "3.1", 447, w="15", r="102.780", s="100.000", ws="15.000"),
        row("audit", "3.3", 448, w="20", lv=5, s="100.000", ws="20.000"),
        row("audit", "4.1", 535, w="10", r="91.929", s="91.929", ws="9.193"),
        row("audit", "5.1", 594, w="10", r="95.592", s="90.561", ws="9.056"),
        row("audit", "5.2", 611, w="10", r="100", s="100", ws="10"),
    ]


def seed_self_report() -> list[Indicator]:
    return [
        row("self_report", "2.1", 26, w="10", lv=5, s="100"),
        row("self_report", "2.2", 27, w="10", lv=5, s="100"),
        row("self_report", "3.1", 105, w="15", lv=5, s="100"),
        row("self_report", "3.2", 106, w="15", lv=3, s="80"),
        row("self_report", "3.3", 107, w="20", lv=1, s="60"),
        row("self_report", "4.1", 236, w="10", lv=5, s="100"),
        row("self_report", "5.1", 314, w="10", lv=1, s="60"),
        row("self_report", "5.2", 342, w="10", lv=5, s="100"),
    ]


def seed_criteria() -> list[Criteria]:
    return [
        crit("4.1", "self_report", 232, "60", "70", "80", "90", "100", interp=10, floor=True),
        crit(
            "5.1",
            "self_report",
            306,
            interp=10,
            floor=True,
            group="D",
            groups={
                "A": ("80", "85", "90", "95", "100"),
                "B": ("65", "70", "75", "80", "85"),
                "C": ("55", "60", "65", "70", "75"),
                "D": ("80", "85", "90", "95", "100"),
            },
        ),
        crit("5.2", "self_report", 338, "60", "70", "80", "90", "100", interp=10, floor=True),
        crit("4.1", "summary", 392, "60", "70", "80", "90", "100"),
        crit("5.1", "summary", 393, "80", "85", "90", "95", "100"),
        crit("5.2", "summary", 394, "60", "70", "80", "90", "100"),
    ]


def seed_totals() -> list[Total]:
    return [
        Total("summary", "component", 2, P(385), reported=F("18.000")),
        Total("summary", "component", 3, P(387), reported=F("50.000")),
        Total("summary", "component", 4, P(392), reported=F("9.193")),
        Total("summary", "overall", None, P(395), reported=F("96.249")),
        Total("audit", "component", 2, P(409), weight=F("20"), reported=F("18.000")),
        Total("audit", "component", 3, P(449), weight=F("50"), reported=F("50.000")),
        Total("self_report", "component", 2, P(28), weight=F("20")),
        Total("self_report", "component", 3, P(108), weight=F("50")),
    ]


def seed_subscores() -> list[SubScoreGroup]:
    def part(label: str, maximum: str, score: str | None, line: int) -> SubScore:
        return SubScore(label, F(score) if score else None, P(line), maximum=F(maximum))

    audit_21 = SubScoreGroup(
        "audit",
        "2.1",
        [part("ภารกิจเฉพาะหน่วยงาน", "60", "60", 411), part("ภารกิจภาพรวม", "40", "28.31", 411)],
        P(411),
        total=F("88.314"),
    )
    audit_22 = SubScoreGroup(
        "audit",
        "2.2",
        [
            part("1) คัดแยกมูลฝอยได้ตามเป้าหมาย", "10", "10", 412),
            part("2) จัดการมูลฝอยและของเสียอันตราย", "10", "10", 412),
            part("3) ส่งเสริมคัดแยกมูลฝอยรีไซเคิล", "20", "20", 412),
            part("4) ส่งเสริมคัดแยกมูลฝอยอันตราย", "25", "25", 412),
            part("5) กระตุ้นติดตามเป้าหมาย CBM", "15", "15.50", 412),
            part("6) ประกวด Zero Waste", "20", "0", 412),
        ],
        P(412),
        total=F("80.500"),
        unit="ร้อยละ",
    )
    innovation = SubScoreGroup(
        "audit",
        "4.1",
        [
            part("1. การค้นหาแนวคิด", "10", "10", 543),
            part("2. การคัดเลือกแนวคิด", "10", "10", 544),
            part("คณะกรรมการนวัตกรรมฯ พิจารณากลั่นกรอง", "30", "21.929", 547),
            part("1. ผลผลิตนวัตกรรม 1 ชิ้น", "30", "10", 551),
            part("2. ระยะเวลาการนำนวัตกรรมไปใช้ประโยชน์", "10", None, 552),
            part("3. รายงานผลการสำรวจ", "10", "10", 553),
        ],
        P(541),
        total=F("91.929"),
        total_prov=P(554, "คะแนนรวม\t100\t91.929"),
        maximum=F("100"),
    )
    return [audit_21, audit_22, innovation]


def appeals_table(total: str = "๗๒") -> CountTable:
    """Table 2 of the appeals report (lines 929-935), รับอุทธรณ์ and ยกอุทธรณ์ in Thai digits."""
    body = [("๑๒", "๔"), ("๑๒", "๒"), ("๑๐", "๓"), ("๓", "๑"), ("๓๖", "๖"), ("๑", "-")]
    rows = [
        TableRow(
            f"องค์ประกอบที่ {i}",
            [f"{a} ตัวชี้วัด", "-" if b == "-" else f"{b} ตัวชี้วัด"],
            [F(a), None if b == "-" else F(b)],
            P(929 + i),
        )
        for i, (a, b) in enumerate(body)
    ]
    tot = TableRow("รวม", [f"{total} ตัวชี้วัด", "๑๖ ตัวชี้วัด"], [F(total), F("๑๖")], P(935, f"รวม\t{total} ตัวชี้วัด"))
    return CountTable(
        "ตารางที่ ๒ สรุปผลการพิจารณาคำขออุทธรณ์", ["องค์ประกอบ", "รับอุทธรณ์", "ยกอุทธรณ์"], rows, tot, P(925)
    )


def seed_doc() -> Document:
    return doc(
        indicators=seed_self_report() + seed_summary() + seed_audit(),
        criteria=seed_criteria(),
        totals=seed_totals(),
        subscores=seed_subscores(),
        tables=[appeals_table()],
    )


# ----------------------------------------------------------------------------------------------
# The seed as a whole
# ----------------------------------------------------------------------------------------------


def test_seed_findings_are_exactly_the_known_inconsistencies() -> None:
    found = [
        (f.rule, f.severity, f.reported, f.expected, f.line, f.indicator) for f in run_checks(seed_doc())
    ]
    cross = {str(f[5]): f for f in found if f[0] == "cross-source"}
    assert [f for f in found if f[0] != "cross-source"] == [
        ("criteria-score", "error", 90.561, 91.184, 393, "5.1"),
        ("subscore-max", "error", 15.5, 15.0, 412, "2.2"),
        ("subscore-sum", "warning", 91.929, 61.929, 554, "4.1"),
        ("criteria-score", "error", 90.561, 91.184, 594, "5.1"),
        ("count-total", "error", 72.0, 74.0, 935, None),
    ]
    assert sorted(cross) == ["2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "5.1"]
    assert cross["2.2"] == (
        "cross-source",
        "warning",
        "self_report: ระดับ 5, คะแนน 100; audit: ผล 80.500, คะแนน 80.000; summary: ผล 80.000, คะแนน 80.000",
        None,
        408,
        "2.2",
    )
    assert cross["5.1"][2] == "self_report: ระดับ 1, คะแนน 60; audit: คะแนน 90.561; summary: คะแนน 90.561"
    assert cross["5.1"][4] == 594
    assert cross["3.3"][2] == (
        "self_report: ระดับ 1, คะแนน 60; audit: ระดับ 5, คะแนน 100.000; summary (3.3.1+3.3.2): คะแนน 100.000"
    )
    assert cross["2.1"][2] == "audit: ผล 88.314; summary: ผล 100.000"


def test_seed_summary_table_is_consistent() -> None:
    """Lines 385-395: weighted scores, component totals, overall 96.249 and weights all agree."""
    d = doc(indicators=seed_summary(), totals=[t for t in seed_totals() if t.source == "summary"])
    assert list(run_checks(d)) == []


def test_every_catalogue_rule_is_registered_once_in_catalogue_order() -> None:
    assert [rule_id for rule_id, _ in registered()] == list(RULES)
    assert registered()[:3] == [
        ("weighted-score", weights.weighted_score),
        ("component-total", weights.component_total),
        ("overall-total", weights.overall_total),
    ]


# ----------------------------------------------------------------------------------------------
# weighted-score
# ----------------------------------------------------------------------------------------------


def test_weighted_score_consistent_at_printed_precision() -> None:
    d = doc(indicators=[row("summary", "5.1", 393, w="10", s="90.561", ws="9.056")])
    assert run(weights.weighted_score, d) == []


def test_weighted_score_mismatch() -> None:
    d = doc(indicators=[row("audit", "4.1", 535, w="10", s="91.929", ws="9.293")])
    assert run(weights.weighted_score, d) == [("weighted-score", "error", 9.293, 9.193, 535, "4.1")]
    (f,) = weights.weighted_score(d)
    assert "9.293" in f.message and "91.929" in f.message and "9.193" in f.message


def test_weighted_score_points5_scheme() -> None:
    ok = row("summary", "1.1", 10, w="20", s="4.2500", ws="0.8500")
    bad = row("summary", "1.2", 11, w="20", s="4.2500", ws="0.8600")
    d = doc(scheme="points-5", indicators=[ok, bad])
    assert run(weights.weighted_score, d) == [("weighted-score", "error", 0.86, 0.85, 11, "1.2")]


def test_weighted_score_decimal_weight_is_a_rounded_third() -> None:
    d = doc(indicators=[row("summary", "1.1", 10, w="33.33", s="90.000", ws="30.000")])
    assert run(weights.weighted_score, d) == []


# ----------------------------------------------------------------------------------------------
# component-total, overall-total, weight-total
# ----------------------------------------------------------------------------------------------


def test_component_total_children_not_group_row() -> None:
    rows = [
        row("summary", "3.1", 387, w="15", ws="15.000"),
        row("summary", "3.2", 388, w="15", ws="15.000"),
        row("summary", "3.3", 389, w="20", ws="20.000", group=True),
        row("summary", "3.3.1", 390, w="10", ws="10.000"),
        row("summary", "3.3.2", 391, w="10", ws="10.000"),
    ]
    ok = doc(indicators=rows, totals=[Total("summary", "component", 3, P(387), reported=F("50.000"))])
    assert run(weights.component_total, ok) == []
    bad = doc(indicators=rows, totals=[Total("summary", "component", 3, P(387), reported=F("70.000"))])
    assert run(weights.component_total, bad) == [("component-total", "error", 70.0, 50.0, 387, None)]


def test_component_total_rounded_parts() -> None:
    """13,942.592 + 3,015.865 = 16,958.457, not 16,758.457 (CONTRACT's example)."""
    rows = [
        row("summary", "1.1", 1, ws="13,942.592"),
        row("summary", "1.2", 2, ws="3,015.865"),
    ]
    d = doc(indicators=rows, totals=[Total("summary", "component", 1, P(3), reported=F("16,758.457"))])
    assert run(weights.component_total, d) == [("component-total", "error", 16758.457, 16958.457, 3, None)]


def test_component_total_missing_weighted_score_is_info() -> None:
    rows = [row("summary", "2.1", 385, ws="10.000"), row("summary", "2.2", 386)]
    d = doc(indicators=rows, totals=[Total("summary", "component", 2, P(385), reported=F("18.000"))])
    assert run(weights.component_total, d) == [("component-total", "info", 18.0, None, 385, None)]


def test_overall_total_uses_printed_component_totals_else_sums() -> None:
    rows = seed_summary()
    totals = [t for t in seed_totals() if t.source == "summary" and t.scope == "component"]
    assert (
        run(
            weights.overall_total,
            doc(
                indicators=rows,
                totals=[*totals, Total("summary", "overall", None, P(395), reported=F("96.249"))],
            ),
        )
        == []
    )
    bad = doc(
        indicators=rows, totals=[*totals, Total("summary", "overall", None, P(395), reported=F("96.429"))]
    )
    assert run(weights.overall_total, bad) == [("overall-total", "error", 96.429, 96.249, 395, None)]


def test_overall_total_printed_component_total_wins_over_rows() -> None:
    """A wrong component total propagates: the overall is checked against what was printed."""
    rows = [row("audit", "2.1", 1, ws="10.000"), row("audit", "3.1", 2, ws="15.000")]
    totals = [
        Total("audit", "component", 2, P(3), reported=F("12.000")),
        Total("audit", "overall", None, P(4), reported=F("25.000")),
    ]
    assert run(weights.overall_total, doc(indicators=rows, totals=totals)) == [
        ("overall-total", "error", 25.0, 27.0, 4, None)
    ]


def test_weight_total_component_and_whole_form() -> None:
    d = doc(indicators=seed_self_report() + seed_audit(), totals=seed_totals())
    assert weights.complete_sources(d) == {"self_report", "audit"}
    assert run(weights.weight_total, d) == []
    bad_rows = [*seed_self_report()[:-1], row("self_report", "5.2", 342, w="15", lv=5, s="100")]
    bad = doc(indicators=bad_rows + seed_audit(), totals=seed_totals())
    assert run(weights.weight_total, bad) == [("weight-total", "error", None, 105.0, 342, None)]


def test_weight_total_whole_form_sits_on_the_component_total_that_is_off() -> None:
    """Regression: the audit section's weights-not-100 finding sat on the last audit row (611), which
    says nothing of the problem; it goes to the component total whose rows do not add up (3.3 w 25)."""
    audit = [row("audit", "3.3", 448, w="25", lv=5, s="100.000", ws="25.000") if r.indicator == "3.3" else r
             for r in seed_audit()]
    d = doc(indicators=seed_self_report() + audit, totals=seed_totals())
    found = list(weights.weight_total(d))
    assert [(f.reported, f.expected, f.line, f.message) for f in found] == [
        (50.0, 55.0, 449,
         "น้ำหนักรวมขององค์ประกอบที่ 3 (แบบสรุปผลการตรวจติดตามประเมินผล) ที่รายงาน 50"
         " ไม่เท่ากับผลรวมน้ำหนักของตัวชี้วัด 15 + 15 + 25 = 55"),
        (None, 105.0, 449,
         "น้ำหนักของตัวชี้วัดทั้งหมดในแบบสรุปผลการตรวจติดตามประเมินผล รวมได้ 105 ไม่เท่ากับร้อยละ 100"
         " (น้ำหนักรวมรายองค์ประกอบ 2: 20, 3: 55, 4: 10, 5: 20)"),
    ]


def test_weight_total_whole_form_without_a_total_that_is_off_keeps_the_last_row() -> None:
    """The self-report's component totals (2, 3) agree with their rows; 5.2 (w 15) is off and last."""
    bad_rows = [*seed_self_report()[:-1], row("self_report", "5.2", 342, w="15", lv=5, s="100")]
    found = list(weights.weight_total(doc(indicators=bad_rows + seed_audit(), totals=seed_totals())))
    assert [(f.line, f.message) for f in found] == [
        (342, "น้ำหนักของตัวชี้วัดทั้งหมดในแบบฟอร์มการรายงานผล รวมได้ 105 ไม่เท่ากับร้อยละ 100"
              " (น้ำหนักรวมรายองค์ประกอบ 2: 20, 3: 50, 4: 10, 5: 25)"),
    ]


def test_weight_total_component_weight_mismatch() -> None:
    rows = [row("self_report", "3.1", 105, w="15"), row("self_report", "3.2", 106, w="15")]
    d = doc(indicators=rows, totals=[Total("self_report", "component", 3, P(108), weight=F("50"))])
    assert run(weights.weight_total, d) == [("weight-total", "error", 50.0, 30.0, 108, None)]


def test_weight_total_partial_form_not_judged_against_100() -> None:
    """One component's section alone: its weights (20) are not expected to make 100."""
    d = doc(indicators=seed_self_report()[:2])
    assert weights.complete_sources(d) == set()
    assert run(weights.weight_total, d) == []


def test_weight_total_summary_with_overall_row_is_complete() -> None:
    rows = [r for r in seed_summary() if r.indicator != "5.2"]
    d = doc(indicators=rows, totals=[Total("summary", "overall", None, P(395), reported=F("86.249"))])
    assert run(weights.weight_total, d) == [("weight-total", "error", None, 90.0, 395, None)]


def test_weight_total_reports_the_printed_form_weight() -> None:
    """Regression: the all-weights finding reported the constant 100 as the printed weight. It reports
    the weight the overall total row prints (here 100, the sum 90) and None when it prints none."""
    rows = [r for r in seed_summary() if r.indicator != "5.2"]
    printed = Total("summary", "overall", None, P(395), weight=F("100"), reported=F("86.249"))
    assert run(weights.weight_total, doc(indicators=rows, totals=[printed])) == [
        ("weight-total", "error", 100.0, 90.0, 395, None)
    ]
    unprinted = Total("summary", "overall", None, P(395), reported=F("86.249"))
    assert run(weights.weight_total, doc(indicators=rows, totals=[unprinted])) == [
        ("weight-total", "error", None, 90.0, 395, None)
    ]
    # a printed form weight of 90 is what the rows add up to: nothing to report
    ninety = Total("summary", "overall", None, P(395), weight=F("90"), reported=F("86.249"))
    assert run(weights.weight_total, doc(indicators=rows, totals=[ninety])) == []


# ----------------------------------------------------------------------------------------------
# level-score
# ----------------------------------------------------------------------------------------------


def test_level_score_scheme_defaults() -> None:
    assert run(criteria.level_score, doc(indicators=seed_self_report())) == []
    # no criteria printed and no method stated: the scheme's default, but only a warning
    bad = doc(indicators=[row("self_report", "3.2", 106, lv=3, s="90")])
    assert run(criteria.level_score, bad) == [("level-score", "warning", 90.0, 80.0, 106, "3.2")]
    stated = doc(indicators=[row("self_report", "3.2", 106, lv=3, s="90")], scoring_method="step")
    assert run(criteria.level_score, stated) == [("level-score", "error", 90.0, 80.0, 106, "3.2")]
    p5 = doc(
        scheme="points-5", level_scores={n: float(n) for n in range(1, 6)},
        indicators=[row("summary", "1.1", 7, lv=4, s="4.0000"), row("summary", "1.2", 8, lv=4, s="3.0000")],
    )
    assert run(criteria.level_score, p5) == [("level-score", "error", 3.0, 4.0, 8, "1.2")]


def test_level_score_from_criteria_header() -> None:
    scores = {1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0}
    c = crit("1.1", "self_report", 5, scores=scores)
    ok = doc(indicators=[row("self_report", "1.1", 9, lv=3, s="50")], criteria=[c])
    assert run(criteria.level_score, ok) == []
    bad = doc(indicators=[row("self_report", "1.1", 9, lv=3, s="80")], criteria=[c])
    assert run(criteria.level_score, bad) == [("level-score", "error", 80.0, 50.0, 9, "1.1")]


def test_level_score_interpolating_criteria_allow_scores_up_to_next_level() -> None:
    c = crit("4.1", "self_report", 232, "60", "70", "80", "90", "100", interp=10)
    d = doc(indicators=[row("audit", "4.1", 535, r="91.929", lv=4, s="91.929")], criteria=[c])
    assert run(criteria.level_score, d) == []


def test_level_score_with_criteria_only_from_the_summary_accepts_an_interpolated_score() -> None:
    # regression (summary and audit forms without the self-reports, generated reports): "ร้อยละ 89.933
    # (ระดับ 4)" scored 99.933 is linear between the summary's targets 50-90, but with no scoring notes
    # seen it was judged step (level 4 = 90) and made an error; criteria-score already accepts it
    c = crit("3.1", "summary", 10, "50", "60", "70", "80", "90")
    d = doc(indicators=[row("audit", "3.1", 40, r="89.933", lv=4, s="99.933")], criteria=[c])
    assert run(criteria.level_score, d) == []
    # ... but a score below its own level's is still wrong whatever the method
    low = doc(indicators=[row("audit", "3.1", 40, r="89.933", lv=4, s="85.000")], criteria=[c])
    assert run(criteria.level_score, low) == [("level-score", "error", 85.0, 90.0, 40, "3.1")]


# ----------------------------------------------------------------------------------------------
# criteria-score
# ----------------------------------------------------------------------------------------------


def test_criteria_score_seed_5_1_names_the_proportional_rule() -> None:
    d = doc(
        indicators=[row("summary", "5.1", 393, r="95.592", s="90.561", ws="9.056")], criteria=seed_criteria()
    )
    (f,) = criteria.criteria_score(d)
    assert (f.rule, f.severity, f.reported, f.expected, f.line) == (
        "criteria-score",
        "error",
        90.561,
        91.184,
        393,
    )
    assert criteria.SCORING_RULES["proportional"] in f.message
    assert criteria.SCORING_RULES["linear"] in f.message  # the criteria's own rule
    assert "80/85/90/95/100" in f.message and "95.592" in f.message


def test_criteria_score_group_row_from_group_thresholds() -> None:
    """Self-report criteria only (groups A-D, D checked): the audit row is scored on group D."""
    c = [c for c in seed_criteria() if c.indicator == "5.1" and c.source == "self_report"]
    d = doc(indicators=[row("audit", "5.1", 594, r="95.592", s="91.184")], criteria=c)
    assert run(criteria.criteria_score, d) == []
    d2 = doc(indicators=[row("audit", "5.1", 594, r="60.000", s="60.000")], criteria=c)
    assert run(criteria.criteria_score, d2) == []  # below level 1 (80): floor at level 1


def test_criteria_score_unknown_group_is_info() -> None:
    c = crit("5.1", "self_report", 306, interp=10, groups={"A": ("80", "85", "90", "95", "100")})
    d = doc(indicators=[row("audit", "5.1", 594, r="95.592", s="90.561")], criteria=[c])
    assert run(criteria.criteria_score, d) == [("criteria-score", "info", 90.561, None, 594, "5.1")]


def test_criteria_score_consistent_seed_rows() -> None:
    """4.1 (91.929 interpolated), 5.2 (100), above-top results capped at the top score."""
    rows = [
        row("summary", "4.1", 392, r="91.929", s="91.929"),
        row("summary", "5.2", 394, r="100.000", s="100.000"),
        row("audit", "5.2", 611, r="104.5", s="100"),
    ]
    assert run(criteria.criteria_score, doc(indicators=rows, criteria=seed_criteria())) == []


def test_criteria_score_step_rule() -> None:
    c = crit("2.2", "self_report", 16, "60", "70", "80", "90", "100")
    ok = doc(indicators=[row("audit", "2.2", 408, r="80.500", s="80.000")], criteria=[c])
    assert run(criteria.criteria_score, ok) == []
    bad = doc(indicators=[row("audit", "2.2", 408, r="80.500", s="80.500")], criteria=[c])
    (f,) = criteria.criteria_score(bad)
    assert (f.reported, f.expected, f.severity) == (80.5, 80.0, "error")
    assert criteria.SCORING_RULES["linear"] in f.message.split(";")[1]


def test_criteria_score_summary_only_criteria_accept_step_or_linear() -> None:
    """The summary table never prints the scoring notes: the seed's 4.1 (91.929) is not flagged."""
    c = [c for c in seed_criteria() if c.source == "summary"]
    rows = [
        row("summary", "4.1", 392, r="91.929", s="91.929"),
        row("audit", "2.2", 408, r="80.500", s="80.000"),
    ]
    rows.append(row("summary", "5.2", 394, r="85.000", s="90.000"))
    c.append(crit("2.2", "summary", 386, "60", "70", "80", "90", "100"))
    (f,) = criteria.criteria_score(doc(indicators=rows, criteria=c))
    assert (f.reported, f.expected, f.line) == (90.0, 80.0, 394)
    assert "เกณฑ์ไม่ได้ระบุวิธีคิดคะแนน" in f.message


def test_criteria_score_step_rule_where_linear_was_printed_named_step() -> None:
    c = crit("2.2", "summary", 386, "60", "70", "80", "90", "100", interp=10)
    d = doc(indicators=[row("audit", "2.2", 408, r="80.500", s="80.000")], criteria=[c])
    (f,) = criteria.criteria_score(d)
    assert (f.reported, f.expected) == (80.0, 80.5)
    assert criteria.SCORING_RULES["step"] in f.message.split(";")[1]


def test_criteria_score_lower_is_better() -> None:
    """Days to finish: 30 days is level 1, 10 days level 5; 15 days interpolates to 90."""
    c = crit("1.1", "self_report", 5, "30", "25", "20", "15", "10", interp=10, floor=True)
    ok = doc(indicators=[row("audit", "1.1", 9, r="15", s="90")], criteria=[c])
    assert run(criteria.criteria_score, ok) == []
    mid = doc(indicators=[row("audit", "1.1", 9, r="17.5", s="85.0")], criteria=[c])
    assert run(criteria.criteria_score, mid) == []
    best = doc(indicators=[row("audit", "1.1", 9, r="8", s="100")], criteria=[c])
    assert run(criteria.criteria_score, best) == []
    bad = doc(indicators=[row("audit", "1.1", 9, r="40", s="50")], criteria=[c])
    assert run(criteria.criteria_score, bad) == [("criteria-score", "error", 50.0, 60.0, 9, "1.1")]


def test_criteria_score_no_rule_reproduces() -> None:
    c = crit("4.1", "self_report", 232, "60", "70", "80", "90", "100", interp=10, floor=True)
    d = doc(indicators=[row("audit", "4.1", 535, r="91.929", s="75.000")], criteria=[c])
    (f,) = criteria.criteria_score(d)
    assert (f.reported, f.expected) == (75.0, 91.929)
    assert "ไม่ตรงกับวิธีคิดคะแนนแบบใด" in f.message


def test_criteria_score_points5_scheme() -> None:
    scores = {n: float(n) for n in range(1, 6)}
    c = crit("1.1", "self_report", 5, "80", "85", "90", "95", "100", interp=1, scores=scores)
    ok = doc(scheme="points-5", indicators=[row("audit", "1.1", 9, r="92.5", s="3.5000")], criteria=[c])
    assert run(criteria.criteria_score, ok) == []
    bad = doc(scheme="points-5", indicators=[row("audit", "1.1", 9, r="92.5", s="3.0000")], criteria=[c])
    assert run(criteria.criteria_score, bad) == [("criteria-score", "error", 3.0, 3.5, 9, "1.1")]


def test_criteria_score_one_finding_per_indicator_and_source() -> None:
    rows = [
        row("audit", "5.1", 594, r="95.592", s="90.561"),
        row("audit", "5.1", 600, r="95.592", s="90.561"),
    ]
    assert len(list(criteria.criteria_score(doc(indicators=rows, criteria=seed_criteria())))) == 1


def test_criteria_score_without_numeric_criteria_or_result_yields_nothing() -> None:
    text_only = Criteria("2.1", "self_report", P(15), level_scores=levels100(), text_levels={1: "ร่วมประชุม"})
    rows = [
        row("audit", "2.1", 407, r="88.314", lv=5, s="100.000"),
        row("self_report", "5.1", 314, lv=1, s="60"),
    ]
    assert run(criteria.criteria_score, doc(indicators=rows, criteria=[text_only, *seed_criteria()])) == []


# ----------------------------------------------------------------------------------------------
# subscore-sum, subscore-max
# ----------------------------------------------------------------------------------------------


def test_subscore_sum_seed_2_1_agrees_at_printed_precision() -> None:
    """60 + 28.31 against 88.314 agrees (CONTRACT's example)."""
    d = doc(subscores=seed_subscores()[:1])
    assert run(part_rules.subscore_sum, d) == []


def test_subscore_sum_mismatch_is_error() -> None:
    g = SubScoreGroup(
        "audit",
        "2.1",
        [SubScore("a", F("60"), P(411)), SubScore("b", F("28.31"), P(411))],
        P(411),
        total=F("89.314"),
    )
    assert run(part_rules.subscore_sum, doc(subscores=[g])) == [
        ("subscore-sum", "error", 89.314, 88.31, 411, "2.1")
    ]


def test_subscore_sum_whole_points_are_not_rounding_slack() -> None:
    # regression: whole part scores each stood for ± 0.5, so 3 + 3 + 13 + 10 + 30 "agreed" with a
    # total of 60; whole points are exact, and only rounding could reconcile them: a warning
    def group(scores: list[str], total: str) -> SubScoreGroup:
        return SubScoreGroup("audit", "2.1", [SubScore(str(k), F(v), P(411)) for k, v in enumerate(scores)],
                             P(411), total=F(total))

    assert run(part_rules.subscore_sum, doc(subscores=[group(["3", "3", "13", "10", "30"], "60")])) == [
        ("subscore-sum", "warning", 60.0, 59.0, 411, "2.1")
    ]
    assert run(part_rules.subscore_sum, doc(subscores=[group(["3", "3", "14", "10", "30"], "60")])) == []
    # beside decimals a whole score dropped its trailing zeros: 10 + 19 + 15.50 is 44.50, not 44.5 ± 1
    assert run(part_rules.subscore_sum, doc(subscores=[group(["10", "19", "15.50"], "45.500")])) == [
        ("subscore-sum", "warning", 45.5, 44.5, 411, "2.1")
    ]
    assert run(part_rules.subscore_sum, doc(subscores=[group(["10", "20", "15.50"], "45.500")])) == []


def test_subscore_sum_missing_part_is_warning() -> None:
    (f,) = part_rules.subscore_sum(doc(subscores=seed_subscores()[2:]))
    assert (f.rule, f.severity, f.reported, f.expected, f.line) == (
        "subscore-sum",
        "warning",
        91.929,
        61.929,
        554,
    )
    assert "หายไป" in f.message and "ระยะเวลาการนำนวัตกรรม" in f.message


def test_subscore_max_seed_15_50_over_15() -> None:
    assert run(part_rules.subscore_max, doc(subscores=seed_subscores())) == [
        ("subscore-max", "error", 15.5, 15.0, 412, "2.2")
    ]


def test_subscore_max_equal_at_printed_precision_is_fine() -> None:
    g = SubScoreGroup("audit", "2.2", [SubScore("5)", F("15.00"), P(412), maximum=F("15"))], P(412))
    assert run(part_rules.subscore_max, doc(subscores=[g])) == []
    g2 = SubScoreGroup("audit", "2.2", [SubScore("5)", F("15.01"), P(412), maximum=F("15"))], P(412))
    assert run(part_rules.subscore_max, doc(subscores=[g2])) == [
        ("subscore-max", "error", 15.01, 15.0, 412, "2.2")
    ]


def test_subscore_max_breakdown_total_over_its_maximum() -> None:
    parts = [SubScore("ส่วนที่ 1", F("60"), P(543), maximum=F("60")), SubScore("ส่วนที่ 2", F("45"), P(547))]
    g = SubScoreGroup("audit", "4.1", parts, P(541), total=F("105"), total_prov=P(554), maximum=F("100"))
    assert run(part_rules.subscore_max, doc(subscores=[g])) == [
        ("subscore-max", "error", 105.0, 100.0, 554, "4.1")
    ]


# ----------------------------------------------------------------------------------------------
# count-total
# ----------------------------------------------------------------------------------------------


def test_count_total_seed_appeals_table_2() -> None:
    (f,) = part_rules.count_total(doc(tables=[appeals_table()]))
    assert (f.rule, f.severity, f.reported, f.expected, f.line) == ("count-total", "error", 72.0, 74.0, 935)
    assert "รับอุทธรณ์" in f.message and "12 + 12 + 10 + 3 + 36 + 1" in f.message
    assert f.excerpt == "รวม\t๗๒ ตัวชี้วัด"


def test_count_total_consistent_column_with_dashes() -> None:
    assert run(part_rules.count_total, doc(tables=[appeals_table("๗๔")])) == []


def test_count_total_unreadable_cell_is_info() -> None:
    t = appeals_table("๗๔")
    t.rows[0].values[1] = None
    t.rows[0].cells[1] = "สี่ ตัวชี้วัด"
    assert run(part_rules.count_total, doc(tables=[t])) == [("count-total", "info", 16.0, None, 935, None)]


# ----------------------------------------------------------------------------------------------
# cross-source
# ----------------------------------------------------------------------------------------------


def test_cross_source_agreement_at_printed_precision() -> None:
    rows = [
        row("self_report", "5.2", 342, w="10", lv=5, s="100"),
        row("audit", "5.2", 611, w="10", r="100", s="100", ws="10"),
        row("summary", "5.2", 394, w="10", r="100.000", s="100.000", ws="10.000"),
    ]
    assert run(cross_source.cross_source, doc(indicators=rows)) == []


def test_cross_source_group_against_children_aggregate() -> None:
    rows = [
        row("audit", "3.3", 448, w="20", lv=5, s="100.000", ws="20.000"),
        row("summary", "3.3", 389, group=True),
        row("summary", "3.3.1", 390, w="10", s="100.000", ws="10.000"),
        row("summary", "3.3.2", 391, w="10", s="90.000", ws="9.000"),
    ]
    assert run(cross_source.cross_source, doc(indicators=rows)) == [
        (
            "cross-source",
            "warning",
            "audit: ระดับ 5, คะแนน 100.000, คะแนนถ่วงน้ำหนัก 20.000;"
            " summary (3.3.1+3.3.2): คะแนน 95.000, คะแนนถ่วงน้ำหนัก 19.000",
            None,
            448,
            "3.3",
        )
    ]
    rows[3] = row("summary", "3.3.2", 391, w="10", s="100.000", ws="10.000")
    assert run(cross_source.cross_source, doc(indicators=rows)) == []


def test_cross_source_line_falls_back_to_summary_then_self_report() -> None:
    rows = [
        row("self_report", "2.2", 27, w="10", lv=5, s="100"),
        row("summary", "2.2", 386, w="10", s="80.000"),
    ]
    assert run(cross_source.cross_source, doc(indicators=rows)) == [
        ("cross-source", "warning", "self_report: ระดับ 5, คะแนน 100; summary: คะแนน 80.000", None, 386, "2.2")
    ]


def test_cross_source_weight_difference() -> None:
    rows = [row("self_report", "3.1", 105, w="15", s="100"), row("audit", "3.1", 447, w="10", s="100.000")]
    (f,) = cross_source.cross_source(doc(indicators=rows))
    assert f.reported == "self_report: น้ำหนัก 15; audit: น้ำหนัก 10"
    assert f.message.startswith("ตัวชี้วัด 3.1: น้ำหนัก ไม่ตรงกัน")
    assert "แบบฟอร์มการรายงานผล น้ำหนัก 15" in f.message


# ----------------------------------------------------------------------------------------------
# run_checks never raises
# ----------------------------------------------------------------------------------------------


def test_run_checks_survives_a_raising_rule() -> None:
    """A rule that raises yields one info finding (named by its registered id, whatever the
    function's name); the other rules still run."""

    def broken(doc: Document) -> Iterator[Finding]:
        raise ValueError("bad cell")
        yield  # pragma: no cover

    with temporary_rule("weighted-score", broken):
        found = list(run_checks(doc(tables=[appeals_table()])))
    assert [(f.rule, f.severity, f.reported, f.expected, f.line) for f in found] == [
        ("count-total", "error", 72.0, 74.0, 935),
        ("weighted-score", "info", None, None, None),
    ]
    assert found[1].message == "ตรวจ weighted-score ไม่สำเร็จเพราะข้อมูลที่อ่านได้ไม่สมบูรณ์ (ValueError: bad cell)"
    assert dict(registered())["weighted-score"] is weights.weighted_score


def test_check_scores_on_degenerate_records() -> None:
    """Zero weights, empty thresholds, a lone level: nothing raises."""
    rows = [
        row("summary", "1.1", 1, w="0", r="5", s="0", ws="0"),
        row("summary", "1", 2, group=True),
        row("audit", "1", 3, w="0", s="0", ws="0"),
    ]
    crits = [crit("1.1", "summary", 1, "0", scores={1: 60.0}), crit("1", "summary", 2, scores={})]
    d = doc(
        indicators=rows, criteria=crits, totals=[Total("summary", "overall", None, P(4), reported=F("0"))]
    )
    assert [f.rule for f in run_checks(d)] == ["criteria-score", "weight-total", "weight-total"]


# ----------------------------------------------------------------------------------------------
# The rule catalogue: every score rule has a consistent case and an inconsistent one
# ----------------------------------------------------------------------------------------------

Case = tuple[Document, Document, tuple[str, str, object, object, int | None, str | None]]


def _catalogue_cases() -> dict[str, Case]:
    """rule -> (a consistent document, the same with one figure wrong, the finding it must raise)."""
    c41 = crit("4.1", "self_report", 232, "60", "70", "80", "90", "100", interp=10, floor=True)
    sub = seed_subscores()[0]
    over = SubScoreGroup("audit", "2.2", [SubScore("5)", F("15.50"), P(412), maximum=F("15"))], P(412))
    cross = [row("audit", "5.2", 611, r="100", s="100", ws="10")]
    w3 = [row("self_report", "3.1", 105, w="15"), row("self_report", "3.2", 106, w="15")]

    def totals(c2: str = "18.000", overall: str = "96.249") -> list[Total]:
        return [Total("summary", "component", 2, P(385), reported=F(c2)),
                Total("summary", "component", 3, P(387), reported=F("50.000")),
                Total("summary", "component", 4, P(392), reported=F("9.193")),
                Total("summary", "overall", None, P(395), reported=F(overall))]

    return {
        "weighted-score": (
            doc(indicators=[row("summary", "5.1", 393, w="10", s="90.561", ws="9.056")]),
            doc(indicators=[row("summary", "5.1", 393, w="10", s="90.561", ws="9.065")]),
            ("weighted-score", "error", 9.065, 9.056, 393, "5.1"),
        ),
        "component-total": (
            doc(indicators=seed_summary(), totals=totals()),
            doc(indicators=seed_summary(),
                totals=[totals()[0], Total("summary", "component", 3, P(387), reported=F("55.000"))]),
            ("component-total", "error", 55.0, 50.0, 387, None),
        ),
        "overall-total": (
            doc(indicators=seed_summary(), totals=totals()),
            doc(indicators=seed_summary(), totals=totals(overall="96.294")),
            ("overall-total", "error", 96.294, 96.249, 395, None),
        ),
        "weight-total": (
            doc(indicators=w3, totals=[Total("self_report", "component", 3, P(108), weight=F("30"))]),
            doc(indicators=w3, totals=[Total("self_report", "component", 3, P(108), weight=F("50"))]),
            ("weight-total", "error", 50.0, 30.0, 108, None),
        ),
        "level-score": (
            doc(indicators=[row("self_report", "3.2", 106, lv=3, s="80")]),
            doc(indicators=[row("self_report", "3.2", 106, lv=4, s="80")]),
            ("level-score", "error", 80.0, 90.0, 106, "3.2"),
        ),
        "criteria-score": (
            doc(indicators=[row("audit", "4.1", 535, r="91.929", s="91.929")], criteria=[c41]),
            doc(indicators=[row("audit", "4.1", 535, r="91.929", s="90.000")], criteria=[c41]),
            ("criteria-score", "error", 90.0, 91.929, 535, "4.1"),
        ),
        "subscore-sum": (
            doc(subscores=[sub]),
            doc(subscores=[SubScoreGroup(sub.source, sub.indicator, sub.parts, sub.prov, total=F("98.314"))]),
            ("subscore-sum", "error", 98.314, 88.31, 411, "2.1"),
        ),
        "subscore-max": (
            doc(subscores=[SubScoreGroup("audit", "2.2", [SubScore("5)", F("15.00"), P(412),
                                                                    maximum=F("15"))], P(412))]),
            doc(subscores=[over]),
            ("subscore-max", "error", 15.5, 15.0, 412, "2.2"),
        ),
        "count-total": (
            doc(tables=[appeals_table("๗๔")]),
            doc(tables=[appeals_table("๗๒")]),
            ("count-total", "error", 72.0, 74.0, 935, None),
        ),
        "cross-source": (
            doc(indicators=[*cross, row("summary", "5.2", 394, r="100.000", s="100.000", ws="10.000")]),
            doc(indicators=[*cross, row("summary", "5.2", 394, r="100.000", s="90.000", ws="9.000")]),
            ("cross-source", "warning", "audit: คะแนน 100, คะแนนถ่วงน้ำหนัก 10; summary: คะแนน 90.000,"
             " คะแนนถ่วงน้ำหนัก 9.000", None, 611, "5.2"),
        ),
    }


def test_catalogue_cases_cover_every_score_rule() -> None:
    score_rules = {r for r, check in registered() if check.__module__.split(".")[-1] in
                   ("weights", "criteria", "parts", "cross_source")}
    assert sorted(_catalogue_cases()) == sorted(score_rules)


@pytest.mark.parametrize("rule", sorted(_catalogue_cases()))
def test_catalogue_consistent_then_inconsistent(rule: str) -> None:
    """All score checks on each: the consistent document raises nothing, the other exactly one finding."""
    good, bad, finding = _catalogue_cases()[rule]
    assert run(run_checks, good) == []
    assert run(run_checks, bad) == [finding]


def test_expected_values_round_half_up_in_decimal() -> None:
    """Regression (found by the report generator, tests/pipeline/report_gen.py): expected values were
    rounded from binary floats, so an exact half went down (9.0005 → 9.000, 18.125 → 18.12)."""
    d = doc(indicators=[row("summary", "1.1", 1, w="10", s="90.005", ws="9.100")])
    assert run(weights.weighted_score, d) == [("weighted-score", "error", 9.1, 9.001, 1, "1.1")]
    rows = [row("summary", "1.1", 1, ws="10.125"), row("summary", "1.2", 2, ws="8.000")]
    d = doc(indicators=rows, totals=[Total("summary", "component", 1, P(3), reported=F("18.50"))])
    assert run(weights.component_total, d) == [("component-total", "error", 18.5, 18.13, 3, None)]
    d = doc(indicators=rows, totals=[Total("summary", "overall", None, P(4), reported=F("18.50"))])
    assert run(weights.overall_total, d) == [("overall-total", "error", 18.5, 18.13, 4, None)]


def test_totals_recomputed_comes_from_the_component_total_rule() -> None:
    """Regression: a group row (3.3 over 3.3.1, 3.3.2) not marked ``is_group`` was summed by
    ``totals.jsonl``'s recompute (20 for a printed 10) while component-total left it out (no
    finding). Both now use ``weights.component_parts``: recomputed 10, no finding."""
    rows = [row("summary", "3.3", 1, ws="10.000"), row("summary", "3.3.1", 2, ws="4.000"),
            row("summary", "3.3.2", 3, ws="6.000")]
    comp = Total("summary", "component", 3, P(4), reported=F("10.000"))
    overall = Total("summary", "overall", None, P(5), reported=F("10.000"))
    d = doc(indicators=rows, totals=[comp, overall])
    assert [r.indicator for r in weights.component_parts(d, "summary", 3).rows] == ["3.3.1", "3.3.2"]
    assert recompute(comp, d) == (10, "rows")
    assert run(weights.component_total, d) == []
    # the overall total without a printed component total sums the same rows
    d = doc(indicators=rows, totals=[overall])
    assert recompute(overall, d) == (10, "rows")
    assert run(weights.overall_total, d) == []
