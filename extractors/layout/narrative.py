"""Narrative: bullets and paragraphs under a heading (ปัจจัยสนับสนุน, อุปสรรค, ข้อเสนอแนะ, ...)."""

from __future__ import annotations

import re

from extractors.layout.state import Walk, prov, strip_marks
from extractors.ocr_text import Row
from extractors.records import NarrativeItem, NarrativeKind
from extractors.templates import Template
from normalizers.text import fold, startswith_label, strip_decoration

#: a heading is a short item: longer text that starts with a heading label is an item itself
HEADING_MAX = 90
#: a table cell is narrative only when it is this long (details of results) and a heading is open
TABLE_TEXT_MIN = 40


#: what a scan's page pass may make of a bullet ("■" read "พ", "แผ", "mw"): this many letters
#: before a heading label that ends its line
BULLET_MISREAD = 2
_STRAY = re.compile(r"[\u0e01-\u0e4eA-Za-z]+")


def heading(tpl: Template, item: str) -> NarrativeKind | None:
    """The narrative kind a heading item opens, or None.

    A heading alone on its line may follow a bullet the OCR read as one or two letters ("แผจุดอ่อน",
    "mw จุดอ่อน"): the label must then end the line, so that text which merely starts with a short
    word and a label ("มีจุดอ่อนที่...") is no heading.
    """
    s = strip_marks(item)
    if len(s) > HEADING_MAX:
        return None
    for h in tpl.narrative_headings:
        if any(startswith_label(s, lab) for lab in h.labels):
            return h.kind
    # หัวข้อที่มีสัญลักษณ์นำหน้าซึ่ง OCR อ่านเป็นตัวอักษร: ป้ายต้องจบบรรทัดพอดี
    for n in range(1, BULLET_MISREAD + 1):
        if not _STRAY.fullmatch(s[:n]):
            break
        rest = s[n:].lstrip(" .,:;'`|").rstrip(" :：")
        for h in tpl.narrative_headings:
            if any(fold(rest) == fold(lab) for lab in h.labels):
                return h.kind
    return None


def narrative_row(walk: Walk, rows: list[Row], i: int) -> int:
    """The last handler: narrative items of the row (if a heading is open); always consumes the row."""
    read_narrative(walk, rows[i])
    return 1


def read_narrative(walk: Walk, row: Row, quiet: bool = False) -> None:
    """Follow headings and stop labels in ``row``; add its items unless ``quiet`` (rows read as tables)."""
    tpl, doc = walk.tpl, walk.doc
    cells = [c for c in row.cells if c]
    if row.is_table and not quiet:
        cells = [c for c in cells if len(c) > TABLE_TEXT_MIN and walk.narrative_kind is not None]
    for cell in cells:
        for item in cell.split("\n"):
            kind = heading(tpl, item)
            if kind is not None:
                walk.narrative_kind = kind
                continue
            s = strip_marks(item)
            if any(startswith_label(s, lab) for lab in tpl.narrative_stop_labels):
                walk.narrative_kind = None
                continue
            if quiet or walk.narrative_kind is None or not s or s in tpl.narrative_empty_marks:
                continue
            text = strip_decoration(item.strip()).strip()
            if len(text) < 2:
                continue
            doc.narrative.append(NarrativeItem(
                source=walk.section or "document", component=walk.component,
                indicator=walk.reason_indicator(item) if walk.section == "audit" else None,
                kind=walk.narrative_kind,
                text=text, prov=prov(doc, row, item),
            ))
