"""Areas: ไร่ / งาน / ตารางวา / ตารางเมตร, a-b-c notation, formatting and round trips."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normalizers.area
from normalizers.area import (
    MSG_M2_AFTER_RAI,
    MSG_NGAN_RANGE,
    MSG_WA_RANGE,
    Area,
    find_areas,
    format_rai_ngan_wa,
    parse_area,
    parse_rai_ngan_wa,
)
from normalizers.digits import to_thai
from normalizers.errors import NormalizeError


@pytest.mark.parametrize(
    ("text", "m2", "parts", "decimals"),
    [
        ("1 ไร่ 1 งาน 55.63 ตารางวา", 2222.52, {"rai": 1.0, "ngan": 1.0, "wa": 55.63}, 2),
        ("321.50 ตารางวา", 1286.0, {"wa": 321.5}, 2),
        ("2,222.52 ตารางเมตร", 2222.52, {"m2": 2222.52}, 2),
        ("15 ตร.ว.", 60.0, {"wa": 15.0}, 0),
        ("15 ตรว.", 60.0, {"wa": 15.0}, 0),
        ("15 ตร.วา", 60.0, {"wa": 15.0}, 0),
        ("2,162.40 ตร.ม.", 2162.4, {"m2": 2162.4}, 2),
        ("๑ ไร่ ๑ งาน ๕๕.๖๓ ตารางวา", 2222.52, {"rai": 1.0, "ngan": 1.0, "wa": 55.63}, 2),
        ("1 ไร่ 1 งาน 55.63 ตาราง\u200bวา", 2222.52, {"rai": 1.0, "ngan": 1.0, "wa": 55.63}, 2),
        ("1ไร่ 55 ตารางวา", 1820.0, {"rai": 1.0, "wa": 55.0}, 0),
        ("3 ไร่", 4800.0, {"rai": 3.0}, 0),
        ("1 งาน 50 ตารางวา", 600.0, {"ngan": 1.0, "wa": 50.0}, 0),
        ("2 งาน", 800.0, {"ngan": 2.0}, 0),
        ("5.536 ตารางกิโลเมตร", 5536000.0, {"km2": 5.536}, 3),
        ("8-3-96", 14384.0, {"rai": 8.0, "ngan": 3.0, "wa": 96.0}, 0),
        ("๒-๐-๕๐.๕ ไร่", 3402.0, {"rai": 2.0, "ngan": 0.0, "wa": 50.5}, 1),
    ],
)
def test_parse_area(text: str, m2: float, parts: dict[str, float], decimals: int) -> None:
    a = parse_area(text)
    assert (a.m2, a.parts, a.decimals, a.suspicious, a.likely_m2) == (m2, parts, decimals, None, None)
    assert (a.raw, a.pos, a.endpos) == (text, 0, len(text))


def test_rai_ngan_followed_by_square_metres_is_flagged_not_repaired() -> None:
    a = parse_area("1 ไร่ 1 งาน 40.60 ตารางเมตร")
    assert a == Area(
        m2=2040.6,
        raw="1 ไร่ 1 งาน 40.60 ตารางเมตร",
        parts={"rai": 1.0, "ngan": 1.0, "m2": 40.6},
        decimals=2,
        suspicious=MSG_M2_AFTER_RAI,
        likely_m2=2162.4,
        pos=0,
        endpos=27,
    )


@pytest.mark.parametrize(
    ("text", "m2", "suspicious", "likely"),
    [
        ("1 ไร่ 250 ตารางเมตร", 1850.0, MSG_M2_AFTER_RAI, None),
        ("2 งาน 10 ตร.ม.", 810.0, MSG_M2_AFTER_RAI, 840.0),
        ("1 ไร่ 5 งาน", 3600.0, MSG_NGAN_RANGE, None),
        ("1 ไร่ 150 ตารางวา", 2200.0, MSG_WA_RANGE, None),
    ],
)
def test_implausible_mixes(text: str, m2: float, suspicious: str, likely: float | None) -> None:
    a = parse_area(text)
    assert (a.m2, a.suspicious, a.likely_m2) == (m2, suspicious, likely)


def test_find_areas_in_text_order_with_offsets() -> None:
    text = (
        "รวม 5 แห่ง ขนาดพื้นที่ 1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร "
        "และที่ดินเนื้อที่ ๘-๓-๙๖ ผลงาน 2 งาน"
    )
    found = find_areas(text)
    assert [(a.raw, a.m2) for a in found] == [
        ("1 ไร่ 1 งาน 55.63 ตารางวา", 2222.52),
        ("2,222.52 ตารางเมตร", 2222.52),
        ("๘-๓-๙๖", 14384.0),
    ]
    assert all(text[a.pos : a.endpos] == a.raw for a in found)


@pytest.mark.parametrize(
    "text",
    [
        "โทร 02-123-4567",
        "วันที่ 15-05-2564",
        "ข้อ 1-2-3",
        "ผลงาน 2 งาน",
        "หน่วยงาน 5 แห่ง",
        "ตารางวา",
        "พื้นที่ 1-5-20",  # งาน > 3 without an explicit ไร่: not read as an area
        '<td colspan="2">',
    ],
)
def test_find_areas_ignores(text: str) -> None:
    assert find_areas(text) == []


@pytest.mark.parametrize(
    ("text", "parts", "m2"),
    [
        ("8-3-96", (8.0, 3.0, 96.0), 14384.0),
        ("2-0-50", (2.0, 0.0, 50.0), 3400.0),
        ("๒ - ๐ - ๕๐", (2.0, 0.0, 50.0), 3400.0),
        ("2-0-50 ไร่", (2.0, 0.0, 50.0), 3400.0),
        ("1-1-55.63", (1.0, 1.0, 55.63), 2222.52),
        ("-", (0.0, 0.0, 0.0), 0.0),
        ("2\t-\t50", (2.0, 0.0, 50.0), 3400.0),
        ("-\t3\t-", (0.0, 3.0, 0.0), 1200.0),
        ("2 - 50", (2.0, 0.0, 50.0), 3400.0),
    ],
)
def test_parse_rai_ngan_wa(text: str, parts: tuple[float, float, float], m2: float) -> None:
    a = parse_rai_ngan_wa(text)
    assert (a.parts["rai"], a.parts["ngan"], a.parts["wa"]) == parts
    assert a.m2 == m2
    assert a.raw == text.strip()


def test_parse_rai_ngan_wa_out_of_range_kept_as_written() -> None:
    a = parse_rai_ngan_wa("1-5-20")
    assert (a.m2, a.suspicious) == (3680.0, MSG_NGAN_RANGE)


@pytest.mark.parametrize("text", ["", "abc", "1-2", "1-2-3-4", "5 ตารางวา"])
def test_parse_rai_ngan_wa_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_rai_ngan_wa(text)


@pytest.mark.parametrize("text", ["", "abc", "5", "15 ตารางวา และ 3 ไร่", "ผลงาน"])
def test_parse_area_rejects(text: str) -> None:
    with pytest.raises(NormalizeError):
        parse_area(text)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1, 1, 55.63), {}, "1 ไร่ 1 งาน 55.63 ตารางวา"),
        ((1, 1, 55.63), {"style": "dash"}, "1-1-55.63"),
        ((8, 3, 96), {"style": "dash", "thai_digits": True}, "๘-๓-๙๖"),
        ((0, 0, 15), {}, "15 ตารางวา"),
        ((2, 0, 0), {}, "2 ไร่"),
        ((0, 0, 0), {}, "0 ตารางวา"),
        ((1, 0, 40.6), {"decimals": 2}, "1 ไร่ 40.60 ตารางวา"),
        ((1200, 0, 0), {}, "1,200 ไร่"),
    ],
)
def test_format_rai_ngan_wa(args: tuple[int, int, float], kwargs: dict[str, object], expected: str) -> None:
    assert format_rai_ngan_wa(*args, **kwargs) == expected  # type: ignore[arg-type]


def test_format_rai_ngan_wa_unknown_style() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        format_rai_ngan_wa(1, 1, 1, "roman")


@given(
    st.integers(min_value=0, max_value=500),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=39999),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["words", "dash"]),
    st.booleans(),
)
def test_rai_ngan_wa_round_trip(
    rai: int, ngan: int, wa_units: int, decimals: int, style: str, thai: bool
) -> None:
    wa_exact = Decimal(wa_units // 10 ** (2 - decimals)).scaleb(-decimals)  # 0-399.99, 0-2 decimals
    wa = float(wa_exact)
    text = format_rai_ngan_wa(rai, ngan, wa, style, decimals=decimals, thai_digits=thai)
    a = parse_area(text)
    assert a.m2 == float(rai * 1600 + ngan * 400 + wa_exact * 4)
    got = (a.parts.get("rai", 0.0), a.parts.get("ngan", 0.0), a.parts.get("wa", 0.0))
    assert got == (float(rai), float(ngan), wa)
    if "wa" in a.parts:
        assert a.decimals == decimals
    assert a.raw == text
    assert parse_area(to_thai(text)).m2 == a.m2


def test_module_doctests() -> None:
    result = doctest.testmod(normalizers.area)
    assert (result.failed, result.attempted > 0) == (0, True)


@pytest.mark.parametrize(
    ("text", "raw", "parts", "m2"),
    [
        ("เนื้อที่ 8 - 3 - 96 ไร่", "8 - 3 - 96 ไร่", {"rai": 8.0, "ngan": 3.0, "wa": 96.0}, 14384.0),
        ("ที่ดิน ๘ – ๓ – ๙๖ ไร่", "๘ – ๓ – ๙๖ ไร่", {"rai": 8.0, "ngan": 3.0, "wa": 96.0}, 14384.0),
        ("1 - 2 - 3 ไร่ งาน ตารางวา", "1 - 2 - 3 ไร่ งาน ตารางวา",
         {"rai": 1.0, "ngan": 2.0, "wa": 3.0}, 2412.0),
    ],
)
def test_regression_spaced_rai_ngan_wa_is_not_read_as_its_last_part_in_rai(
    text: str, raw: str, parts: dict[str, float], m2: float
) -> None:
    # bug: "8 - 3 - 96 ไร่" came out as "96 ไร่" = 153,600 m² (the 8-3 was dropped)
    assert [(a.raw, a.parts, a.m2) for a in find_areas(text)] == [(raw, parts, m2)]


@pytest.mark.parametrize("text", ["เนื้อที่ 8 - 3 - 96", "15 - 05 - 2564", "ข้อ 1 - 2 - 3"])
def test_spaced_a_b_c_needs_rai_after_it(text: str) -> None:
    assert find_areas(text) == []
