"""Rules on part scores and table columns: subscore-sum, subscore-max, count-total."""

from __future__ import annotations

import math
from collections.abc import Iterator

from extractors.records import CountTable, Document, Figure, Provenance, SubScoreGroup, TableRow
from pipeline.findings import (
    Finding,
    dec,
    exact_sum,
    expected,
    fmt,
    make_finding,
    not_checked,
    severity_for,
    show,
    uncertainty_note,
)
from pipeline.interval import EPS, Reading, parts_total, rounded
from pipeline.rules.registry import rule
from pipeline.rules.sections import source_name
from pipeline.rules.table_tree import (
    MEAN_HEADERS,
    MONEY,
    NOT_SUMMED,
    Tree,
    any_run_agrees,
    build_tree,
    cell_unit,
    column_names,
    distinctive,
    hidden_groups,
    unit_column,
)

#: cells of a count table that mean zero (ว่าง หรือขีด)
ZERO_CELLS: frozenset[str] = frozenset({"", "-", "–", "—", "--"})


def _group_label(group: SubScoreGroup) -> str:
    name = source_name(group.source)
    return f"ตัวชี้วัด {group.indicator} ({name})" if group.indicator else name


@rule("subscore-sum")
def subscore_sum(doc: Document) -> Iterator[Finding]:
    """A breakdown's part scores vs its printed total; a missing part makes the finding a warning."""
    for group in doc.subscores:
        if group.total is None:
            continue
        figs = [p.score for p in group.parts if p.score is not None]
        missing = [p.label for p in group.parts if p.score is None]
        if not figs:
            continue
        verdict = parts_total(figs, group.total, "list", fallback="rounded")
        if verdict.agrees:
            continue
        # คะแนนย่อยที่พิมพ์เป็นจำนวนเต็มถือว่าไม่ได้ปัดเศษ; หากปัดเศษมาจริงผลรวมอาจตรงได้ จึงแจ้งเตือนเท่านั้น
        rounded_whole = verdict.loosely
        lost = _parts_lost(group)
        exp = expected(exact_sum(figs), group.total.decimals)
        note = (
            f" (คะแนนของ {len(missing)} รายการหายไป: {'; '.join(m[:60] for m in missing)}"
            " อาจตกหล่นจากการอ่านเอกสาร ตรวจสอบกับต้นฉบับ)"
            if missing
            else f" (คะแนนเต็มของรายการย่อยรวมได้ {lost} ไม่เท่ากับคะแนนเต็ม {show(group.maximum)}"
            " อาจมีรายการที่อ่านไม่ได้หรือตกหล่น ตรวจสอบกับต้นฉบับ)"
            if lost is not None and group.maximum is not None
            else " (จะตรงกันได้ก็ต่อเมื่อคะแนนที่เป็นจำนวนเต็มเป็นค่าที่ปัดเศษมาแล้ว)"
            if rounded_whole
            else ""
        )
        yield make_finding(
            "subscore-sum",
            "warning" if missing or rounded_whole or lost is not None
            else severity_for([*figs, group.total]),
            f"{_group_label(group)}: คะแนนรวม {show(group.total)} {group.unit} ไม่เท่ากับผลรวมคะแนนย่อย"
            f" {' + '.join(show(f) for f in figs)} = {fmt(exp, group.total.decimals)}{note}",
            reported=group.total.value,
            expected=exp,
            prov=group.total_prov or group.prov,
            indicator=group.indicator,
        )


def _parts_lost(group: SubScoreGroup) -> str | None:
    """The parts' maxima summed (as printed) when they fall short of the breakdown's maximum: a part
    was not read (a scan's "ผลงาน 3 คะแน่น") or is missing, so which parts make the total is not
    known; None when they add up, or when a maximum is unknown."""
    maxima = [p.maximum for p in group.parts]
    if group.maximum is None or not maxima or any(m is None for m in maxima):
        return None
    known = [m for m in maxima if m is not None]
    # รายการย่อยครบเมื่อคะแนนเต็มของรายการย่อยรวมกันเท่ากับคะแนนเต็มของหัวข้อ (60 = 3 + 3 + 14 + 10 + 30)
    if parts_total(known, group.maximum, "list").agrees:
        return None
    return fmt(exact_sum(known))


def _over_max(score: Figure, maximum: Figure) -> bool:
    """True when the printed score exceeds the maximum at its printed precision (15.50 > 15; 15.00 is not)."""
    return rounded(score).lo > maximum.value + EPS


@rule("subscore-max")
def subscore_max(doc: Document) -> Iterator[Finding]:
    """A part (or a breakdown's total) scoring more than its printed maximum."""
    for group in doc.subscores:
        items: list[tuple[str, Figure | None, Figure | None, Provenance, str]] = [
            (p.label, p.score, p.maximum, p.prov, p.unit) for p in group.parts
        ]
        items.append(("คะแนนรวม", group.total, group.maximum, group.total_prov or group.prov, group.unit))
        for label, score, maximum, prov, unit in items:
            if score is None or maximum is None or not _over_max(score, maximum):
                continue
            yield make_finding(
                "subscore-max",
                severity_for([score, maximum]),
                f"{_group_label(group)}: \u201c{label[:80]}\u201d ได้ {show(score)} {unit}"
                f" เกินคะแนนเต็ม {show(maximum)} {unit}",
                reported=score.value,
                expected=maximum.value,
                prov=prov,
                indicator=group.indicator,
            )


@rule("count-total")
def count_total(doc: Document) -> Iterator[Finding]:
    """Each summed column of a count table: group rows vs their children, the total vs its rows.

    Like with like (units, scales, column kinds) and the row tree come from
    :mod:`pipeline.rules.table_tree`; the total agrees when it equals the sum of the top-level rows
    or of the leaves. Severity follows the certainty policy (docs/certainty.md).
    """
    for table in doc.tables:
        yield from _count_table(table)


def _count_table(table: CountTable) -> Iterator[Finding]:
    total = table.total
    if total is None:
        return
    n = len(total.values)
    names = column_names(table.header, n)
    unit_col = unit_column(total)
    rows = list(table.rows)
    if unit_col is not None:
        # หน่วยนับคนละหน่วยกับแถวรวม (ราย ร้อยละ ใต้ยอดรวมล้านบาท): ไม่นำมารวม
        rows = [r for r in rows
                if unit_column(r) in (unit_col, None) or _money_pair(unit_column(r), unit_col)]
    tree = build_tree(rows)
    first = rows[0].prov if rows else total.prov
    # ตารางที่เริ่มบนบรรทัดแรกของหน้า อาจต่อมาจากหน้าก่อน: ไม่ทราบว่าแถวใดประกอบเป็นยอดรวม
    continued = first.page is not None and first.page > 1 and first.line is not None and first.line <= 2
    for j, tot in enumerate(total.values):
        if tot is None:
            continue
        yield from _count_column(table, rows, tree, j, tot, names[j], unit_col, continued)


def _money_pair(a: str | None, b: str | None) -> bool:
    return a in MONEY and b in MONEY


def _count_column(
    table: CountTable, rows: list[TableRow], tree: Tree, j: int, tot: Figure, col: str,
    unit_col: str | None, continued: bool,
) -> Iterator[Finding]:
    total = table.total
    assert total is not None
    cells = {k: (r.values[j] if j < len(r.values) else None) for k, r in enumerate(rows)}
    raw = {k: (r.cells[j].strip() if j < len(r.cells) else "") for k, r in enumerate(rows)}
    figs_all = [f for f in cells.values() if f is not None]
    if not figs_all:
        return
    if any(":" in raw[k] for k in cells) or ":" in (total.cells[j] if j < len(total.cells) else ""):
        return  # อัตราส่วน "1 : x" ไม่ใช่ผลรวม
    if any(w in col for w in NOT_SUMMED):
        if any(col.strip().startswith(w) or col.strip() == w for w in MEAN_HEADERS):
            yield from _mean_column(table, figs_all, tot, col)
            return
        # คอลัมน์สัดส่วน: ยอดรวมพิมพ์ 100 หรือแถวรวมกันได้ 100 (ภายในการปัดเศษ)
        rows_100 = abs(sum(f.value for f in figs_all) - 100.0) <= sum(f.half_unit for f in figs_all) + EPS
        share = "ร้อยละ" in col and (abs(tot.value - 100.0) < 1e-9 or rows_100)
        if not share:
            return
    # หน่วยและมาตราส่วน: แปลงเงินเป็นหน่วยของยอดรวม แถวหน่วยอื่นไม่นำมารวม
    t_unit = unit_col if unit_col in MONEY else cell_unit(tot)
    scaled: dict[int, Figure | None] = {}
    for k, f in cells.items():
        if f is None:
            scaled[k] = None
            continue
        u = unit_column(rows[k]) if unit_col is not None else cell_unit(f)
        if t_unit in MONEY and u in MONEY and u != t_unit:
            scaled[k] = _rescale(f, MONEY[u] / MONEY[t_unit])
        elif t_unit is not None and u is not None and u != t_unit and not (t_unit in MONEY and u in MONEY):
            scaled[k] = None  # หน่วยต่างกัน (ราย กับ ล้านบาท)
        else:
            scaled[k] = f
    if t_unit in MONEY and t_unit != "บาท" and unit_col is None:
        # แถวที่ไม่พิมพ์หน่วยใต้ยอดรวมที่เป็นล้านบาท: เป็นบาทเมื่อผลรวมใหญ่กว่ายอดรวมหลายพันเท่า
        bare = [k for k, f in scaled.items() if f is not None and cell_unit(f) is None]
        biggest = max((f.value for k in bare if (f := scaled[k]) is not None), default=0.0)
        if bare and tot.value > 0 and biggest / tot.value > 1e3:
            for k in bare:
                f = scaled[k]
                if f is not None:
                    scaled[k] = _rescale(f, 1.0 / MONEY[t_unit])
    unread = [rows[k].label[:40] for k in cells
              if cells[k] is None and raw[k] not in ZERO_CELLS and k not in tree.children
              and any(v is not None for v in rows[k].values)]
    if unread:
        yield not_checked(
            "count-total",
            f"ไม่สามารถตรวจผลรวมคอลัมน์ {col} ของตาราง {table.title[:80]}: อ่านตัวเลขของแถว"
            f" {'; '.join(unread)} ไม่ได้",
            reported=tot.value,
            prov=total.prov,
        )
        return

    def value(k: int, by: dict[int, Figure | None]) -> Figure | None:
        v = by.get(k)
        if v is None and k in tree.carrier:
            v = by.get(tree.carrier[k])
        return v

    def eff(k: int, by: dict[int, Figure | None]) -> list[Figure] | None:
        """The figures standing for row k: its own, else its children's (None: unknown)."""
        v = value(k, by)
        if v is not None:
            return [v]
        kids = tree.children.get(k)
        if not kids:
            return [] if raw[k] in ZERO_CELLS else None
        return _joined([eff(c, by) for c in kids])

    def leaves(k: int, by: dict[int, Figure | None]) -> list[Figure] | None:
        kids = tree.children.get(k)
        if not kids:
            return eff(k, by)
        return _joined([leaves(c, by) for c in kids])

    # แถวกลุ่ม (1, 1.1, มิติที่ n, แถวรวมย่อย) ตรวจกับแถวลูกของตนเอง หรือกับแถวล่างสุดของกลุ่ม
    # ในหน่วยที่แถวกลุ่มพิมพ์ไว้
    for k, kids in tree.children.items():
        v = value(k, cells)
        if v is None:
            continue
        same = all(cell_unit(f) == cell_unit(v) for c in kids if (f := value(c, cells)) is not None)
        by = cells if same else scaled
        v = value(k, by)
        direct = _joined([eff(c, by) for c in kids])
        if v is None or not direct:
            continue
        under = _joined([leaves(c, by) for c in kids])
        if _agrees(direct, v) or (under and _agrees(under, v)):
            continue
        at = rows[tree.carrier[k]] if cells.get(k) is None and k in tree.carrier else rows[k]
        yield _finding(table, col, at.label, v, direct, at.prov, continued)
    readings: list[list[Figure]] = []
    for sel in (tree.top, tree.leaves()):
        figs: list[Figure] = []
        for k in sel:
            e = eff(k, scaled) if sel is tree.top else [x for x in [value(k, scaled)] if x is not None]
            if e is None:
                figs = []
                break
            figs.extend(x for x in e if x is not None)
        if figs:
            readings.append(figs)
    if not readings or any(_agrees(figs, tot) for figs in readings):
        return
    unsure = continued
    if tree.flat:
        # ลำดับชั้นที่แสดงด้วยการย่อหน้าเท่านั้น (หายไปในข้อความ): แถวที่เท่ากับผลรวมของแถวถัดไป
        ordered = [scaled.get(k) for k in range(len(rows))]
        names = column_names(table.header, len(total.values))

        def consistent(k: int, end: int) -> bool:
            for c, t in enumerate(total.values):
                if c == j or t is None or any(w in names[c] for w in NOT_SUMMED):
                    continue
                head = rows[k].values[c] if c < len(rows[k].values) else None
                run = [rows[m].values[c] if c < len(rows[m].values) else None for m in range(k + 1, end + 1)]
                if head is not None and all(g is not None for g in run):
                    if not _agrees([g for g in run if g is not None], head):
                        return False
            return True

        keep = hidden_groups(ordered, _agrees, consistent)
        if keep is None and any(f is not None and distinctive(f) and _agrees([f], tot) for f in ordered):
            keep = list(range(len(ordered)))  # ยอดรวมเท่ากับแถวหนึ่งพอดี: แถวนั้นคือกลุ่มที่ครอบคลุมแถวอื่น
        if keep is not None:
            kept = [f for k in keep if (f := ordered[k]) is not None]
            if (kept and _agrees(kept, tot)) or any_run_agrees(ordered, tot, _agrees):
                return
            unsure = True
    hidden = unsure and not continued
    yield _finding(table, col, total.label, tot, readings[0], total.prov, unsure, hidden=hidden)


def _joined(parts: list[list[Figure] | None]) -> list[Figure] | None:
    """The concatenation of figure lists, None when any is None."""
    out: list[Figure] = []
    for p in parts:
        if p is None:
            return None
        out.extend(p)
    return out


def _rescale(f: Figure, factor: float) -> Figure:
    """``f`` in another money unit (บาท → ล้านบาท: factor 1e-6), its precision carried along."""
    shift = round(-math.log10(factor)) if factor > 0 else 0
    return Figure(f.value * factor, f.decimals + shift, f.raw, certain=f.certain, confidence=f.confidence)


def _agrees(parts: list[Figure], tot: Figure) -> bool:
    # ตัวเลขนับจำนวนเต็มเป็นค่าแน่นอน: ยอดรวมจำนวนเต็มของจำนวนเต็มต้องเท่ากันพอดี
    whole = tot.decimals <= 0 and all(f.decimals <= 0 for f in parts)
    total_reading: Reading = "whole_exact" if whole else "rounded"
    return parts_total(parts, tot, "whole_exact", total_reading=total_reading).agrees


def _finding(
    table: CountTable, col: str, label: str, tot: Figure, parts: list[Figure], prov: Provenance,
    continued: bool, *, hidden: bool = False,
) -> Finding:
    exp = expected(exact_sum(parts), tot.decimals)
    sev = severity_for([*parts, tot], structure_known=not continued)
    why = (" (บางแถวเท่ากับผลรวมของแถวถัดไป ตารางอาจมีลำดับชั้นที่ไม่ได้พิมพ์เลขลำดับ"
           " ไม่แน่ใจว่าแถวใดประกอบเป็นยอดรวม)"
           if hidden else " (ตารางอาจต่อมาจากหน้าก่อน ไม่แน่ใจว่าแถวใดประกอบเป็นยอดรวม)" if continued else "")
    is_total = label.strip() == (table.total.label.strip() if table.total else "")
    where = "แถวรวม" if is_total else f"แถว {label.strip()[:40]} "
    note = why + uncertainty_note([*parts, tot])
    return make_finding(
        "count-total",
        sev,
        f"ตาราง {table.title[:80]} คอลัมน์ {col}: {where}รายงาน {show(tot)} แต่ผลรวมของแถว"
        f" {' + '.join(show(f) for f in parts)} = {fmt(exp, tot.decimals)}{note}",
        reported=tot.value,
        expected=exp,
        prov=prov,
    )


def _mean_column(table: CountTable, figs: list[Figure], tot: Figure, col: str) -> Iterator[Finding]:
    """A survey's รวม x̄: the mean of the rows' means only when every row has as many respondents, so a
    disagreement is a warning."""
    lo = sum(f.value - f.half_unit for f in figs) / len(figs)
    hi = sum(f.value + f.half_unit for f in figs) / len(figs)
    if lo - tot.half_unit - EPS <= tot.value <= hi + tot.half_unit + EPS:
        return
    total = table.total
    assert total is not None
    exp = expected(sum(dec(f.value) for f in figs) / len(figs), tot.decimals)
    yield make_finding(
        "count-total",
        "warning",
        f"ตาราง {table.title[:80]} คอลัมน์ {col}: แถวรวมรายงาน {show(tot)}"
        f" แต่ค่าเฉลี่ยของแถว = {fmt(exp, tot.decimals)}"
        " (เป็นค่าเฉลี่ยรวมได้เมื่อทุกแถวมีจำนวนผู้ตอบเท่ากัน)",
        reported=tot.value,
        expected=exp,
        prov=total.prov,
    )
