"""Rules on figures and structures a scan leaves uncertain (issue 9): warnings or info, never errors.

- subscore-sum: the parts' maxima fall short of the breakdown's maximum (a part OCR did not read);
- area-conversion: a malformed printed figure ("2.222.52": a comma read as a point) is not checked;
- weighted-score / weight-total: a disagreement that one OCR-read figure's stray point explains.
"""

from __future__ import annotations

from extractors.records import (
    AreaStatement,
    Document,
    Figure,
    Indicator,
    Measure,
    Provenance,
    SubScore,
    SubScoreGroup,
    Total,
)
from pipeline.rules.areas import area_conversion
from pipeline.rules.misread import stray_point, without_point
from pipeline.rules.parts import subscore_sum
from pipeline.rules.weights import weight_total, weighted_score

P = Provenance("scan.pdf", 3, 10, "x")


def _f(raw: str, conf: float | None = None) -> Figure:
    value = float(raw)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return Figure(value, decimals, raw, confidence=conf)


def _doc(**kw: object) -> Document:
    return Document("d", "scan.pdf", "pdf-scanned", **kw)  # type: ignore[arg-type]


def test_subscore_sum_with_a_part_lost_is_a_warning_that_says_so() -> None:
    # "1) ภารกิจเฉพาะหน่วยงาน (60 คะแนน) ผลงาน 60 คะแนน แบ่งเป็น - (3) 3 - (3) 3 คะแน่น - (14) 14 ศะแนน
    # - (10) 10 - (30) 30": OCR left the parts 3, 10, 30
    read = (("ประชุม", "3"), ("รายงาน", "10"), ("ผล", "30"))
    parts = [SubScore(lab, _f(v), P, maximum=_f(v)) for lab, v in read]
    group = SubScoreGroup("audit", "2.1", parts, P, total=_f("60"), total_prov=P, maximum=_f("60"))
    got = [(f.severity, f.reported, f.expected, f.message) for f in subscore_sum(_doc(subscores=[group]))]
    assert got == [("warning", 60.0, 43.0,
                    "ตัวชี้วัด 2.1 (แบบสรุปผลการตรวจติดตามประเมินผล): คะแนนรวม 60 คะแนน ไม่เท่ากับผลรวมคะแนนย่อย"
                    " 3 + 10 + 30 = 43 (คะแนนเต็มของรายการย่อยรวมได้ 43 ไม่เท่ากับคะแนนเต็ม 60"
                    " อาจมีรายการที่อ่านไม่ได้หรือตกหล่น ตรวจสอบกับต้นฉบับ)")]
    # every part read, maxima complete: a wrong total is still an error
    full = [SubScore("ก", _f("3"), P, maximum=_f("3")), SubScore("ข", _f("50"), P, maximum=_f("57"))]
    group = SubScoreGroup("audit", "2.1", full, P, total=_f("60"), total_prov=P, maximum=_f("60"))
    assert [(f.severity, f.expected) for f in subscore_sum(_doc(subscores=[group]))] == [("error", 53.0)]


def _area(raw_trad: str, trad: float, raw_m2: str, m2: float) -> AreaStatement:
    metric = Measure("area", "m2", m2, 2, raw_m2)
    return AreaStatement(Measure("area", "m2", trad, 2, raw_trad, 4.0), P, metric)


def test_area_conversion_with_a_malformed_figure_is_not_checked() -> None:
    st = _area("1 ไร่ 1 งาน 55.63 ตารางวา", 2222.52, "2.222.52 ตารางเมตร", 0.0)
    got = [(f.rule, f.severity, f.reported, f.message) for f in area_conversion(_doc(areas=[st]))]
    assert got == [("area-conversion", "info", None,
                    "ไม่สามารถตรวจการแปลงหน่วยพื้นที่ 1 ไร่ 1 งาน 55.63 ตารางวา กับ 2.222.52 ตารางเมตร:"
                    " ตัวเลข 2.222.52 รูปแบบไม่ถูกต้อง (อาจอ่านผิดจากภาพ) ตรวจสอบกับต้นฉบับ")]
    wrong = _area("1 ไร่ 1 งาน 55.63 ตารางวา", 2222.52, "2,322.52 ตารางเมตร", 2322.52)
    assert [(f.severity, f.reported) for f in area_conversion(_doc(areas=[wrong]))] == [("error", 2322.52)]


def test_stray_point_only_on_ocr_figures() -> None:
    assert without_point(_f("1.0")) == Figure(10.0, 0, "10", certain=False)
    ocr, text = _f("1.0", 0.95), _f("1.0")
    assert stray_point([ocr], lambda fs: fs[0].value == 10.0) is ocr
    assert stray_point([text], lambda fs: fs[0].value == 10.0) is None


def test_weight_read_with_a_stray_point_is_a_warning() -> None:
    # audit 2.2 of the grey+JPEG office scan: weight "10" read "1.0" (a JPEG speck as a point)
    ind = Indicator("audit", "2.2", 2, P, weight=_f("1.0", 0.95), score=_f("80.000", 0.95),
                    weighted_score=_f("8.000", 0.95))
    one = Indicator("audit", "2.1", 2, P, weight=_f("10", 0.95), score=_f("100.000", 0.95),
                    weighted_score=_f("10.000", 0.95))
    total = Total("audit", "component", 2, P, weight=_f("20", 0.95), reported=_f("18.000", 0.95))
    doc = _doc(indicators=[one, ind], totals=[total])
    note = " (ตัวเลข 1.0 อ่านจากภาพสแกน อาจมีจุดทศนิยมจากรอยเปื้อน: หากเป็น 10 จะตรงกัน ตรวจสอบกับต้นฉบับ)"
    assert [(f.severity, f.message[-len(note):]) for f in weighted_score(doc)] == [("warning", note)]
    assert [(f.severity, f.expected, f.message[-len(note):]) for f in weight_total(doc)] == [
        ("warning", 11.0, note)]
    # the same figures read from text: errors
    plain = Indicator("audit", "2.2", 2, P, weight=_f("1.0"), score=_f("80.000"), weighted_score=_f("8.000"))
    assert [f.severity for f in weighted_score(_doc(indicators=[plain]))] == ["error"]


def test_overall_total_over_an_uncertain_row_is_a_warning() -> None:
    # grey Garuda scan: 5.1's weighted score 9.056 re-read "9.066" (uncertain); component 5 has no
    # printed total, so its value is its rows' sum and the overall total rests on that figure
    from pipeline.rules.weights import overall_total

    rows = [Indicator("summary", "4.1", 4, P, weighted_score=_f("9.193", 0.95)),
            Indicator("summary", "5.1", 5, P, weighted_score=_f("9.066", 0.5)),
            Indicator("summary", "5.2", 5, P, weighted_score=_f("10.000", 0.95))]
    total = Total("summary", "overall", None, P, reported=_f("28.249", 0.95))
    got = [(f.severity, f.expected) for f in overall_total(_doc(indicators=rows, totals=[total]))]
    assert got == [("warning", 28.259)]
    sure = [Indicator(r.source, r.indicator, r.component, P, weighted_score=_f(r.weighted_score.raw, 0.95))
            for r in rows if r.weighted_score is not None]
    assert [f.severity for f in overall_total(_doc(indicators=sure, totals=[total]))] == ["error"]


def test_errors_on_scanned_pages_in_thai_digits_are_warnings() -> None:
    """Regression: a Thai-digit office scan gave level-score and subscore-max errors on digits the
    Thai OCR model cannot print (๖ read for ๒); on such pages every error is a warning saying why."""
    from extractors.records import Line
    from pipeline.findings import THAI_DIGIT_SCAN, make_finding, scan_certainty, thai_digit_scan_pages

    lines = [Line(3, 10, "(๒๐ คะแนน) ผลงาน ๖๐ คะแนน", "", source="ocr"),
             Line(4, 1, "รวม 100", "", source="ocr"),
             Line(5, 1, "รวม ๑๐๐", "", source="text_layer")]
    pages = thai_digit_scan_pages(lines)
    assert pages == frozenset({3})
    findings = [
        make_finding(rule, "error", "m", reported=1.0, expected=2.0,
                     prov=Provenance("a.pdf", page, 1, "x", "ocr"))
        for rule, page in (("subscore-max", 3), ("weight-total", 4), ("overall-total", 5))
    ]
    assert [(f.rule, f.severity, f.message) for f in scan_certainty(findings, pages)] == [
        ("subscore-max", "warning", f"m ({THAI_DIGIT_SCAN})"),
        ("weight-total", "error", "m"),
        ("overall-total", "error", "m"),
    ]


def test_an_error_from_running_text_read_by_ocr_is_a_warning_a_table_rules_error_is_not() -> None:
    # regression (grey office scans of generated reports): "ผลงาน 640 คะแนน" (40 read with a 6 before
    # it) made subscore-max and subscore-sum errors; running text is read once by the page pass
    from extractors.records import Line
    from pipeline.findings import OCR_TEXT_READING, make_finding, ocr_lines, ocr_text_certainty

    lines = [Line(5, 7, "(60 คะแนน) ผลงาน 640 คะแนน", "", source="ocr"),
             Line(5, 8, "(60 คะแนน) ผลงาน 640 คะแนน", "", source="text_layer")]
    at = [Provenance("scan.pdf", 5, 7, "x"), Provenance("scan.pdf", 5, 8, "x")]
    finds = [make_finding("subscore-max", "error", "m", reported=640.0, expected=60.0, prov=at[0]),
             make_finding("subscore-max", "error", "m", reported=640.0, expected=60.0, prov=at[1]),
             make_finding("weighted-score", "error", "m", reported=8.0, expected=6.0, prov=at[0])]
    got = ocr_text_certainty(finds, ocr_lines(lines))
    assert [(f.rule, f.line, f.severity, f.message) for f in got] == [
        ("subscore-max", 7, "warning", f"m ({OCR_TEXT_READING})"), ("subscore-max", 8, "error", "m"),
        ("weighted-score", 7, "error", "m")]
