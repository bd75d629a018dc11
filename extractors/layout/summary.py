"""The summary table: one row per indicator with its unit, weight, targets, result and scores.

Read first, before the row walk: its ids and names are the canonical ones other sections are
matched to (:attr:`Walk.summary_names`).
"""

from __future__ import annotations

import re

from extractors.layout.generic import generic_labels
from extractors.layout.state import WORDED, Walk, component_of, figure, is_header, near_label, prov
from extractors.ocr_text import Row
from extractors.records import Criteria, Figure, Indicator, Total
from normalizers.digits import to_arabic
from normalizers.text import contains_label, fold, startswith_label


def summary_pass(walk: Walk, rows: list[Row]) -> None:
    """Indicators, criteria (targets t1-t5), component totals and the overall total of the table."""
    tpl, doc = walk.tpl, walk.doc
    spec = tpl.summary_header
    units = [fold(u) for u in tpl.units]
    after = spec.columns_after_unit
    start = next((k for k, r in enumerate(rows) if is_header(r, spec.require)), None)
    if start is None:
        start = next((k for k in range(len(rows)) if _damaged_header(walk, rows, k)), None)
    if start is None:
        return
    by_label = _columns_by_label(rows[start])
    component: int | None = None
    group_id: str | None = None
    sub_count = 0
    per_component: dict[int, int] = {}
    comp_totals: dict[int, list[tuple[Figure, Row]]] = {}
    unit_col: int | None = None  # the column the table's units were found in
    misread = _misread_components(walk, rows[start + 1:])
    for row in rows[start + 1:]:
        if not row.is_table:
            # บรรทัดข้อความที่มีตัวอักษรจบตาราง; เลขหน้าและเศษเส้นตาราง ("|") ไม่จบ
            # (a line of words ends the table; a page number or a ruling's remnant "|" does not)
            if WORDED.search(fold(row.text)) and not re.fullmatch(r"[0-9]+", fold(row.text)):
                break
            continue
        first = row.cell(0)
        # ป้ายรวมที่ OCR อ่านผิดหนึ่งตัว ("วมเฉลีย") ก็ยังเป็นแถวรวม (the total's label with one letter misread)
        if any(startswith_label(first, lab) or near_label(first, lab) for lab in spec.overall_labels):
            nums = [f for f in (figure(c) for c in row.cells[1:]) if f is not None]
            if nums:
                doc.totals.append(Total("summary", "overall", None, prov(doc, row), reported=nums[-1]))
            break
        id_cell = to_arabic(row.cell(1)).strip()
        comp = _row_component(walk, row)
        if id(row) in misread:
            comp = misread[id(row)]
            doc.warnings.append(f"line {row.line}: component label read {first[:40]!r} taken as component"
                                f" {comp} (the labels run {comp - 1}, then the number of a later label)")
        if comp is not None:
            component, group_id = comp, None
        if component is None:
            continue
        unit_idx = next(
            (i for i in range(1, min(len(row.cells), 6)) if fold(row.cell(i)) in units), None
        )
        if unit_idx is None and unit_col is not None and _unit_like(row, unit_col):
            # หน่วยที่ OCR อ่านผิด ("ะร้อยส"): อยู่ในคอลัมน์เดียวกับหน่วยของแถวก่อน ๆ และตามด้วยน้ำหนัก
            # (a misread unit in the column where earlier rows had theirs, a weight right after it)
            unit_idx = unit_col
        elif unit_idx is None and unit_col is None and _id_like(id_cell, component):
            # แถวแรกของตาราง ("ระดบ"): แถวที่มีรหัสตัวชี้วัด ชื่อ แล้วคำสั้นที่ตามด้วยน้ำหนัก
            # (the table's first row: an id, a name, then a short word with a weight after it)
            unit_idx = next((k for k in range(3, min(len(row.cells), 6)) if _unit_like(row, k)), None)
        name = row.cell(2) or None
        if unit_idx is None:
            # a row that only heads sub-indicators ("3.3 กรุงเทพฯ เมืองอาหารปลอดภัย")
            if re.fullmatch(r"[0-9]+\.[0-9]+", id_cell) and name:
                group_id, sub_count = id_cell, 0
                walk.summary_names[id_cell] = name
                doc.indicators.append(
                    Indicator("summary", id_cell, component, prov(doc, row), name=name, is_group=True)
                )
            continue
        unit_col = unit_idx
        name = row.cell(unit_idx - 1) or None
        if re.fullmatch(r"[0-9]+\.[0-9]+(?:\.[0-9]+)?", id_cell):
            ind_id = id_cell
            group_id = None
            per_component[component] = max(per_component.get(component, 0), _number_in(id_cell, component))
        elif group_id is not None:
            sub_count += 1
            ind_id = f"{group_id}.{sub_count}"
        else:
            # ไม่มีรหัส หรือรหัสอ่านไม่ออก ("๑2 2"): ลำดับถัดจากตัวชี้วัดก่อนหน้าในองค์ประกอบเดียวกัน
            # (no id, or one OCR damaged: the next number after the component's last indicator)
            per_component[component] = per_component.get(component, 0) + 1
            ind_id = f"{component}.{per_component[component]}"
        cols: dict[str, str] = {key: row.cell(unit_idx + 1 + k) for k, key in enumerate(after)}
        if by_label is not None:
            cols = {key: row.cell(k) for key, k in by_label.items()}
        ind = Indicator(
            "summary", ind_id, component, prov(doc, row), name=name, unit=row.cell(unit_idx),
            weight=figure(cols.get("weight", "")), result_text=cols.get("result") or None,
            result=figure(cols.get("result", "")), score=figure(cols.get("score", "")),
            weighted_score=figure(cols.get("weighted_score", "")),
        )
        doc.indicators.append(ind)
        if name:
            walk.summary_names[ind_id] = name
        thresholds = {lv: f for lv in range(1, 6) if (f := figure(cols.get(f"t{lv}", ""))) is not None}
        if len(thresholds) == 5:
            note = cols.get("note", "").strip()
            doc.criteria.append(
                Criteria(ind_id, "summary", prov(doc, row), thresholds=thresholds,
                         group=note if tpl.group_letter.fullmatch(note) else None)
            )
        total = figure(cols.get("component_total", ""))
        if total is not None:
            comp_totals.setdefault(component, []).append((total, row))
    for comp, found in comp_totals.items():
        if len(found) == 1:  # one printed total for the component; several = per-indicator sums
            fig, row = found[0]
            doc.totals.append(Total("summary", "component", comp, prov(doc, row), reported=fig))


def _row_component(walk: Walk, row: Row) -> int | None:
    """The component a summary row's label opens, if any."""
    first = row.cell(0)
    if not first:
        return None
    comp = component_of(walk.tpl, first)
    if comp is None:
        # หัวองค์ประกอบที่ OCR อ่านขาด "ที่" ("องค์ประกอบ 3"): ยอมรับเมื่อรหัสตัวชี้วัดในแถวเดียวกันยืนยันเลข
        # (a component label that lost ที่ counts only when the row's indicator id has that number)
        short = component_of(walk.tpl, first, walk.tpl.component_short_labels)
        comp = short if short is not None and to_arabic(row.cell(1)).strip().startswith(f"{short}.") else None
    return comp


def _misread_components(walk: Walk, rows: list[Row]) -> dict[int, int]:
    """Rows (by ``id``) whose component label OCR misread as a later label's number, and the number
    they stand for: the labels run 2, 3, 5, 5 with no 4 (Thai-digit scans read ๔ as ๕). Only when
    the row's own indicator id does not say otherwise."""
    labelled = [(row, _row_component(walk, row)) for row in rows if row.is_table and row.cell(0)]
    found = [(row, n) for row, n in labelled if n is not None]
    numbers = [n for _, n in found]
    out: dict[int, int] = {}
    for k in range(1, len(found) - 1):
        row, n = found[k]
        want = numbers[k - 1] + 1
        # เลของค์ประกอบซ้ำกับป้ายถัดไป และเลขที่ควรเป็นไม่มีป้ายใดเลย (a number a later label has, and
        # the number due here nowhere)
        if n != want and n in numbers[k + 1:] and want not in numbers:
            ident = to_arabic(row.cell(1)).strip()
            if not ident or ident.startswith(f"{want}."):
                out[id(row)] = want
    return out


def _columns_by_label(header: Row) -> dict[str, int] | None:
    """Columns named by their header labels (weight, result, score, weighted score) when the header
    names them all on one line and has no level-target columns; None: use the template's order."""
    g = generic_labels()
    found: dict[str, int] = {}
    for k, cell in enumerate(header.cells):
        c = fold(cell)
        if any(fold(w) in c for w in g.summary_target_words):
            return None
        for key, label in g.summary_columns:
            if fold(label) in c and key not in found:
                found[key] = k
                break
    return found if len(found) == len(g.summary_columns) else None


def _unit_like(row: Row, k: int) -> bool:
    """Cell ``k`` could be a unit OCR misread: a short word that is no figure, a weight after it."""
    cell = row.cell(k).strip()
    return 0 < len(cell) <= 12 and figure(cell) is None and figure(row.cell(k + 1)) is not None


def _number_in(ind_id: str, component: int) -> int:
    """The indicator's number within its component ("2.1" in component 2 → 1; other ids → 0)."""
    head, _, rest = ind_id.partition(".")
    number = rest.split(".")[0]
    return int(number) if head == str(component) and number.isdigit() else 0


#: how many rows after a damaged header the first indicator row must come
_HEADER_REACH = 4


def _damaged_header(walk: Walk, rows: list[Row], k: int) -> bool:
    """A summary header whose OCR lost one required label ("หนัก" for น้ำหนัก) or misread a letter of
    one ("หน่วยวัต"): it holds the others, and an indicator row of a component (a component label,
    an id "2.1") follows within a few rows."""
    spec, row = walk.tpl.summary_header, rows[k]
    if not row.is_table:
        return False
    found = sum(1 for lab in spec.require
                if any(contains_label(c, lab) or near_label(c, lab) for c in row.cells))
    if found == 0 or found < len(spec.require) - 1:
        return False
    # หัวตารางที่ป้ายหนึ่งอ่านผิด: ต้องมีแถวตัวชี้วัดขององค์ประกอบ (ป้ายองค์ประกอบ + รหัส 2.1) ตามมาติด ๆ
    return any(_first_indicator_row(walk, r) for r in rows[k + 1:k + 1 + _HEADER_REACH])


def _first_indicator_row(walk: Walk, row: Row) -> bool:
    """A row with a component label and an indicator id of that component: "2.1", or "21" whose
    point the scan lost (the id must start with the component's number)."""
    comp = component_of(walk.tpl, row.cell(0)) if row.is_table else None
    if comp is None:
        return False
    # เศษอักษรที่หลุดเข้ามาในช่องรหัส ("3.1 พ"): ดูเฉพาะคำแรก (a letter strayed into the id cell)
    words = to_arabic(row.cell(1)).split()
    return bool(words) and _id_like(words[0], comp)


def _id_like(id_cell: str, component: int) -> bool:
    """An indicator id ("2.1"), or one of ``component`` whose point the scan lost ("21").

    >>> _id_like("2.1", 3), _id_like("21", 2), _id_like("21", 3), _id_like("100", 1)
    (True, True, False, False)
    """
    # รหัสที่ OCR ทำจุดหาย ("21" แทน 2.1): ยอมรับเมื่อขึ้นต้นด้วยเลขขององค์ประกอบนั้น
    return (re.fullmatch(r"[0-9]+\.[0-9]+", id_cell) is not None
            or re.fullmatch(rf"{component}[1-9][0-9]?", id_cell) is not None)
