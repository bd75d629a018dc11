"""Rules on weights and totals: weighted-score, component-total, overall-total, weight-total.

:func:`component_parts` is the one place that says which rows a component total adds up; the
component-total rule and ``totals.jsonl``'s ``recomputed`` (pipeline/outputs.py) both use it.

>>> from extractors.records import Provenance
>>> p = Provenance("r.txt", None, 393, "5.1\\t10\\t95.592\\t90.561\\t9.157")
>>> row = Indicator("summary", "5.1", 5, p, weight=Figure(10, 0, "10"),
...                 score=Figure(90.561, 3, "90.561"), weighted_score=Figure(9.157, 3, "9.157"))
>>> [(f.rule, f.reported, f.expected) for f in weighted_score(Document("d", "r.txt", "ocr-text",
...                                                                       indicators=[row]))]
[('weighted-score', 9.157, 9.056)]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from extractors.records import Document, Figure, Indicator, Provenance, Total
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
from pipeline.interval import Interval, add, agrees, mul, parts_total, rounded, scale
from pipeline.rules.misread import point_note, stray_point
from pipeline.rules.registry import rule
from pipeline.rules.sections import (
    SOURCE_ORDER,
    component_totals,
    leaves,
    rows_of,
    source_name,
    weight_interval,
    where,
)

#: percentage all weights of a complete form add up to
FULL_WEIGHT = Figure(100.0, 0, "100")


@rule("weighted-score")
def weighted_score(doc: Document) -> Iterator[Finding]:
    """คะแนนถ่วงน้ำหนัก = คะแนน × น้ำหนัก ÷ 100 (the weight is exact, the score its printed interval)."""
    for ind in doc.indicators:
        if ind.weight is None or ind.score is None or ind.weighted_score is None:
            continue
        computed = scale(mul(rounded(ind.score), weight_interval(ind.weight)), 0.01)
        if agrees(ind.weighted_score, computed):
            continue
        exp = expected(dec(ind.score.value) * dec(ind.weight.value) / 100, ind.weighted_score.decimals)

        def holds(f: list[Figure]) -> bool:
            return agrees(f[2], scale(mul(rounded(f[0]), weight_interval(f[1])), 0.01))

        # ตัวเลขจากภาพสแกนที่ถ้าตัดจุดทศนิยมแล้วตรงกัน: อาจอ่านผิด แจ้งเตือนเท่านั้น
        stray = stray_point([ind.score, ind.weight, ind.weighted_score], holds)
        yield make_finding(
            "weighted-score",
            "warning" if stray else severity_for([ind.score, ind.weight, ind.weighted_score]),
            f"{where(ind)}: คะแนนถ่วงน้ำหนักที่รายงาน {show(ind.weighted_score)} ไม่เท่ากับ"
            f" คะแนน {show(ind.score)} × น้ำหนัก {show(ind.weight)} ÷ 100 = "
            f"{fmt(exp, ind.weighted_score.decimals)}{point_note(stray) if stray else ''}",
            reported=ind.weighted_score.value,
            expected=exp,
            prov=ind.prov,
            indicator=ind.indicator,
        )


@dataclass(frozen=True, slots=True)
class ComponentParts:
    """The rows a component total adds up (leaves: no group rows) and their weighted scores."""

    rows: list[Indicator]
    scores: list[Figure]

    @property
    def missing(self) -> list[str]:
        """Rows without a weighted score."""
        return [r.indicator for r in self.rows if r.weighted_score is None]


def component_parts(doc: Document, source: str, component: int) -> ComponentParts:
    """What the printed total of ``component`` in ``source`` should add up."""
    rows = leaves(rows_of(doc, source, component))
    return ComponentParts(rows, [r.weighted_score for r in rows if r.weighted_score is not None])


@rule("component-total")
def component_total(doc: Document) -> Iterator[Finding]:
    """The weighted scores of a component's rows (children, not group rows) vs its printed total."""
    for total in doc.totals:
        if total.scope != "component" or total.component is None or total.reported is None:
            continue
        parts = component_parts(doc, total.source, total.component)
        if not parts.rows:
            continue
        label = f"องค์ประกอบที่ {total.component} ({source_name(total.source)})"
        if parts.missing:
            yield not_checked(
                "component-total",
                f"ไม่สามารถตรวจผลรวม{label}: ตัวชี้วัด {', '.join(parts.missing)} ไม่มีคะแนนถ่วงน้ำหนัก",
                reported=total.reported.value,
                prov=total.prov,
            )
            continue
        figs = parts.scores
        if parts_total(figs, total.reported, "rounded").agrees:
            continue
        exp = expected(exact_sum(figs), total.reported.decimals)
        yield make_finding(
            "component-total",
            severity_for([*figs, total.reported]),
            f"คะแนนรวม{label} ที่รายงาน {show(total.reported)} ไม่เท่ากับผลรวมคะแนนถ่วงน้ำหนัก"
            f" {' + '.join(show(f) for f in figs)} = {fmt(exp, total.reported.decimals)}",
            reported=total.reported.value,
            expected=exp,
            prov=total.prov,
        )


def _component_value(
    doc: Document, source: str, component: int
) -> tuple[Interval, float, list[Figure]] | None:
    """A component's contribution to the overall total: its printed total, else its rows' sum.

    As an interval (for agreement), as the exact decimal sum of the printed figures, and the
    figures it rests on (their certainty decides the finding's severity).
    """
    for t in component_totals(doc, source):
        if t.component == component and t.reported is not None:
            return rounded(t.reported), t.reported.value, [t.reported]
    parts = component_parts(doc, source, component)
    if not parts.rows or parts.missing:
        return None
    return add(*(rounded(f) for f in parts.scores)), exact_sum(parts.scores), list(parts.scores)


@rule("overall-total")
def overall_total(doc: Document) -> Iterator[Finding]:
    """Component totals (or, when not printed, the component sums) vs the printed overall total."""
    for total in doc.totals:
        if total.scope != "overall" or total.reported is None:
            continue
        comps = {r.component for r in rows_of(doc, total.source)}
        comps |= {t.component for t in component_totals(doc, total.source) if t.component is not None}
        if not comps:
            continue
        values = {c: _component_value(doc, total.source, c) for c in sorted(comps)}
        unknown = [str(c) for c, v in values.items() if v is None]
        name = source_name(total.source)
        if unknown:
            yield not_checked(
                "overall-total",
                f"ไม่สามารถตรวจคะแนนรวมทั้งหมด ({name}): ไม่มีคะแนนรวมขององค์ประกอบที่ {', '.join(unknown)}",
                reported=total.reported.value,
                prov=total.prov,
            )
            continue
        known = [v for v in values.values() if v is not None]
        if agrees(total.reported, add(*(iv for iv, _, _ in known))):
            continue
        exp = expected(sum((dec(x) for _, x, _ in known), Decimal(0)), total.reported.decimals)
        parts = " + ".join(fmt(x, total.reported.decimals) for _, x, _ in known)
        # ผลรวมที่อาศัยตัวเลขที่อ่านไม่แน่นอน (คะแนนของแถวที่ OCR อ่าน) แจ้งเตือนเท่านั้น
        figs = [total.reported, *(f for _, _, fs in known for f in fs)]
        yield make_finding(
            "overall-total",
            severity_for(figs),
            f"คะแนนรวมทั้งหมด ({name}) ที่รายงาน {show(total.reported)} ไม่เท่ากับผลรวมคะแนนองค์ประกอบ"
            f" {parts} = {fmt(exp, total.reported.decimals)}{uncertainty_note(figs)}",
            reported=total.reported.value,
            expected=exp,
            prov=total.prov,
        )


def complete_sources(doc: Document) -> set[str]:
    """Sources that show every component of the form, so their weights must add up to 100.

    A source is complete when it prints an overall total (the summary's รวม row), or when its
    components are all the components the document shows and another source shows the same set
    (two sections agreeing on the form's components). A lone partial section is never judged.
    """
    by_source: dict[str, frozenset[int]] = {}
    for source in SOURCE_ORDER:
        comps = frozenset(r.component for r in rows_of(doc, source))
        if comps:
            by_source[source] = comps
    union = frozenset(itertools.chain.from_iterable(by_source.values()))
    with_overall: set[str] = {t.source for t in doc.totals if t.scope == "overall"}
    sharing = [s for s, c in by_source.items() if c == union]
    out: set[str] = {s for s in by_source if s in with_overall}
    if len(sharing) >= 2:
        out |= set(sharing)
    return out


def _component_weights(doc: Document, total: Total) -> list[Figure] | None:
    """The weights of a component total's rows, when the total prints a weight and every row has one."""
    if total.scope != "component" or total.component is None or total.weight is None:
        return None
    rows = leaves(rows_of(doc, total.source, total.component))
    weights = [r.weight for r in rows if r.weight is not None]
    return weights if rows and len(weights) == len(rows) else None


def _weights_make(target: Figure, weights: list[Figure]) -> bool:
    return parts_total(weights, target, "whole_exact", total_reading="exact").agrees


def _weights_agree(weights: list[Figure], printed: Figure) -> bool:
    return parts_total(weights, printed, "whole_exact", total_reading="rounded").agrees


@rule("weight-total")
def weight_total(doc: Document) -> Iterator[Finding]:
    """Weights of a component's rows vs its total's weight; all weights vs 100 on a complete form.

    ``reported`` of the all-weights finding is the weight the document prints for the whole form
    (its overall total row's weight); when it prints none it is None, since nothing printed is
    contradicted then: the message says the weights do not add up to 100, ``expected`` their sum.
    """
    for total in doc.totals:
        weights = _component_weights(doc, total)
        if weights is None or total.weight is None or _weights_agree(weights, total.weight):
            continue
        places = max(w.decimals for w in weights)
        printed_weight = total.weight
        stray = stray_point([*weights, printed_weight], lambda f: _weights_agree(f[:-1], f[-1]))
        yield make_finding(
            "weight-total",
            "warning" if stray else severity_for([*weights, total.weight]),
            f"น้ำหนักรวมขององค์ประกอบที่ {total.component} ({source_name(total.source)})"
            f" ที่รายงาน {show(total.weight)} ไม่เท่ากับผลรวมน้ำหนักของตัวชี้วัด"
            f" {' + '.join(show(w) for w in weights)} = {fmt(exact_sum(weights), places)}"
            f"{point_note(stray) if stray else ''}",
            reported=total.weight.value,
            expected=exact_sum(weights),
            prov=total.prov,
        )
    for source in sorted(complete_sources(doc), key=SOURCE_ORDER.index):
        rows = leaves(rows_of(doc, source))
        weights = [r.weight for r in rows if r.weight is not None]
        if not rows or len(weights) != len(rows):
            continue
        overall = next((t for t in doc.totals if t.source == source and t.scope == "overall"), None)
        printed = overall.weight if overall else None
        target = printed or FULL_WEIGHT
        if parts_total(weights, target, "whole_exact", total_reading="exact").agrees:
            continue
        stray = stray_point(weights, partial(_weights_make, target))
        s = exact_sum(weights)
        places = max(w.decimals for w in weights)
        by_comp: dict[int, list[Figure]] = {}
        for r in rows:
            if r.weight is not None:
                by_comp.setdefault(r.component, []).append(r.weight)
        parts = ", ".join(f"{c}: {fmt(exact_sum(ws), places)}" for c, ws in sorted(by_comp.items()))
        yield make_finding(
            "weight-total",
            "warning" if stray else severity_for(weights),
            f"น้ำหนักของตัวชี้วัดทั้งหมดใน{source_name(source)} รวมได้ {fmt(s, places)}"
            f" ไม่เท่ากับร้อยละ {fmt(target.value, 0)} (น้ำหนักรวมรายองค์ประกอบ {parts})"
            f"{point_note(stray) if stray else ''}",
            reported=None if printed is None else printed.value,
            expected=s,
            prov=_whole_form_prov(doc, source, overall, rows),
        )


def _whole_form_prov(doc: Document, source: str, overall: Total | None, rows: list[Indicator]) -> Provenance:
    """Where a section's weights-not-100 finding points: the row that shows the problem best.

    The section's overall total row (รวม) when it prints one; else the first component total whose
    printed weight its rows do not add up to (the component where the sum goes wrong); else the
    section's last row.
    """
    if overall is not None:
        return overall.prov
    for total in component_totals(doc, source):
        weights = _component_weights(doc, total)
        if weights is not None and total.weight is not None and not _weights_agree(weights, total.weight):
            return total.prov
    return rows[-1].prov
