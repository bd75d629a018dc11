"""Self-report and audit forms: their heading lines, criteria tables and results tables.

A form is read into a :class:`~extractors.layout.state.Form`; when the walk ends, :func:`resolve_forms`
gives every row and criteria its canonical id, matched by name to the summary table.
"""

from __future__ import annotations

import re

from extractors.layout.state import (
    ITEM_NUMBER,
    Form,
    Walk,
    component_of,
    figure,
    is_header,
    is_speck_row,
    near_label,
    printed,
    prov,
    reason_pattern,
    strip_marks,
)
from extractors.ocr_text import CHECKED, Row
from extractors.records import Criteria, Indicator, Total
from extractors.templates import ResultsHeader
from normalizers.digits import to_arabic
from normalizers.text import contains_label, startswith_label

FORM_SECTIONS = ("self_report", "audit")
#: an index cell holding only a number (its point lost on a scan: "3" for "3.")
_BARE_NUMBER = re.compile(r"\s*([0-9]{1,2})\s*")


def component_heading(walk: Walk, rows: list[Row], i: int) -> int:
    """A component heading ("องค์ประกอบที่ 2") sets the component; a new one inside a form starts the next form.

    Consumes nothing: the row is read on by the next handlers.
    """
    row = rows[i]
    comp = component_of(walk.tpl, row.cell(0)) if not row.is_table or len(row.cells) <= 6 else None
    if comp is not None and walk.section != "summary":
        walk.component = comp
        if walk.form is not None:
            if walk.form.component is not None and walk.form.rows and walk.form.component != comp:
                # แบบฟอร์มถัดไปเป็นแบบเดียวกับที่ปิด (the next form is of the closed form's kind: it
                # was always "audit" before, so a self-report's second component read as an audit)
                source = walk.form.source
                walk.close_form()
                walk.form = Form(source=source)
            walk.form.component = comp
    return 0


def form_row(walk: Walk, rows: list[Row], i: int) -> int:
    """A row of a self-report or audit form: a heading line, a criteria table or a results table."""
    form = walk.form
    if form is None or walk.section not in FORM_SECTIONS:
        return 0
    tpl, doc = walk.tpl, walk.doc
    row = rows[i]
    if not row.is_table or len([c for c in row.cells if c]) == 1:
        first = next((c for c in row.cells if c), "")
        for lab in tpl.indicator_title_labels:
            if startswith_label(first, lab) and form.title is None:
                form.title = first.split(":", 1)[-1].strip() or None
                return 1
        m = tpl.explicit_indicator_id.match(to_arabic(first))
        header_part = not form.rows and not form.criteria and form.explicit_id is None
        parts = (m.group("component"), m.group("number"), m.group("sub")) if m else ()
        explicit = ".".join(g for g in parts if g)
        if (
            m and header_part and form.component is not None and int(m.group("component")) == form.component
            and len(first) < 200
            and (not walk.summary_names or explicit in walk.summary_names)
        ):
            form.explicit_id = explicit
            form.explicit_name = m.group("name").strip()
            return 1
        glabel = tpl.group_label
        if glabel and contains_label(first, glabel) and CHECKED in first:
            after = first.split(CHECKED, 1)[1]
            m2 = re.search("(" + tpl.group_letter.pattern + r")\b", after)
            if m2:
                form.group = m2.group(1)
                doc.group = doc.group or m2.group(1)
            return 1
        note = tpl.interpolation_note.search(to_arabic(first))
        if note:
            form.interpolation = float(note.group("step"))
            return 1
        if all(contains_label(first, lab) for lab in tpl.floor_note):
            form.floor = True
            return 1
        _reason_names(walk, form, row)
        return 0
    levels = {
        int(m.group("level")): float(m.group("score"))
        for c in row.cells
        if (m := tpl.criteria_level_header.search(to_arabic(c)))
    }
    if len(levels) >= 3:
        return _criteria_table(walk, form, rows, i, levels)
    spec = tpl.results_header
    if is_header(row, spec.require, spec.exclude) or (
        is_header(row, (), spec.exclude)
        and len(_result_columns(row, spec, _body(rows, i))) == len(spec.columns)
    ):
        # แถวหัวตารางที่ป้ายบังคับอ่านผิด ("ค าคะแนน nla") แต่พบทุกคอลัมน์ของแม่แบบ ก็เป็นหัวตาราง
        # (a header whose required label OCR damaged, but in which every column of the template is found)
        return _results_table(walk, form, rows, i)
    return 0


def _body(rows: list[Row], i: int) -> Row | None:
    """The first row under a header row (specks skipped) when it has a cell under each of the
    header's, else None."""
    body = next((r for r in rows[i + 1:i + 3] if not is_speck_row(r)), None)
    if body is None or not body.is_table or len(body.cells) != len(rows[i].cells):
        return None
    return body


def _result_columns(header: Row, spec: ResultsHeader, body: Row | None = None) -> dict[str, int]:
    """Field → column of a results header: each field takes the first cell not yet taken holding one
    of its labels; then a field still missing takes a cell not yet taken that is one of its labels
    but for one misread letter (:func:`~extractors.layout.state.near_label`: "ตัวขีวัด").

    ``body``: the first row under the header. When the header has one cell per field and OCR lost
    some labels, the row places them by the shape every results table has: an item number first, the
    weight and the score bare figures, the result in words ("ระดับ 3", "ร้อยละ 88.3"). Both the
    weight's and the weighted score's labels must have been read, or, with only the weight and the
    result lost, an item number must start the row."""
    cols: dict[str, int] = {}
    for col in spec.columns:
        for j, cell in enumerate(header.cells):
            if j in cols.values():
                continue
            if any(contains_label(cell, lab) for lab in col.labels):
                cols[col.field] = j
                break
    for col in spec.columns:
        if col.field in cols:
            continue
        for j, cell in enumerate(header.cells):
            if j not in cols.values() and any(near_label(cell, lab) for lab in col.labels):
                cols[col.field] = j
                break
    missing = {c.field for c in spec.columns} - set(cols)
    free = [j for j in range(len(header.cells)) if j not in cols.values()]
    if body is None or len(header.cells) != len(spec.columns) or not missing:
        return cols
    plain = [j for j in free if figure(body.cell(j)) is not None and not _RESULT_WORD.search(body.cell(j))]
    worded = [j for j in free if _RESULT_WORD.search(body.cell(j)) and j > 0]
    if missing == {"weight", "result"} and ITEM_NUMBER.match(to_arabic(body.cell(0))):
        # หัวคอลัมน์น้ำหนักและผลการดำเนินการอ่านไม่ออกทั้งคู่: แถวแรกบอกว่าช่องไหนเป็นตัวเลขล้วน (น้ำหนัก)
        # (both labels lost: the first numbered row shows which cell is a plain figure, the weight)
        if len(free) == 2 and len(plain) == 1:
            cols["weight"] = plain[0]
            cols["result"] = next(j for j in free if j != plain[0])
    elif missing == {"weight"} and free == plain and len(free) == 1 \
            and ITEM_NUMBER.match(to_arabic(body.cell(0))):
        # ป้ายน้ำหนักหายไปป้ายเดียว ("(ร้อยละ)"): ช่องที่เหลือในแถวแรกที่มีเลขลำดับเป็นตัวเลขล้วน คือน้ำหนัก
        # (only the weight's label lost: the one cell left is a bare figure in the first numbered row)
        cols["weight"] = free[0]
    elif {"weight", "weighted_score"} <= set(cols) and missing <= {"index", "result", "score"}:
        # ป้ายหัวคอลัมน์อื่นอ่านเพี้ยน ("วชีaaวัด", "่นูาคะแนนี่ได้"): เลขลำดับอยู่ช่องแรก ผลเป็นคำ คะแนนเป็นตัวเลข
        # (the other labels damaged: the item number is first, the result in words, the score a figure)
        place = {"index": [0] if 0 in free and len("".join(body.cell(0).split())) <= 4 else [],
                 "result": worded, "score": plain}
        if all(len(place[f]) == 1 for f in missing) and len({place[f][0] for f in missing}) == len(missing):
            cols.update({f: place[f][0] for f in missing})
    return cols


#: a result cell states its unit or level in words; a weight cell is a bare figure
_RESULT_WORD = re.compile(r"[\u0e01-\u0e2e]")


def _reason_names(walk: Walk, form: Form, row: Row) -> None:
    """Audit reasons name each row: "ตัวชี้วัดที่ 1 : NAME (เป้าหมาย...)"."""
    label = walk.tpl.indicator_reason_label
    if not label:
        return
    pattern = reason_pattern(label)
    for item in row.text.split("\n"):
        m = pattern.match(strip_marks(item) if not item.lstrip().startswith(label) else item.strip())
        if m is None:
            m = pattern.match(to_arabic(item).strip())
        if m:
            form.names.setdefault(int(m.group(1)), m.group(2).strip())


def _criteria_table(walk: Walk, form: Form, rows: list[Row], i: int, levels: dict[int, float]) -> int:
    doc, tpl = walk.doc, walk.tpl
    glabel = tpl.group_label or ""
    group_at_end = re.compile("(" + tpl.group_letter.pattern + r")\s*$")
    n = 1
    for row in rows[i + 1:]:
        if not row.is_table:
            break
        n += 1
        first = row.cell(0)
        cells = row.cells[1:6]
        number = ITEM_NUMBER.match(to_arabic(first))
        key: int | None = int(number.group(1).split(".")[0]) if number else None
        if glabel and startswith_label(first, glabel):
            m = group_at_end.search(first)
            grouped = form.criteria.setdefault(None, Criteria("", form.source, prov(doc, row)))
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
            crit = Criteria("", form.source, prov(doc, row), level_scores=dict(levels))
            form.criteria[key] = crit
        for lv, c in enumerate(cells, 1):
            f = figure(c)
            if f is not None:
                crit.thresholds[lv] = f
            elif c:
                crit.text_levels[lv] = (crit.text_levels.get(lv, "") + " " + c).strip()
    return n


def parse_result(ind: Indicator, text: str, level_word: str) -> None:
    """ "ร้อยละ 88.314 (ระดับ 5)" → result 88.314, level 5."""
    s = to_arabic(text)
    m = re.search(re.escape(level_word) + r"\s*([1-5])(?![0-9])", s)
    if m:
        ind.level = int(m.group(1))
    rest = re.sub(re.escape(level_word) + r"\s*[1-5](?![0-9])", " ", s)
    num = re.search(r"-?[0-9][0-9,]*(?:\.[0-9]+)?", rest)
    if num:
        ind.result = printed(num.group(0)) or ind.result


def _results_table(walk: Walk, form: Form, rows: list[Row], i: int) -> int:
    doc, tpl = walk.doc, walk.tpl
    spec = tpl.results_header
    cols = _result_columns(rows[i], spec, _body(rows, i))
    # เส้นเศษจากการสแกน ("-") ระหว่างแถวของตารางไม่จบตาราง (a scan's speck line inside the table is skipped)
    first = next((r for r in rows[i + 1:] if not is_speck_row(r)), None)
    nxt = to_arabic(first.cell(0)) if first is not None and first.is_table else ""
    numbered = ITEM_NUMBER.match(nxt) or _BARE_NUMBER.fullmatch(nxt)
    if "index" not in cols and 0 not in cols.values() and numbered:
        # หัวคอลัมน์ลำดับอ่านไม่ออก ("ตัว วัด") แต่แถวแรกขึ้นต้นด้วยเลขลำดับ: คอลัมน์แรกคือลำดับ
        # (the index header OCR damaged, but the first row starts with an item number)
        cols["index"] = 0
    n = 1
    for row in rows[i + 1:]:
        if is_speck_row(row):
            n += 1
            continue
        if not row.is_table and len(row.cells) == 1 and "index" in cols:
            break
        if not row.is_table and not figure(row.cell(0)):
            break
        n += 1
        get = {k: row.cell(j) for k, j in cols.items()}
        idx = get.get("index", "")
        numbered_rows = bool(form.row_numbers) and None not in form.row_numbers
        is_total = (not idx and "index" in cols) and (
            any(contains_label(c, lab) for c in row.cells for lab in spec.total_labels)
            # แถวรวมที่ป้ายอ่านขาด ("คะแนนที"): แถวไม่มีเลขลำดับและไม่มีผลการดำเนินการ ใต้แถวที่มีเลขทุกแถว
            # (a total row whose label OCR damaged: no item number and no result, under numbered rows)
            or (numbered_rows and not get.get("result", "").strip() and "result" in cols)
        )
        if is_total:
            form.totals.append(Total(
                form.source, "component", form.component, prov(doc, row),
                weight=figure(get.get("weight", "")), reported=figure(get.get("weighted_score", "")),
            ))
            doc.totals.append(form.totals[-1])
            break
        weight = figure(get.get("weight", ""))
        if weight is None:
            break
        # เลขลำดับในคอลัมน์ตัวชี้วัด "1." หรือเลขเปล่า "3" (OCR อ่านจุดหาย)
        key = to_arabic(idx)
        number = (ITEM_NUMBER.match(key) or _BARE_NUMBER.fullmatch(key)) if idx else None
        ind = Indicator(
            form.source, "", form.component or 0, prov(doc, row), weight=weight,
            result_text=get.get("result") or None, score=figure(get.get("score", "")),
            weighted_score=figure(get.get("weighted_score", "")),
        )
        parse_result(ind, get.get("result", ""), tpl.level_word)
        form.rows.append(ind)
        form.row_numbers.append(int(number.group(1).split(".")[0]) if number else None)
        if "index" not in cols:
            break
    return n


def resolve_forms(walk: Walk, rows: list[Row]) -> None:
    """Give every form row and criteria its canonical id, matched by name to the summary table."""
    doc = walk.doc
    _misread_components(walk)
    for form in walk.forms:
        form.row_numbers = _misread_number(form.row_numbers)
        comp = form.component
        single = len(form.rows) == 1
        names = [_row_name(form, number, single) for number in form.row_numbers]
        by_name = [
            form.explicit_id if single and form.explicit_id else walk.match_id(comp, name) for name in names
        ]
        for ind, number, name, named in zip(form.rows, form.row_numbers, names, by_name, strict=True):
            ind_id = named
            if ind_id is None:
                count = sum(1 for k in walk.summary_names if k.startswith(f"{comp}."))
                if number is not None:
                    ind_id = _by_number(walk, comp, number, form.row_numbers, by_name)
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


def _misread_components(walk: Walk) -> None:
    """Forms whose component label OCR misread take the number due, with a document warning: audit
    forms of components 3, 5, 5 with no 4 (Thai-digit scans read ๔ as ๕), or 2, 3, 5 where the
    summary table has a component 4 and no 5. The summary table must have indicators of the number
    due, and no other form that number."""
    summary = {key.split(".")[0] for key in walk.summary_names}
    for source in sorted({f.source for f in walk.forms}):
        forms = [f for f in walk.forms if f.source == source and f.component is not None]
        numbers = [f.component or 0 for f in forms]
        for k in range(1, len(forms)):
            n, want = numbers[k], numbers[k - 1] + 1
            # เลขที่ควรเป็นไม่มีแบบฟอร์มใดเลยแต่ตารางสรุปมี และเลขที่อ่านได้ซ้ำกับแบบฟอร์มถัดไป
            # หรือไม่มีในตารางสรุป (the number due: in the summary, in no form; the number read: a
            # later form's, or in no summary)
            if n == want or want in numbers or str(want) not in summary:
                continue
            if n not in numbers[k + 1:] and str(n) in summary:
                continue
            form = forms[k]
            form.component = numbers[k] = want
            for ind in form.rows:
                ind.component = want
            for total in form.totals:
                total.component = want
            line = form.rows[0].prov.line if form.rows else None
            why = "a later form's number" if n in numbers[k + 1:] else "a component the summary table has not"
            walk.doc.warnings.append(f"line {line}: the {source} form of this row, its component label"
                                     f" read {n}, taken as component {want} (the forms run {want - 1},"
                                     f" then {why})")


def _misread_number(numbers: list[int | None]) -> list[int | None]:
    """Item numbers with one misread number put right: when every other row is numbered by its
    place (1, 2, 3 ...) and one row's number is another row's ("4." read for "1."), it takes its place.

    >>> _misread_number([4, 2, 3, 4]), _misread_number([1, 3, 3]), _misread_number([2, 1, 3])
    ([1, 2, 3, 4], [1, 2, 3], [2, 1, 3])
    """
    # เลขลำดับที่ OCR อ่านผิดซ้ำกับแถวอื่น ("4." แทน "1."): แถวอื่นทุกแถวตรงตามลำดับ จึงใช้ลำดับของแถว
    off = [k for k, n in enumerate(numbers) if n != k + 1]
    if len(off) == 1 and numbers.count(numbers[off[0]]) > 1:
        return [k + 1 if k == off[0] else n for k, n in enumerate(numbers)]
    return numbers


def _row_name(form: Form, number: int | None, single: bool) -> str | None:
    """The name a form gives its row: the heading's, the reason's of the row's number, the title."""
    if single and form.explicit_id:
        return form.explicit_name
    if number is not None:
        return form.names.get(number)
    return form.names.get(0) or form.explicit_name or form.title


def _by_number(
    walk: Walk, comp: int | None, number: int, numbers: list[int | None], by_name: list[str | None]
) -> str:
    """The id of an unnamed form row numbered ``number``: ``comp.number``, unless another row of the
    form was matched to that id by name (an audit reason OCR misread names only some rows): then
    the one top-level id of the component that no row has, when there is exactly one."""
    own = f"{comp}.{number}"
    taken = {i for i in by_name if i is not None}
    if own not in taken:
        return own
    # ลำดับของแบบฟอร์มไม่ตรงกับรหัสในตารางสรุป: รหัสเดียวขององค์ประกอบที่ยังไม่มีแถวใดได้ไป
    numbered = {f"{comp}.{n}" for n, i in zip(numbers, by_name, strict=True) if n is not None and i is None}
    free = [k for k in walk.summary_names
            if re.fullmatch(rf"{comp}\.[0-9]+", k) and k not in taken and k not in numbered - {own}]
    return free[0] if len(free) == 1 else own
