"""Rules on part scores and table columns: subscore-sum, subscore-max, count-total."""

from __future__ import annotations

from collections.abc import Iterator

from extractors.records import Document, Figure, Provenance, SubScoreGroup
from pipeline.findings import Finding, exact_sum, expected, fmt, make_finding, not_checked, severity_for, show
from pipeline.interval import EPS, Reading, parts_total, rounded
from pipeline.rules.registry import rule
from pipeline.rules.sections import source_name

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
        exp = expected(exact_sum(figs), group.total.decimals)
        note = (
            f" (คะแนนของ {len(missing)} รายการหายไป: {'; '.join(m[:60] for m in missing)}"
            " อาจตกหล่นจากการอ่านเอกสาร ตรวจสอบกับต้นฉบับ)"
            if missing
            else " (จะตรงกันได้ก็ต่อเมื่อคะแนนที่เป็นจำนวนเต็มเป็นค่าที่ปัดเศษมาแล้ว)"
            if rounded_whole
            else ""
        )
        yield make_finding(
            "subscore-sum",
            "warning" if missing or rounded_whole else severity_for([*figs, group.total]),
            f"{_group_label(group)}: คะแนนรวม {show(group.total)} {group.unit} ไม่เท่ากับผลรวมคะแนนย่อย"
            f" {' + '.join(show(f) for f in figs)} = {fmt(exp, group.total.decimals)}{note}",
            reported=group.total.value,
            expected=exp,
            prov=group.total_prov or group.prov,
            indicator=group.indicator,
        )


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
    """Each numeric column of a count table over its body rows vs the printed รวม row."""
    for table in doc.tables:
        total = table.total
        if total is None:
            continue
        for j, tot in enumerate(total.values):
            if tot is None:
                continue
            col = _column_name(table.header, len(total.values), j)
            figs: list[Figure] = []
            unread: list[str] = []
            for row in table.rows:
                v = row.values[j] if j < len(row.values) else None
                cell = row.cells[j].strip() if j < len(row.cells) else ""
                if v is not None:
                    figs.append(v)
                elif cell not in ZERO_CELLS:
                    unread.append(row.label[:40])
            if not figs:
                continue
            if unread:
                yield not_checked(
                    "count-total",
                    f"ไม่สามารถตรวจผลรวมคอลัมน์ {col} ของตาราง {table.title[:80]}: อ่านตัวเลขของแถว"
                    f" {'; '.join(unread)} ไม่ได้",
                    reported=tot.value,
                    prov=total.prov,
                )
                continue
            # ตัวเลขนับจำนวนเต็มเป็นค่าแน่นอน: ยอดรวมจำนวนเต็มของจำนวนเต็มต้องเท่ากันพอดี
            whole = tot.decimals <= 0 and all(f.decimals <= 0 for f in figs)
            total_reading: Reading = "whole_exact" if whole else "rounded"
            if parts_total(figs, tot, "whole_exact", total_reading=total_reading).agrees:
                continue
            exp = expected(exact_sum(figs), tot.decimals)
            yield make_finding(
                "count-total",
                "error",
                f"ตาราง {table.title[:80]} คอลัมน์ {col}: แถวรวมรายงาน {show(tot)} แต่ผลรวมของแถว"
                f" {' + '.join(show(f) for f in figs)} = {fmt(exp, tot.decimals)}",
                reported=tot.value,
                expected=exp,
                prov=total.prov,
            )


def _column_name(header: list[str], ncells: int, j: int) -> str:
    r"""The header of value column ``j``.

    ``header`` may list columns (with or without the label column) or header lines whose cells are
    tab-separated (a two-line header: "องค์ประกอบ\tผลการพิจารณา", "\tรับอุทธรณ์\tยกอุทธรณ์"); the
    last line with one name per value column wins.

    >>> _column_name(["องค์ประกอบ\tผลการพิจารณา", "\tรับอุทธรณ์\tยกอุทธรณ์"], 2, 1)
    'ยกอุทธรณ์'
    >>> _column_name(["องค์ประกอบ", "รับอุทธรณ์", "ยกอุทธรณ์"], 2, 0)
    'รับอุทธรณ์'
    """
    for line in reversed(header):
        if "\t" in line:
            names = [c.strip() for c in line.split("\t") if c.strip()]
            if len(names) == ncells:
                return names[j]
    offset = 1 if len(header) == ncells + 1 else 0
    k = j + offset
    named = 0 <= k < len(header) and header[k].strip() and "\t" not in header[k]
    return header[k].strip() if named else f"ที่ {j + 1}"
