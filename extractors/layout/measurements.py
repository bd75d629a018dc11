"""Every quantity and date of the text, per physical line (whatever section it is in)."""

from __future__ import annotations

from extractors.layout.state import Walk
from extractors.ocr_text import Row
from extractors.records import DateRecord, Provenance, QuantityRecord
from extractors.text_facts import add_text_facts
from normalizers.dates import find_dates
from normalizers.quantities import find_quantities


def measurements(walk: Walk, rows: list[Row]) -> None:
    """Quantities and dates of ``doc.lines`` (not of ``rows``: a line's pieces keep their own place)."""
    doc = walk.doc
    for line in doc.lines:
        for piece in line.text.split("\n"):
            for q in find_quantities(piece):
                doc.quantities.append(QuantityRecord(
                    kind=q.kind, unit=q.unit, value=q.value, raw=q.raw, decimals=q.decimals,
                    prov=Provenance(doc.path, line.page, line.line, piece, line.source, line.bbox),
                    parts=dict(q.parts), suspicious=q.suspicious, likely_value=q.likely_value,
                ))
            for d in find_dates(piece):
                doc.dates.append(DateRecord(
                    raw=d.raw, start=d.start, end=d.end, precision=d.precision, valid=d.valid,
                    prov=Provenance(doc.path, line.page, line.line, piece, line.source, line.bbox),
                ))
    add_text_facts(doc)
