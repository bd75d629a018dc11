"""Document fields: agency, fiscal year and agency type (Line / Staff), read near their labels."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.layout.generic import generic_labels
from extractors.layout.state import Walk
from extractors.ocr_text import CHECKED, Row
from normalizers.digits import to_arabic
from normalizers.names import canonical_agency, near_agency
from normalizers.text import contains_label, find_label

#: the labels are looked for in this many first rows (agency, fiscal year, agency type)
AGENCY_ROWS, YEAR_ROWS, TYPE_ROWS = 2000, 200, 400
#: a Buddhist Era fiscal year lies between these (2400 < year < 2700)
YEAR_RANGE = (2400, 2700)


def _agency_votes(rows: list[Row], labels: Iterable[str], *, near: bool = False) -> dict[str, int]:
    """Canonical agency name → rows naming it after one of ``labels`` (``near``: a full name with one
    letter OCR misread, :func:`normalizers.names.near_agency`)."""
    votes: dict[str, int] = {}
    for row in rows[:AGENCY_ROWS]:
        for label in labels:
            span = find_label(row.text, label)
            if span is not None:
                # ชื่อหน่วยงานอยู่หลังป้ายกำกับ ("หน่วยงาน : สำนักงานเขตบางรัก"); หน่วยงานอื่นที่อยู่หน้าคำว่า
                # หน่วยงาน ("... รับผิดชอบโดย สำนักยุทธศาสตร์ฯ  ๓ หน่วยงาน" ในตารางอุทธรณ์) ไม่นับ
                after = row.text[span[1]:].lstrip(" :：\t")
                name = near_agency(after) if near else canonical_agency(after)
                if name:
                    votes[name] = votes.get(name, 0) + 1
                break
    return votes


def _labelled_years(rows: list[Row], labels: Iterable[str]) -> list[int]:
    """The years printed after a fiscal-year label, one per row, in the first rows, in order."""
    out: list[int] = []
    for row in rows[:YEAR_ROWS]:
        s = to_arabic(row.text)
        for label in labels:
            # ช่องว่างหน้าจุดที่ OCR ใส่ ("พ .ศ . 2564") ไม่ทำให้ป้ายไม่ตรง (spaces OCR puts before points)
            spaced = re.escape(label).replace(r"\ ", r"\s*").replace(r"\.", r"\s*\.")
            m = re.search(spaced + r"\s*([0-9]{4})", s)
            if m and YEAR_RANGE[0] < int(m.group(1)) < YEAR_RANGE[1]:
                out.append(int(m.group(1)))
                break
    return out


def document_fields(walk: Walk, rows: list[Row]) -> None:
    """Fill agency (most frequent name after an agency label), fiscal year and agency type."""
    doc, tpl = walk.doc, walk.tpl
    # ป้ายของแม่แบบก่อน แล้วป้ายทั่วไปของทุกแบบฟอร์ม ("ส่วนราชการ :") เมื่อไม่พบจากป้ายของแม่แบบ
    votes = _agency_votes(rows, tpl.agency_labels) or _agency_votes(rows, generic_labels().agency_labels)
    if not votes:
        votes = _agency_votes(rows, tpl.agency_labels, near=True)
    if votes:
        doc.agency = max(votes, key=lambda k: votes[k])
    years = _labelled_years(rows, tpl.fiscal_year_labels)
    # ปีแรกที่พบ เว้นแต่ไม่อยู่ในช่วงปีของแม่แบบแต่มีปีอื่นที่อยู่ (สแกนเลขไทย: "๒๕๖๖" อ่านเป็น "๒๕๐๒")
    # (the first year found, unless it is outside the template's years and another one is inside)
    fitting = [y for y in years if y in tpl.fiscal_years]
    if years:
        doc.fiscal_year = years[0] if years[0] in tpl.fiscal_years or not fitting else fitting[0]
    if tpl.agency_type_label:
        for row in rows[:TYPE_ROWS]:
            if contains_label(row.text, tpl.agency_type_label):
                doc.agency_type = agency_type(row.text, tpl.agency_types)
                if doc.agency_type:
                    break
    if doc.fiscal_year is None:
        doc.warnings.append("fiscal year not found")
    if doc.agency is None:
        doc.warnings.append("agency not found")


def agency_type(text: str, types: tuple[str, ...]) -> str | None:
    """ "ประเภทหน่วยงาน : ☐ Line ☑ Staff" → Staff; "ประเภทหน่วยงาน : Line" → Line."""
    if CHECKED in text:
        after = text.split(CHECKED, 1)[1]
        return next((t for t in types if after.strip().lower().startswith(t.lower())), None)
    named = [t for t in types if re.search(rf"\b{re.escape(t)}\b", text, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None
