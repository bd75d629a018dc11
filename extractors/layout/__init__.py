"""Sections and records of a performance report, driven by a declarative template.

Input: the rows of a document (``ocr_text.Row``: a table row of cells or a line of text, with its
line number). Output: a filled :class:`~extractors.records.Document`. Every label, title, column
header and pattern comes from the template (``extractors/templates/*.json``); the code knows only
the shapes, one module each:

- :mod:`.fields`: agency, fiscal year, agency type;
- :mod:`.summary`: the summary table (canonical ids and names);
- :mod:`.forms`: self-report and audit forms (criteria and results tables);
- :mod:`.count_tables`: tables ending in a printed total row;
- :mod:`.subscores`: part-score tables and part scores written in audit reasons;
- :mod:`.narrative`: items under narrative headings;
- :mod:`.measurements`: quantities and dates of every line.

:data:`DOCUMENT_PASSES` run in order over the whole document; one of them walks the rows, and each
row goes through :data:`ROW_HANDLERS` in order until one consumes it. Every handler takes the shared
:class:`~extractors.layout.state.Walk` first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from extractors.layout.confidence import ocr_confidence
from extractors.layout.count_tables import count_table
from extractors.layout.fields import document_fields
from extractors.layout.forms import FORM_SECTIONS, component_heading, form_row, resolve_forms
from extractors.layout.generic import apply_method, points5_stated
from extractors.layout.measurements import measurements
from extractors.layout.narrative import narrative_row
from extractors.layout.state import Form, Walk, section_of
from extractors.layout.subscores import audit_reason, subscore_table
from extractors.layout.summary import summary_pass
from extractors.ocr_text import Row
from extractors.records import Document
from extractors.templates import Template, load_schemes, load_templates
from normalizers.digits import to_arabic
from normalizers.text import fold

__all__ = [
    "DOCUMENT_PASSES", "NO_STRUCTURE_WARNING", "ROW_HANDLERS", "DocumentPass", "RowHandler",
    "choose_template", "extract_layout", "signature_hits",
]

#: reads rows[i] (and maybe the rows after it); returns how many rows it consumed, 0 = not its row
RowHandler = Callable[[Walk, list[Row], int], int]
#: reads the whole document
DocumentPass = Callable[[Walk, list[Row]], None]

#: the warning of a document in which no form was recognised: its other records are still data
NO_STRUCTURE_WARNING = (
    "no performance-report structure recognised (no template matched): "
    "only quantities, dates and narrative were extracted"
)

_SIGNATURE_ROWS = 400  # signature labels are looked for in this many first rows


def _head(rows: list[Row]) -> str:
    return fold(" ".join(r.text for r in rows[:_SIGNATURE_ROWS]))


def signature_hits(head: str, tpl: Template) -> int:
    """How many of ``tpl``'s signature labels occur in ``head`` (folded text of the first rows)."""
    return sum(1 for s in tpl.signature if fold(s) in head)


def choose_template(rows: list[Row], templates: Iterable[Template] | None = None) -> Template:
    """The template whose signature labels occur most often in the first rows.

    Ties go to the template made for the document's fiscal year, then to the first in
    :func:`~extractors.templates.load_templates` order.
    """
    head = _head(rows)
    years = {int(y) for y in re.findall(r"25[0-9]{2}", to_arabic(head))}

    def score(t: Template) -> tuple[int, int]:
        return signature_hits(head, t), len(years & set(t.fiscal_years))

    return max(templates or load_templates(), key=score)


def summary_row(walk: Walk, rows: list[Row], i: int) -> int:
    """Rows of the summary section were read by the summary pass: consume them."""
    return 1 if walk.section == "summary" else 0


#: the row handlers, in the order they are tried
ROW_HANDLERS: tuple[RowHandler, ...] = (
    component_heading,  # consumes nothing: sets the component
    form_row,
    summary_row,
    count_table,
    subscore_table,
    audit_reason,  # consumes nothing: reads part scores of an audit reason
    narrative_row,  # always consumes the row
)


def _read_row(walk: Walk, rows: list[Row], i: int) -> int:
    for handler in ROW_HANDLERS:
        n = handler(walk, rows, i)
        if n:
            return n
    return 1


def walk_rows(walk: Walk, rows: list[Row]) -> None:
    """Every row once, in order: a section title opens its section, handlers read the rows."""
    i = 0
    while i < len(rows):
        sec = section_of(walk.tpl, rows[i])
        if sec is not None and (sec != walk.section or sec in FORM_SECTIONS):
            walk.close_form()
            walk.section = sec
            walk.component = None
            walk.narrative_kind = None
            if sec in FORM_SECTIONS:
                walk.form = Form(source="self_report" if sec == "self_report" else "audit")
        i += max(_read_row(walk, rows, i), 1)
    walk.close_form()


#: the document passes, in order: the summary table first, as it gives the canonical ids and names
#: the forms are matched to
DOCUMENT_PASSES: tuple[DocumentPass, ...] = (
    document_fields,
    summary_pass,
    walk_rows,
    resolve_forms,
    measurements,
    ocr_confidence,
)


def extract_layout(doc: Document, rows: list[Row], tpl: Template | None = None) -> Document:
    """Fill ``doc`` from its rows: sections, indicators, criteria, totals, tables, narrative."""
    chosen = tpl or choose_template(rows)
    head = _head(rows)
    hits = signature_hits(head, chosen)
    schemes = load_schemes()
    # แม่แบบตรงเมื่อพบป้ายเฉพาะของแบบฟอร์มนั้น (แบบฟอร์มการรายงาน ...) ไม่ใช่จำนวนป้ายลายเซ็นที่พบ
    # (คำเช่น มิติที่ เกณฑ์การให้คะแนน ใช้กันทุกแบบฟอร์ม): ไม่ตรง → template เป็น null
    matched = tpl is not None or any(fold(lab) in head for lab in chosen.form_labels)
    # ไม่มีแม่แบบใดตรง: ระบบคะแนนจากข้อความ ("ระดับละ 1 คะแนน") หรือระบบตั้งต้น
    generic_scheme = "points-5" if points5_stated(rows) else schemes.default
    scheme = chosen.scheme if matched else generic_scheme
    doc.template = chosen.name if matched else None
    apply_method(doc, rows, matched=matched)
    doc.scheme = scheme
    doc.level_scores = schemes.get(scheme).scores()
    walk = Walk(doc=doc, tpl=chosen)
    for run in DOCUMENT_PASSES:
        run(walk, rows)
    # ไม่พบแบบฟอร์มใดเลย (ไม่มีป้ายลายเซ็นของแม่แบบ ไม่มีตัวชี้วัด ไม่มียอดรวม): เอกสารยังเป็น ok
    # เพราะปริมาณ วันที่ และข้อความยังเป็นข้อมูล แต่ต้องบอกผู้ใช้ให้ชัดในคำเตือนเดียว
    # (no form recognised: the document stays ok, its quantities, dates and narrative are data)
    if not doc.indicators and not doc.totals and hits == 0:
        doc.warnings.append(NO_STRUCTURE_WARNING)
    return doc
