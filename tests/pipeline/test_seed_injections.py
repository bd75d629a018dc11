"""Injected inconsistencies in the seed report, end to end, for every rule of the catalogue.

Each injection is a small textual edit of printed figures in ``raw_docs/bangrak_fy2564_ocr.txt`` (found
by a string of the seed, which must occur exactly once). The edited text goes through extraction and
the checks as the pipeline's stages do (``extractors.api.extract_text``, then
``pipeline.scoring.run_checks``), and its error / warning findings are compared with the un-edited
seed's: the findings that appear and the ones that disappear are asserted exactly, as (rule, severity,
indicator, line, reported, expected). Cascades are part of the expectation (a wrong weighted score
also breaks its component total). Every text is extracted once (``functools.cache``).

Consistent edits (a figure changed together with everything that depends on it) must add nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT

from extractors.api import extract_text
from pipeline.findings import RULES, Reported
from pipeline.scoring import run_checks

SEED = Path(ROOT) / "raw_docs" / "bangrak_fy2564_ocr.txt"

#: (rule, severity, indicator, line, reported, expected) of a finding
Key = tuple[str, str, str | None, int | None, Reported, Reported]

#: the self-report's 5.2 results row and the line after it (the row alone also matches 4.1's)
SELF_5_2 = "10\tระดับ 5\t100\t\t\t\nคำชี้แจงรายละเอียดการดำเนินงาน :\t\t\t\t\t\n1. ดำเนินการตามขั้นตอนที่ 1"


@dataclass(frozen=True)
class Injection:
    id: str
    #: (seed text, replacement) pairs, applied in order
    edits: list[tuple[str, str]]
    #: findings the edit adds to the seed's
    added: list[Key]
    #: findings of the seed the edit removes
    removed: list[Key]


@cache
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@cache
def findings(text: str) -> frozenset[Key]:
    """Error and warning findings of one text, as the pipeline's stages give them."""
    doc = extract_text(text, "seed", str(SEED))
    return frozenset(
        (f.rule, f.severity, f.indicator, f.line, f.reported, f.expected)
        for f in run_checks(doc)
        if f.severity in ("error", "warning")
    )


def inject(edits: list[tuple[str, str]]) -> str:
    text = seed_text()
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the seed"
        text = text.replace(old, new)
    return text


INJECTIONS: list[Injection] = [
    # summary 2.2: 80.000 × 10 ÷ 100 printed 8.500; component 2's total 18.000 no longer adds up
    Injection(
        "weighted-score/summary",
        [
            ("80.000\t80.000\t8.000", "80.000\t80.000\t8.500"),
        ],
        [
            ("component-total", "error", None, 385, 18.0, 18.5),
            ("cross-source", "warning", "2.2", 408,
             "self_report: ระดับ 5, คะแนน 100; audit: ผล 80.500, คะแนน 80.000, คะแนนถ่วงน้ำหนัก 8.000; "
             "summary: ผล 80.000, คะแนน 80.000, คะแนนถ่วงน้ำหนัก 8.500", None),
            ("weighted-score", "error", "2.2", 386, 8.5, 8.0),
        ],
        [
            ("cross-source", "warning", "2.2", 408,
             "self_report: ระดับ 5, คะแนน 100; audit: ผล 80.500, คะแนน 80.000; "
             "summary: ผล 80.000, คะแนน 80.000", None),
        ],
    ),
    # audit 2.1 weighted score 11.000 (100 × 10 ÷ 100 = 10); the audit's component total breaks too
    Injection(
        "weighted-score/audit",
        [
            ("(ระดับ 5)\t100.000\t10.000", "(ระดับ 5)\t100.000\t11.000"),
        ],
        [
            ("component-total", "error", None, 409, 18.0, 19.0),
            ("cross-source", "warning", "2.1", 407,
             "audit: ผล 88.314, คะแนนถ่วงน้ำหนัก 11.000; summary: ผล 100.000, คะแนนถ่วงน้ำหนัก 10.000",
             None),
            ("weighted-score", "error", "2.1", 407, 11.0, 10.0),
        ],
        [
            ("cross-source", "warning", "2.1", 407, "audit: ผล 88.314; summary: ผล 100.000", None),
        ],
    ),
    # a weighted score written into the self-report's empty column: 100 × 10 ÷ 100 is 10, not 11
    Injection(
        "weighted-score/self-report",
        [
            ("1.\t10\tระดับ 5\t100\t\n2.\t10", "1.\t10\tระดับ 5\t100\t11\n2.\t10"),
        ],
        [
            ("cross-source", "warning", "2.1", 407,
             "self_report: คะแนนถ่วงน้ำหนัก 11; audit: ผล 88.314, คะแนนถ่วงน้ำหนัก 10.000; "
             "summary: ผล 100.000, คะแนนถ่วงน้ำหนัก 10.000", None),
            ("weighted-score", "error", "2.1", 26, 11.0, 10.0),
        ],
        [
            ("cross-source", "warning", "2.1", 407, "audit: ผล 88.314; summary: ผล 100.000", None),
        ],
    ),
    # audit component 2 total 18.500 against 10.000 + 8.000
    Injection(
        "component-total/audit",
        [
            ("คะแนนที่ได้\t18.000", "คะแนนที่ได้\t18.500"),
        ],
        [
            ("component-total", "error", None, 409, 18.5, 18.0),
        ],
        [],
    ),
    # summary component 2 total 19.000; the overall total is the sum of the printed component totals
    Injection(
        "component-total/summary",
        [
            ("10.000\t18.000", "10.000\t19.000"),
        ],
        [
            ("component-total", "error", None, 385, 19.0, 18.0),
            ("overall-total", "error", None, 395, 96.249, 97.249),
        ],
        [],
    ),
    # รวมเฉลี่ย 96.349 against 18.000 + 50.000 + 9.193 + 9.056 + 10.000
    Injection(
        "overall-total",
        [
            ("96.249", "96.349"),
        ],
        [
            ("overall-total", "error", None, 395, 96.349, 96.249),
        ],
        [],
    ),
    # summary 2.2 weight 12: all weights add up to 102; its weighted score no longer follows
    Injection(
        "weight-total/summary-row",
        [
            ("ร้อยละ\t10\t\t\t\t\t\t80.000", "ร้อยละ\t12\t\t\t\t\t\t80.000"),
        ],
        [
            ("cross-source", "warning", "2.2", 408,
             "self_report: น้ำหนัก 10, ระดับ 5, คะแนน 100; audit: น้ำหนัก 10, ผล 80.500, คะแนน 80.000; "
             "summary: น้ำหนัก 12, ผล 80.000, คะแนน 80.000", None),
            ("weight-total", "error", None, 395, None, 102.0),  # no printed form weight: reported None
            ("weighted-score", "error", "2.2", 386, 8.0, 9.6),
        ],
        [
            ("cross-source", "warning", "2.2", 408,
             "self_report: ระดับ 5, คะแนน 100; audit: ผล 80.500, คะแนน 80.000; "
             "summary: ผล 80.000, คะแนน 80.000", None),
        ],
    ),
    # audit 2.2 weight 12: component 2 prints 20, all audit weights add up to 102
    Injection(
        "weight-total/audit-row",
        [
            ("2.\t10\tร้อยละ 80.500", "2.\t12\tร้อยละ 80.500"),
        ],
        [
            ("cross-source", "warning", "2.2", 408,
             "self_report: น้ำหนัก 10, ระดับ 5, คะแนน 100; audit: น้ำหนัก 12, ผล 80.500, คะแนน 80.000; "
             "summary: น้ำหนัก 10, ผล 80.000, คะแนน 80.000", None),
            ("weight-total", "error", None, 409, 20.0, 22.0),
            ("weight-total", "error", None, 409, None, 102.0),  # was 611, the last audit row
            ("weighted-score", "error", "2.2", 408, 8.0, 9.6),
        ],
        [
            ("cross-source", "warning", "2.2", 408,
             "self_report: ระดับ 5, คะแนน 100; audit: ผล 80.500, คะแนน 80.000; "
             "summary: ผล 80.000, คะแนน 80.000", None),
        ],
    ),
    # self-report component 2 prints weight 25 over rows of 10 + 10
    Injection(
        "weight-total/self-report-total",
        [
            ("\t20\t\tคะแนนที่ได้\t\n", "\t25\t\tคะแนนที่ได้\t\n"),
        ],
        [
            ("weight-total", "error", None, 28, 25.0, 20.0),
        ],
        [],
    ),
    # audit 3.2 ระดับ 4 scored 100.000 (ระดับ 4 gives 90)
    Injection(
        "level-score/audit",
        [
            ("1.\t15\tระดับ 5\t100.000", "1.\t15\tระดับ 4\t100.000"),
        ],
        [
            ("cross-source", "warning", "3.2", 446,
             "self_report: ระดับ 3, คะแนน 80; audit: ระดับ 4, คะแนน 100.000; summary: คะแนน 100.000", None),
            ("level-score", "error", "3.2", 446, 100.0, 90.0),
        ],
        [
            ("cross-source", "warning", "3.2", 446,
             "self_report: ระดับ 3, คะแนน 80; audit: ระดับ 5, คะแนน 100.000; summary: คะแนน 100.000", None),
        ],
    ),
    # self-report 3.1 ระดับ 4 scored 100
    Injection(
        "level-score/self-report",
        [
            ("1.\t15\tระดับ 5\t100\t", "1.\t15\tระดับ 4\t100\t"),
        ],
        [
            ("level-score", "error", "3.1", 105, 100.0, 90.0),
        ],
        [],
    ),
    # audit 4.1 result 92.929 on criteria 60/70/80/90/100 interpolates to 92.929, printed 91.929
    Injection(
        "criteria-score/audit",
        [
            ("10\t91.929\t91.929\t9.193", "10\t92.929\t91.929\t9.193"),
        ],
        [
            ("criteria-score", "error", "4.1", 535, 91.929, 92.929),
            ("cross-source", "warning", "4.1", 535,
             "self_report: ระดับ 5, คะแนน 100; audit: ผล 92.929, คะแนน 91.929; "
             "summary: ผล 91.929, คะแนน 91.929", None),
        ],
        [
            ("cross-source", "warning", "4.1", 535,
             "self_report: ระดับ 5, คะแนน 100; audit: คะแนน 91.929; summary: คะแนน 91.929", None),
        ],
    ),
    # summary 4.1 result 81.929, printed score 91.929
    Injection(
        "criteria-score/summary",
        [
            ("100\t91.929\t91.929", "100\t81.929\t91.929"),
        ],
        [
            ("criteria-score", "error", "4.1", 392, 91.929, 81.929),
            ("cross-source", "warning", "4.1", 535,
             "self_report: ระดับ 5, คะแนน 100; audit: ผล 91.929, คะแนน 91.929; "
             "summary: ผล 81.929, คะแนน 91.929", None),
        ],
        [
            ("cross-source", "warning", "4.1", 535,
             "self_report: ระดับ 5, คะแนน 100; audit: คะแนน 91.929; summary: คะแนน 91.929", None),
        ],
    ),
    # audit 5.2 result 95, printed score 100
    Injection(
        "criteria-score/audit-5.2",
        [
            ("10\t100\t100\t10\n", "10\t95\t100\t10\n"),
        ],
        [
            ("criteria-score", "error", "5.2", 611, 100.0, 95.0),
            ("cross-source", "warning", "5.2", 611, "audit: ผล 95; summary: ผล 100.000", None),
        ],
        [],
    ),
    # audit 2.1 reason: a whole-point part 14 → 13, so 3 + 3 + 13 + 10 + 30 is 59, not the printed 60
    Injection(
        "subscore-sum/text-part",
        [
            ("(14 คะแนน) ผลงาน 14 คะแนน", "(14 คะแนน) ผลงาน 13 คะแนน"),
        ],
        [
            ("subscore-sum", "warning", "2.1", 411, 60.0, 59.0),
        ],
        [],
    ),
    # audit 2.1 reason: 60 + 29.31 against คิดเป็นร้อยละ 88.314
    Injection(
        "subscore-sum/text-total",
        [
            ("(40 คะแนน) ผลงาน 28.31 คะแนน", "(40 คะแนน) ผลงาน 29.31 คะแนน"),
        ],
        [
            ("subscore-sum", "error", "2.1", 411, 88.314, 89.31),
        ],
        [],
    ),
    # audit 4.1 table note: 7.286 + 8.143 + 7.500 against the part's 21.929
    Injection(
        "subscore-sum/table-part",
        [
            ("ความคิดริเริ่มสร้างสรรค์ 7.143", "ความคิดริเริ่มสร้างสรรค์ 8.143"),
        ],
        [
            ("subscore-sum", "error", "4.1", 547, 21.929, 22.929),
        ],
        [],
    ),
    # audit 4.1 คะแนนรวม 92.929 (the seed already warns here: one part's score cell is lost)
    Injection(
        "subscore-sum/table-total",
        [
            ("คะแนนรวม\t100\t91.929", "คะแนนรวม\t100\t92.929"),
        ],
        [
            ("subscore-sum", "warning", "4.1", 554, 92.929, 61.929),
        ],
        [
            ("subscore-sum", "warning", "4.1", 554, 91.929, 61.929),
        ],
    ),
    # audit 4.1 table: 12 out of 10; the breakdown's sum moves with it
    Injection(
        "subscore-max/table",
        [
            ("1. การค้นหาแนวคิด\t10\t10", "1. การค้นหาแนวคิด\t10\t12"),
        ],
        [
            ("subscore-max", "error", "4.1", 543, 12.0, 10.0),
            ("subscore-sum", "warning", "4.1", 554, 91.929, 63.929),
        ],
        [
            ("subscore-sum", "warning", "4.1", 554, 91.929, 61.929),
        ],
    ),
    # audit 2.1 reason: (3 คะแนน) ผลงาน 4 คะแนน; the parts now add up to 61
    Injection(
        "subscore-max/text",
        [
            ("(3 คะแนน) ผลงาน 3 คะแนน - รูปแบบแผน", "(3 คะแนน) ผลงาน 4 คะแนน - รูปแบบแผน"),
        ],
        [
            ("subscore-max", "error", "2.1", 411, 4.0, 3.0),
            ("subscore-sum", "warning", "2.1", 411, 60.0, 61.0),
        ],
        [],
    ),
    # audit 2.2 reason: (ร้อยละ 25) ร้อยละ 26; the parts now add up to 81.5
    Injection(
        "subscore-max/percent",
        [
            ("(ร้อยละ 25) ร้อยละ 25", "(ร้อยละ 25) ร้อยละ 26"),
        ],
        [
            ("subscore-max", "error", "2.2", 412, 26.0, 25.0),
            ("subscore-sum", "warning", "2.2", 412, 80.5, 81.5),
        ],
        [],
    ),
    # 624 ร้าน จาก 733 ร้าน คิดเป็น ร้อยละ 86.13 in a summary cell
    Injection(
        "percent-ratio/summary-cell",
        [
            ("จาก 733 ร้าน คิดเป็น ร้อยละ 85.13</p> <p>(ข้อมูล",
             "จาก 733 ร้าน คิดเป็น ร้อยละ 86.13</p> <p>(ข้อมูล"),
        ],
        [
            ("percent-ratio", "error", None, 146, 86.13, 85.1296),
        ],
        [],
    ),
    # 16,758.457 ตัน/ปี of 16,220.89 ตัน/ปี printed as ร้อยละ 104.31
    Injection(
        "percent-ratio/tons",
        [
            ("คิดเป็นร้อยละ 103.31", "คิดเป็นร้อยละ 104.31"),
        ],
        [
            ("percent-ratio", "error", None, 46, 104.31, 103.314),
        ],
        [],
    ),
    # audit: ผ่านเกณฑ์ 262 แห่ง of 733, then คิดเป็นร้อยละ 35.607 on the next line
    Injection(
        "percent-ratio/audit-part",
        [
            ("ผ่านเกณฑ์ 261 แห่ง", "ผ่านเกณฑ์ 262 แห่ง"),
        ],
        [
            ("percent-ratio", "warning", None, 495, 35.607, 35.74352),
        ],
        [],
    ),
    # 13,842.592 + 3,015.865 ตัน against 16,758.457 ตัน
    Injection(
        "quantity-sum/tons-part",
        [
            ("13,742.592 ตัน", "13,842.592 ตัน"),
        ],
        [
            ("quantity-sum", "error", None, 121, 16758.457, 16858.457),
        ],
        [],
    ),
    # the total 16,768.457 ตัน before แบ่งเป็น
    Injection(
        "quantity-sum/tons-total",
        [
            ("ได้จำนวน 16,758.457 ตัน โดย", "ได้จำนวน 16,768.457 ตัน โดย"),
        ],
        [
            ("quantity-sum", "error", None, 121, 16768.457, 16758.457),
        ],
        [],
    ),
    # 47 → 48 ตารางวา in the summary's list of five areas (1 ไร่ 1 งาน 55.63 ตารางวา)
    Injection(
        "quantity-sum/area-part",
        [
            ("ขนาด 47 ตารางวา 4. โครงการ", "ขนาด 48 ตารางวา 4. โครงการ"),
        ],
        [
            ("quantity-sum", "warning", None, 141, 2222.52, 2226.52),
        ],
        [],
    ),
    # 1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,232.52 ตารางเมตร (summary cell)
    Injection(
        "area-conversion/summary",
        [
            ("55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร\t", "55.63 ตารางวา คิดเป็น 2,232.52 ตารางเมตร\t"),
        ],
        [
            ("area-conversion", "error", None, 141, 2232.52, 2222.52),
        ],
        [],
    ),
    # the same restatement in the audit reason, 2,322.52 ตารางเมตร
    Injection(
        "area-conversion/audit",
        [
            ("55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร คิดเป็นร้อยละ",
             "55.63 ตารางวา คิดเป็น 2,322.52 ตารางเมตร คิดเป็นร้อยละ"),
        ],
        [
            ("area-conversion", "error", None, 479, 2322.52, 2222.52),
        ],
        [],
    ),
    # 1 ไร่ 1 งาน 55.63 ตารางเมตร where ตารางวา is meant; read as ตารางวา the list above still adds up,
    # so quantity-sum leaves it to area-units
    Injection(
        "area-units",
        [
            ("1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร คิดเป็นร้อยละ",
             "1 ไร่ 1 งาน 55.63 ตารางเมตร คิดเป็น 2,222.52 ตารางเมตร คิดเป็นร้อยละ"),
        ],
        [
            ("area-units", "warning", None, 479, 2055.63, 2222.52),
        ],
        [],
    ),
    # appeals table 1, ยกอุทธรณ์ total ๒๔ against 7 + 8 + 7 + 0 + 1 + 0
    Injection(
        "count-total/total-row",
        [
            ("๒๓ ตัวชี้วัด\t๓ หน่วยงาน", "๒๔ ตัวชี้วัด\t๓ หน่วยงาน"),
        ],
        [
            ("count-total", "error", None, 913, 24.0, 23.0),
        ],
        [],
    ),
    # appeals table 1, a body cell ๘ → ๙
    Injection(
        "count-total/body-cell",
        [
            ("๒ ตัวชี้วัด\t๘ ตัวชี้วัด", "๒ ตัวชี้วัด\t๙ ตัวชี้วัด"),
        ],
        [
            ("count-total", "error", None, 913, 23.0, 24.0),
        ],
        [],
    ),
    # 1 พฤษภาคม - 30 สิงหาคม 2564 is 122 days (the seed's 120-vs-123 finding changes)
    Injection(
        "day-count/range-end",
        [
            ("1 พฤษภาคม - 31 สิงหาคม 2564 จำนวน 120 วัน", "1 พฤษภาคม - 30 สิงหาคม 2564 จำนวน 120 วัน"),
        ],
        [
            ("day-count", "error", None, 552, 120, 122),
        ],
        [
            ("day-count", "error", None, 552, 120, 123),
        ],
    ),
    # ๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔ รวม ๑๐ วัน: 11 days both ends included; one off is a warning
    Injection(
        "day-count/thai-digits",
        [
            ("๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔ มีหน่วยงาน", "๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔ รวม ๑๐ วัน มีหน่วยงาน"),
        ],
        [
            ("day-count", "warning", None, 895, 10, 11),
        ],
        [],
    ),
    # 31 เมษายน 2564
    Injection(
        "date-invalid/31-april",
        [
            ("26 เมษายน 2564", "31 เมษายน 2564"),
        ],
        [
            ("date-invalid", "error", None, 254, "31 เมษายน 2564", None),
        ],
        [],
    ),
    # 30 กุมภาพันธ์ 2564 (the first 4 กุมภาพันธ์ 2564 is on line 245)
    Injection(
        "date-invalid/30-february",
        [
            ("4 กุมภาพันธ์ 2564", "30 กุมภาพันธ์ 2564"),
        ],
        [
            ("date-invalid", "error", None, 245, "30 กุมภาพันธ์ 2564", None),
        ],
        [],
    ),
    # ๓๑ กันยายน ๒๕๖๔
    Injection(
        "date-invalid/thai-digits",
        [
            ("๒๑ กันยายน ๒๕๖๔", "๓๑ กันยายน ๒๕๖๔"),
        ],
        [
            ("date-invalid", "error", None, 646, "๓๑ กันยายน ๒๕๖๔", None),
        ],
        [],
    ),
    # 23 เมษายน 2546 in a FY2564 self-report
    Injection(
        "date-range/day",
        [
            ("23 เมษายน 2564", "23 เมษายน 2546"),
        ],
        [
            ("date-range", "warning", None, 252, "23 เมษายน 2546", "2020-10-01..2021-09-30"),
        ],
        [],
    ),
    # การประชุมครั้งที่ ๑/๒๕๖๔ เมื่อวันที่ ๒๐ มกราคม ๒๕๔๖
    Injection(
        "date-range/after-meeting-number",
        [
            ("๒๐ มกราคม ๒๕๖๔", "๒๐ มกราคม ๒๕๔๖"),
        ],
        [
            ("date-range", "warning", None, 860, "๒๐ มกราคม ๒๕๔๖", "2020-10-01..2021-09-30"),
        ],
        [],
    ),
    # self-report 5.2 ระดับ 4, 90 (consistent in itself) against the audit's and summary's 100
    Injection(
        "cross-source/self-report",
        [
            (SELF_5_2, SELF_5_2.replace("ระดับ 5\t100", "ระดับ 4\t90")),
        ],
        [
            ("cross-source", "warning", "5.2", 611,
             "self_report: ระดับ 4, คะแนน 90; audit: คะแนน 100; summary: คะแนน 100.000", None),
        ],
        [],
    ),
    # 120 → 123 วัน fixes the seed's day-count finding
    Injection(
        "consistent/day-count",
        [
            ("31 สิงหาคม 2564 จำนวน 120 วัน", "31 สิงหาคม 2564 จำนวน 123 วัน"),
        ],
        [],
        [
            ("day-count", "error", None, 552, 120, 123),
        ],
    ),
    # 5.2 at 90 everywhere: the self-report's level and score, the audit's and the summary's result,
    # score and weighted score, and the overall total
    Injection(
        "consistent/indicator-5.2",
        [
            (SELF_5_2, SELF_5_2.replace("ระดับ 5\t100", "ระดับ 4\t90")),
            ("10\t100\t100\t10\n", "10\t90\t90\t9\n"),
            ("100.000\t100.000\t10.000\t10.000", "90.000\t90.000\t9.000\t9.000"),
            ("96.249", "95.249"),
        ],
        [],
        [],
    ),
]


@pytest.mark.parametrize("injection", INJECTIONS, ids=[i.id for i in INJECTIONS])
def test_injection_is_caught_exactly(injection: Injection) -> None:
    before = findings(seed_text())
    after = findings(inject(injection.edits))
    assert sorted(after - before, key=repr) == sorted(injection.added, key=repr)
    assert sorted(before - after, key=repr) == sorted(injection.removed, key=repr)


def test_every_rule_is_injected() -> None:
    """Each rule of the catalogue is the subject of at least one injection."""
    subjects = {i.id.split("/")[0] for i in INJECTIONS}
    assert set(RULES) <= subjects
    for rule in RULES:
        assert any(k[0] == rule for i in INJECTIONS if i.id.split("/")[0] == rule for k in i.added), rule


def test_consistent_edits_add_nothing() -> None:
    consistent = [i for i in INJECTIONS if i.id.startswith("consistent/")]
    assert len(consistent) == 2
    assert all(i.added == [] for i in consistent)
