"""count-total under the certainty policy (issue 10): one regression test per cause of a false error."""

from __future__ import annotations

from extractors.api import extract_text
from extractors.layout.generic import stated_method
from extractors.ocr_text import read_rows
from pipeline.rules import parts


def found(text: str) -> list[tuple[str, str, int | None, object, object]]:
    doc = extract_text(text, "t", "t.txt")
    return [(f.rule, f.severity, f.line, f.reported, f.expected) for f in parts.count_total(doc)
            if f.severity != "info"]


def test_rows_in_another_unit_are_not_summed_into_a_total_in_baht() -> None:
    # หนังสืองบประมาณ: แถวตัวชี้วัด (ราย ร้อยละ) อยู่เหนือรวมทั้งสิ้น (ล้านบาท) ส่วนประกอบอยู่ใต้แถวรวม
    text = ("ตาราง เป้าหมาย\n\nตัวชี้วัด\tหน่วยนับ\tปี 2565\tปี 2566\n"
            "เชิงปริมาณ : ผู้รับบริการ\tราย\t450\t300\n"
            "เชิงคุณภาพ : ร้อยละความสำเร็จ\tร้อยละ\t80\t80\n"
            "รวมทั้งสิ้น\tล้านบาท\t1.3376\t1.0700\n"
            "เงินงบประมาณ\tล้านบาท\t1.3376\t1.0700\n"
            "- งบดำเนินงาน\tล้านบาท\t1.3376\t1.0700\n"
            "เงินนอกงบประมาณ\tล้านบาท\t-\t-\n")
    assert found(text) == []
    assert found(text.replace("เงินงบประมาณ\tล้านบาท\t1.3376", "เงินงบประมาณ\tล้านบาท\t1.3476")) == [
        ("count-total", "error", 7, 1.3476, 1.3376)]


def test_group_rows_are_checked_against_their_children_only() -> None:
    text = ("ตาราง งบประมาณ\n\nแผนงาน\tงบประมาณ\tร้อยละ\n"
            "1 แผนงาน ก\t30.0000\t50.00\n1.1 โครงการ ก1\t10.0000\t40.00\n1.2 โครงการ ก2\t20.0000\t55.00\n"
            "2 แผนงาน ข\t5.0000\t60.00\n"
            "รวม\t35.0000\t51.43\n")
    assert found(text) == []
    # แถวกลุ่มผิดหนึ่งแถว: หนึ่งข้อค้นพบที่แถวนั้น ยอดรวมยังตรงกับผลรวมแถวล่างสุด
    assert found(text.replace("1 แผนงาน ก\t30.0000", "1 แผนงาน ก\t31.0000")) == [
        ("count-total", "error", 4, 31.0, 30.0)]


def test_a_flat_table_whose_rows_repeat_their_parent_raises_nothing() -> None:
    # ลำดับชั้นแสดงด้วยการย่อหน้าเท่านั้น: แผนงาน 9,814.0658 = ผลผลิตใต้แผนงาน
    text = ("หน่วย : ล้านบาท\n\nประเภทงบประมาณ\tปี 2564\n"
            "1. งบประมาณรายจ่ายของหน่วยรับงบประมาณ\t9,814.0658\n"
            "แผนงานพื้นฐานด้านความมั่นคง\t9,814.0658\n"
            "รวมทั้งสิ้น\t9,814.0658\n")
    assert found(text) == []


def test_percentage_and_mean_columns_are_not_summed_and_a_survey_mean_is_a_warning() -> None:
    text = ("ตาราง ความพึงพอใจ\n\nประเด็น\tx̄\tS.D.\n1. ด้าน ก\t4.00\t0.50\n2. ด้าน ข\t3.00\t0.40\n"
            "รวม\t3.50\t0.45\n")
    assert found(text) == []
    assert found(text.replace("รวม\t3.50", "รวม\t3.90")) == [("count-total", "warning", 6, 3.9, 3.5)]


def test_a_cell_with_two_numbers_makes_the_finding_a_warning() -> None:
    text = "ตาราง\n\nเรื่อง\tจำนวน\nก\t30,000 ( 29,650 )\nข\t100\nรวม\t31,100\n"
    assert found(text) == [("count-total", "warning", 6, 31100.0, 30100.0)]


def test_the_scoring_method_stated_in_words() -> None:
    def method(text: str, per_level: bool = True) -> str | None:
        return stated_method(read_rows(text).rows, per_level=per_level)

    assert method("วิธีการคำนวณ : ให้คำนวณคะแนนที่ได้โดยเทียบเกณฑ์แบบเส้นตรง") == "linear"
    assert method("เทียบบัญญัติไตรยางศ์") == "linear"
    assert method("ช่วงการปรับเกณฑ์การให้คะแนน +/- 10 ต่อ 1 ระดับคะแนน") == "linear"
    assert method("ช่วงการปรับเกณฑ์การให้คะแนน +/- 10 ต่อ 1 ระดับคะแนน", per_level=False) is None
    assert method("ให้คะแนนแบบขั้นบันได") == "step"
    assert method("ไม่มีวิธีคิด") is None


def test_a_chance_equality_in_one_column_is_no_hidden_hierarchy() -> None:
    # 27.6 = 18.8 + 8.8 ในคอลัมน์ร้อยละ แต่ 3,659 ≠ 2,486 + 1,162 ในคอลัมน์จำนวน: ไม่ใช่กลุ่มซ่อน
    text = ("ตาราง ผู้ป่วย\n\nประเภท\tจำนวน (ราย)\tร้อยละ\nก\t772\t5.8\nข\t3,659\t27.6\nค\t2,486\t18.8\n"
            "ง\t1,162\t8.8\nจ\t743\t5.6\nฉ\t4,413\t33.3\nรวม\t13,235\t103.0\n")
    assert found(text) == [("count-total", "error", 10, 103.0, 99.9)]
