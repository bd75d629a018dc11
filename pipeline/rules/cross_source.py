"""The cross-source rule: self-report, audit and summary rows of one indicator disagree.

A group row (3.3 over 3.3.1 and 3.3.2) is compared as the aggregate of its children.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.records import Document, Indicator, Provenance
from pipeline.findings import Finding, exact_sum, fmt, make_finding, show
from pipeline.interval import EPS, Interval, add, div, exact, overlap, rounded, scale
from pipeline.rules.registry import rule
from pipeline.rules.sections import SOURCE_NAMES, SOURCE_ORDER, id_key, leaves, rows_of, weight_interval

#: the row whose line a cross-source finding points to: ผลการตรวจติดตาม ก่อน ตารางสรุป ก่อน รายงานตนเอง
CROSS_SOURCE_LINE_ORDER: tuple[str, ...] = ("audit", "summary", "self_report")

#: fields compared across sources, in display order, with their Thai labels
CROSS_FIELDS: dict[str, str] = {
    "weight": "น้ำหนัก",
    "result": "ผล",
    "level": "ระดับ",
    "score": "คะแนน",
    "weighted_score": "คะแนนถ่วงน้ำหนัก",
}


@dataclass(frozen=True, slots=True)
class SourceView:
    """One section's figures for one indicator id (a group may be the aggregate of its children)."""

    source: str
    prov: Provenance
    values: dict[str, tuple[Interval, str]]
    children: tuple[str, ...] = ()


def _direct_view(row: Indicator) -> SourceView:
    vals: dict[str, tuple[Interval, str]] = {}
    if row.weight is not None:
        vals["weight"] = (weight_interval(row.weight), show(row.weight))
    if row.result is not None:
        vals["result"] = (rounded(row.result), show(row.result))
    if row.level is not None:
        vals["level"] = (exact(row.level), str(row.level))
    if row.score is not None:
        vals["score"] = (rounded(row.score), show(row.score))
    if row.weighted_score is not None:
        vals["weighted_score"] = (rounded(row.weighted_score), show(row.weighted_score))
    return SourceView(row.source, row.prov, vals)


def _aggregate_view(source: str, head: Indicator | None, children: list[Indicator]) -> SourceView:
    """Children summed: weights and weighted scores added, score = Σ weighted × 100 / Σ weight."""
    vals: dict[str, tuple[Interval, str]] = {}
    weights = [c.weight for c in children if c.weight is not None]
    weighted = [c.weighted_score for c in children if c.weighted_score is not None]
    if weights and len(weights) == len(children):
        w = add(*(weight_interval(f) for f in weights))
        vals["weight"] = (w, fmt(exact_sum(weights), max(f.decimals for f in weights)))
    if weighted and len(weighted) == len(children):
        ws = add(*(rounded(f) for f in weighted))
        dec = max(f.decimals for f in weighted)
        vals["weighted_score"] = (ws, fmt(exact_sum(weighted), dec))
        if "weight" in vals and vals["weight"][0].lo > EPS:
            score = div(scale(ws, 100.0), vals["weight"][0])
            vals["score"] = (score, fmt(exact_sum(weighted) * 100.0 / exact_sum(weights), dec))
    prov = head.prov if head is not None else children[0].prov
    return SourceView(source, prov, vals, tuple(c.indicator for c in children))


def source_views(doc: Document, indicator: str) -> dict[str, SourceView]:
    """Per section, the figures of ``indicator``: its own row, or the aggregate of its sub-indicators."""
    out: dict[str, SourceView] = {}
    for source in SOURCE_ORDER:
        rows = rows_of(doc, source)
        own = [r for r in rows if r.indicator == indicator]
        leaf = next((r for r in own if not r.is_group), None)
        if leaf is not None:
            out[source] = _direct_view(leaf)
            continue
        children = leaves([r for r in rows if r.indicator.startswith(indicator + ".")])
        if children:
            out[source] = _aggregate_view(source, own[0] if own else None, children)
        elif own:
            out[source] = _direct_view(own[0])
    return out


@rule("cross-source")
def cross_source(doc: Document) -> Iterator[Finding]:
    """Self-report, audit and summary rows of one indicator: one warning listing what differs."""
    ids = sorted({r.indicator for r in doc.indicators}, key=id_key)
    for ind_id in ids:
        views = source_views(doc, ind_id)
        if len(views) < 2:
            continue
        differing = []
        for name in CROSS_FIELDS:
            have = [v.values[name][0] for v in views.values() if name in v.values]
            if len(have) >= 2 and not all(overlap(a, b) for a, b in itertools.combinations(have, 2)):
                differing.append(name)
        if not differing:
            continue
        shown = set(differing) | ({"level"} if "score" in differing else set())
        parts: list[str] = []
        thai: list[str] = []
        for source in SOURCE_ORDER:
            view = views.get(source)
            if view is None:
                continue
            items = [
                f"{CROSS_FIELDS[f]} {view.values[f][1]}"
                for f in CROSS_FIELDS
                if f in shown and f in view.values
            ]
            if items:
                sub = f" ({'+'.join(view.children)})" if view.children else ""
                parts.append(f"{source}{sub}: {', '.join(items)}")
                thai.append(f"{SOURCE_NAMES[source]}{sub} {', '.join(items)}")
        reported = "; ".join(parts)
        anchor = next(views[s] for s in CROSS_SOURCE_LINE_ORDER if s in views)
        yield make_finding(
            "cross-source",
            "warning",
            f"ตัวชี้วัด {ind_id}: {', '.join(CROSS_FIELDS[f] for f in differing)} ไม่ตรงกันระหว่างส่วนของรายงาน"
            f" ({'; '.join(thai)}) ตรวจสอบว่าส่วนใดถูกต้อง",
            reported=reported,
            expected=None,
            prov=anchor.prov,
            indicator=ind_id,
        )
