"""What a count table's rows are, for count-total: units and scales, column kinds, the row tree.

- Units: a row's unit is its หน่วยนับ cell (the first cell after the label, when the total row has
  one), else the unit word printed in the cell ("206.8694 ล้านบาท"). Money converts (บาท, พันบาท,
  ล้านบาท); other units sum only with themselves.
- Column kinds: percentages, means, S.D., ratios and scores are not summed (except a ร้อยละ column
  whose total prints 100: shares).
- The tree: numbering at the start of the label (1 → 1.1 → 1.1.1; มิติที่ n → n.m), "- " rows under
  the row above, and "รวม..." subtotal rows that carry the value of the group heading above them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.records import Figure, TableRow
from normalizers.digits import to_arabic

#: money units and their scale in บาท (ล้านบาท rows convert to a บาท total and back)
MONEY: dict[str, float] = {"บาท": 1.0, "พันบาท": 1e3, "ล้านบาท": 1e6}
#: column headers that are not sums (ร้อยละ is summed only when its total prints 100: shares)
NOT_SUMMED: tuple[str, ...] = (
    "ร้อยละ", "%", "อัตรา", "เฉลี่ย", "x̄", "X̄", "S.D.", "SD", "ส่วนเบี่ยงเบน", "คะแนนที่ได้", "ระดับ",
)
#: column headers of a plain mean (a survey's รวม row holds the mean of the means)
MEAN_HEADERS: tuple[str, ...] = ("x̄", "X̄", "ค่าเฉลี่ย", "เฉลี่ย")
#: numbering at the start of a label: "1", "1.1 โครงการ", "มิติที่ 2 ด้าน", "1. ด้านคุณภาพ"
_NUMBER = re.compile(r"^\s*(?:มิติที่\s*)?(\d+(?:\.\d+)*)\.?(?=\s|$)")
_UNIT_WORD = re.compile(r"^[^\d\s]{1,12}$")
_CELL_UNIT = re.compile(r"^[\d.,\s]+([^\d\s()]{1,12})$")


def column_names(header: list[str], n: int) -> list[str]:
    """Names of the ``n`` value columns: the last header line with n names, or n + 1 (label first).

    >>> column_names(["หน่วยงาน\\tจำนวน (ราย)\\tร้อยละ"], 2)
    ['จำนวน (ราย)', 'ร้อยละ']
    """
    for line in reversed(header):
        names = [c.strip() for c in line.split("\t") if c.strip()]
        if len(names) in (n, n + 1) and "\t" in line:
            return names[-n:]
    offset = 1 if len(header) == n + 1 else 0
    out = []
    for j in range(n):
        k = j + offset
        ok = 0 <= k < len(header) and header[k].strip() and "\t" not in header[k]
        out.append(header[k].strip() if ok else f"ที่ {j + 1}")
    return out


def unit_column(row: TableRow) -> str | None:
    """The row's หน่วยนับ cell (the first value cell), when it is one unit word."""
    c = row.cells[0].strip() if row.cells else ""
    return c if _UNIT_WORD.match(c) and c not in ("-", "–", "—") else None


def cell_unit(fig: Figure) -> str | None:
    """The unit word printed after the number in a cell ("7.6799 ล้านบาท" → ล้านบาท)."""
    m = _CELL_UNIT.match(to_arabic(fig.raw).strip())
    return m.group(1) if m else None


def row_id(label: str) -> str | None:
    """The numbering at the start of a row label ("2.1 โครงการ..." → "2.1", "มิติที่ 3 ..." → "3")."""
    m = _NUMBER.match(to_arabic(label))
    return m.group(1) if m else None


def is_subtotal(label: str) -> bool:
    """A "รวม..." row inside the body: the subtotal of the group above it."""
    return label.strip().startswith("รวม")


@dataclass
class Tree:
    """Parents and children of body rows (indexes into the row list); subtotal rows apart."""

    children: dict[int, list[int]] = field(default_factory=dict)
    top: list[int] = field(default_factory=list)
    #: subtotal row -> the group heading row it closes (None: the rows since the table's start)
    subtotal_of: dict[int, int | None] = field(default_factory=dict)
    #: group heading -> its subtotal row (the row carrying the group's figures)
    carrier: dict[int, int] = field(default_factory=dict)

    @property
    def flat(self) -> bool:
        """No row has children and no subtotal row: the labels show no hierarchy."""
        return not self.children and not self.subtotal_of

    def leaves(self) -> list[int]:
        """Rows without children (subtotal rows excluded), in table order."""
        out: list[int] = []

        def walk(k: int) -> None:
            kids = self.children.get(k, [])
            if not kids:
                out.append(k)
            for c in kids:
                walk(c)

        for k in self.top:
            walk(k)
        return out


def build_tree(rows: list[TableRow]) -> Tree:
    """The row tree from numbering, "- " rows and "รวม..." subtotal rows."""
    tree = Tree()
    by_id: dict[str, int] = {}
    last_plain: int | None = None
    last_top: int | None = None
    for k, row in enumerate(rows):
        label = to_arabic(row.label).strip()
        # แถว "รวม..." เป็นยอดรวมย่อยเมื่อปิดกลุ่มที่หัวข้อไม่มีตัวเลข ("2 แผนงาน..." ... "รวมแผนงานที่ 2");
        # มิฉะนั้นเป็นแถวธรรมดา ("รวมเงินงบประมาณ" ในหนังสืองบประมาณ)
        if (is_subtotal(label) and last_top is not None and last_top not in tree.carrier
                and all(v is None for v in rows[last_top].values)):
            tree.subtotal_of[k] = last_top
            tree.carrier[last_top] = k
            continue
        parent: int | None = None
        if label.startswith(("-", "–")) and last_plain is not None:
            parent = last_plain
        else:
            rid = row_id(label)
            if rid is not None:
                up = rid
                while "." in up and parent is None:
                    up = up.rsplit(".", 1)[0]
                    parent = by_id.get(up)
                by_id[rid] = k
            last_plain = k
        if parent is None:
            tree.top.append(k)
            last_top = k
        else:
            tree.children.setdefault(parent, []).append(k)
    return tree


def distinctive(f: Figure) -> bool:
    """A figure too particular to equal another by chance (4,084.7000, 478.9665; not 12 or 0)."""
    return f.value != 0 and (f.decimals > 0 or abs(f.value) >= 100)


Agrees = Callable[[list[Figure], Figure], bool]


def hidden_groups(
    figs: list[Figure | None], agrees: Agrees, consistent: Callable[[int, int], bool] = lambda k, end: True,
) -> list[int] | None:
    """Rows of a flat table that carry the sum of the rows right after them (a hierarchy shown only
    by indentation, lost in the text): the rows left after dropping each such group's rows, or None
    when no row does.

    A group row must be :func:`distinctive` (two equal small counts are no evidence of a hierarchy),
    and ``consistent(k, end)`` must hold: the same rows make the same group in the table's other
    columns (27.6 = 18.8 + 8.8 in a ร้อยละ column is chance when the counts beside them disagree).
    """
    keep: list[int] = []
    found = False
    k = 0
    while k < len(figs):
        f = figs[k]
        keep.append(k)
        end = None
        if f is not None and distinctive(f):
            run: list[Figure] = []
            for m in range(k + 1, len(figs)):
                g = figs[m]
                if g is None:
                    break
                run.append(g)
                if agrees(run, f):
                    end = m if consistent(k, m) else None
                    break
                if sum(x.value for x in run) > f.value + f.half_unit and f.value > 0:
                    break
        if end is not None:
            found = True
            k = end + 1
        else:
            k += 1
    return keep if found else None


def any_run_agrees(figs: list[Figure | None], tot: Figure, agrees: Agrees) -> bool:
    """Some contiguous run of rows (one row or more) adds up to ``tot``: a reading of a table whose
    hierarchy is unknown under which the total is right."""
    for a in range(len(figs)):
        run: list[Figure] = []
        for b in range(a, len(figs)):
            g = figs[b]
            if g is None:
                break
            run.append(g)
            if agrees(run, tot):
                return True
    return False
