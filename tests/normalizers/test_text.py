"""Tests for normalizers.text: repair, fold, lost-mark-tolerant label matching, spacing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.text import (
    PUA_MAP,
    clean,
    collapse_spaces,
    contains_label,
    find_label,
    fold,
    fold_index,
    join_wrapped,
    startswith_label,
)

SEED = Path(__file__).resolve().parents[2] / "raw_docs" / "bangrak_fy2564_ocr.txt"

# --- clean: private-use glyphs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ร\uf70bอยละ", "ร้อยละ"),  # F70B ไม้โท ต่ำ
        ("องค\uf70eประกอบ", "องค์ประกอบ"),  # F70E ทัณฑฆาต ต่ำ
        ("ที\uf70a", "ที่"),  # F70A ไม้เอก ต่ำ
        ("ป\uf714า", "ป้า"),  # F714 ไม้โท เลื่อนซ้าย
        ("ป\uf717", "ป์"),  # F717 ทัณฑฆาต เลื่อนซ้าย
        ("ป\uf701\uf713", "ปิ่"),  # F701 สระอิ เลื่อนซ้าย + F713 ไม้เอก เลื่อนซ้าย
        ("ฟ\uf702", "ฟี"),  # F702 สระอี เลื่อนซ้าย
        ("ก\uf710น", "กัน"),  # F710 ไม้หันอากาศ เลื่อนซ้าย
        ("เก\uf712บ", "เก็บ"),  # F712 ไม้ไต่คู้ เลื่อนซ้าย
        ("ท\uf711า", "ทำ"),  # F711 นิคหิต + า -> สระอำ
        ("\uf700าน", "ฐาน"),  # F700 ฐ ไม่มีเชิง
        ("\uf70fาติ", "ญาติ"),  # F70F ญ ไม่มีเชิง
        ("ฎ\uf718", "ฎุ"),  # F718 สระอุ ลดต่ำ
        ("ฏ\uf719", "ฏู"),  # F719 สระอู ลดต่ำ
        ("พ\uf71a", "พฺ"),  # F71A พินทุ ลดต่ำ
        ("ร\uf88eอยละ", "ร้อยละ"),  # Mac PUA F88E ไม้โท ต่ำ
    ],
)
def test_clean_maps_private_use_glyphs(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_pua_map_covers_the_windows_block() -> None:
    assert sorted(PUA_MAP)[:27] == [chr(c) for c in range(0xF700, 0xF71B)]
    assert len(PUA_MAP) == 27 + 27


# --- clean: marks, SARA AM, invisible characters -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ชีว้ ัด", "ชี้วัด"),  # วรรณยุกต์ของพยางค์ก่อนหน้า ถูกเรียงผิดที่
        ("ตัวชีว้ ัด", "ตัวชี้วัด"),
        ("การต้ ัง", "การตั้ง"),  # ไม่มีสระบนก่อนหน้า: สลับในพยางค์เดียวกัน
        ("ที่ด้ ิน", "ที่ดิ้น"),
        ("ผู ้", "ผู้"),  # space before a mark
        ("ก้ิน", "กิ้น"),  # tone mark before the vowel on one base
        ("ท ำ", "ทำ"),
        ("ทํา", "ทำ"),
        ("น้ํา", "น้ำ"),
        ("นํ้า", "น้ำ"),
        ("ทาํ", "ทำ"),
        ("ทำา", "ทำ"),
        ("นำ้", "น้ำ"),
        ("ทำำ", "ทำ"),
        ("ก่่", "ก่"),
        ("กิิ", "กิ"),
        ("ก่่ ิ", "กิ่"),
        ("จําแนก", "จำแนก"),
        ("สํารวจ", "สำรวจ"),
    ],
)
def test_clean_repairs_marks_and_sara_am(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("การ\u200bดำเนินงาน", "การดำเนินงาน"),
        ("การ\u200cดำ\u200dเนิน\u2060งาน\ufeff", "การดำเนินงาน"),
        ("ประ\u00adสิทธิภาพ", "ประสิทธิภาพ"),
        ("สำนักงาน\u00a0เขต", "สำนักงาน เขต"),
        ("ที\u200b่", "ที่"),  # zero-width space between a base and its mark
        ("e\u0301", "é"),  # NFC
    ],
)
def test_clean_removes_invisible_characters(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize("raw", ["๒๕๖๔", "ﬁ", "①", "คำ", "ร้อยละ 88.314 (ระดับ 5)", "a\tb\nc", "■ **x**"])
def test_clean_leaves_digits_and_compatibility_forms_alone(raw: str) -> None:
    assert clean(raw) == raw


def test_clean_on_seed_fixes_only_its_decomposed_sara_am() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert text.count("ํา") == 4  # สํารวจ x2, จําแนก x2
    assert clean(text) == text.replace("ํา", "ำ")


# --- fold ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("สานักงานเขตบางรัก", "สำนักงานเขตบางรัก"),
        ("ผลการดาเนินงาน", "ผลการดำเนินงาน"),
        ("ประจาปี", "ประจำปี"),
        ("รอยละ", "ร้อยละ"),
        ("องคประกอบ", "องค์ประกอบ"),
        ("สำนักงาน เขต บางรัก", "สำนักงานเขตบางรัก"),
        ("ทํา", "ทำ"),
        ("ปี ๒๕๖๔", "ปี 2564"),
        ("KPI", "kpi"),
        ("สํา\u200bนัก", "สำนัก"),
    ],
)
def test_fold_equates_damaged_spellings(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("กิน", "กัน"), ("ปี", "ปู"), ("ตัว", "ตว"), ("ดี", "ดิ"), ("ขุ", "ขู")])
def test_fold_keeps_vowels_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("สำนักงานเขตบางรัก", "สานักงานเขตบางรัก"),
        ("ร้อยละ ๘๘.๓๑๔", "รอยละ88.314"),
        ("องค์ประกอบที่ 2", "องคประกอบที2"),
        ("เก็บ", "เกบ"),
        ("น้ำหนัก\t(ร้อยละ)", "นาหนัก(รอยละ)"),
    ],
)
def test_fold_exact(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_index_maps_back_to_the_original() -> None:
    index = fold_index("ทํา ๑")
    assert index.folded == "ทา1"
    assert index.starts == (0, 2, 4)
    assert index.ends == (2, 3, 5)


# --- find_label and friends -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "span"),
    [
        ("1.5 สํารวจป้าย", "สำรวจ", (4, 10)),
        ("ผลการดาเนินงาน ปี 2564", "ผลการดำเนินงาน", (0, 14)),
        ("หน่วยงาน : สานักงาน เขตบางรัก\t\t", "สำนักงานเขตบางรัก", (11, 29)),
        ("■ ตัวชี้ว ัดที่ 1", "ตัวชี้วัด", (2, 12)),
        ("คะแนนที่ได้", "ที่ได้", (5, 11)),  # trailing tone mark belongs to the span
        ("คะแนนทีได", "ที่ได้", (5, 9)),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๔", "พ.ศ. 2564", (11, 20)),
        ("ไม่มี", "ตัวชี้วัด", None),
        ("อะไรก็ได้", "", None),
    ],
)
def test_find_label_spans(text: str, label: str, span: tuple[int, int] | None) -> None:
    assert find_label(text, label) == span


def test_find_label_on_seed_lines() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    label = "จำแนกตามตัวชี้วัด"
    spans = [find_label(line, label) for line in lines]
    found = [line[s[0] : s[1]] for line, s in zip(lines, spans, strict=True) if s is not None]
    assert found == ["จำแนกตามตัวชี้วัด"] * 2 + ["จําแนกตามตัวชี้วัด"] * 2 + ["จำแนกตามตัวชี้วัด"]


def test_contains_label() -> None:
    assert contains_label("ชื่อหน่วยงานผู้รับการประเมิน :สานักงานเขตบางรัก.....", "สำนักงานเขต")
    assert not contains_label("สำนักงานเขตบางรัก", "สำนักการโยธา")
    assert not contains_label("สำนักงานเขตบางรัก", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ปัจจัยสนับสนุน", True),
        ("  ปัจจัยสนับสนุน :", True),
        ("■ ปัจจัยสนับสนุน", True),
        ("▪ปัจจัยสนับสนุน", True),
        ("<p>ปัจจัยสนับสนุน</p>", True),
        ("<td><p>**ปัจจัยสนับสนุน**</p>", True),
        ("- ปัจจัยสนับสนุน", True),
        ("ไม่มีปัจจัยสนับสนุน", False),
        ("1. ปัจจัยสนับสนุน", False),
        ("", False),
    ],
)
def test_startswith_label(text: str, expected: bool) -> None:
    assert startswith_label(text, "ปัจจัยสนับสนุน") is expected


# --- spacing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("ระดับความสำเร็จของการ", "ดำเนินงาน", "ระดับความสำเร็จของการดำเนินงาน"),
        ("ระดับความสำเร็จของการ ", "  ดำเนินงาน", "ระดับความสำเร็จของการดำเนินงาน"),
        ("การพัฒนา", "เมือง", "การพัฒนาเมือง"),  # leading vowel เ
        ("ผู", "้บริหาร", "ผู้บริหาร"),  # a cluster split by the wrap
        ("ร้อยละ", "88.31", "ร้อยละ 88.31"),
        ("ปี", "๒๕๖๔", "ปี ๒๕๖๔"),
        ("(Agenda", "Base)", "(Agenda Base)"),
        ("ต่างๆ", "ริมคลอง", "ต่างๆ ริมคลอง"),
        ("รักษาฯ", "เก็บขยะ", "รักษาฯ เก็บขยะ"),
        ("งาน", "(ต่อ)", "งาน (ต่อ)"),
        ("", "ดำเนินงาน", "ดำเนินงาน"),
        ("ดำเนินงาน ", "", "ดำเนินงาน"),
    ],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined


def test_collapse_spaces() -> None:
    assert collapse_spaces("  สำนักงาน \u00a0 เขต\tบางรัก \n") == "สำนักงาน เขต บางรัก"
    assert collapse_spaces("") == ""


# --- properties ----------------------------------------------------------------------------------

_THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable())
_ALPHABET = (
    _THAI
    + "".join(PUA_MAP)
    + "  \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad"
    + "abcAZ09.,:()-■<>/*"
    + "\u0301\u0308éﬁİß"
)
thai_text = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=600)
@given(thai_text)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=600)
@given(thai_text)
def test_fold_survives_clean(text: str) -> None:
    assert fold(clean(text)) == fold(text)


_LABELS = [
    "ผลการดำเนินงาน",
    "ค่าคะแนนที่ได้",
    "คะแนนถ่วงน้ำหนัก",
    "น้ำหนัก",
    "องค์ประกอบที่",
    "ตัวชี้วัด",
    "สำนักงานเขตบางรัก",
    "ระดับความสำเร็จ",
    "คำชี้แจง",
    "จำแนกตามตัวชี้วัด",
]
# Filler that cannot merge with a label: consonants, Latin, digits and spaces (no marks, no า).
_FILLER = st.text(alphabet="กขคงจฉชซฌฎฏฐฑฒณบปผฝพฟภมยรลวศษสหฬอฮabcxyz0123456789 ", max_size=30)


def _damage(label: str, how: str, cut: int) -> str:
    if how == "am-lost":
        return label.replace("ำ", "า")
    if how == "tones-dropped":
        return "".join(c for c in label if c not in "่้๊๋์")
    if how == "am-decomposed":
        return label.replace("ำ", "ํา")
    if how == "zwsp":
        k = 1 + cut % (len(label) - 1)
        return label[:k] + "\u200b" + label[k:]
    return label.replace("ำ", "า").replace("่", "").replace("้", "")


@settings(max_examples=400)
@given(
    _FILLER,
    st.sampled_from(_LABELS),
    st.sampled_from(["am-lost", "tones-dropped", "am-decomposed", "zwsp", "both"]),
    st.integers(min_value=0, max_value=1000),
    _FILLER,
)
def test_find_label_finds_damaged_labels(prefix: str, label: str, how: str, cut: int, suffix: str) -> None:
    damaged = _damage(label, how, cut)
    text = prefix + damaged + suffix
    expected = (len(prefix), len(prefix) + len(damaged))
    assert find_label(text, label) == expected
    assert find_label(text, damaged) == expected
    assert contains_label(text, label)


@pytest.mark.parametrize(
    "text",
    ["? จุดอ่อน", "\ufffd จุดอ่อน", "\uf0d8 จุดอ่อน", "➢ จุดอ่อน", "❖จุดอ่อน", "<p>■ **จุดอ่อน**</p>", "## จุดอ่อน"],
)
def test_any_leading_bullet_is_decoration(text: str) -> None:
    # regression: only a fixed list of bullets was skipped, so "? จุดอ่อน" (■ lost to cp874) was no heading
    assert startswith_label(text, "จุดอ่อน") is True


def test_letters_digits_and_brackets_are_not_decoration() -> None:
    assert [startswith_label(t, "จุดอ่อน") for t in ("ไม่มีจุดอ่อน", "1 จุดอ่อน", "(จุดอ่อน)")] == [False, False, False]


# --- one mark-tolerant matcher, one zero-width set, one month table ---------------------------------


@pytest.mark.parametrize(
    ("word", "text", "kept_vowels", "loose_vowels"),
    [
        ("ร้อยละ", "รอยละ", True, True),  # a lost tone mark
        ("เปอร์เซ็นต์", "เปอรเซนต", True, True),  # lost ์ and ็
        ("จำนวน", "จานวน", True, True),  # ำ lost to า
        ("จำนวน", "จํานวน", True, True),  # ำ decomposed
        ("จำนวน", "จำานวน", True, True),  # ำ doubled with า
        ("ณ วันที่", "ณ  วันที่", True, True),  # any run of spaces
        ("ณ วันที่", "ณ\tวันที่", False, False),  # never across a cell
        ("ตัน", "ตน", False, True),  # a lost vowel only where vowels are loose
        ("กุมภาพันธ์", "กุมภาพินธ", False, True),  # a swapped vowel likewise
        ("ข้อ", "ขอ", False, False),  # two letters: exact, whatever the mode
    ],
)
def test_one_tolerant_matcher(word: str, text: str, kept_vowels: bool, loose_vowels: bool) -> None:
    import re

    from normalizers.text import tolerant_pattern

    assert bool(re.fullmatch(tolerant_pattern(word), text)) is kept_vowels
    assert bool(re.fullmatch(tolerant_pattern(word, loose_vowels=True), text)) is loose_vowels


def test_numbers_and_dates_use_the_one_matcher_and_tables() -> None:
    import normalizers.dates as dates
    import normalizers.numbers as numbers
    from normalizers import months, text

    assert numbers.word_pattern is text.tolerant_pattern
    assert dates._tolerant("เดือน") == text.tolerant_pattern("เดือน", loose_vowels=True)
    assert dates._tolerant_atoms("ตุลา") == text.tolerant_atoms("ตุลา", loose_vowels=True)
    assert numbers._INVISIBLE == frozenset(text.ZERO_WIDTH)
    assert dates.MONTHS is months.MONTHS
    assert numbers.HSPACE is text.HSPACE
    assert months.FULL_NAMES[1] == "กุมภาพันธ์" and months.ABBREVIATIONS[1] == "ก.พ."
    assert len(months.MONTHS) == 12


def test_numbers_prepare_maps_every_thai_pua_glyph_of_clean() -> None:
    from normalizers.numbers import prepare

    # Windows (U+F70B) and Mac (U+F88E) PUA MAI THO, a left-shifted SARA I (U+F701), NBSP, minus sign
    p = prepare("ร\uf70bอยละ ร\uf88eอยละ ท\uf701\u00a0\u22125")
    assert p.text == "ร้อยละ ร้อยละ ทิ -5"
    assert p.text.replace(" ", "") == clean(p.original).replace("\u2212", "-").replace(" ", "")
