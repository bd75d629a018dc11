"""Sections and records of a performance report, driven by a declarative template.

Input: the rows of a document (``ocr_text.Row``: a table row of cells or a line of text, with its
line number). Output: a filled :class:`~extractors.records.Document`. Every label, title and column
header comes from the template (``extractors/templates/*.json``); the code knows only the shapes:
forms with a criteria table and a results table, a summary table, count tables with a รวม row,
sub-score breakdowns, and narrative headed by labels.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.ocr_text import CHECKED, Row
from extractors.records import (
    CountTable,
    Criteria,
    DateRecord,
    Document,
    Figure,
    Indicator,
    NarrativeItem,
    Provenance,
    QuantityRecord,
    SectionSource,
    SubScore,
    SubScoreGroup,
    TableRow,
    Total,
)
from extractors.templates import Template, load_templates
from normalizers.dates import find_dates
from normalizers.digits import to_arabic
from normalizers.errors import NormalizeError
from normalizers.names import best_name_match, canonical_agency
from normalizers.numbers import parse_number
from normalizers.quantities import find_quantities
from normalizers.text import contains_label, find_label, fold, startswith_label, strip_decoration

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_ITEM_NUMBER = re.compile(r"^\s*\(?([0-9]+(?:\.[0-9]+)*)[.)]\s*")
_EXPLICIT_ID = re.compile(r"^\s*(?:ตัวชี้วัดที่\s*)?([0-9]+)\.([0-9]+)(?:\.([0-9]+))?\s+(\S.*)$")
_LEVEL = re.compile(r"ระดับ\s*([1-5])(?![0-9])")
_NAME_MATCH = 0.55


# ---------------------------------------------------------------- small readers


def figure(text: str) -> Figure | None:
    """A cell holding one number ("100.000", "ร้อยละ 80.500", "๗๒ ตัวชี้วัด" is not one)."""
    s = to_arabic(text).strip()
    s = re.sub(r"^(?:ร้อยละ|≤|≥|<|>|=)\s*", "", s).rstrip("%").strip()
    if not re.fullmatch(r"-?" + _NUM, s):
        return None
    try:
        n = parse_number(s)
    except NormalizeError:
        return None
    return Figure(n.value, n.decimals, text.strip())


def first_number(text: str) -> Figure | None:
    """The first number in a cell ("ร้อยละ 88.314 (ระดับ 5)" → 88.314), skipping "ระดับ n"."""
    s = to_arabic(text)
    s = _LEVEL.sub(" ", s)
    m = re.search(r"-?" + _NUM, s)
    if not m:
        return None
    raw = m.group(0)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return Figure(float(raw.replace(",", "")), decimals, raw)


def count_cell(text: str, zero_marks: Iterable[str]) -> Figure | None:
    """A count cell: "๗๒ ตัวชี้วัด" → 72, "-" → 0 (printed as none), "" → None."""
    s = to_arabic(text).strip()
    if not s:
        return None
    if s in zero_marks:
        return Figure(0.0, 0, text.strip())
    m = re.match(r"(" + _NUM + r")(?:\s*[^\d\s].*)?$", s)
    if not m:
        return None
    raw = m.group(1)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return Figure(float(raw.replace(",", "")), decimals, text.strip())


def strip_marks(text: str) -> str:
    """Drop bullets and numbering at the start of an item ("■ ", "- ", "1) ", "๕.๑ ")."""
    s = strip_decoration(to_arabic(text))
    s = _ITEM_NUMBER.sub("", s)
    return s.strip()


# ---------------------------------------------------------------- the walk


@dataclass(slots=True)
class _Form:
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


@dataclass(slots=True)
class _State:
    doc: Document
    tpl: Template
    section: str | None = None
    component: int | None = None
    indicator: str | None = None
    narrative_kind: str | None = None
    #: rows before this index were already read as part of an audit reason cell (PDF lines)
    reason_until: int = 0
    form: _Form | None = None
    forms: list[_Form] = field(default_factory=list)
    summary_names: dict[str, str] = field(default_factory=dict)  # id → name


def _prov(doc: Document, row: Row, raw: str | None = None) -> Provenance:
    return Provenance(
        path=doc.path, page=row.page, line=row.line, raw=raw if raw is not None else row.raw,
        source=row.source, bbox=row.bbox,
    )


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

    Ties go to the template made for the document's fiscal year.
    """
    head = _head(rows)
    years = {int(y) for y in re.findall(r"25[0-9]{2}", to_arabic(head))}

    def score(t: Template) -> tuple[int, int]:
        return signature_hits(head, t), len(years & set(t.fiscal_years))

    return max(templates or load_templates(), key=score)


def _section_of(state: _State, row: Row) -> str | None:
    if row.is_table or len(row.text) > 160:
        return None
    for sec in state.tpl.data.get("sections", []):
        for title in sec["titles"]:
            if startswith_label(row.text, title):
                return str(sec["source"])
    return None


def _component_of(tpl: Template, text: str) -> int | None:
    s = to_arabic(text)
    for label in tpl.labels("component_labels"):
        f = fold(label)
        key = fold(s)
        i = key.find(f)
        if i == 0 or (i > 0 and i < 12):
            m = re.match(r"\s*([0-9]+)", key[i + len(f):])
            if m:
                return int(m.group(1))
    return None


def extract_layout(doc: Document, rows: list[Row], tpl: Template | None = None) -> Document:
    """Fill ``doc`` from its rows: sections, indicators, criteria, totals, tables, narrative."""
    tpl = tpl or choose_template(rows)
    doc.template = tpl.name
    doc.scheme = tpl.scheme
    state = _State(doc=doc, tpl=tpl)
    _document_fields(state, rows)
    # the summary table first: it gives the canonical ids and names other sections are matched to
    _summary_pass(state, rows)
    i = 0
    while i < len(rows):
        row = rows[i]
        sec = _section_of(state, row)
        if sec is not None and (sec != state.section or sec in ("self_report", "audit")):
            _close_form(state)
            state.section = sec
            state.component = None
            state.indicator = None
            state.narrative_kind = None
            if sec in ("self_report", "audit"):
                state.form = _Form(source="self_report" if sec == "self_report" else "audit")
        consumed = _row(state, rows, i)
        i += max(consumed, 1)
    _close_form(state)
    _resolve_forms(state)
    _measurements(doc, rows)
    # ไม่พบแบบฟอร์มใดเลย (ไม่มีป้ายลายเซ็นของแม่แบบ ไม่มีตัวชี้วัด ไม่มียอดรวม): เอกสารยังเป็น ok
    # เพราะปริมาณ วันที่ และข้อความยังเป็นข้อมูล แต่ต้องบอกผู้ใช้ให้ชัดในคำเตือนเดียว
    # (no form recognised: the document stays ok, its quantities, dates and narrative are data)
    if not doc.indicators and not doc.totals and signature_hits(_head(rows), tpl) == 0:
        doc.warnings.append(NO_STRUCTURE_WARNING)
    return doc


# ---------------------------------------------------------------- document fields


def _document_fields(state: _State, rows: list[Row]) -> None:
    doc, tpl = state.doc, state.tpl
    votes: dict[str, int] = {}
    for row in rows[:2000]:
        for label in tpl.labels("agency_labels"):
            span = find_label(row.text, label)
            if span is not None:
                # ชื่อหน่วยงานอยู่หลังป้ายกำกับ ("หน่วยงาน : สำนักงานเขตบางรัก"); หน่วยงานอื่นที่อยู่หน้าคำว่า
                # หน่วยงาน ("... รับผิดชอบโดย สำนักยุทธศาสตร์ฯ  ๓ หน่วยงาน" ในตารางอุทธรณ์) ไม่นับ
                name = canonical_agency(row.text[span[1]:])
                if name:
                    votes[name] = votes.get(name, 0) + 1
                break
    if votes:
        doc.agency = max(votes, key=lambda k: votes[k])
    for row in rows[:200]:
        if doc.fiscal_year is not None:
            break
        s = to_arabic(row.text)
        for label in tpl.labels("fiscal_year_labels"):
            m = re.search(re.escape(label).replace(r"\ ", r"\s*") + r"\s*([0-9]{4})", s)
            if m and 2400 < int(m.group(1)) < 2700:
                doc.fiscal_year = int(m.group(1))
                break
    type_label = tpl.data.get("agency_type_label")
    if type_label:
        for row in rows[:400]:
            if contains_label(row.text, type_label):
                doc.agency_type = _agency_type(row.text, tpl.labels("agency_types"))
                if doc.agency_type:
                    break
    if doc.fiscal_year is None:
        doc.warnings.append("fiscal year not found")
    if doc.agency is None:
        doc.warnings.append("agency not found")


def _agency_type(text: str, types: list[str]) -> str | None:
    """ "ประเภทหน่วยงาน : ☐ Line ☑ Staff" → Staff; "ประเภทหน่วยงาน : Line" → Line."""
    if CHECKED in text:
        after = text.split(CHECKED, 1)[1]
        return next((t for t in types if after.strip().lower().startswith(t.lower())), None)
    named = [t for t in types if re.search(rf"\b{re.escape(t)}\b", text, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None


# ---------------------------------------------------------------- summary table


def _is_header(row: Row, require: Iterable[str], exclude: Iterable[str] = ()) -> bool:
    if not row.is_table:
        return False
    return all(any(contains_label(c, lab) for c in row.cells) for lab in require) and not any(
        any(contains_label(c, lab) for c in row.cells) for lab in exclude
    )


def _summary_pass(state: _State, rows: list[Row]) -> None:
    tpl, doc = state.tpl, state.doc
    spec = tpl.section("summary_header")
    units = [fold(u) for u in tpl.labels("units")]
    after = list(spec.get("columns_after_unit", []))
    start = next((k for k, r in enumerate(rows) if _is_header(r, spec.get("require", []))), None)
    if start is None:
        return
    component: int | None = None
    group_id: str | None = None
    sub_count = 0
    per_component: dict[int, int] = {}
    comp_totals: dict[int, list[tuple[Figure, Row]]] = {}
    for row in rows[start + 1:]:
        if not row.is_table:
            if fold(row.text) and not re.fullmatch(r"[0-9]+", fold(row.text)):
                break
            continue
        first = row.cell(0)
        if any(startswith_label(first, lab) for lab in spec.get("overall_labels", [])):
            nums = [f for f in (figure(c) for c in row.cells[1:]) if f is not None]
            if nums:
                doc.totals.append(Total("summary", "overall", None, _prov(doc, row), reported=nums[-1]))
            break
        comp = _component_of(tpl, first) if first else None
        if comp is not None:
            component, group_id = comp, None
        if component is None:
            continue
        unit_idx = next(
            (i for i in range(1, min(len(row.cells), 6)) if fold(row.cell(i)) in units), None
        )
        id_cell = to_arabic(row.cell(1)).strip()
        name = row.cell(2) or None
        if unit_idx is None:
            # a row that only heads sub-indicators ("3.3 กรุงเทพฯ เมืองอาหารปลอดภัย")
            if re.fullmatch(r"[0-9]+\.[0-9]+", id_cell) and name:
                group_id, sub_count = id_cell, 0
                state.summary_names[id_cell] = name
                doc.indicators.append(
                    Indicator("summary", id_cell, component, _prov(doc, row), name=name, is_group=True)
                )
            continue
        name = row.cell(unit_idx - 1) or None
        if re.fullmatch(r"[0-9]+\.[0-9]+(?:\.[0-9]+)?", id_cell):
            ind_id = id_cell
            group_id = None
        elif group_id is not None:
            sub_count += 1
            ind_id = f"{group_id}.{sub_count}"
        else:
            per_component[component] = per_component.get(component, 0) + 1
            ind_id = f"{component}.{per_component[component]}"
        cols = {key: row.cell(unit_idx + 1 + k) for k, key in enumerate(after)}
        ind = Indicator(
            "summary", ind_id, component, _prov(doc, row), name=name, unit=row.cell(unit_idx),
            weight=figure(cols.get("weight", "")), result_text=cols.get("result") or None,
            result=figure(cols.get("result", "")), score=figure(cols.get("score", "")),
            weighted_score=figure(cols.get("weighted_score", "")),
        )
        doc.indicators.append(ind)
        if name:
            state.summary_names[ind_id] = name
        thresholds = {lv: f for lv in range(1, 6) if (f := figure(cols.get(f"t{lv}", ""))) is not None}
        if len(thresholds) == 5:
            note = cols.get("note", "").strip()
            doc.criteria.append(
                Criteria(ind_id, "summary", _prov(doc, row), thresholds=thresholds,
                         group=note if re.fullmatch(r"[A-Dก-ง]", note) else None)
            )
        total = figure(cols.get("component_total", ""))
        if total is not None:
            comp_totals.setdefault(component, []).append((total, row))
    for comp, found in comp_totals.items():
        if len(found) == 1:  # one printed total for the component; several = per-indicator sums
            fig, row = found[0]
            doc.totals.append(Total("summary", "component", comp, _prov(doc, row), reported=fig))


# ---------------------------------------------------------------- rows of other sections


def _row(state: _State, rows: list[Row], i: int) -> int:
    """Read rows[i] (and maybe following rows); return how many rows were consumed."""
    row = rows[i]
    sec = state.section
    tpl = state.tpl
    comp = _component_of(tpl, row.cell(0)) if not row.is_table or len(row.cells) <= 6 else None
    if comp is not None and sec != "summary":
        state.component = comp
        if state.form is not None:
            if state.form.component is not None and state.form.rows and state.form.component != comp:
                _close_form(state)
                state.form = _Form(source=state.form.source if state.form else "audit")
            state.form.component = comp
    form = state.form
    if form is not None and sec in ("self_report", "audit"):
        n = _form_row(state, form, rows, i)
        if n:
            return n
    if sec == "summary":
        return 1
    if row.is_table:
        n = _count_table(state, rows, i)
        if n:
            return n
        n = _subscore_table(state, rows, i)
        if n:
            return n
    if sec == "audit" and i >= state.reason_until:
        block = _reason_block(state, rows, i)
        state.reason_until = i + len(block)
        _reason_subscores(state, block)
    _narrative(state, row)
    return 1


def _form_row(state: _State, form: _Form, rows: list[Row], i: int) -> int:
    tpl, doc = state.tpl, state.doc
    row = rows[i]
    if not row.is_table or len([c for c in row.cells if c]) == 1:
        first = next((c for c in row.cells if c), "")
        for lab in tpl.labels("indicator_title_labels"):
            if startswith_label(first, lab) and form.title is None:
                form.title = first.split(":", 1)[-1].strip() or None
                return 1
        m = _EXPLICIT_ID.match(to_arabic(first))
        header_part = not form.rows and not form.criteria and form.explicit_id is None
        if (
            m and header_part and form.component is not None and int(m.group(1)) == form.component
            and len(first) < 200
            and (not state.summary_names or ".".join(g for g in m.groups()[:3] if g) in state.summary_names)
        ):
            form.explicit_id = ".".join(g for g in m.groups()[:3] if g)
            form.explicit_name = m.group(4).strip()
            return 1
        glabel = tpl.data.get("group_label")
        if glabel and contains_label(first, glabel) and CHECKED in first:
            after = first.split(CHECKED, 1)[1]
            m2 = re.search(r"([A-Dก-ง])\b", after)
            if m2:
                form.group = m2.group(1)
                doc.group = doc.group or m2.group(1)
            return 1
        note = re.search(str(tpl.data.get("interpolation_note", "$^")), to_arabic(first))
        if note:
            form.interpolation = float(note.group("step"))
            return 1
        if all(contains_label(first, lab) for lab in tpl.labels("floor_note")):
            form.floor = True
            return 1
        _reason_names(state, form, row)
        return 0
    # criteria table
    lvl = re.compile(str(tpl.data.get("criteria_level_header")))
    levels = {
        int(m.group("level")): float(m.group("score"))
        for c in row.cells
        if (m := lvl.search(to_arabic(c)))
    }
    if len(levels) >= 3:
        return _criteria_table(state, form, rows, i, levels)
    spec = tpl.section("results_header")
    if _is_header(row, spec.get("require", []), spec.get("exclude", [])):
        return _results_table(state, form, rows, i)
    return 0


def _reason_names(state: _State, form: _Form, row: Row) -> None:
    """Audit reasons name each row: "ตัวชี้วัดที่ 1 : NAME (เป้าหมาย...)"."""
    label = str(state.tpl.data.get("indicator_reason_label", ""))
    if not label:
        return
    pattern = re.compile(re.escape(label) + r"\s*([0-9]+)\s*[:：]\s*([^\n(]+)")
    for item in row.text.split("\n"):
        m = pattern.match(strip_marks(item) if not item.lstrip().startswith(label) else item.strip())
        if m is None:
            m = pattern.match(to_arabic(item).strip())
        if m:
            form.names.setdefault(int(m.group(1)), m.group(2).strip())


def _criteria_table(state: _State, form: _Form, rows: list[Row], i: int, levels: dict[int, float]) -> int:
    doc, tpl = state.doc, state.tpl
    glabel = str(tpl.data.get("group_label") or "")
    n = 1
    for row in rows[i + 1:]:
        if not row.is_table:
            break
        n += 1
        first = row.cell(0)
        cells = row.cells[1:6]
        number = _ITEM_NUMBER.match(to_arabic(first))
        key: int | None = int(number.group(1).split(".")[0]) if number else None
        if glabel and startswith_label(first, glabel):
            m = re.search(r"([A-Dก-ง])\s*$", first)
            grouped = form.criteria.setdefault(None, Criteria("", form.source, _prov(doc, row)))
            grouped.level_scores = levels
            if m:
                grouped.group_thresholds[m.group(1)] = {
                    lv: f for lv, c in enumerate(cells, 1) if (f := figure(c)) is not None
                }
            continue
        if first and key is None and form.criteria.get(None) is None:
            form.names.setdefault(0, first)
        elif key is not None:
            name = first[number.end():].strip() if number else first
            if name:
                form.names.setdefault(key, name)
        crit = form.criteria.get(key)
        if crit is None:
            crit = Criteria("", form.source, _prov(doc, row), level_scores=dict(levels))
            form.criteria[key] = crit
        for lv, c in enumerate(cells, 1):
            f = figure(c)
            if f is not None:
                crit.thresholds[lv] = f
            elif c:
                crit.text_levels[lv] = (crit.text_levels.get(lv, "") + " " + c).strip()
    return n


def _parse_result(ind: Indicator, text: str, level_word: str) -> None:
    s = to_arabic(text)
    m = re.search(re.escape(level_word) + r"\s*([1-5])(?![0-9])", s)
    if m:
        ind.level = int(m.group(1))
    rest = re.sub(re.escape(level_word) + r"\s*[1-5](?![0-9])", " ", s)
    num = re.search(r"-?" + _NUM, rest)
    if num:
        raw = num.group(0)
        ind.result = Figure(float(raw.replace(",", "")), len(raw.split(".")[1]) if "." in raw else 0, raw)


def _results_table(state: _State, form: _Form, rows: list[Row], i: int) -> int:
    doc, tpl = state.doc, state.tpl
    spec = tpl.section("results_header")
    header = rows[i]
    cols: dict[str, int] = {}
    for col in spec.get("columns", []):
        for j, cell in enumerate(header.cells):
            if j in cols.values():
                continue
            if any(contains_label(cell, lab) for lab in col["labels"]):
                cols[col["field"]] = j
                break
    n = 1
    level_word = str(tpl.data.get("level_word", "ระดับ"))
    for row in rows[i + 1:]:
        if not row.is_table and len(row.cells) == 1 and "index" in cols:
            break
        if not row.is_table and not figure(row.cell(0)):
            break
        n += 1
        get = {k: row.cell(j) for k, j in cols.items()}
        idx = get.get("index", "")
        is_total = (not idx and "index" in cols) and any(
            contains_label(c, lab) for c in row.cells for lab in spec.get("total_labels", [])
        )
        if is_total:
            doc.totals.append(Total(
                form.source, "component", form.component, _prov(doc, row),
                weight=figure(get.get("weight", "")), reported=figure(get.get("weighted_score", "")),
            ))
            break
        weight = figure(get.get("weight", ""))
        if weight is None:
            break
        number = _ITEM_NUMBER.match(to_arabic(idx)) if idx else None
        ind = Indicator(
            form.source, "", form.component or 0, _prov(doc, row), weight=weight,
            result_text=get.get("result") or None, score=figure(get.get("score", "")),
            weighted_score=figure(get.get("weighted_score", "")),
        )
        _parse_result(ind, get.get("result", ""), level_word)
        form.rows.append(ind)
        form.row_numbers.append(int(number.group(1).split(".")[0]) if number else None)
        if "index" not in cols:
            break
    return n


def _close_form(state: _State) -> None:
    if state.form is not None and (state.form.rows or state.form.criteria):
        state.forms.append(state.form)
    state.form = None


def _match_id(state: _State, component: int | None, name: str | None) -> str | None:
    """The summary id whose name best matches ``name`` within the component."""
    if not name:
        return None
    prefix = None if component is None else f"{component}."
    candidates = [
        (ind_id, sname) for ind_id, sname in state.summary_names.items()
        if prefix is None or ind_id.startswith(prefix)
    ]
    return best_name_match(name, candidates, _NAME_MATCH)


def _resolve_forms(state: _State) -> None:
    """Give every form row and criteria its canonical id, matched by name to the summary table."""
    doc = state.doc
    for form in state.forms:
        comp = form.component
        single = len(form.rows) == 1
        for ind, number in zip(form.rows, form.row_numbers, strict=True):
            name: str | None
            if single and form.explicit_id:
                name = form.explicit_name
            elif number is not None:
                name = form.names.get(number)
            else:
                name = form.names.get(0) or form.explicit_name or form.title
            ind_id = None
            if single and form.explicit_id:
                ind_id = form.explicit_id
            ind_id = ind_id or _match_id(state, comp, name)
            if ind_id is None:
                count = sum(1 for k in state.summary_names if k.startswith(f"{comp}."))
                if number is not None:
                    ind_id = f"{comp}.{number}"
                elif single and count <= 1:
                    ind_id = f"{comp}.1"
                else:
                    ind_id = f"{comp}.{form.rows.index(ind) + 1}"
                    doc.warnings.append(f"line {ind.prov.line}: indicator id {ind_id} assigned by position")
            ind.indicator = ind_id
            ind.name = name
            doc.indicators.append(ind)
            key = number if number is not None else (None if None in form.criteria else 0)
            crit = form.criteria.get(key) or (form.criteria.get(None) if single else None)
            if crit is None and single and len(form.criteria) == 1:
                crit = next(iter(form.criteria.values()))
            if crit is not None and not crit.indicator:
                crit.indicator = ind_id
                crit.interpolation = form.interpolation
                crit.floor_at_level1 = form.floor
                crit.group = form.group
                if form.group and form.group in crit.group_thresholds:
                    crit.thresholds = dict(crit.group_thresholds[form.group])
                doc.criteria.append(crit)
    doc.indicators.sort(key=lambda r: (r.prov.page or 0, r.prov.line or 0))


# ---------------------------------------------------------------- tables with totals


def _table_rows(rows: list[Row], i: int) -> list[Row]:
    out = []
    for row in rows[i:]:
        if not row.is_table:
            break
        out.append(row)
    return out


def _count_table(state: _State, rows: list[Row], i: int) -> int:
    """A table whose numeric columns end in a printed รวม row (appeals tables)."""
    doc, tpl = state.doc, state.tpl
    spec = tpl.section("count_table")
    zero = spec.get("zero_marks", ["-"])
    if i > 0 and rows[i - 1].is_table:
        return 0
    table = _table_rows(rows, i)
    total_at = next(
        (k for k, r in enumerate(table)
         if any(fold(r.cell(0)) == fold(lab) for lab in spec.get("total_labels", []))), None
    )
    if total_at is None:
        return 0
    total_row = table[total_at]
    total_vals = [count_cell(c, zero) for c in total_row.cells[1:]]
    if not any(v is not None for v in total_vals):
        return 0
    body = [r for r in table[:total_at] if any(count_cell(c, zero) is not None for c in r.cells[1:])]
    header = [r for r in table[:total_at] if r not in body]
    title = ""
    for back in range(i - 1, max(i - 4, -1), -1):
        if not rows[back].is_table:
            title = rows[back].text
            break

    def trow(r: Row) -> TableRow:
        return TableRow(r.cell(0), r.cells[1:], [count_cell(c, zero) for c in r.cells[1:]], _prov(doc, r))

    doc.tables.append(CountTable(
        title=title, header=[h.text for h in header], rows=[trow(r) for r in body],
        total=trow(total_row), prov=_prov(doc, table[0]),
    ))
    for r in table:
        _narrative(state, r, quiet=True)
    return len(table)


def _subscore_table(state: _State, rows: list[Row], i: int) -> int:
    """Score tables with a maximum and a score column ending in a total row (คะแนนรวม)."""
    doc, tpl = state.doc, state.tpl
    spec = tpl.section("subscore_table_header")
    if not _is_header(rows[i], spec.get("require", [])):
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
                or len([c for c in row.cells if c]) > 1 or len(row.text) > 120
                or not (_is_header(nxt, spec.get("require", [])) or figure(nxt.cell(max_col)) is not None)
            ):
                break
            k += 1
            continue
        if _is_header(row, spec.get("require", [])):
            score_col = next((j for j, c in enumerate(row.cells)
                              if any(contains_label(c, lab) for lab in spec["score_labels"])), None)
            max_col = next((j for j, c in enumerate(row.cells) if j != score_col
                            and any(fold(c) == fold(lab) for lab in spec["max_labels"])), None)
            k += 1
            continue
        if max_col is None or score_col is None:
            break
        label = row.cell(0)
        mx, sc = figure(row.cell(max_col)), figure(row.cell(score_col))
        if any(startswith_label(label, lab) for lab in spec.get("total_labels", [])):
            total, maximum, total_row = sc, mx, row
            k += 1
            break
        if mx is not None:
            part = SubScore(label, sc, _prov(doc, row), maximum=mx)
            parts.append(part)
            note = " ".join(row.cells[score_col + 1:])
            inner = _points_list(doc, row, note)
            if len(inner) >= 2 and sc is not None:
                nested.append(SubScoreGroup("audit", None, inner, _prov(doc, row),
                                            total=sc, total_prov=_prov(doc, row)))
        k += 1
    if not parts:
        return 0
    ind = _current_indicator(state)
    doc.subscores.append(SubScoreGroup(
        "audit" if state.section == "audit" else "self_report", ind, parts, _prov(doc, rows[i]),
        total=total, total_prov=_prov(doc, total_row) if total_row else None, maximum=maximum,
    ))
    for g in nested:
        g.indicator = ind
        doc.subscores.append(g)
    for r in rows[i:k]:
        _narrative(state, r, quiet=True)
    return k - i


def _current_indicator(state: _State) -> str | None:
    form = state.form
    if form is None:
        return None
    if form.explicit_id:
        return form.explicit_id
    if form.component is not None:
        return _match_id(state, form.component, form.explicit_name or form.title) or (
            f"{form.component}.1"
            if sum(1 for k in state.summary_names if k.startswith(f"{form.component}.")) == 1 else None
        )
    return None


def _points_list(doc: Document, row: Row, text: str) -> list[SubScore]:
    """ "- ความเป็นนวัตกรรม 7.286 คะแนน - ความคิดริเริ่ม 7.143 คะแนน" → parts."""
    out = []
    for m in re.finditer(r"([^\-–0-9]+?)\s*(" + _NUM + r")\s*คะแนน", to_arabic(text)):
        raw = m.group(2)
        fig = Figure(float(raw.replace(",", "")), len(raw.split(".")[1]) if "." in raw else 0, raw)
        out.append(SubScore(m.group(1).strip(), fig, _prov(doc, row, m.group(0))))
    return out


# ---------------------------------------------------------------- audit reasons with sub-scores


def _single_line(row: Row) -> bool:
    """A line of text with one piece: a PDF line, or an OCR line that is not a cell of paragraphs."""
    return not row.is_table and len([c for c in row.cells if c]) == 1 and "\n" not in row.text


def _starts_item(state: _State, row: Row) -> bool:
    """A line that opens something new: a reason ("ตัวชี้วัดที่ 2 :"), a heading, a section or component."""
    tpl = state.tpl
    first = next((c for c in row.cells if c), "")
    s = strip_marks(first)
    label = str(tpl.data.get("indicator_reason_label", ""))
    return (
        (bool(label) and (startswith_label(first.strip(), label) or startswith_label(s, label)))
        or _heading(tpl, first) is not None
        or any(startswith_label(s, lab) for lab in tpl.labels("narrative_stop_labels"))
        or _section_of(state, row) is not None
        or _component_of(tpl, first) is not None
    )


def _reason_block(state: _State, rows: list[Row], i: int) -> list[Row]:
    """The rows of one audit reason cell starting at rows[i].

    OCR text gives the cell as one row whose paragraphs are "\n"-separated pieces. A PDF gives each
    paragraph (wrapped lines already joined) as a line of text of its own, so the part scores
    "1) … (ร้อยละ 10) ร้อยละ 10" / "2) …" / "คิดเป็นร้อยละ 80.500" come on separate rows: they are read
    together, up to the next reason, heading, section or component, a table row or a cell of paragraphs.
    """
    # ข้อความเหตุผลของคะแนนใน PDF มาทีละบรรทัด: รวมบรรทัดต่อเนื่องเป็นช่องเดียวเหมือนข้อความ OCR
    if not _single_line(rows[i]):
        return [rows[i]]
    j = i + 1
    while j < len(rows) and _single_line(rows[j]) and not _starts_item(state, rows[j]):
        j += 1
    return rows[i:j]


def _reason_subscores(state: _State, block: list[Row]) -> None:
    """ "(3 คะแนน) ผลงาน 3 คะแนน", "(ร้อยละ 15) ร้อยละ 15.50", "(15%) 15.50%": parts with maxima and totals.

    ``block`` is one reason cell: one row, or the lines of a PDF cell (joined by "\n" like paragraphs).
    """
    spec = state.tpl.section("subscore_text")
    doc = state.doc
    row = block[0]
    words = list(spec.get("percent_words", ["ร้อยละ"]))
    pw = "|".join(map(re.escape, words))
    ps = "|".join(map(re.escape, spec.get("percent_signs", ["%"])))
    kw = "|".join(map(re.escape, spec.get("point_words", ["คะแนน"])))
    pre = "|".join(map(re.escape, spec.get("score_prefixes", ["ผลงาน"])))
    split = [fold(w) for w in spec.get("split_words", [])]

    def pct(name: str) -> str:
        # ร้อยละ นำหน้าตัวเลข ("ร้อยละ 15.50") หรือเครื่องหมาย % ตามหลัง ("15.50%")
        return rf"(?:(?:{pw})\s*(?P<{name}>{_NUM})|(?P<{name}_sign>{_NUM})\s*(?:{ps}))"

    part_re = re.compile(
        rf"\(\s*(?:{pct('pmax')}|(?P<kmax>{_NUM})\s*(?:{kw}))\s*\)\s*(?:(?:{pre})\s*)?"
        rf"(?:{pct('pscore')}|(?P<kscore>{_NUM})\s*(?:{kw}))"
    )
    prefixes = list(spec.get("total_prefixes", []))
    # "คิดเป็นร้อยละ 80.500" เขียนได้อีกแบบว่า "คิดเป็น 80.500%": ตัดคำว่าร้อยละท้าย prefix แล้วรับ % ตามหลัง
    stems = [p[: -len(w)].strip() for p in prefixes for w in words if p.endswith(w) and p[: -len(w)].strip()]
    tot = "|".join(map(re.escape, prefixes))
    stem = "|".join(map(re.escape, stems))
    signed = rf"|(?:{stem})\s*(?P<total_sign>{_NUM})\s*(?:{ps})" if stem else ""
    total_re = re.compile(rf"(?:{tot})\s*(?P<total>{_NUM})" + signed) if tot else None
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

    def fig(raw: str) -> Figure:
        return Figure(float(raw.replace(",", "")), len(raw.split(".")[1]) if "." in raw else 0, raw)

    top: list[tuple[SubScore, int]] = []
    children: dict[int, list[SubScore]] = {}
    parent: int | None = None
    for m in matches:
        pmax = m.group("pmax") or m.group("pmax_sign")
        pscore = m.group("pscore") or m.group("pscore_sign")
        percent = pmax is not None
        if percent != (pscore is not None):
            continue
        mx = fig(pmax or m.group("kmax"))
        sc = fig(pscore or m.group("kscore"))
        before = text[max(0, m.start() - 200):m.start()]
        label_start = max(before.rfind("\n"), before.rfind(" - "), before.rfind(")"))
        label = before[label_start + 1:].strip(" -")
        is_top = re.search(r"(?:^|\n|\s)\*?[0-9]+\)\s*[^\n]*$", before) is not None and (
            re.search(r"[0-9]+\)", before[label_start - 3 if label_start >= 3 else 0:]) is not None
        )
        part = SubScore(label, sc, _prov(doc, row_at(m.start()), m.group(0)), maximum=mx,
                        unit="ร้อยละ" if percent else "คะแนน")
        after = fold(text[m.end():m.end() + 30])
        if is_top or parent is None:
            top.append((part, m.end()))
            parent = len(top) - 1 if any(after.startswith(w) for w in split) else None
            if parent is not None:
                children[parent] = []
        else:
            children.setdefault(parent, []).append(part)
    ind = _reason_indicator(state, text)
    for idx, kids in children.items():
        if kids:
            p = top[idx][0]
            doc.subscores.append(SubScoreGroup(
                "audit", ind, kids, _prov(doc, row), total=p.score, total_prov=p.prov, maximum=p.maximum,
                unit=p.unit))
    if len(top) >= 2:
        total = None
        total_row = row
        if total_re is not None:
            tm = total_re.search(text, top[-1][1])
            if tm:
                total = fig(tm.group("total") or tm.group("total_sign"))
                total_row = row_at(tm.start())
        maxima = sum(p.maximum.value for p, _ in top if p.maximum)
        doc.subscores.append(SubScoreGroup(
            "audit", ind, [p for p, _ in top], _prov(doc, row),
            total=total if abs(maxima - 100) < 1e-9 else None, total_prov=_prov(doc, total_row),
            maximum=Figure(maxima, 0, str(maxima)), unit=top[0][0].unit))


def _reason_indicator(state: _State, text: str) -> str | None:
    label = str(state.tpl.data.get("indicator_reason_label", ""))
    # เลขไทย "ตัวชี้วัดที่ ๑ :" เหมือนเลขอารบิก (Thai digits as Arabic, as everywhere else)
    m = re.search(re.escape(label) + r"\s*([0-9]+)\s*[:：]\s*([^\n(]+)", to_arabic(text)) if label else None
    comp = state.component
    if m:
        return _match_id(state, comp, m.group(2).strip())
    return _current_indicator(state)


# ---------------------------------------------------------------- narrative


def _heading(tpl: Template, item: str) -> str | None:
    s = strip_marks(item)
    if len(s) > 90:
        return None
    for h in tpl.data.get("narrative_headings", []):
        if any(startswith_label(s, lab) for lab in h["labels"]):
            return str(h["kind"])
    return None


def _narrative(state: _State, row: Row, quiet: bool = False) -> None:
    tpl, doc = state.tpl, state.doc
    cells = [c for c in row.cells if c]
    if row.is_table and not quiet:
        # tables: narrative only from long text cells (details of results)
        cells = [c for c in cells if len(c) > 40 and state.narrative_kind is not None]
    for cell in cells:
        for item in cell.split("\n"):
            kind = _heading(tpl, item)
            if kind is not None:
                state.narrative_kind = kind
                continue
            s = strip_marks(item)
            if any(startswith_label(s, lab) for lab in tpl.labels("narrative_stop_labels")):
                state.narrative_kind = None
                continue
            if quiet or state.narrative_kind is None or not s or s in ("ไม่มี", "-"):
                continue
            text = strip_decoration(item.strip()).strip()
            if len(text) < 2:
                continue
            doc.narrative.append(NarrativeItem(
                source=state.section or "document", component=state.component,
                indicator=_reason_indicator(state, item) if state.section == "audit" else None,
                kind=state.narrative_kind,  # type: ignore[arg-type]
                text=text, prov=_prov(doc, row, item),
            ))


# ---------------------------------------------------------------- quantities and dates


def _measurements(doc: Document, rows: list[Row]) -> None:
    """Every quantity and date of the text, per physical line."""
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
