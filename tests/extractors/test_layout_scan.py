"""Layout regressions of the office scan (issue 9): labels a scan's OCR damaged, read on small rows.

Each document is a few tab-separated rows as the scan path gives them (one row per grid row), with
the damage the office scan showed: "องค์ประกอบ 3" (ที่ lost), "ะร้อยส" for ร้อยละ, "๑2 2" for 2.2,
"ตัวขีวัด" for ตัวชี้วัด, "ตัวชี้วัดที 1" (tone lost), "3" for "3.", "แผจุดอ่อน" (■ read แผ), "พ .ศ .".
"""

from __future__ import annotations

from pathlib import Path

from extractors.api import extract_text
from extractors.layout.narrative import heading
from extractors.layout.state import near_label, reason_pattern
from extractors.records import Document, Figure
from extractors.templates import load_templates

TPL = next(t for t in load_templates() if t.name == "bma-performance-agreement-2564")

SEED = Path(__file__).resolve().parents[2] / "raw_docs" / "bangrak_fy2564_ocr.txt"
#: the seed's summary title, header (three rows) as printed
HEAD = [
    "ผลการประเมินผลการปฏิบัติราชการประจำปีงบประมาณ พ .ศ . 2564",
    "ของหน่วยงาน สำนักงานเขตบางรัก",
    *SEED.read_text(encoding="utf-8").splitlines()[379:382],
]


def _row(first: str, ind: str, name: str, unit: str, weight: str, score: str, total: str = "") -> str:
    """A summary row: component, id, name, unit, weight, five empty targets, result, scores, total."""
    return "\t".join([first, ind, name, unit, weight, "", "", "", "", "", score, score,
                      f"{float(score) * float(weight) / 100:.3f}", total])


def _doc(lines: list[str]) -> Document:
    return extract_text("\n".join(lines) + "\n", "d", "scan.txt")


def _v(f: Figure | None) -> float | None:
    return None if f is None else f.value


def _summary(doc: Document) -> list[tuple[object, ...]]:
    return [(i.indicator, i.component, i.unit, _v(i.weight), _v(i.weighted_score))
            for i in doc.indicators if i.source == "summary"]


def test_component_label_that_lost_thi_starts_the_component_when_the_id_confirms_it() -> None:
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดับ", "10", "100.000", "10.000"),
        _row("องค์ประกอบ 3 พื้นที่", "3.1", "พื้นที่สีเขียว", "ร้อยละ", "15", "100.000", "15.000"),
        "รวมเฉลี่ย" + "\t" * 12 + "25.000",
    ])
    assert doc.fiscal_year == 2564
    assert _summary(doc) == [("2.1", 2, "ระดับ", 10.0, 10.0), ("3.1", 3, "ร้อยละ", 15.0, 15.0)]
    assert sorted((t.scope, t.component or 0, _v(t.reported)) for t in doc.totals) == [
        ("component", 2, 10.0), ("component", 3, 15.0), ("overall", 0, 25.0)]


def test_component_label_that_lost_thi_is_no_component_when_the_id_disagrees() -> None:
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดับ", "10", "100.000"),
        _row("องค์ประกอบ 5 ด้าน", "2.2", "มูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
    ])
    assert _summary(doc) == [("2.1", 2, "ระดับ", 10.0, 10.0), ("2.2", 2, "ร้อยละ", 10.0, 8.0)]


def test_summary_row_with_a_misread_unit_and_id_and_a_junk_line() -> None:
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดับ", "10", "100.000"),
        "|",  # a ruling's remnant between two grid rows does not end the table
        _row("", "๑2 2", "มูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
        _row("องค์ประกอบที่ 3 พื้นที่", "3.1", "พื้นที่สีเขียว", "ะร้อยส", "15", "100.000", "15.000"),
    ])
    assert _summary(doc) == [
        ("2.1", 2, "ระดับ", 10.0, 10.0), ("2.2", 2, "ร้อยละ", 10.0, 8.0), ("3.1", 3, "ะร้อยส", 15.0, 15.0)]


AUDIT = [
    "แบบสรุปผลการตรวจติดตามประเมินผลการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2564",
    "ชื่อหน่วยงานผู้รับการประเมิน : สำนักงานเขตบางรัก",
]


def test_audit_results_with_damaged_header_labels_and_item_numbers() -> None:
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที่ 3 พื้นที่", "3.1", "พื้นที่สีเขียวที่เพิ่มขึ้น", "ร้อยละ", "15", "100.000"),
        _row("", "3.2", "กรุงเทพมหานครมีการจัดกิจกรรมส่งเสริมการท่องเที่ยว", "ระดับ", "15", "100.000"),
        _row("", "3.3", "กรุงเทพฯ เมืองอาหารปลอดภัย", "ระดับ", "20", "100.000", "50.000"),
        *AUDIT,
        "องค์ประกอบที 3 : พื้นที่",
        # "ตัวชี้วัด" read "ตัวขีวัด", "ค่าคะแนนที่ได้" read "ค าคะแนน nla": every column still found
        "ตัวขีวัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค าคะแนน nla\tค่าคะแนนถ่วงน้ำหนัก",
        "1.\t15\tระดับ 5\t100.000\t15.000",
        "2.\t15\tร้อยละ 102.780\t100.000\t15.000",
        "3\t20\tระดับ 5\t100.000\t20.000",
        "\t50\t\tคะแนนที่ได้\t50.000",
        # the reason of row 1 lost a tone mark; row 2's label was misread (ข for ช): no name
        "<p>■ เหตุผลของคะแนน</p> <p>ตัวชี้วัดที 1 : กรุงเทพมหานครมีการจัดกิจกรรมส่งเสริมการท่องเที่ยว</p>"
        " <p>ตัวขี้วัดที่2 : พื้นที่สีเขียวที่เพิ่มขึ้น</p>",
    ])
    audit = [(i.indicator, i.prov.line, _v(i.weight), _v(i.result), i.level)
             for i in doc.indicators if i.source == "audit"]
    # row 1 is 3.2 by its name; row 2 takes the one id no row has (3.1); row 3 is 3.3 by its number
    assert audit == [("3.2", 13, 15.0, None, 5), ("3.1", 14, 15.0, 102.78, None), ("3.3", 15, 20.0, None, 5)]
    assert [(t.source, t.component, _v(t.reported)) for t in doc.totals if t.source == "audit"] == [
        ("audit", 3, 50.0)]


def test_near_label_and_reason_pattern() -> None:
    assert [near_label(c, "ตัวชี้วัด") for c in ("ตัวขีวัด", "ตัวชีวัด", "ตัว วัด", "หน่วยวัด")] == [
        True, True, False, False]
    assert [near_label(c, "น้ำหนัก") for c in ("น หนัก (ร้อยละ)", "นาหนัก", "ค่าคะแนนถ่วงน้ำหนัก")] == [
        True, True, False]
    assert not near_label("รวม", "รวมฯ")  # short labels must match exactly
    p = reason_pattern("ตัวชี้วัดที่")
    got = [m.groups() if (m := p.match(t)) else None for t in (
        "ตัวชี้วัดที 1 : ระดับความสำเร็จ", "ตัวชีวัดที่ 2 . ร้อยละมูลฝอย", "ตัวชี้วัดที่ 2.1 ร้อยละ")]
    assert got == [("1", "ระดับความสำเร็จ"), ("2", "ร้อยละมูลฝอย"), None]


def test_heading_after_a_bullet_misread_as_letters() -> None:
    got = [heading(TPL, t) for t in (
        "แผจุดอ่อน", "mw จุดอ่อน", "พจุดแข็ง", "B ข้อเสนอแนะ", "มีจุดอ่อนที่ต้องแก้ไข", "ทจุดอ่อนมาก")]
    assert got == ["weakness", "weakness", "strength", "recommendation", None, None]


def test_heading_alone_on_its_cell_line_is_read_before_the_item() -> None:
    doc = _doc([
        *AUDIT,
        "องค์ประกอบที่ 2 : ประสิทธิภาพ",
        "<p>แผจุดอ่อน</p> <p>คนเร่ร่อนมักเข้ามาพักอาศัยริมคลอง</p>",
    ])
    assert [(n.kind, n.text) for n in doc.narrative] == [("weakness", "คนเร่ร่อนมักเข้ามาพักอาศัยริมคลอง")]


def test_summary_header_that_lost_a_label_is_found_by_the_component_row_under_it() -> None:
    # the grey Garuda scan read "น้ำหนัก (ร้อยละ)" as "หนัก (ร้อยละ)" and the first unit "ระดับ" as "ระดบ"
    damaged = [h.replace("น้ำหนัก (ร้อยละ)", "หนัก (ร้อยละ)") for h in HEAD]
    assert damaged != HEAD
    row = _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดบ", "10", "100.000", "10.000")
    assert _summary(_doc([*damaged, row])) == [("2.1", 2, "ระดบ", 10.0, 10.0)]
    # without an indicator row of a component under it, such a row is no summary header
    assert _summary(_doc([*damaged, "ข้อความอื่น\t2.1\tไม่ใช่ตาราง"])) == []


def test_component_label_with_a_latin_letter_in_thi_starts_the_component() -> None:
    # the Thai-digit scan's page pass read the tone mark of ที่ as a Latin letter: "องค์ประกอบทaี ๒",
    # dropped when the OCR words are joined (extractors.ocr); here the text as joined
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที ๒ ประสิทธิภาพ", "๒.๑", "จำนวนคลอง", "ระดับ", "10", "100.000"),
        _row("", "๒.๒", "ร้อยละมูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
        "รวมเฉลี่ย" + "\t" * 12 + "18.000",
    ])
    assert _summary(doc) == [("2.1", 2, "ระดับ", 10.0, 10.0), ("2.2", 2, "ร้อยละ", 10.0, 8.0)]


def test_audit_component_heading_that_lost_the_vowel_of_thi() -> None:
    # "องค์ประกอบท ๒ :" (ี and ่ lost) heads the audit form of component 2
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดับ", "10", "100.000"),
        _row("", "2.2", "ร้อยละมูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
        *AUDIT,
        "องค์ประกอบท ๒ : ประสิทธิภาพ",
        "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
        "1\t10\tร้อยละ 88.314\t100.000\t10.000",
        "2\t10\tร้อยละ 80.500\t80.000\t8.000",
        "\t20\t\tคะแนนที่ได้\t18.000",
    ])
    audit = [(i.indicator, i.component, _v(i.weight), _v(i.result))
             for i in doc.indicators if i.source == "audit"]
    assert audit == [("2.1", 2, 10.0, 88.314), ("2.2", 2, 10.0, 80.5)]
    assert [(t.source, t.component, _v(t.reported)) for t in doc.totals if t.source == "audit"] == [
        ("audit", 2, 18.0)]


def test_a_word_that_only_starts_like_thi_is_no_component_label() -> None:
    # "องค์ประกอบทั่วไป 2" is not "องค์ประกอบที่ 2": the cut-back label must be followed by the number
    from extractors.layout.state import component_of

    assert component_of(TPL, "องค์ประกอบทั่วไป 2 ข้อ") is None
    assert component_of(TPL, "องค์ประกอบท 2 : ประสิทธิภาพ") == 2
    assert component_of(TPL, "องค์ประกอบ 2 : ประสิทธิภาพ") is None


def test_grey_scan_summary_with_a_damaged_header_ids_without_points_and_a_damaged_total() -> None:
    # regression (200 dpi grey office scan: 32 of 76 facts): the header read "วัด" for ตัวชี้วัด and
    # "นำ เปหนัก" for น้ำหนัก, the ids "21" "22" (points lost), the first unit "ระดบ", and the overall
    # total's label "วมเฉลีย": the whole table was lost
    doc = _doc([
        *[h.replace("ตัวชี้วัด", "วัด").replace("น้ำหนัก", "นำ เปหนัก") for h in HEAD],
        _row("องค์ประกอบที 2 ประสิทธิภาพ", "21", "จำนวนคลอง", "ระดบ", "10", "100.000"),
        _row("", "22", "ร้อยละมูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
        "วมเฉลีย" + "\t" * 12 + "18.000",
    ])
    assert _summary(doc) == [("2.1", 2, "ระดบ", 10.0, 10.0), ("2.2", 2, "ร้อยละ", 10.0, 8.0)]
    assert sorted((t.scope, t.component or 0, _v(t.reported)) for t in doc.totals) == [
        ("component", 2, 18.0), ("overall", 0, 18.0)]


def test_a_number_that_does_not_start_with_the_component_is_no_lost_point_id() -> None:
    # "31" under component 2 is not 2.1: the damaged header stays unconfirmed, nothing is read
    doc = _doc([
        *[h.replace("น้ำหนัก", "นำ เปหนัก") for h in HEAD],
        _row("องค์ประกอบที 2 ประสิทธิภาพ", "31", "จำนวนคลอง", "ระดบ", "10", "100.000"),
    ])
    assert _summary(doc) == []


def _audit_form(title_tail: str = "", weighted_label: str = "ค่าคะแนนถ่วงน้ำหนัก") -> list[str]:
    return [
        *HEAD,
        _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดับ", "10", "100.000"),
        _row("", "2.2", "ร้อยละมูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
        AUDIT[0] + title_tail, AUDIT[1],
        "องค์ประกอบที่ 2 : ประสิทธิภาพ",
        f"ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\t{weighted_label}",
        "1\t10\tร้อยละ 88.314\t100.000\t10.000",
        "2\t10\tร้อยละ 80.500\t80.000\t8.000",
        "\t20\t\tคะแนนที่ได้\t18.000",
    ]


def _audit(doc: Document) -> list[tuple[object, ...]]:
    return [(i.indicator, _v(i.weight), _v(i.weighted_score)) for i in doc.indicators if i.source == "audit"]


def test_audit_title_with_a_speck_in_a_cell_of_its_own_opens_the_audit_section() -> None:
    # regression (generated report scan): "... พ.ศ. 2566\t." — a speck far right of the title made the
    # title line two cells, the audit section was never opened and every audit row was lost
    assert _audit(_doc(_audit_form("\t."))) == [("2.1", 10.0, 10.0), ("2.2", 10.0, 8.0)]


def test_weighted_score_column_whose_label_lost_its_last_word() -> None:
    # regression (generated report scan): "ค่าคะแนนถ่วง waitin" for ค่าคะแนนถ่วงน้ำหนัก: no weighted scores
    doc = _doc(_audit_form(weighted_label="ค่าคะแนนถ่วง waitin"))
    assert _audit(doc) == [("2.1", 10.0, 10.0), ("2.2", 10.0, 8.0)]
    assert [(t.component, _v(t.reported)) for t in doc.totals if t.source == "audit"] == [(2, 18.0)]


def test_a_part_score_whose_point_was_lost_is_uncertain() -> None:
    # regression (generated report scan): "ร้อยละ 4 55" for 4.55 was read as a certain 4 and the
    # breakdown's sum became a false error; an item number after a score ("15 2)") is no such thing
    doc = _doc([*_audit_form(), "<p>■ เหตุผลของคะแนน</p> <p>ตัวชี้วัดที่ 1 : จำนวนคลอง</p>"
                " <p>1) ส่งเสริม (ร้อยละ 45) ร้อยละ 17.95</p> <p>2) กระตุ้น (ร้อยละ 30) ร้อยละ 4 55</p>"
                " <p>3) คัดแยก (ร้อยละ 25) ร้อยละ 5.51 2) คิดเป็นร้อยละ 28.010 หรือระดับ 3</p>"])
    (group,) = doc.subscores
    assert [(_v(p.score), p.score.certain if p.score else None) for p in group.parts] == [
        (17.95, True), (4.0, False), (5.51, True)]


def test_results_table_with_a_speck_line_and_an_item_number_misread_as_another_rows() -> None:
    # regression (generated report scan, Garuda): a "-" speck line under the header ended the table
    # (no audit row read); "4." read for "1." gave two rows number 4 (5.1 lost, 5.4 overwritten)
    lines = _audit_form()
    at = lines.index("1\t10\tร้อยละ 88.314\t100.000\t10.000")
    lines[at:at + 2] = ["-", "2.\t10\tร้อยละ 88.314\t100.000\t10.000", "2.\t10\tร้อยละ 80.500\t80.000\t8.000"]
    assert _audit(_doc(lines)) == [("2.1", 10.0, 10.0), ("2.2", 10.0, 8.0)]


def test_summary_header_with_a_misread_label_and_a_letter_in_the_first_id() -> None:
    # regression (generated report scan, Garuda): "หน่วยวัต" for หน่วยวัด (ด read ต), "ตัว้วัด", and the
    # first id cell "2.1 พ" (a letter of the name fell into it): the summary table was lost
    doc = _doc([
        *[h.replace("หน่วยวัด", "หน่วยวัต").replace("ตัวชี้วัด", "ตัว้วัด") for h in HEAD],
        _row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1 พ", "จำนวนคลอง", "ระดับ", "10", "100.000"),
        _row("", "2.2", "ร้อยละมูลฝอย", "ร้อยละ", "10", "80.000", "18.000"),
    ])
    assert _summary(doc) == [("2.1", 2, "ระดับ", 10.0, 10.0), ("2.2", 2, "ร้อยละ", 10.0, 8.0)]


def test_agency_with_one_letter_misread_and_a_guillemet_inside_a_component_label() -> None:
    # regression (grey office scan of a generated report): "สำนักงานเขตป้อมปราบศัตรูฟ่าย" (พ read ฟ)
    # on every agency line left the agency unknown; "องค«์ประกอบที 3" (a speck before ์) lost the
    # component (the guillemet is dropped when the OCR words are joined: normalizers.text)
    from normalizers.text import drop_latin_in_thai

    doc = _doc([
        *[h.replace("สำนักงานเขตบางรัก", "สำนักงานเขตป้อมปราบศัตรูฟ่าย") for h in HEAD],
        _row(drop_latin_in_thai("องค«์ประกอบที 3 พื้นที่"), "3.1", "พื้นที่สีเขียว", "ร้อยละ", "15", "100.000"),
    ])
    assert doc.agency == "สำนักงานเขตป้อมปราบศัตรูพ่าย"
    assert _summary(doc) == [("3.1", 3, "ร้อยละ", 15.0, 15.0)]


def test_component_label_misread_as_the_next_ones_number_takes_its_place_in_the_sequence() -> None:
    # regression (Laksaman Thai-digit office scan): "องค์ประกอบที ๕" for ๔ (the tha model writes ๕
    # for ๔) before the real "องค์ประกอบที ๕": 4.1 was lost and its figures became 5.1's
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบ ๓ พื้นที่", "๓.๑", "พื้นที่สีเขียว", "ร้อยละ", "15", "100.000", "15.000"),
        _row("องค์ประกอบที ๕ นวัตกรรม", "", "ความสำเร็จในการเสนอนวัตกรรม", "ร้อยละ", "10", "91.929", "9.193"),
        _row("องค์ประกอบที ๕ ศักยภาพ", "๕.๑", "การเบิกจ่าย", "ร้อยละ", "10", "90.561", "9.056"),
    ])
    assert _summary(doc) == [("3.1", 3, "ร้อยละ", 15.0, 15.0), ("4.1", 4, "ร้อยละ", 10.0, 9.193),
                             ("5.1", 5, "ร้อยละ", 10.0, 9.056)]
    assert any("taken as component 4" in w for w in doc.warnings)


def test_a_repeated_component_label_whose_row_id_disagrees_is_left_alone() -> None:
    # the row's own id says 5.1: the label is not taken for 4, whatever the sequence
    doc = _doc([
        *HEAD,
        _row("องค์ประกอบที่ 3 พื้นที่", "3.1", "พื้นที่สีเขียว", "ร้อยละ", "15", "100.000", "15.000"),
        _row("องค์ประกอบที่ 5 นวัตกรรม", "5.1", "ความสำเร็จ", "ร้อยละ", "10", "91.929", "9.193"),
        _row("องค์ประกอบที่ 5 ศักยภาพ", "5.2", "การเบิกจ่าย", "ร้อยละ", "10", "90.561", "9.056"),
    ])
    assert [i[:2] for i in _summary(doc)] == [("3.1", 3), ("5.1", 5), ("5.2", 5)]


def test_fiscal_year_misread_in_the_title_gives_way_to_one_the_template_knows() -> None:
    # regression (Thai-digit scans of generated reports): the title's "๒๕๖๖" read "๒๕๐๒" was taken as
    # the fiscal year, a wrong fact stated with certainty; the audit forms' titles print it again
    rows = [_row("องค์ประกอบที่ 2 ประสิทธิภาพ", "2.1", "จำนวนคลอง", "ระดับ", "10", "100.000", "10.000")]
    doc = _doc([HEAD[0].replace("2564", "๒๕๐๒"), *HEAD[1:], *rows, AUDIT[0].replace("2564", "๒๕๖๖")])
    assert doc.fiscal_year == 2566
    # a year outside the template's, and no other: the year as printed
    doc = _doc([HEAD[0].replace("2564", "2570"), *HEAD[1:], *rows])
    assert doc.fiscal_year == 2570


def test_audit_total_row_whose_label_lost_its_end_is_no_indicator() -> None:
    # regression (grey Garuda scan of a generated report): "คะแนนที" for คะแนนที่ได้ made the total row
    # an indicator 2.3 of weight 20, and weight-total an error; an unnumbered row with no result under
    # numbered rows is the table's total
    lines = _audit_form()
    lines[-1] = "\t20\t\tคะแนนที\t18.000"
    doc = _doc(lines)
    assert _audit(doc) == [("2.1", 10.0, 10.0), ("2.2", 10.0, 8.0)]
    assert [(t.component, _v(t.weight), _v(t.reported)) for t in doc.totals if t.source == "audit"] == [
        (2, 20.0, 18.0)]


def test_a_section_title_with_one_letter_added_by_ocr_opens_its_section() -> None:
    # regression (grey Garuda scan of a generated report): "แบบสรุปผลการตรวจติดตดามประเมินผล..." (a ด
    # doubled) never opened the audit section and its form was lost
    lines = _audit_form()
    at = lines.index(AUDIT[0])
    lines[at] = AUDIT[0].replace("ติดตาม", "ติดตดาม")
    assert _audit(_doc(lines)) == [("2.1", 10.0, 10.0), ("2.2", 10.0, 8.0)]


def test_results_header_that_lost_the_weight_and_result_labels_is_placed_by_its_first_row() -> None:
    # regression (grey Garuda scan of a generated report): "ตัวชี้วัด | (ร้อยละ ) | การตำเนินการ | …"
    # (น้ำหนัก and ผลการดำเนินการ both lost): the header was not found and the form's rows were lost;
    # the first numbered row shows which cell is a bare figure (the weight)
    lines = _audit_form()
    at = next(k for k, ln in enumerate(lines) if ln.startswith("ตัวชี้วัด\t"))
    lines[at] = "ตัวชี้วัด\t(ร้อยละ )\tการตำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก"
    lines[at + 1:at + 3] = ["1.\t10\tร้อยละ 88.314\t100.000\t10.000", "2.\t10\tร้อยละ 80.500\t80.000\t8.000"]
    doc = _doc(lines)
    got = [(i.indicator, _v(i.weight), _v(i.result), _v(i.weighted_score))
           for i in doc.indicators if i.source == "audit"]
    assert got == [("2.1", 10.0, 88.314, 10.0), ("2.2", 10.0, 80.5, 8.0)]


def test_results_header_with_damaged_labels_and_a_speck_letter_under_it_is_placed_by_shape() -> None:
    # regression (Garuda Thai-digit scan of a generated report): the header read "วชีaaวัด | นำหนัก
    # (ร้อยละ) | ผลการ คดำเนินการท | ่นูาคะแนนี่ได้ | ค่าคะแนนถ่วงนำหนัก" (only the weight and the
    # weighted score found) and a speck under it read "ต": the whole audit form was lost. A lone
    # letter is a speck; the first row places the other columns: the item number first, the result
    # in words, the score a bare figure
    lines = _audit_form()
    at = next(k for k, ln in enumerate(lines) if ln.startswith("ตัวชี้วัด\t"))
    lines[at] = "วชีaaวัด\tนำหนัก (ร้อยละ)\tผลการ คดำเนินการท\t่นูาคะแนนี่ได้\tค่าคะแนนถ่วงนำหนัก"
    lines[at + 1:at + 3] = ["ต", "®.\t10\tร้อยละ 88.314\t100.000\t10.000",
                            "2.\t10\tร้อยละ 80.500\t80.000\t8.000"]
    doc = _doc(lines)
    got = [(i.indicator, _v(i.weight), _v(i.result), _v(i.score), _v(i.weighted_score))
           for i in doc.indicators if i.source == "audit"]
    assert got == [("2.1", 10.0, 88.314, 100.0, 10.0), ("2.2", 10.0, 80.5, 80.0, 8.0)]


def test_a_header_with_two_labels_is_not_placed_by_a_row_of_another_shape() -> None:
    # the same header over a row whose cells are not item number / figure / words / figure / figure
    lines = _audit_form()
    at = next(k for k, ln in enumerate(lines) if ln.startswith("ตัวชี้วัด\t"))
    lines[at] = "วชีaaวัด\tนำหนัก (ร้อยละ)\tผลการ คดำเนินการท\t่นูาคะแนนี่ได้\tค่าคะแนนถ่วงนำหนัก"
    lines[at + 1:at + 3] = ["ความสำเร็จของงาน\t10\t88.314\t100.000\t10.000", "อื่น ๆ\t10\t80.500\t80.000\t8.000"]
    assert [i for i in _doc(lines).indicators if i.source == "audit"] == []


def _form(label: str, weight: str, score: str) -> list[str]:
    """One audit form of one indicator: its title, component label, results header, row and total."""
    weighted = f"{float(score) * float(weight) / 100:.3f}"
    return [*AUDIT, label, "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
            f"1.\t{weight}\tระดับ 5\t{score}\t{weighted}", f"\t{weight}\t\tคะแนนที่ได้\t{weighted}"]


def test_an_audit_forms_component_label_misread_as_a_later_forms_takes_the_number_due() -> None:
    # regression (Garuda Thai-digit scan of a generated report): the audit forms' labels read ๓, ๕, ๕
    # (the tha model writes ๕ for ๔): the second form's rows became 5.x, clashing with the third's
    lines = [
        *HEAD,
        _row("องค์ประกอบที่ 3 ประสิทธิภาพ", "3.1", "พื้นที่สีเขียว", "ระดับ", "15", "100.000", "15.000"),
        _row("องค์ประกอบที่ 4 นวัตกรรม", "4.1", "นวัตกรรม", "ระดับ", "10", "90.000", "9.000"),
        _row("องค์ประกอบที่ 5 ศักยภาพ", "5.1", "การเบิกจ่าย", "ระดับ", "10", "80.000", "8.000"),
        "รวมเฉลี่ย" + "\t" * 12 + "32.000",
        *_form("องค์ประกอบที่ 3 : ประสิทธิภาพ", "15", "100.000"),
        *_form("องค์ประกอบที่ 5 : นวัตกรรม", "10", "90.000"),
        *_form("องค์ประกอบที่ 5 : ศักยภาพ", "10", "80.000"),
    ]
    doc = _doc(lines)
    assert _audit(doc) == [("3.1", 15.0, 15.0), ("4.1", 10.0, 9.0), ("5.1", 10.0, 8.0)]
    assert sorted((t.component, _v(t.reported)) for t in doc.totals if t.source == "audit") == [
        (3, 15.0), (4, 9.0), (5, 8.0)]
    assert [w for w in doc.warnings if "taken as component" in w] == [
        "line 20: the audit form of this row, its component label read 5, taken as component 4 (the forms"
        " run 3, then a later form's number)"]


def test_the_last_audit_forms_component_label_misread_as_one_the_summary_has_not() -> None:
    # regression (Garuda Thai-digit scan of generated report 12): the last audit form's label read
    # ๕ for ๔ in a report with no component 5: its rows became 5.x, matching nothing
    lines = [
        *HEAD,
        _row("องค์ประกอบที่ 3 ประสิทธิภาพ", "3.1", "พื้นที่สีเขียว", "ระดับ", "15", "100.000", "15.000"),
        _row("องค์ประกอบที่ 4 ศักยภาพ", "4.1", "การเบิกจ่าย", "ระดับ", "10", "80.000", "8.000"),
        "รวมเฉลี่ย" + "\t" * 12 + "23.000",
        *_form("องค์ประกอบที่ 3 : ประสิทธิภาพ", "15", "100.000"),
        *_form("องค์ประกอบที่ 5 : ศักยภาพ", "10", "80.000"),
    ]
    doc = _doc(lines)
    assert _audit(doc) == [("3.1", 15.0, 15.0), ("4.1", 10.0, 8.0)]
    assert [w for w in doc.warnings if "taken as component" in w] == [
        "line 19: the audit form of this row, its component label read 5, taken as component 4 (the forms"
        " run 3, then a component the summary table has not)"]


def test_results_header_that_lost_only_the_weight_label_is_placed_by_its_first_row() -> None:
    # regression (Garuda Thai-digit scan of a generated report): "ตัวชี้วัด | (ร้อยละ) | ผลการดำเนินการ
    # | ค่าคะแนที่ได้ | …": the header was no header and the form's rows were lost; the one cell
    # left is a bare figure in the first numbered row, the weight
    lines = _audit_form()
    at = next(k for k, ln in enumerate(lines) if ln.startswith("ตัวชี้วัด\t"))
    lines[at] = "ตัวชี้วัด\t(ร้อยละ)\tผลการดำเนินการ\tค่าคะแนที่ได้\tนค่าคะแนนถ่วงนำหนัก"
    lines[at + 1:at + 3] = ["๑.\t๑๐\tระดับ ๓\t๘๐.๐๐๐\t๘.๐๐๐", "๒.\t๑๐\tร้อยละ ๘๒.๖๕๖ (ระดับ ๑)\t๖๕.๓๑๒\t๖.๕๓๑"]
    assert _audit(_doc(lines)) == [("2.1", 10.0, 8.0), ("2.2", 10.0, 6.531)]
    # ... not when the first row's leftover cell is in words
    lines[at + 1] = "๑.\tสิบ\tระดับ ๓\t๘๐.๐๐๐\t๘.๐๐๐"
    assert _audit(_doc(lines)) == []


def test_a_section_title_joined_to_a_dotted_blank_opens_its_section() -> None:
    # regression (Garuda Thai-digit scan of a generated report): OCR joined the signature block's
    # last blank and the next form's title on one line ("วัน/เดือฟ/ปี...., แบบสรุปผล..."): the
    # form for component 4 was lost
    lines = _audit_form()
    at = lines.index(AUDIT[0])
    lines[at] = "วัน/เดือฟ/ปี...., " + AUDIT[0]
    assert _audit(_doc(lines)) == [("2.1", 10.0, 10.0), ("2.2", 10.0, 8.0)]
    # a title mentioned after words, with no dotted blank before it, opens nothing
    lines[at] = "ดังที่ระบุใน " + AUDIT[0]
    assert _audit(_doc(lines)) == []
