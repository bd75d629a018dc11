"""OCR confidence onto the figures read from a scan's table cells.

Readers give each cell of a scanned table row the confidence of the figures OCR read in it
(``Row.cell_confidences``); the section handlers read cells as plain text. This pass, run last,
finds for every figure of a record read on an OCR page the cell of its row that printed it
(same page and line, same text) and gives the figure that confidence: a figure below
``records.CERTAIN_CONFIDENCE`` is not ``certain``, so no rule raises an ``error`` on it
(docs/certainty.md).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from extractors.layout.state import Walk
from extractors.records import Figure, Provenance, Row

#: the Figure fields of the records that carry one
_FIGURE_FIELDS: dict[str, tuple[str, ...]] = {
    "indicators": ("weight", "result", "score", "weighted_score"),
    "totals": ("weight", "reported"),
}


def _confidences(rows: list[Row]) -> dict[tuple[int | None, int], dict[str, float]]:
    """(page, line) → cell text → the lowest confidence of a cell printing that text."""
    out: dict[tuple[int | None, int], dict[str, float]] = {}
    for row in rows:
        if not any(c is not None for c in row.cell_confidences):
            continue
        cells = out.setdefault((row.page, row.line), {})
        for text, conf in zip(row.cells, row.cell_confidences, strict=False):
            if conf is not None:
                key = text.strip()
                cells[key] = min(conf, cells.get(key, conf))
    return out


def _with_confidence(fig: Figure | None, cells: dict[str, float]) -> Figure | None:
    if fig is None or fig.confidence is not None:
        return fig
    conf = cells.get(fig.raw.strip())
    return fig if conf is None else dataclasses.replace(fig, confidence=conf)


def _place(prov: Provenance) -> tuple[int | None, int | None]:
    return prov.page, prov.line


def ocr_confidence(walk: Walk, rows: list[Row]) -> None:
    """Give figures read from scanned cells their cell's OCR confidence (nothing for text inputs)."""
    table = _confidences(rows)
    if not table:
        return
    doc: Any = walk.doc
    for name, fields in _FIGURE_FIELDS.items():
        for record in getattr(doc, name):
            page, line = _place(record.prov)
            cells = table.get((page, line)) if line is not None else None
            if cells:
                for f in fields:
                    setattr(record, f, _with_confidence(getattr(record, f), cells))
    for group in doc.subscores:
        for part in group.parts:
            cells = table.get(_place(part.prov))  # type: ignore[arg-type]
            if cells:
                part.score = _with_confidence(part.score, cells)
                part.maximum = _with_confidence(part.maximum, cells)
        if group.total_prov is not None:
            cells = table.get(_place(group.total_prov))  # type: ignore[arg-type]
            if cells:
                group.total = _with_confidence(group.total, cells)
    for tbl in doc.tables:
        for trow in [*tbl.rows, *([tbl.total] if tbl.total is not None else [])]:
            cells = table.get(_place(trow.prov))  # type: ignore[arg-type]
            if cells:
                trow.values = [_with_confidence(v, cells) for v in trow.values]
