"""Numbers: parse, find, percent, range, format (exact values and round trips)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.digits import to_thai
from normalizers.errors import NormalizeError
from normalizers.numbers import (
    Number,
    find_numbers,
    format_number,
    parse_number,
    parse_percent,
    parse_range,
    prepare,
)


@pytest.mark.parametrize(
    ("text", "value", "decimals", "raw"),
    [
        ("88.314", 88.314, 3, "88.314"),
        ("100", 100.0, 0, "100"),
        ("1,234.50", 1234.5, 2, "1,234.50"),
        ("16,758.457", 16758.457, 3, "16,758.457"),
        ("๑๖,๗๕๘.๔๕๗", 16758.457, 3, "๑๖,๗๕๘.๔๕๗"),
        ("69,472,725.00", 69472725.0, 2, "69,472,725.00"),
        ("-5", -5.0, 0, "-5"),
        ("−2.5", -2.5, 1, "−2.5"),
        ("1,500.-", 1500.0, 0, "1,500.-"),
        (" ๘๘.๓๑๔\t", 88.314, 3, "๘๘.๓๑๔"),
        ("1\u200b00", 100.0, 0, "1\u200b00"),
        ("0.0", 0.0, 1, "0.0"),
    ],
)
def test_parse_number(text: str, value: float, decimals: int, raw: str) -> None:
    n = parse_number(text)
    assert (n.value, n.decimals, n.raw, n.percent) == (value, decimals, raw, False)
    assert text[n.pos : n.endpos] == raw


def test_parse_number_offsets() -> None:
    assert parse_number("  1,234.50 ") == Number(1234.5, 2, "1,234.50", 2, 10)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12,34", "5 5", "- 5", "ร้อยละ 5", "5%", "1,2345"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(NormalizeError) as err:
        parse_number(text)
    assert err.value.raw == text


def _found(text: str) -> list[tuple[float, int, str, bool]]:
    return [(n.value, n.decimals, n.raw, n.percent) for n in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ดำเนินการได้จำนวน 16,758.457 ตัน/ปี คิดเป็นร้อยละ 103.31",
            [(16758.457, 3, "16,758.457", False), (103.31, 2, "103.31", True)],
        ),
        ("รับอุทธรณ์ ๗๒ ตัวชี้วัด และ ๘๕.๑๓%", [(72.0, 0, "๗๒", False), (85.13, 2, "๘๕.๑๓", True)]),
        ("ลดลง -5 และ - 3", [(-5.0, 0, "-5", False), (3.0, 0, "3", False)]),
        ("ช่วง 5-9.99 คะแนน", [(5.0, 0, "5", False), (9.99, 2, "9.99", False)]),
        ("ข้อ 1,2,3", [(1.0, 0, "1", False), (2.0, 0, "2", False), (3.0, 0, "3", False)]),
        # dates, years, reference numbers, phone numbers, list numbering, section numbers, markup
        ("ณ วันที่ 15 กันยายน 2564", []),
        ("เมื่อเทียบกับปี 2560 และ พ.ศ. ๒๕๖๔ ปีงบประมาณ 2564", []),
        ("ที่ กท 4301/176 ลงวันที่ 16/02/2564 ครั้งที่ ๑/๒๕๖๔ เวลา 10:30", []),
        ("โทร 02-123-4567 วันที่ 15-05-2564", []),
        ("1. โครงการ 2) กิจกรรม (๓) ข้อ", []),
        ("<p>๕.๑ รายละเอียด</p> 5.1.1 ข้อ", []),
        ('<td colspan="2">', []),
        ("COVID-19 และ A5", []),
        ("(ร้อยละ 10) ร้อยละ 10", [(10.0, 0, "10", True), (10.0, 0, "10", True)]),
        ("ได้ 1,500.- บาท", [(1500.0, 0, "1,500", False)]),
    ],
)
def test_find_numbers(text: str, expected: list[tuple[float, int, str, bool]]) -> None:
    assert _found(text) == expected


def test_find_numbers_offsets_with_invisible_and_thai_digits() -> None:
    text = "จํานวน ๑\u200b๒ แห่ง และ 3,015.865 ตัน"
    found = find_numbers(text)
    assert [(n.value, n.raw, n.pos, n.endpos) for n in found] == [
        (12.0, "๑\u200b๒", 7, 10),
        (3015.865, "3,015.865", 20, 29),
    ]
    assert all(text[n.pos : n.endpos] == n.raw for n in found)


def test_prepare_maps_offsets_back() -> None:
    p = prepare("ร้อยละ\u200b ๘๕ จํานวน")
    assert p.text == "ร้อยละ 85 จำนวน"
    assert p.raw(7, 9) == "๘๕"
    assert p.raw(10, 15) == "จํานวน"


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [
        ("ร้อยละ 35.47", 35.47, 2),
        ("35.47%", 35.47, 2),
        ("35.47 %", 35.47, 2),
        ("ร้อยละ ๘๕.๑๓", 85.13, 2),
        ("ร้อยละ ๑๐๐", 100.0, 0),
        ("รอยละ 88.314", 88.314, 3),
        ("ร้อยละ88.314", 88.314, 3),
        ("50 เปอร์เซ็นต์", 50.0, 0),
        ("ร้อยละ -2.5", -2.5, 1),
    ],
)
def test_parse_percent(text: str, value: float, decimals: int) -> None:
    assert parse_percent(text) == Number(value, decimals, text, 0, len(text), True)


@pytest.mark.parametrize("text", ["35.47", "ร้อยละ", "ร้อยละ abc", "%"])
def test_parse_percent_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_percent(text)


@pytest.mark.parametrize(
    ("text", "low", "high", "percent"),
    [
        ("5 - 9.99", (5.0, 0, "5"), (9.99, 2, "9.99"), False),
        ("๕-๙.๙๙", (5.0, 0, "๕"), (9.99, 2, "๙.๙๙"), False),
        ("5 – 9.99", (5.0, 0, "5"), (9.99, 2, "9.99"), False),
        ("10 ถึง 20", (10.0, 0, "10"), (20.0, 0, "20"), False),
        ("ร้อยละ 80 - 89.99", (80.0, 0, "80"), (89.99, 2, "89.99"), True),
        ("1,000-2,000", (1000.0, 0, "1,000"), (2000.0, 0, "2,000"), False),
        ("-5 - -1", (-5.0, 0, "-5"), (-1.0, 0, "-1"), False),
    ],
)
def test_parse_range(
    text: str, low: tuple[float, int, str], high: tuple[float, int, str], percent: bool
) -> None:
    r = parse_range(text)
    assert (r.low.value, r.low.decimals, r.low.raw) == low
    assert (r.high.value, r.high.decimals, r.high.raw) == high
    assert (r.low.percent, r.high.percent, r.raw) == (percent, percent, text)
    assert text[r.high.pos : r.high.endpos] == r.high.raw


@pytest.mark.parametrize("text", ["5", "5 - ", "a - b", "5 - 6 - 7"])
def test_parse_range_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_range(text)


@pytest.mark.parametrize(
    ("value", "decimals", "kwargs", "expected"),
    [
        (16758.457, 3, {}, "16,758.457"),
        (2.675, 2, {}, "2.68"),
        (0.125, 2, {}, "0.13"),
        (88.3, 3, {}, "88.300"),
        (1234567.0, 0, {"thousands": False}, "1234567"),
        (16758.457, 3, {"thai_digits": True}, "๑๖,๗๕๘.๔๕๗"),
        (-1234.5, 1, {}, "-1,234.5"),
        (-0.001, 2, {}, "0.00"),
        (2450000.0, -5, {}, "2,500,000"),
    ],
)
def test_format_number(value: float, decimals: int, kwargs: dict[str, bool], expected: str) -> None:
    assert format_number(value, decimals, **kwargs) == expected


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
    st.booleans(),
)
def test_format_parse_round_trip(units: int, decimals: int, thousands: bool, thai: bool) -> None:
    value = float(Decimal(units).scaleb(-decimals))
    text = format_number(value, decimals, thousands=thousands, thai_digits=thai)
    n = parse_number(text)
    assert (n.value, n.decimals, n.raw) == (value, decimals, text)


@given(
    st.integers(min_value=0, max_value=100_000),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
    st.sampled_from(["ร้อยละ {}", "{}%", "{} %", "ร้อยละ{}"]),
)
def test_percent_round_trip(units: int, decimals: int, thai: bool, template: str) -> None:
    value = float(Decimal(units).scaleb(-decimals))
    text = template.format(format_number(value, decimals, thai_digits=thai))
    n = parse_percent(text)
    assert (n.value, n.decimals, n.percent, n.raw) == (value, decimals, True, text)
    assert [(m.value, m.percent) for m in find_numbers(f"คิดเป็น{text} ของทั้งหมด")] == [(value, True)]


def test_thai_and_arabic_digits_agree() -> None:
    text = "16,758.457 ตัน 13,742.592 ตัน"
    arabic = [(n.value, n.decimals) for n in find_numbers(text)]
    thai = [(n.value, n.decimals) for n in find_numbers(to_thai(text))]
    assert arabic == thai == [(16758.457, 3), (13742.592, 3)]
