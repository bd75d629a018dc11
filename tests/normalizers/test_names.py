"""Tests for normalizers.names: the agency table, agency matching, indicator-name similarity."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.names import (
    Agency,
    agencies,
    best_name_match,
    canonical_agency,
    find_agencies,
    name_similarity,
    parse_agency_table,
)
from normalizers.text import fold

SEED = Path(__file__).resolve().parents[2] / "raw_docs" / "bangrak_fy2564_ocr.txt"

DISTRICTS = [a for a in agencies() if a.kind == "district"]
DEPARTMENTS = [a for a in agencies() if a.kind == "department"]


# --- the table -------------------------------------------------------------------------------------


def test_table_has_the_50_districts() -> None:
    names = [a.district for a in DISTRICTS]
    assert len(names) == 50
    assert len(set(names)) == 50
    assert names[:4] == ["พระนคร", "ดุสิต", "หนองจอก", "บางรัก"]
    assert names[-1] == "บางบอน"
    assert all(a.canonical == "สำนักงานเขต" + str(a.district) for a in DISTRICTS)


def test_table_has_the_departments_of_the_brief() -> None:
    canonical = {a.canonical for a in DEPARTMENTS}
    for name in [
        "สำนักปลัดกรุงเทพมหานคร",
        "สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร",
        "สำนักงานเลขานุการสภากรุงเทพมหานคร",
        "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",
        "สำนักการแพทย์",
        "สำนักอนามัย",
        "สำนักการศึกษา",
        "สำนักการโยธา",
        "สำนักการระบายน้ำ",
        "สำนักสิ่งแวดล้อม",
        "สำนักการจราจรและขนส่ง",
        "สำนักเทศกิจ",
        "สำนักพัฒนาสังคม",
        "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว",
        "สำนักการคลัง",
        "สำนักงบประมาณกรุงเทพมหานคร",
        "สำนักยุทธศาสตร์และประเมินผล",
        "สำนักผังเมือง",
        "สำนักป้องกันและบรรเทาสาธารณภัย",
        "สำนักงานตรวจสอบภายใน",
        "สำนักงานการต่างประเทศ",
        "สำนักงานกฎหมายและคดี",
        "สำนักงานประชาสัมพันธ์",
    ]:
        assert name in canonical
    assert all(a.district is None for a in DEPARTMENTS)


def test_table_names_are_clean_and_distinct_when_folded() -> None:
    keys = [fold(name) for a in agencies() for name in (a.canonical, *a.aliases)]
    assert len(keys) == len(set(keys))
    for a in agencies():
        assert "ํ" not in a.canonical and "  " not in a.canonical


def test_parse_agency_table() -> None:
    text = "# comment\n\ndistrict\tสำนักงานเขตบางรัก\t\ndepartment\tสำนักปลัดกรุงเทพมหานคร\tสำนักปลัด กทม.|สปก.\n"
    assert parse_agency_table(text) == (
        Agency("district", "สำนักงานเขตบางรัก", ()),
        Agency("department", "สำนักปลัดกรุงเทพมหานคร", ("สำนักปลัด กทม.", "สปก.")),
    )


# --- canonical_agency ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("สำนักงานเขตบางรัก", "สำนักงานเขตบางรัก"),
        ("สานักงานเขตบางรัก", "สำนักงานเขตบางรัก"),  # SARA AM lost
        ("สํานักงานเขตบางรัก", "สำนักงานเขตบางรัก"),  # SARA AM decomposed
        ("สำนักงาน เขตบางรัก", "สำนักงานเขตบางรัก"),
        ("ชื่อหน่วยงานผู้รับการประเมิน :สำนักงานเขตบางรัก.....", "สำนักงานเขตบางรัก"),
        ("หน่วยงาน : สำนักงานเขตบางรัก\t\t\t\t\t", "สำนักงานเขตบางรัก"),
        ("สำนักงานเขตบางกอกนอย", "สำนักงานเขตบางกอกน้อย"),  # tone mark lost
        ("สำนักงานเขตบางกอกใหญ", "สำนักงานเขตบางกอกใหญ่"),
        ("สำนักงานเขตราษฎรบูรณะ", "สำนักงานเขตราษฎร์บูรณะ"),
        ("สำนักงานเขตป้อมปราบศัตรูพ่าย", "สำนักงานเขตป้อมปราบศัตรูพ่าย"),
        ("สํานักงานเขตคลองสามวา", "สำนักงานเขตคลองสามวา"),
        ("สำนักงานเขตคลองสาน", "สำนักงานเขตคลองสาน"),
        ("สำนักงานเขตทวีวัฒนา", "สำนักงานเขตทวีวัฒนา"),
        ("สำนักงานเขตวัฒนา", "สำนักงานเขตวัฒนา"),
        ("ผู้อำนวยการเขตบางรัก", "สำนักงานเขตบางรัก"),  # short form
        ("ในพื้นที่เขตปทุมวัน รายงานโดยสำนักงานเขตบางรัก", "สำนักงานเขตบางรัก"),  # full name first
        ("สำนักงาน ก.ก.", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร"),
        ("สำนักวัฒนธรรมกีฬาและการท่องเที่ยว", "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว"),
        ("(สำนัก การระบายน้ำ)", "สำนักการระบายน้ำ"),
        ("สานักการแพทย", "สำนักการแพทย์"),
        ("บางรัก", None),  # a bare district name is not an agency
        ("ถนนบางกอกน้อย", None),
        ("สำนักงานเขต", None),
        ("", None),
    ],
)
def test_canonical_agency(text: str, expected: str | None) -> None:
    assert canonical_agency(text) == expected


def test_canonical_agency_of_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert canonical_agency(text) == "สำนักงานเขตบางรัก"
    found = {name for name, _, _ in find_agencies(text)}
    assert found == {
        "สำนักงานเขตบางรัก",
        "สำนักยุทธศาสตร์และประเมินผล",
        "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",  # as "สำนักงาน ก.ก."
        "สำนักสิ่งแวดล้อม",  # also as "สำนัก สิ่งแวดล้อม"
        "สำนักงบประมาณกรุงเทพมหานคร",
        "สำนักการระบายน้ำ",  # as "สำนัก การระบาย น้ำ"
        "สำนักอนามัย",
        "สำนักปลัดกรุงเทพมหานคร",
        "สำนักการแพทย์",
        "สำนักงานประชาสัมพันธ์",
        "สำนักการคลัง",
        "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว",
    }


def test_find_agencies_spans() -> None:
    text = "ประสานสำนัก การระบายน้ำ และเขตบางกอกน้อย"
    assert find_agencies(text) == [
        ("สำนักการระบายน้ำ", 6, 23),
        ("สำนักงานเขตบางกอกน้อย", 27, 40),
    ]
    assert text[6:23] == "สำนัก การระบายน้ำ"
    assert find_agencies("สานักงานเขตบางกอกน้อยและสำนักงานเขตบางกอกใหญ่") == [
        ("สำนักงานเขตบางกอกน้อย", 0, 21),
        ("สำนักงานเขตบางกอกใหญ่", 24, 45),
    ]
    assert find_agencies("ไม่มีหน่วยงาน") == []


def _damage(name: str, how: str, cut: int) -> str:
    if how == "am-lost":
        return name.replace("ำ", "า")
    if how == "tones-dropped":
        return "".join(c for c in name if c not in "่้๊๋์")
    if how == "am-decomposed":
        return name.replace("ำ", "ํา")
    if how == "zwsp":
        k = 1 + cut % (len(name) - 1)
        return name[:k] + "\u200b" + name[k:]
    if how == "spaced":
        k = 1 + cut % (len(name) - 1)
        return name[:k] + " " + name[k:]
    return name.replace("ำ", "า").replace("่", "").replace("้", "").replace("์", "") + "....."


@settings(max_examples=500)
@given(
    st.sampled_from(DISTRICTS),
    st.sampled_from(["am-lost", "tones-dropped", "am-decomposed", "zwsp", "spaced", "all"]),
    st.integers(min_value=0, max_value=1000),
    st.sampled_from(["", "หน่วยงาน : ", "ชื่อหน่วยงานผู้รับการประเมิน :"]),
    st.sampled_from(["", "\t\t\t", " รายงานผลการดำเนินงาน", "....."]),
)
def test_canonical_agency_finds_every_damaged_district(
    agency: Agency, how: str, cut: int, prefix: str, suffix: str
) -> None:
    damaged = _damage(agency.canonical, how, cut)
    assert canonical_agency(prefix + damaged + suffix) == agency.canonical


# --- name_similarity -------------------------------------------------------------------------------


def test_name_similarity_exact_values() -> None:
    audit = "ระดับความสำเร็จคล่องในพื้นที่"
    summary = "ระดับความสำเร็จของคลองในพื้นที่"
    assert round(name_similarity(audit, summary), 4) == 0.9434
    assert name_similarity(summary, summary) == 1.0
    assert name_similarity("ระดับความสาเร็จของคลอง", "ระดับความสำเร็จของคลอง") == 1.0
    assert name_similarity("2.1 ร้อยละของขยะ", "ร้อยละของ ขยะ") == 1.0
    assert round(name_similarity("ร้อยละของขยะ", "ระดับความสำเร็จ"), 4) == 0.16
    assert name_similarity("", "") == 1.0
    assert name_similarity("ร้อยละของขยะ", "") == 0.0


def test_name_similarity_prefers_the_right_indicator() -> None:
    summary = [
        "ระดับความสำเร็จในการเพิ่มพื้นที่สีเขียว",
        "ระดับความสำเร็จของการพัฒนาแหล่งท่องเที่ยว",
        "ระดับความสำเร็จของคลองในพื้นที่ที่ได้รับการพัฒนา",
    ]
    audit = "ระดับความสำเร็จคล่องในพื้นที่ได้รับการพัฒนา"
    best = max(summary, key=lambda name: name_similarity(audit, name))
    assert best == summary[2]


# --- best_name_match -------------------------------------------------------------------------------


def _brute_force(name: str, candidates: list[tuple[int, str]], threshold: float) -> int | None:
    """What layout did before best_name_match: name_similarity against every candidate, first max."""
    best: tuple[float, int] | None = None
    for key, other in candidates:
        score = name_similarity(name, other)
        if best is None or score > best[0]:
            best = (score, key)
    return best[1] if best is not None and best[0] >= threshold else None


def test_best_name_match_exact_answers() -> None:
    summary = [
        ("3.1", "ระดับความสำเร็จในการเพิ่มพื้นที่สีเขียว"),
        ("3.2", "ระดับความสำเร็จของการพัฒนาแหล่งท่องเที่ยว"),
        ("3.3", "ระดับความสำเร็จของคลองในพื้นที่ที่ได้รับการพัฒนา"),
    ]
    assert best_name_match("ระดับความสำเร็จคล่องในพื้นที่ได้รับการพัฒนา", summary, 0.55) == "3.3"
    assert best_name_match("ร้อยละของขยะ", summary, 0.55) is None
    assert best_name_match("ร้อยละของขยะ", [], 0.55) is None
    # equal scores: the first candidate, as a plain maximum gives
    assert best_name_match("ขยะ", [("a", "ขยะ"), ("b", "2. ขยะ"), ("c", "ขย")], 0.55) == "a"
    assert best_name_match("", [("a", "ขยะ"), ("b", "")], 0.55) == "b"


_NAME_LETTERS = st.text(alphabet="กขคงะาำ่้ 1.", max_size=10)


@settings(max_examples=300, deadline=None)
@given(
    name=_NAME_LETTERS,
    others=st.lists(_NAME_LETTERS, max_size=6),
    threshold=st.sampled_from([0.0, 0.3, 0.55, 0.9, 1.0]),
)
def test_best_name_match_is_the_first_maximum(name: str, others: list[str], threshold: float) -> None:
    """The upper bounds only skip work: the answer is the brute-force one, ties and all."""
    candidates = list(enumerate(others + others[:1]))  # a repeated name makes a tie
    assert best_name_match(name, candidates, threshold) == _brute_force(name, candidates, threshold)
