"""Template-driven layout: the fiscal-2561 form (มิติที่, ประเภทหน่วยงาน) and regressions of layout.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractors.api import extract_text
from extractors.layout import choose_template
from extractors.ocr_text import merge_continuations, read_rows
from extractors.records import Document, Figure, SubScoreGroup
from extractors.templates import load_templates
from pipeline.rules.parts import subscore_max as check_subscore_max

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bma_2561_sample.txt"


def _v(f: Figure | None) -> float | None:
    return None if f is None else f.value


@pytest.fixture(scope="module")
def doc_2561() -> Document:
    return extract_text(FIXTURE.read_text(encoding="utf-8"), "d2561", "bma_2561_sample.txt")


def test_2561_document_fields(doc_2561: Document) -> None:
    d = doc_2561
    assert (d.agency, d.fiscal_year, d.template, d.scheme, d.agency_type, d.group, d.warnings) == (
        "สำนักงานเขตปทุมวัน", 2561, "bma-performance-agreement-2561", "points-100", "Line", None, []
    )


def test_2561_template_is_chosen_by_signature_not_only_year() -> None:
    rows = merge_continuations(read_rows(FIXTURE.read_text(encoding="utf-8")).rows)
    assert choose_template(rows).name == "bma-performance-agreement-2561"
    # the 2561 labels (มิติที่, ประเภทหน่วยงาน) win even when the year printed is a 2564-template year
    moved = [r for r in rows]
    for r in moved:
        r.cells = [c.replace("2561", "2564") for c in r.cells]
    assert choose_template(moved).name == "bma-performance-agreement-2561"
    assert [t.name for t in load_templates()] == [
        "bma-performance-agreement-2561", "bma-performance-agreement-2564",
        "department-self-assessment-points5",
    ]


def test_2561_indicators(doc_2561: Document) -> None:
    rows = [
        (i.source, i.indicator, i.component, i.prov.line, i.name, i.unit, _v(i.weight), i.result_text,
         _v(i.result), i.level, _v(i.score), _v(i.weighted_score), i.is_group)
        for i in doc_2561.indicators
    ]
    road, waste = "ร้อยละของถนนที่ได้รับการซ่อมแซม", "ระดับความสำเร็จของการจัดเก็บขยะชุมชน"
    assert rows == [
        ("self_report", "2.1", 2, 17, road, None, 15.0, "ร้อยละ 85.50", 85.5, None, 85.5, 12.825, False),
        ("self_report", "2.2", 2, 18, waste, None, 10.0, "ระดับ 4", None, 4, 90.0, 9.0, False),
        ("summary", "2.1", 2, 32, road, "ร้อยละ", 15.0, "85.500", 85.5, None, 85.5, 12.825, False),
        ("summary", "2.2", 2, 33, waste, "ระดับ", 10.0, None, None, None, 90.0, 9.0, False),
        # the audit form lists them the other way round: matched by name, not by row position
        ("audit", "2.2", 2, 42, waste, None, 10.0, "ระดับ 4", None, 4, 90.0, 9.0, False),
        ("audit", "2.1", 2, 43, road, None, 15.0, "ร้อยละ 85.500", 85.5, None, 85.5, 12.825, False),
    ]
    assert [i.weighted_score.raw for i in doc_2561.indicators if i.weighted_score] == [
        "12.825", "9.000", "12.825", "9.000", "9.000", "12.825"
    ]


def test_2561_totals(doc_2561: Document) -> None:
    totals = [(t.source, t.scope, t.component, t.prov.line, _v(t.weight), t.reported and t.reported.raw)
              for t in doc_2561.totals]
    assert totals == [
        ("summary", "overall", None, 34, None, "21.825"),
        ("summary", "component", 2, 32, None, "21.825"),
        ("self_report", "component", 2, 19, 25.0, "21.825"),
        ("audit", "component", 2, 44, 25.0, "21.825"),
    ]


def test_2561_criteria(doc_2561: Document) -> None:
    crit = [(c.indicator, c.source, c.prov.line, {k: f.value for k, f in c.thresholds.items()},
             c.level_scores, c.text_levels) for c in doc_2561.criteria]
    steps = {n: f"ขั้นตอนที่ {n}" for n in range(1, 6)}
    levels = {1: 60.0, 2: 70.0, 3: 80.0, 4: 90.0, 5: 100.0}
    assert crit == [
        ("2.1", "summary", 32, levels, {}, {}),
        ("2.1", "self_report", 11, levels, levels, {}),
        ("2.2", "self_report", 12, {}, levels, steps),
    ]


def test_2561_narrative(doc_2561: Document) -> None:
    items = [(n.source, n.component, n.indicator, n.kind, n.text, n.prov.line) for n in doc_2561.narrative]
    assert items == [
        ("self_report", 2, None, "support", "ได้รับความร่วมมือจากชุมชนในพื้นที่เป็นอย่างดี", 23),
        ("self_report", 2, None, "obstacle", "ฝนตกหนักในช่วงเดือนกันยายน 2561 ทำให้งานซ่อมถนนล่าช้า", 27),
        ("audit", 2, "2.2", "explanation",
         "ตัวชี้วัดที่ 1 : ระดับความสำเร็จของการจัดเก็บขยะชุมชน (เป้าหมายระดับ 5)", 46),
        ("audit", 2, "2.1", "explanation", "ตัวชี้วัดที่ 2 : ร้อยละของถนนที่ได้รับการซ่อมแซม", 46),
        ("audit", 2, None, "strength", "ชุมชนมีส่วนร่วมในการคัดแยกขยะ", 47),
        ("audit", 2, None, "recommendation", "ควรขยายผลการคัดแยกขยะไปยังชุมชนอื่น", 48),
    ]


def test_2561_quantities_and_dates(doc_2561: Document) -> None:
    assert [(q.kind, q.value, q.raw, q.prov.line) for q in doc_2561.quantities] == [
        ("percent", 85.5, "ร้อยละ 85.50", 17), ("percent", 85.5, "ร้อยละ 85.500", 43),
    ]
    assert [(d.raw, d.start.isoformat() if d.start else None, d.precision, d.prov.line)
            for d in doc_2561.dates] == [
        ("ปีงบประมาณ พ.ศ. 2561", "2017-10-01", "year", 3),
        ("กันยายน 2561", "2018-09-01", "month", 27),
        ("ปีงบประมาณ พ.ศ. 2561", "2017-10-01", "year", 29),
        ("ปีงบประมาณ พ.ศ. 2561", "2017-10-01", "year", 36),
    ]


# --- regressions found by rewriting the seed -----------------------------------------------------


def test_audit_reason_with_thai_digits_names_its_indicator() -> None:
    # regression: "ตัวชี้วัดที่ ๑ :" in an audit reason gave narrative indicator None (Arabic only)
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("ตัวชี้วัดที่ 1 :", "ตัวชี้วัดที่ ๑ :").replace("ระดับ 5)", "ระดับ ๕)")
    doc = extract_text(text, "d", "x.txt")
    assert [(n.indicator, n.text) for n in doc.narrative if n.kind == "explanation"] == [
        ("2.2", "ตัวชี้วัดที่ ๑ : ระดับความสำเร็จของการจัดเก็บขยะชุมชน (เป้าหมายระดับ ๕)"),
        ("2.1", "ตัวชี้วัดที่ 2 : ร้อยละของถนนที่ได้รับการซ่อมแซม"),
    ]


_REASON = (
    "<p>■ เหตุผลของคะแนน</p> <p>ตัวชี้วัดที่ 2 : ร้อยละของถนนที่ได้รับการซ่อมแซม</p> "
    "<p>1) ซ่อมถนนสายหลัก (ร้อยละ 60) ร้อยละ 55.50</p> <p>2) ซ่อมถนนในชุมชน (ร้อยละ 40) ร้อยละ 30</p> "
    "<p>คิดเป็นร้อยละ 85.50 หรือระดับ 4</p>"
)


def _doc_with_reason(reason: str) -> Document:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    at = next(k for k, line in enumerate(lines) if line.startswith("<p>■ เหตุผลของคะแนน"))
    lines[at] = reason
    return extract_text("\n".join(lines) + "\n", "d", "x.txt")


def _subscores(reason: str) -> list[tuple[Any, ...]]:
    doc = _doc_with_reason(reason)

    def one(g: SubScoreGroup) -> tuple[Any, ...]:
        return (g.source, g.indicator, g.unit, _v(g.total), _v(g.maximum), g.prov.line,
                [(p.label, _v(p.score), _v(p.maximum), p.unit) for p in g.parts])

    return [one(g) for g in doc.subscores]


def test_reason_subscores_in_percent() -> None:
    assert _subscores(_REASON) == [
        ("audit", "2.1", "ร้อยละ", 85.5, 100.0, 46,
         [("ซ่อมถนนสายหลัก", 55.5, 60.0, "ร้อยละ"), ("ซ่อมถนนในชุมชน", 30.0, 40.0, "ร้อยละ")]),
    ]


def test_reason_subscores_with_percent_sign() -> None:
    # regression: "(60%) 55.50%" and "คิดเป็น 85.50%" (ร้อยละ written as a % sign) gave no parts
    signs = (_REASON.replace("(ร้อยละ 60) ร้อยละ 55.50", "(60%) 55.50%")
             .replace("(ร้อยละ 40) ร้อยละ 30", "(40 %) 30 %")
             .replace("คิดเป็นร้อยละ 85.50", "คิดเป็น 85.50%"))
    assert signs != _REASON
    assert _subscores(signs) == _subscores(_REASON)


def test_reason_subscores_one_paragraph_a_line_as_a_pdf_gives_them() -> None:
    # regression: a PDF gives the reason cell's paragraphs as separate lines, one part score a line, so
    # no line had two parts and the audit's "(ร้อยละ 15) ร้อยละ 15.50" of the seed PDF was never seen;
    # the lines of one reason are read together, a new "ตัวชี้วัดที่" starts the next reason
    lines = [
        "■ เหตุผลของคะแนน",
        "ตัวชี้วัดที่ 1 : ระดับความสำเร็จของการจัดเก็บขยะชุมชน (เป้าหมายระดับ 5)",
        "1) คัดแยกขยะ (50 คะแนน) ผลงาน 45 คะแนน",
        "2) รายงานผล (50 คะแนน) ผลงาน 52 คะแนน",
        "คิดเป็นร้อยละ 97 หรือระดับ 5",
        "ตัวชี้วัดที่ 2 : ร้อยละของถนนที่ได้รับการซ่อมแซม",
        "1) ซ่อมถนนสายหลัก (ร้อยละ 60) ร้อยละ 55.50",
        "2) ซ่อมถนนในชุมชน (ร้อยละ 40) ร้อยละ 30",
        "คิดเป็นร้อยละ 85.50 หรือระดับ 4",
    ]
    assert _subscores("\n".join(lines)) == [
        ("audit", "2.2", "คะแนน", 97.0, 100.0, 47,
         [("คัดแยกขยะ", 45.0, 50.0, "คะแนน"), ("รายงานผล", 52.0, 50.0, "คะแนน")]),
        ("audit", "2.1", "ร้อยละ", 85.5, 100.0, 51,
         [("ซ่อมถนนสายหลัก", 55.5, 60.0, "ร้อยละ"), ("ซ่อมถนนในชุมชน", 30.0, 40.0, "ร้อยละ")]),
    ]
    # each part and the total keep the line they are printed on
    doc = _doc_with_reason("\n".join(lines))
    assert [([p.prov.line for p in g.parts], g.total_prov.line if g.total_prov else None)
            for g in doc.subscores] == [([48, 49], 50), ([52, 53], 54)]
    findings = [(f.rule, f.indicator, f.reported, f.expected, f.line) for f in check_subscore_max(doc)]
    assert findings == [("subscore-max", "2.2", 52.0, 50.0, 49)]


def test_subscore_table_in_parts_with_captions_is_one_breakdown() -> None:
    # regression: a part-score table split by captions ("ส่วนที่ 2 : ...", a lone "ตัวชี้วัด" row)
    # ended at the first caption: the later parts and the คะแนนรวม row were lost, so a wrong total
    # could not be seen
    table = "\n".join([
        "ส่วนที่ 1 : การค้นหาแนวคิด\t\t\t",
        "ขั้นตอนการดำเนินการ\tคะแนน\tคะแนนที่ได้\tหมายเหตุ",
        "1. การค้นหาแนวคิด\t10\t10\t",
        "ส่วนที่ 2 : การกลั่นกรอง\t\t\t",
        "ขั้นตอนการดำเนินการ\tคะแนน\tคะแนนที่ได้\tหมายเหตุ",
        "2. การกลั่นกรอง\t40\t31.5\t",
        "ตัวชี้วัด\t\t\t",
        "3. ผลผลิต\t50\t45\t",
        "คะแนนรวม\t100\t86.5\t",
        "■ หลักฐานอ้างอิง",
    ])
    assert _subscores(_REASON + "\n" + table)[1:] == [
        ("audit", None, "คะแนน", 86.5, 100.0, 48,
         [("1. การค้นหาแนวคิด", 10.0, 10.0, "คะแนน"), ("2. การกลั่นกรอง", 31.5, 40.0, "คะแนน"),
          ("3. ผลผลิต", 45.0, 50.0, "คะแนน")]),
    ]


def test_agency_is_the_name_after_its_label_not_another_agency_in_a_table() -> None:
    # regression (found by tests/pipeline/report_gen.py): the rows of an appeals table name the
    # agency in charge of each component and end in "๓ หน่วยงาน"; the bare label "หน่วยงาน" made
    # each row a vote for สำนักยุทธศาสตร์และประเมินผล, which outvoted the report's own agency
    lines = [
        "แบบฟอร์มการรายงาน", "ผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565",
        "หน่วยงาน : สำนักงานเขตพระโขนง\t\t\t\t\t",
        "รายงานสรุปผลการอุทธรณ์การปฏิบัติราชการของหน่วยงานสังกัดกรุงเทพมหานคร",
        "องค์ประกอบการประเมิน\tผลการพิจารณา\t\t",
        "\tรับอุทธรณ์\tยกอุทธรณ์\tถอนอุทธรณ์",
        *[f"องค์ประกอบที่ {n} รับผิดชอบโดย สำนักยุทธศาสตร์และประเมินผล\t{n} ตัวชี้วัด\t-\t๓ หน่วยงาน"
          for n in range(1, 6)],
        "รวม\t15 ตัวชี้วัด\t-\t๑๕ หน่วยงาน",
    ]
    doc = extract_text("\n".join(lines) + "\n", "d", "x.txt")
    assert (doc.agency, doc.fiscal_year) == ("สำนักงานเขตพระโขนง", 2565)


def test_second_component_of_a_self_report_form_stays_a_self_report() -> None:
    # regression: a component heading inside a self-report form (no repeated form title) closed the
    # form and opened the next one as an audit form, so its rows and total were read as audit figures
    lines = [
        "แบบฟอร์มการรายงาน",
        "ผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2564",
        "หน่วยงาน : สำนักงานเขตปทุมวัน",
        "องค์ประกอบที่ 1 : ประสิทธิภาพ",
        "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
        "1.\t15\tร้อยละ 85.50\t85.500\t12.825",
        "\t15\t\tคะแนนที่ได้\t12.825",
        "องค์ประกอบที่ 2 : คุณภาพ",
        "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
        "1.\t10\tระดับ 4\t90\t9.000",
        "\t10\t\tคะแนนที่ได้\t9.000",
    ]
    doc = extract_text("\n".join(lines) + "\n", "d", "x.txt")
    assert [(i.source, i.indicator, i.component, i.prov.line) for i in doc.indicators] == [
        ("self_report", "1.1", 1, 6), ("self_report", "2.1", 2, 10)]
    assert [(t.source, t.component, t.prov.line) for t in doc.totals] == [
        ("self_report", 1, 7), ("self_report", 2, 11)]


# --- a document with no report structure ---------------------------------------------------------

MEMO = (
    "บันทึกข้อความ\n"
    "เรื่อง ขอส่งผลการจัดเก็บขยะ\n"
    "จัดเก็บขยะได้ 12.5 ตัน ระหว่างวันที่ ๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔\n"
)


def test_no_report_structure_is_one_clear_warning() -> None:
    """No signature label, no indicator, no total: still data (quantities, dates), with one warning."""
    d = extract_text(MEMO, "memo", "memo.txt")
    assert (d.agency, d.fiscal_year, d.indicators, d.totals, d.warnings) == (
        None, None, [], [], [
            "fiscal year not found",
            "agency not found",
            "no performance-report structure recognised (no template matched): "
            "only quantities, dates and narrative were extracted",
        ])
    assert [(q.kind, q.value, q.raw, q.prov.line) for q in d.quantities] == [("mass", 12.5, "12.5 ตัน", 3)]
    assert [(x.start.isoformat(), x.end.isoformat(), x.prov.line) for x in d.dates if x.start and x.end] == [
        ("2021-02-15", "2021-02-25", 3)]


def test_a_recognised_form_without_rows_gets_no_structure_warning() -> None:
    """A cover page that carries a signature label is a report whose tables are elsewhere; a word any
    form family uses (คำรับรองการปฏิบัติราชการ) names no template (issue 10), a form-specific label does."""
    d = extract_text("คำรับรองการปฏิบัติราชการ\n" + MEMO, "cover", "cover.txt")
    assert (d.template, d.indicators, d.warnings) == (None, [], ["fiscal year not found", "agency not found"])
    d = extract_text("คำรับรองการปฏิบัติราชการ\nแบบฟอร์มการรายงาน\n" + MEMO, "cover", "cover.txt")
    assert (d.template, d.warnings) == (
        "bma-performance-agreement-2564", ["fiscal year not found", "agency not found"])
