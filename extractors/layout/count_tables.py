"""Count tables: numeric columns that end in a printed total row (รวม), as in appeals reports."""

from __future__ import annotations

from extractors.layout.narrative import read_narrative
from extractors.layout.state import Walk, count_cell, prov
from extractors.ocr_text import Row
from extractors.records import CountTable, TableRow
from normalizers.text import fold

#: the title of a table is the nearest line of text among this many rows above it
TITLE_ROWS = 3


def table_rows(rows: list[Row], i: int) -> list[Row]:
    """The table rows from ``rows[i]`` up to the first row that is not a table row."""
    out = []
    for row in rows[i:]:
        if not row.is_table:
            break
        out.append(row)
    return out


def count_table(walk: Walk, rows: list[Row], i: int) -> int:
    """A table starting at ``rows[i]`` whose numeric columns end in a printed total row."""
    if walk.section == "summary" or not rows[i].is_table:
        return 0
    doc = walk.doc
    spec = walk.tpl.count_table
    zero = spec.zero_marks
    if i > 0 and rows[i - 1].is_table:
        return 0
    table = table_rows(rows, i)
    totals = [fold(lab) for lab in spec.total_labels]
    total_at = next((k for k, r in enumerate(table) if fold(r.cell(0)) in totals), None)
    if total_at is None:
        return 0
    total_row = table[total_at]
    total_vals = [count_cell(c, zero) for c in total_row.cells[1:]]
    if not any(v is not None for v in total_vals):
        return 0
    body = [r for r in table[:total_at] if any(count_cell(c, zero) is not None for c in r.cells[1:])]
    header = [r for r in table[:total_at] if r not in body]
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
