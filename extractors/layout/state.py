"""The walker's state and the small readers every section handler shares.

:class:`Walk` is the one mutable object of a layout pass: the document being filled, the template,
the current section, component and form. Handlers get it as their first argument; nothing is kept
in module globals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from extractors.ocr_text import Row
from extractors.records import (
    Criteria,
    Document,
    Figure,
    Indicator,
    NarrativeKind,
    Provenance,
    SectionSource,
    Total,
)
from extractors.templates import Template
from extractors.templates.schema import SectionName
from normalizers.digits import to_arabic
from normalizers.errors import NormalizeError
from normalizers.names import best_name_match
from normalizers.numbers import PERCENT_PREFIXES, parse_number
from normalizers.text import contains_label, fold, startswith_label, strip_decoration, tolerant_pattern

#: a printed number inside a longer text (the figure itself is read by normalizers.numbers)
NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
#: list numbering at the start of an item: "1.", "(2)", "5.1)"
ITEM_NUMBER = re.compile(r"^\s*\(?([0-9]+(?:\.[0-9]+)*)[.)]\s*")
#: what may stand before the number of a one-number cell: ร้อยละ, or a comparison sign
_CELL_PREFIX = re.compile(
    r"^(?:" + "|".join(map(re.escape, (*PERCENT_PREFIXES, "≤", "≥", "<", ">", "="))) + r")\s*"
)
_CELL_NUMBER = re.compile(r"-?" + NUM)
_COUNT = re.compile(r"(" + NUM + r")(?:\s*[^\d\s].*)?$")
#: summary ids that are matched by name must score at least this
NAME_MATCH = 0.55


# ---------------------------------------------------------------- small readers


def printed(raw: str) -> Figure | None:
    """``raw`` (one printed number, Arabic digits) as a Figure keeping ``raw``; None if not a number."""
    try:
        n = parse_number(raw)
    except NormalizeError:
        return None
    return Figure(n.value, n.decimals, raw)


def figure(text: str) -> Figure | None:
    """A cell holding one number ("100.000", "ร้อยละ 80.500"; "๗๒ ตัวชี้วัด" is not one)."""
    s = _CELL_PREFIX.sub("", to_arabic(text).strip()).rstrip("%").strip()
    if not _CELL_NUMBER.fullmatch(s):
        return None
    f = printed(s)
    return None if f is None else Figure(f.value, f.decimals, text.strip())


def count_cell(text: str, zero_marks: Iterable[str]) -> Figure | None:
    """A count cell: "๗๒ ตัวชี้วัด" → 72, "-" → 0 (printed as none), "" → None."""
    s = to_arabic(text).strip()
    if not s:
        return None
    if s in zero_marks:
        return Figure(0.0, 0, text.strip())
    m = _COUNT.match(s)
    f = printed(m.group(1)) if m else None
    if f is None:
        return None
    # ช่องที่มีตัวเลขมากกว่าหนึ่งตัว ("30,000 ( 29,650 )", "1 : 224.23"): อ่านตัวแรกได้แต่ไม่แน่นอน
    rest = s[m.end(1):] if m else ""
    return Figure(f.value, f.decimals, text.strip(), certain=not any(ch.isdigit() for ch in rest))


def strip_marks(text: str) -> str:
    """Drop bullets and numbering at the start of an item ("■ ", "- ", "1) ", "๕.๑ ")."""
    return ITEM_NUMBER.sub("", strip_decoration(to_arabic(text))).strip()


def is_header(row: Row, require: Iterable[str], exclude: Iterable[str] = ()) -> bool:
    """A table row holding every label of ``require`` and none of ``exclude``."""
    if not row.is_table:
        return False
    return all(any(contains_label(c, lab) for c in row.cells) for lab in require) and not any(
        any(contains_label(c, lab) for c in row.cells) for lab in exclude
    )


def near_label(cell: str, label: str) -> bool:
    """A header cell that starts with ``label`` (by :func:`fold`) but for one letter OCR misread, lost
    or added ("ตัวขีวัด" for ตัวชี้วัด, "น หนัก (ร้อยละ)" for น้ำหนัก); labels of five letters or more.

    >>> near_label("ตัวขีวัด", "ตัวชี้วัด"), near_label("น หนัก (ร้อยละ)", "น้ำหนัก"), near_label("ตัววัด", "ตัวชี้วัด")
    (True, True, False)
    """
    a, b = fold(cell), fold(label)
    if a.startswith(b):
        return True
    if len(b) < 5:
        return False
    return any(_one_edit(a[:n], b) for n in (len(b) - 1, len(b), len(b) + 1) if n <= len(a))


def _one_edit(a: str, b: str) -> bool:
    """``a`` is ``b`` with one letter substituted, lost or added."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    # หนึ่งตัวอักษรที่ต่างกัน: แทนที่ ตกหล่น หรือเกินมา (one letter substituted, lost or added)
    return a[i + 1:] == b[i + 1:] or a[i:] == b[i + 1:] or a[i + 1:] == b[i:]


@cache
def reason_pattern(label: str) -> re.Pattern[str]:
    """ "ตัวชี้วัดที่ 1 : NAME" with the label's marks losable (OCR: "ตัวชี้วัดที 1"), the colon read
    as a point when spaced ("ตัวชี้วัดที่ 2 . NAME"; "2.1" is an id, not a number and a colon)."""
    return re.compile(tolerant_pattern(label) + r"\s*([0-9]+)(?:\s*[:：]|\s+\.)\s*([^\n(]+)")


def prov(doc: Document, row: Row, raw: str | None = None) -> Provenance:
    """Where ``row`` (or the piece ``raw`` of it) was read."""
    return Provenance(
        path=doc.path, page=row.page, line=row.line, raw=raw if raw is not None else row.raw,
        source=row.source, bbox=row.bbox,
    )


def component_of(tpl: Template, text: str, labels: Iterable[str] | None = None) -> int | None:
    """The component number after a component label near the start ("องค์ประกอบที่ 2").

    ``labels``: other labels than the template's ``component_labels`` (its short labels).
    """
    key = fold(to_arabic(text))
    for f in _component_keys(tpl, labels):
        i = key.find(f)
        if i == 0 or (i > 0 and i < 12):
            m = re.match(r"\s*([0-9]+)", key[i + len(f):])
            if m:
                return int(m.group(1))
    return None


def _component_keys(tpl: Template, labels: Iterable[str] | None) -> list[str]:
    """Folded component labels, each full label also cut back to its short label plus at least one
    letter: OCR loses the trailing vowel of "ที่" ("องค์ประกอบท 2"), a damage no other word shows."""
    if labels is not None:
        return [fold(lab) for lab in labels]
    out = []
    shorts = [fold(s) for s in tpl.component_short_labels]
    for label in tpl.component_labels:
        f = fold(label)
        out.append(f)
        # ตัดสระท้ายของ "ที่" ที่ OCR ทำหาย ("องค์ประกอบท 2") แต่ต้องเหลืออย่างน้อยหนึ่งตัวหลังคำสั้น
        # (cut back to the short label plus one letter or more of the rest)
        for short in shorts:
            if f.startswith(short) and len(f) > len(short) + 1:
                out.extend(f[:k] for k in range(len(f) - 1, len(short), -1))
    return out


def is_speck_row(row: Row) -> bool:
    """A line with no letter or digit ("-", ".", "|"), or only one letter with its marks ("ต"): a
    scan's speck or a ruling's remnant that OCR read as a mark or a letter.

    >>> from extractors.records import Row
    >>> [is_speck_row(Row(1, t, [t], False)) for t in ("-", "ต", "ตั", "1", "ตัว", "๑.")]
    [True, True, True, False, False, False]
    """
    text = "".join(row.text.split())
    letters = WORDED.findall(text)
    # อักษรตัวเดียวทั้งบรรทัด (ไม่ใช่ตัวเลข): จุดสกปรกที่ OCR อ่านเป็นตัวอักษร
    # (one letter alone, not a digit: a speck OCR read as a letter)
    return not letters or (len(letters) == 1 and not letters[0].isdigit() and len(text) <= 3)


def section_of(tpl: Template, row: Row) -> SectionName | None:
    """The section a short line of text opens by its title, if any.

    A scan's speck beside the title ("... พ.ศ. 2566\t.") makes the line two cells: a line with one
    cell of words is still a line of text.
    """
    worded = [c for c in row.cells if WORDED.search(c)] if row.is_table else [row.text]
    if len(worded) != 1:
        return None
    # ช่องกรอกแบบจุดไข่ปลาที่ OCR ต่อเข้ากับชื่อหัวข้อถัดไป ("วัน/เดือน/ปี..... แบบสรุปผล...")
    # (a form's dotted blank that OCR joined to the next section's title on its line: the title
    # may start the line or follow the blank)
    starts = [t for t in dict.fromkeys((worded[0], _DOTTED_BLANK.split(worded[0])[-1])) if len(t) <= 160]
    for sec in tpl.sections:
        for title in sec.titles:
            if any(startswith_label(t, title) for t in starts):
                return sec.source
    if len(worded[0]) > 160:
        return None
    # ชื่อหัวข้อที่ OCR อ่านผิดหนึ่งตัว ("ติดตดาม") ยังเปิดหัวข้อนั้น (a title with one letter misread)
    for sec in tpl.sections:
        for title in sec.titles:
            if len(title) >= NEAR_TITLE and near_label(worded[0], title):
                return sec.source
    return None


#: a dotted blank of a form to fill in ("วัน/เดือน/ปี.....,"): what follows it on the line is text of its own
_DOTTED_BLANK = re.compile(r"\.{3,}[.,]*\s*")

#: a section title this long or longer may have one letter misread by OCR
NEAR_TITLE = 12


#: a letter or a digit: a cell without one is a speck or a ruling's remnant
WORDED = re.compile(r"[0-9A-Za-z\u0e01-\u0e2e\u0e50-\u0e59]")


# ---------------------------------------------------------------- state


@dataclass(slots=True)
class Form:
    """State of one self-report or audit form while its rows are read."""

    source: SectionSource
    component: int | None = None
    title: str | None = None
    explicit_id: str | None = None
    explicit_name: str | None = None
    group: str | None = None
    names: dict[int, str] = field(default_factory=dict)  # row number → indicator name
    criteria: dict[int | None, Criteria] = field(default_factory=dict)
    interpolation: float | None = None
    floor: bool = False
    rows: list[Indicator] = field(default_factory=list)
    row_numbers: list[int | None] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)  # the form's component totals


@dataclass(slots=True)
class Walk:
    """Everything a layout pass shares: the document, its template and where the walk stands."""

    doc: Document
    tpl: Template
    section: str | None = None
    component: int | None = None
    narrative_kind: NarrativeKind | None = None
    #: rows before this index were already read as part of an audit reason cell (PDF lines)
    reason_until: int = 0
    form: Form | None = None
    forms: list[Form] = field(default_factory=list)
    summary_names: dict[str, str] = field(default_factory=dict)  # id → name

    def close_form(self) -> None:
        """Keep the current form if it read anything, and leave it."""
        if self.form is not None and (self.form.rows or self.form.criteria):
            self.forms.append(self.form)
        self.form = None

    def match_id(self, component: int | None, name: str | None) -> str | None:
        """The summary id whose name best matches ``name`` within the component."""
        if not name:
            return None
        prefix = None if component is None else f"{component}."
        candidates = [
            (ind_id, sname) for ind_id, sname in self.summary_names.items()
            if prefix is None or ind_id.startswith(prefix)
        ]
        return best_name_match(name, candidates, NAME_MATCH)

    def current_indicator(self) -> str | None:
        """The indicator of the form being read: its explicit id, its title's match, or the only one."""
        form = self.form
        if form is None:
            return None
        if form.explicit_id:
            return form.explicit_id
        if form.component is not None:
            return self.match_id(form.component, form.explicit_name or form.title) or (
                f"{form.component}.1"
                if sum(1 for k in self.summary_names if k.startswith(f"{form.component}.")) == 1 else None
            )
        return None

    def reason_indicator(self, text: str) -> str | None:
        """The indicator an audit reason names ("ตัวชี้วัดที่ 1 : NAME"), else the current one."""
        label = self.tpl.indicator_reason_label
        # เลขไทย "ตัวชี้วัดที่ ๑ :" เหมือนเลขอารบิก (Thai digits as Arabic, as everywhere else)
        if not label:
            return self.current_indicator()
        m = reason_pattern(label).search(to_arabic(text))
        if m:
            return self.match_id(self.component, m.group(2).strip())
        return self.current_indicator()
