"""Part scores: score tables with a maximum column, and parts written in audit reasons.

"(ร้อยละ 15) ร้อยละ 15.50", "(3 คะแนน) ผลงาน 3 คะแนน", "(15%) 15.50%": every word comes from the
template's ``subscore_text`` and ``subscore_table_header``; figures are read by normalizers.numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import cache

from extractors.layout.narrative import heading, read_narrative
from extractors.layout.state import (
    NUM,
    Walk,
    component_of,
    figure,
    is_header,
    printed,
    prov,
    section_of,
    strip_marks,
)
from extractors.ocr_text import Row
from extractors.records import Document, Figure, SubScore, SubScoreGroup
from extractors.templates import SubscoreText
from normalizers.digits import to_arabic
from normalizers.text import contains_label, fold, startswith_label

#: a caption line between parts of a score table is shorter than this
CAPTION_MAX = 120
#: how far back from a part the label is looked for, and how far after it a split word
LABEL_BACK, SPLIT_AHEAD = 200, 30


# ---------------------------------------------------------------- score tables


def subscore_table(walk: Walk, rows: list[Row], i: int) -> int:
    """Score tables with a maximum and a score column ending in a total row (คะแนนรวม)."""
    if walk.section == "summary" or not rows[i].is_table:
        return 0
    doc, tpl = walk.doc, walk.tpl
    spec = tpl.subscore_table_header
    unit = tpl.subscore_text.point_unit
    if not is_header(rows[i], spec.require):
        return 0
    # the table may be split into parts (ส่วนที่ 1, 2, 3), each with the header repeated
    parts: list[SubScore] = []
    nested: list[SubScoreGroup] = []
    total: Figure | None = None
    maximum: Figure | None = None
    total_row: Row | None = None
    k = i
    max_col = score_col = None
    while k < len(rows):
        row = rows[k]
        if not row.is_table:
            # a caption between the parts ("ส่วนที่ 2 : ...", "ตัวชี้วัด") does not end the table when
            # the header is repeated, or the part rows go on, right after it
            nxt = rows[k + 1] if k + 1 < len(rows) else None
            if (
                max_col is None or nxt is None or not nxt.is_table
                or len([c for c in row.cells if c]) > 1 or len(row.text) > CAPTION_MAX
                or not (is_header(nxt, spec.require) or figure(nxt.cell(max_col)) is not None)
            ):
                break
            k += 1
            continue
        if is_header(row, spec.require):
            score_col = next((j for j, c in enumerate(row.cells)
                              if any(contains_label(c, lab) for lab in spec.score_labels)), None)
            max_col = next((j for j, c in enumerate(row.cells) if j != score_col
                            and any(fold(c) == fold(lab) for lab in spec.max_labels)), None)
            k += 1
            continue
        if max_col is None or score_col is None:
            break
        label = row.cell(0)
        mx, sc = figure(row.cell(max_col)), figure(row.cell(score_col))
        if any(startswith_label(label, lab) for lab in spec.total_labels):
            total, maximum, total_row = sc, mx, row
            k += 1
            break
        if mx is not None:
            parts.append(SubScore(label, sc, prov(doc, row), maximum=mx, unit=unit))
            note = " ".join(row.cells[score_col + 1:])
            inner = points_list(doc, row, note, tpl.subscore_text)
            if len(inner) >= 2 and sc is not None:
                nested.append(SubScoreGroup("audit", None, inner, prov(doc, row),
                                            total=sc, total_prov=prov(doc, row), unit=unit))
        k += 1
    if not parts:
        return 0
    ind = walk.current_indicator()
    doc.subscores.append(SubScoreGroup(
        "audit" if walk.section == "audit" else "self_report", ind, parts, prov(doc, rows[i]),
        total=total, total_prov=prov(doc, total_row) if total_row else None, maximum=maximum, unit=unit,
    ))
    for g in nested:
        g.indicator = ind
        doc.subscores.append(g)
    for r in rows[i:k]:
        read_narrative(walk, r, quiet=True)
    return k - i


def points_list(doc: Document, row: Row, text: str, spec: SubscoreText) -> list[SubScore]:
    """ "- ความเป็นนวัตกรรม 7.286 คะแนน - ความคิดริเริ่ม 7.143 คะแนน" → parts."""
    kw = "|".join(map(re.escape, spec.point_words))
    out = []
    for m in re.finditer(r"([^\-–0-9]+?)\s*(" + NUM + r")\s*(?:" + kw + ")", to_arabic(text)):
        fig = printed(m.group(2))
        if fig is not None:
            out.append(SubScore(m.group(1).strip(), fig, prov(doc, row, m.group(0)), unit=spec.point_unit))
    return out


# ---------------------------------------------------------------- audit reasons with sub-scores


def _single_line(row: Row) -> bool:
    """A line of text with one piece: a PDF line, or an OCR line that is not a cell of paragraphs."""
    return not row.is_table and len([c for c in row.cells if c]) == 1 and "\n" not in row.text


def _starts_item(walk: Walk, row: Row) -> bool:
    """A line that opens something new: a reason ("ตัวชี้วัดที่ 2 :"), a heading, a section or component."""
    tpl = walk.tpl
    first = next((c for c in row.cells if c), "")
    s = strip_marks(first)
    label = tpl.indicator_reason_label or ""
    return (
        (bool(label) and (startswith_label(first.strip(), label) or startswith_label(s, label)))
        or heading(tpl, first) is not None
        or any(startswith_label(s, lab) for lab in tpl.narrative_stop_labels)
        or section_of(tpl, row) is not None
        or component_of(tpl, first) is not None
    )


def reason_block(walk: Walk, rows: list[Row], i: int) -> list[Row]:
    """The rows of one audit reason cell starting at rows[i].

    OCR text gives the cell as one row whose paragraphs are "\\n"-separated pieces. A PDF gives each
    paragraph (wrapped lines already joined) as a line of text of its own, so the part scores
    "1) … (ร้อยละ 10) ร้อยละ 10" / "2) …" / "คิดเป็นร้อยละ 80.500" come on separate rows: they are read
    together, up to the next reason, heading, section or component, a table row or a cell of paragraphs.
    """
    # ข้อความเหตุผลของคะแนนใน PDF มาทีละบรรทัด: รวมบรรทัดต่อเนื่องเป็นช่องเดียวเหมือนข้อความ OCR
    if not _single_line(rows[i]):
        return [rows[i]]
    j = i + 1
    while j < len(rows) and _single_line(rows[j]) and not _starts_item(walk, rows[j]):
        j += 1
    return rows[i:j]


def audit_reason(walk: Walk, rows: list[Row], i: int) -> int:
    """In an audit section, the part scores of the reason cell starting here; consumes nothing."""
    if walk.section == "audit" and i >= walk.reason_until:
        block = reason_block(walk, rows, i)
        walk.reason_until = i + len(block)
        reason_subscores(walk, block)
    return 0


#: a score followed by a space and two or three more digits ("ร้อยละ 4 55"): its point may be lost;
#: an item number "2)" or "10)" after it is not that
_SPACED_TAIL = re.compile(r"[ \t]+[0-9]{2,3}(?![0-9).,])")


@cache
def _patterns(spec: SubscoreText) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The part pattern "(max) score" and the total pattern "คิดเป็นร้อยละ 80.5" of ``spec``."""
    words = spec.percent_words
    pw = "|".join(map(re.escape, words))
    ps = "|".join(map(re.escape, spec.percent_signs))
    kw = "|".join(map(re.escape, spec.point_words))
    pre = "|".join(map(re.escape, spec.score_prefixes))

    def pct(name: str) -> str:
        # ร้อยละ นำหน้าตัวเลข ("ร้อยละ 15.50") หรือเครื่องหมาย % ตามหลัง ("15.50%")
        return rf"(?:(?:{pw})\s*(?P<{name}>{NUM})|(?P<{name}_sign>{NUM})\s*(?:{ps}))"

    part_re = re.compile(
        rf"\(\s*(?:{pct('pmax')}|(?P<kmax>{NUM})\s*(?:{kw}))\s*\)\s*(?:(?:{pre})\s*)?"
        rf"(?:{pct('pscore')}|(?P<kscore>{NUM})\s*(?:{kw}))"
    )
    prefixes = spec.total_prefixes
    # "คิดเป็นร้อยละ 80.500" เขียนได้อีกแบบว่า "คิดเป็น 80.500%": ตัดคำว่าร้อยละท้าย prefix แล้วรับ % ตามหลัง
    stems = [p[: -len(w)].strip() for p in prefixes for w in words if p.endswith(w) and p[: -len(w)].strip()]
    tot = "|".join(map(re.escape, prefixes))
    stem = "|".join(map(re.escape, stems))
    signed = rf"|(?:{stem})\s*(?P<total_sign>{NUM})\s*(?:{ps})" if stem else ""
    total_re = re.compile(rf"(?:{tot})\s*(?P<total>{NUM})" + signed) if tot else None
    return part_re, total_re


def reason_subscores(walk: Walk, block: list[Row]) -> None:
    """ "(3 คะแนน) ผลงาน 3 คะแนน", "(ร้อยละ 15) ร้อยละ 15.50", "(15%) 15.50%": parts with maxima and totals.

    ``block`` is one reason cell: one row, or the lines of a PDF cell (joined by "\\n" like paragraphs).
    """
    spec = walk.tpl.subscore_text
    doc = walk.doc
    row = block[0]
    split = [fold(w) for w in spec.split_words]
    part_re, total_re = _patterns(spec)
    pieces = [to_arabic(r.text) for r in block]
    text = "\n".join(pieces)
    matches = list(part_re.finditer(text))
    if len(matches) < 2:
        return
    starts = [0]
    for piece in pieces[:-1]:
        starts.append(starts[-1] + len(piece) + 1)

    def row_at(pos: int) -> Row:
        # บรรทัดที่ตัวเลขนั้นพิมพ์อยู่ (the row the figure is printed on)
        return block[bisect_right(starts, pos) - 1]

    top: list[tuple[SubScore, int]] = []
    children: dict[int, list[SubScore]] = {}
    parent: int | None = None
    for m in matches:
        pmax = m.group("pmax") or m.group("pmax_sign")
        pscore = m.group("pscore") or m.group("pscore_sign")
        percent = pmax is not None
        if percent != (pscore is not None):
            continue
        mx = printed(pmax or m.group("kmax"))
        sc = printed(pscore or m.group("kscore"))
        if mx is None or sc is None:
            continue
        if _SPACED_TAIL.match(text, m.end()):
            # "ร้อยละ 4 55": จุดทศนิยมที่ OCR ทำหาย ตัวเลขอ่านได้แต่ไม่แน่นอน (a point OCR lost: uncertain)
            sc = replace(sc, certain=False)
        before = text[max(0, m.start() - LABEL_BACK):m.start()]
        label_start = max(before.rfind("\n"), before.rfind(" - "), before.rfind(")"))
        label = before[label_start + 1:].strip(" -")
        is_top = re.search(r"(?:^|\n|\s)\*?[0-9]+\)\s*[^\n]*$", before) is not None and (
            re.search(r"[0-9]+\)", before[label_start - 3 if label_start >= 3 else 0:]) is not None
        )
        part = SubScore(label, sc, prov(doc, row_at(m.start()), m.group(0)), maximum=mx,
                        unit=spec.percent_unit if percent else spec.point_unit)
        after = fold(text[m.end():m.end() + SPLIT_AHEAD])
        if is_top or parent is None:
            top.append((part, m.end()))
            parent = len(top) - 1 if any(after.startswith(w) for w in split) else None
            if parent is not None:
                children[parent] = []
        else:
            children.setdefault(parent, []).append(part)
    ind = walk.reason_indicator(text)
    for idx, kids in children.items():
        if kids:
            p = top[idx][0]
            doc.subscores.append(SubScoreGroup(
                "audit", ind, kids, prov(doc, row), total=p.score, total_prov=p.prov, maximum=p.maximum,
                unit=p.unit))
    if len(top) >= 2:
        total = None
        total_row = row
        if total_re is not None:
            tm = total_re.search(text, top[-1][1])
            if tm:
                total = printed(tm.group("total") or tm.group("total_sign"))
                total_row = row_at(tm.start())
        maxima = sum(p.maximum.value for p, _ in top if p.maximum)
        doc.subscores.append(SubScoreGroup(
            "audit", ind, [p for p, _ in top], prov(doc, row),
            total=total if abs(maxima - 100) < 1e-9 else None, total_prov=prov(doc, total_row),
            maximum=Figure(maxima, 0, str(maxima)), unit=top[0][0].unit))
