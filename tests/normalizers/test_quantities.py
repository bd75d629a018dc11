"""find_quantities: every unit form, the things that are not quantities, damaged text (seed: test_seed.py)."""

from __future__ import annotations

import doctest
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normalizers.numbers
import normalizers.quantities
from normalizers.area import MSG_M2_AFTER_RAI, format_rai_ngan_wa
from normalizers.digits import to_thai
from normalizers.quantities import Quantity, find_quantities

Row = tuple[str, str, float, str]


def _rows(text: str) -> list[Row]:
    return [(q.kind, q.unit, q.value, q.raw) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # area
        ("ขนาด 321.50 ตารางวา", [("area", "m2", 1286.0, "321.50 ตารางวา")]),
        ("1 ไร่ 1 งาน 55.63 ตารางวา", [("area", "m2", 2222.52, "1 ไร่ 1 งาน 55.63 ตารางวา")]),
        ("คิดเป็น 2,222.52 ตารางเมตร", [("area", "m2", 2222.52, "2,222.52 ตารางเมตร")]),
        ("15 ตร.ว. และ 20 ตรว. และ 8 ตร.ม.", [
            ("area", "m2", 60.0, "15 ตร.ว."), ("area", "m2", 80.0, "20 ตรว."), ("area", "m2", 8.0, "8 ตร.ม."),
        ]),
        ("ที่ดินเนื้อที่ 8-3-96", [("area", "m2", 14384.0, "8-3-96")]),
        ("ที่ดิน ๒-๐-๕๐ ไร่", [("area", "m2", 3400.0, "๒-๐-๕๐ ไร่")]),
        # mass
        ("ได้ 13,742.592 ตัน", [("mass", "t", 13742.592, "13,742.592 ตัน")]),
        ("คือ 16,220.89 ตัน/ปี", [("mass", "t/yr", 16220.89, "16,220.89 ตัน/ปี")]),
        ("หรือ 44.44 ตัน/วัน)", [("mass", "t/d", 44.44, "44.44 ตัน/วัน")]),
        ("16,220.89 ตัน ต่อ ปี", [("mass", "t/yr", 16220.89, "16,220.89 ตัน ต่อ ปี")]),
        ("๔๔.๔๔ ตันต่อวัน", [("mass", "t/d", 44.44, "๔๔.๔๔ ตันต่อวัน")]),
        ("500 กิโลกรัม", [("mass", "kg", 500.0, "500 กิโลกรัม")]),
        # money
        ("เป็นเงิน 69,472,725.00 บาท", [("money", "THB", 69472725.0, "69,472,725.00 บาท")]),
        ("ค่าธรรมเนียม 1,500.- บาท", [("money", "THB", 1500.0, "1,500.- บาท")]),
        ("๕,๐๐๐ บาทถ้วน", [("money", "THB", 5000.0, "๕,๐๐๐ บาทถ้วน")]),
        ("งบประมาณ 2.5 ล้านบาท", [("money", "THB", 2500000.0, "2.5 ล้านบาท")]),
        ("๑๒ ล้าน บาท", [("money", "THB", 12000000.0, "๑๒ ล้าน บาท")]),
        ("฿1,200", [("money", "THB", 1200.0, "฿1,200")]),
        ("100 บาท/คน", [("money", "THB/คน", 100.0, "100 บาท/คน")]),
        ("200 บาท ต่อ ปี", [("money", "THB/yr", 200.0, "200 บาท ต่อ ปี")]),
        # percent
        ("คิดเป็นร้อยละ 85.13", [("percent", "%", 85.13, "ร้อยละ 85.13")]),
        ("ผล 85.13%", [("percent", "%", 85.13, "85.13%")]),
        ("ร้อยละ ๑๐๐", [("percent", "%", 100.0, "ร้อยละ ๑๐๐")]),
        ("รอยละ 50", [("percent", "%", 50.0, "รอยละ 50")]),
        ("ร้อยละ 5 %", [("percent", "%", 5.0, "ร้อยละ 5 %")]),
        ("(ร้อยละ 10) ร้อยละ 10", [("percent", "%", 10.0, "ร้อยละ 10"), ("percent", "%", 10.0, "ร้อยละ 10")]),
        # duration
        ("จำนวน 120 วัน", [("duration", "day", 120.0, "120 วัน")]),
        ("ภายใน ๒ วันทำการ", [("duration", "workday", 2.0, "๒ วันทำการ")]),
        ("ทุก 3 เดือน", [("duration", "month", 3.0, "3 เดือน")]),
        ("ในช่วง 30 วันที่ผ่านมา", [("duration", "day", 30.0, "30 วัน")]),
        # counts
        ("จำนวน 44 ต้น", [("count", "ต้น", 44.0, "44 ต้น")]),
        ("รับอุทธรณ์ ๗๒ ตัวชี้วัด", [("count", "ตัวชี้วัด", 72.0, "๗๒ ตัวชี้วัด")]),
        ("5แห่ง", [("count", "แห่ง", 5.0, "5แห่ง")]),
        ("(4ราย)", [("count", "ราย", 4.0, "4ราย")]),
        ("624 ร้าน จาก 733 ร้าน", [("count", "ร้าน", 624.0, "624 ร้าน"), ("count", "ร้าน", 733.0, "733 ร้าน")]),
        ("1,234 คน", [("count", "คน", 1234.0, "1,234 คน")]),
        ("รวม 1 ป้าย 2 ดวง 2 คลอง 1 ชิ้น 3 ครั้ง 17 หน่วยงาน 4 โครงการ", [
            ("count", "ป้าย", 1.0, "1 ป้าย"), ("count", "ดวง", 2.0, "2 ดวง"), ("count", "คลอง", 2.0, "2 คลอง"),
            ("count", "ชิ้น", 1.0, "1 ชิ้น"), ("count", "ครั้ง", 3.0, "3 ครั้ง"),
            ("count", "หน่วยงาน", 17.0, "17 หน่วยงาน"), ("count", "โครงการ", 4.0, "4 โครงการ"),
        ]),
        ("๕ รายการ", [("count", "รายการ", 5.0, "๕ รายการ")]),
        ("จำนวน ๕ แห่ง ดังนี้", [("count", "แห่ง", 5.0, "๕ แห่ง")]),
        ("จํานวน ๕ แห่ง", [("count", "แห่ง", 5.0, "๕ แห่ง")]),  # decomposed SARA AM around
    ],
)
def test_forms(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ที่ กท 4301/176 ราย",
        "คำสั่ง ที่ 192/2564",
        "ครั้งที่ ๑/๒๕๖๔",
        "ปี 2564 ครั้งที่ 2",
        "ณ วันที่ 15 กันยายน 2564",
        "1. โครงการค่าใช้จ่าย",
        "๑. รับอุทธรณ์",
        "(๑) หน่วยงานควร",
        "1) คัดแยกมูลฝอย",
        "๕.๑ หน่วยงาน/ส่วนราชการ",
        "<p>๓.๒ หน่วยงาน</p>",
        "ตัวชี้วัด\tร้อยละ\t10",  # ร้อยละ as a unit column, 10 the next cell
        "หน่วยนับ ร้อยละ",
        "ผลงาน 2 งาน",
        "1 รายงาน",
        "ขั้นตอนที่ 1 ของตัวชี้วัด",
        "โทร 02-123-4567",
        "COVID-19",
        '<td colspan="2">',
        "จำนวน 5\nแห่ง",
        "1.5 คน",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_suspicious_area_and_offsets() -> None:
    text = "ประจำปี 2564 จำนวน 1 ไร่ 1 งาน 40.60 ตารางเมตร</p>"
    assert find_quantities(text) == [
        Quantity(
            kind="area",
            unit="m2",
            value=2040.6,
            raw="1 ไร่ 1 งาน 40.60 ตารางเมตร",
            decimals=2,
            pos=19,
            endpos=46,
            parts=(("rai", 1.0), ("ngan", 1.0), ("m2", 40.6)),
            suspicious=MSG_M2_AFTER_RAI,
            likely_value=2162.4,
        )
    ]


def test_decimals_and_scale() -> None:
    q1, q2, q3 = find_quantities("13,742.592 ตัน 2.5 ล้านบาท ร้อยละ 80.500")
    assert (q1.decimals, q2.decimals, q3.decimals) == (3, -5, 3)


def test_text_order_non_overlapping_offsets() -> None:
    text = (
        "รวม 5 แห่ง ขนาดพื้นที่ 1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร "
        "คิดเป็นร้อยละ 102.780 ใช้เวลา 120 วัน"
    )
    qs = find_quantities(text)
    assert [(q.kind, q.value) for q in qs] == [
        ("count", 5.0), ("area", 2222.52), ("area", 2222.52), ("percent", 102.78), ("duration", 120.0),
    ]
    assert all(text[q.pos : q.endpos] == q.raw for q in qs)
    assert all(a.endpos <= b.pos for a, b in itertools.pairwise(qs))


def test_thai_digits_everywhere() -> None:
    text = "ได้ 16,758.457 ตัน คิดเป็นร้อยละ 103.31 จำนวน 5 แห่ง เป็นเงิน 1,500.00 บาท"
    arabic = [(q.kind, q.unit, q.value, q.decimals) for q in find_quantities(text)]
    thai = [(q.kind, q.unit, q.value, q.decimals) for q in find_quantities(to_thai(text))]
    assert arabic == thai == [
        ("mass", "t", 16758.457, 3), ("percent", "%", 103.31, 2), ("count", "แห่ง", 5.0, 0),
        ("money", "THB", 1500.0, 2),
    ]


@pytest.mark.parametrize("module", [normalizers.quantities, normalizers.numbers])
def test_module_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert (result.failed, result.attempted > 0) == (0, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # SARA AM decomposed (ํ + า), lost (า) or split by a zero-width space
        ("ภายใน ๒ วันทําการ", [("duration", "workday", 2.0, "๒ วันทําการ")]),
        ("ภายใน ๒ วันทาการ", [("duration", "workday", 2.0, "๒ วันทาการ")]),
        ("ภายใน ๒ วันท\u200bำการ", [("duration", "workday", 2.0, "๒ วันท\u200bำการ")]),
        # zero-width characters inside numbers and unit words (kept in raw)
        ("๑๖,๒๒๐\u200b.๘๙ ตัน/ปี", [("mass", "t/yr", 16220.89, "๑๖,๒๒๐\u200b.๘๙ ตัน/ปี")]),
        ("624 รา\u200bน", [("count", "ร้าน", 624.0, "624 รา\u200bน")]),
        ("1,500 บา\u200bท", [("money", "THB", 1500.0, "1,500 บา\u200bท")]),
        ("ร้อย\u200bละ 85.13", [("percent", "%", 85.13, "ร้อย\u200bละ 85.13")]),
        # lost tone marks
        ("๕ แหง", [("count", "แห่ง", 5.0, "๕ แหง")]),
        ("1,500 บาทถวน", [("money", "THB", 1500.0, "1,500 บาทถวน")]),
        ("10 ครง", []),  # a lost vowel is not repaired: "ครง" is not ครั้ง
    ],
)
def test_damaged_text(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500.-บาท", [("money", "THB", 1500.0, "1,500.-บาท")]),
        ("๑,๕๐๐.- บาท", [("money", "THB", 1500.0, "๑,๕๐๐.- บาท")]),
        ("16,220.89ตัน/ปี", [("mass", "t/yr", 16220.89, "16,220.89ตัน/ปี")]),
        ("44.44 ตัน/ วัน", [("mass", "t/d", 44.44, "44.44 ตัน/ วัน")]),
        ("85.13 เปอร์เซ็นต์", [("percent", "%", 85.13, "85.13 เปอร์เซ็นต์")]),
        ("10 คน 3 ครั้ง", [("count", "คน", 10.0, "10 คน"), ("count", "ครั้ง", 3.0, "3 ครั้ง")]),
        ("เนื้อที่ 8 - 3 - 96 ไร่", [("area", "m2", 14384.0, "8 - 3 - 96 ไร่")]),
    ],
)
def test_more_forms(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=2000),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=9999),
    st.sampled_from(["words", "dash"]),
    st.booleans(),
)
def test_area_in_a_sentence_round_trip(rai: int, ngan: int, wa_cents: int, style: str, thai: bool) -> None:
    wa = Decimal(wa_cents).scaleb(-2)  # 0-99.99 ตารางวา, two decimals
    area = format_rai_ngan_wa(rai, ngan, float(wa), style, decimals=2, thai_digits=thai)
    text = f"ที่ดินเนื้อที่ {area} ไร่ จำนวน ๕ แห่ง" if style == "dash" else f"ขนาด {area} จำนวน ๕ แห่ง"
    qs = find_quantities(text)
    count = ("count", "แห่ง", 5.0, 0)
    if style == "words" and rai == 0 and wa == 0 and ngan > 0:
        # "1 งาน" alone is not an area ("ผลงาน 2 งาน"): only in a mixture or with parse_area
        assert [(q.kind, q.unit, q.value, q.decimals) for q in qs] == [count]
        return
    # the printed precision is that of the finest part (ตารางวา; ไร่/งาน alone have none)
    decimals = 2 if style == "dash" or wa or not (rai or ngan) else 0
    m2 = float(rai * 1600 + ngan * 400 + wa * 4)
    assert [(q.kind, q.unit, q.value, q.decimals) for q in qs] == [("area", "m2", m2, decimals), count]
    assert qs[0].raw == (area + " ไร่" if style == "dash" else area)


def test_a_figure_with_two_points_is_no_measurement() -> None:
    """Regression: "2.222.52 ตารางเมตร" (OCR read a comma as a point) became an area of 0.0 m²; a
    figure with two points or more is never a quantity, whatever unit follows it."""
    found = normalizers.quantities.find_quantities("พื้นที่ 2.222.52 ตารางเมตร และ 1,234.5 ตารางเมตร ๕.๑.๑ ไร่")
    assert [(q.raw, q.value, q.unit) for q in found] == [("1,234.5 ตารางเมตร", 1234.5, "m2")]
