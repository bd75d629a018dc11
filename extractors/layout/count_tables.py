"""Count tables: numeric columns with a printed total row (รวม), as in appeals reports and budget books.

The total may come last (its parts above it) or first, as the budget book prints "รวมทั้งสิ้น" right
under the header with its parts below (เงินงบประมาณ, "- งบ...", เงินนอกงบประมาณ). Rows without figures
inside the body (group headings "2 แผนงาน...") stay in the body: they make the table's hierarchy.
"""

from __future__ import annotations

import re

from extractors.layout.narrative import read_narrative
from extractors.layout.state import Walk, count_cell, prov
from extractors.ocr_text import Row
from extractors.records import CountTable, TableRow
from normalizers.digits import to_arabic
from normalizers.text import fold

#: the title of a table is the nearest line of text among this many rows above it
TITLE_ROWS = 3
#: a numbered heading line ("1 แผนงาน...", "2.1 โครงการ...") printed as one cell inside a table
_NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*\s+\S")
#: a unit word in a หน่วยนับ cell ("ล้านบาท", "ราย", "ร้อยละ"): one short word, no digits
_UNIT_WORD = re.compile(r"^[^\d\s]{1,12}$")


def table_rows(rows: list[Row], i: int) -> list[Row]:
    """The table rows from ``rows[i]`` up to the first row that is not a table row.

    A numbered one-cell line between two table rows (a group heading) belongs to the table.
    """
    out: list[Row] = []
    for k in range(i, len(rows)):
        row = rows[k]
        if not row.is_table:
            nxt = rows[k + 1] if k + 1 < len(rows) else None
            if not (out and nxt is not None and nxt.is_table and _heads(row, nxt)):
                break
        out.append(row)
    return out


def _heads(line: Row, nxt: Row) -> bool:
    """A numbered one-cell line ("2 แผนงาน...") heading the table row after it ("2.1 โครงการ...")."""
    m = _NUMBERED.match(to_arabic(line.text))
    if m is None:
        return False
    number = to_arabic(line.text).split()[0]
    return to_arabic(nxt.cell(0)).strip().startswith(number + ".")


def _unit_cell(row: Row) -> str | None:
    """The row's หน่วยนับ cell (the first cell after the label), when it is a unit word."""
    c = row.cells[1].strip() if len(row.cells) > 1 else ""
    return c if _UNIT_WORD.match(c) and c not in ("-", "–", "—") else None


def count_table(walk: Walk, rows: list[Row], i: int) -> int:
    """A table starting at ``rows[i]`` whose numeric columns have a printed total row."""
    if walk.section == "summary" or not rows[i].is_table:
        return 0
    doc = walk.doc
    spec = walk.tpl.count_table
    zero = spec.zero_marks
    if i > 0 and rows[i - 1].is_table:
        return 0
    table = table_rows(rows, i)
    totals = [fold(lab) for lab in spec.total_labels]
    at = [k for k, r in enumerate(table) if fold(r.cell(0)) in totals]
    if not at:
        return 0
    # หลายแถว "รวม": แถวรวมทั้งสิ้น (คำยาวที่สุด) เป็นยอดรวมของตาราง แถวอื่นเป็นยอดรวมย่อย
    total_at = max(at, key=lambda k: (len(fold(table[k].cell(0))), k))
    total_row = table[total_at]
    total_vals = [count_cell(c, zero) for c in total_row.cells[1:]]
    if not any(v is not None for v in total_vals):
        return 0

    def has_figures(r: Row) -> bool:
        return any(count_cell(c, zero) is not None for c in r.cells[1:])

    first = next((k for k in range(total_at) if has_figures(table[k])), total_at)
    # แถวหัวข้อกลุ่มที่มีเลขลำดับ ("1\tแผนงาน...") ก่อนแถวแรกที่มีตัวเลข เป็นส่วนของเนื้อตาราง
    while first > 0 and _NUMBERED.match(to_arabic("\t".join(table[first - 1].cells[:2]).replace("\t", " "))):
        first -= 1
    body = table[first:total_at]
    header = table[:first]
    unit = _unit_cell(total_row)
    above_shares = any(has_figures(r) and (unit is None or _unit_cell(r) == unit) for r in body)
    if not above_shares:
        # รวมทั้งสิ้นพิมพ์ก่อนรายการ (หนังสืองบประมาณ): ส่วนประกอบคือแถวใต้แถวรวม ไม่ใช่แถวตัวชี้วัดด้านบน
        below = table[total_at + 1:]
        if any(has_figures(r) for r in below):
            header = table[:total_at]
            body = below
    title = ""
    for back in range(i - 1, max(i - 1 - TITLE_ROWS, -1), -1):
        if not rows[back].is_table:
            title = rows[back].text
            break

    def trow(r: Row) -> TableRow:
        return TableRow(r.cell(0), r.cells[1:], [count_cell(c, zero) for c in r.cells[1:]], prov(doc, r))

    doc.tables.append(CountTable(
        title=title, header=[h.text for h in header], rows=[trow(r) for r in body],
        total=trow(total_row), prov=prov(doc, table[0]),
    ))
    for r in table:
        read_narrative(walk, r, quiet=True)
    return len(table)
