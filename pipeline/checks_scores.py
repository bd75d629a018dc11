"""Score checks: recompute every printed score, total and weight from the document's own figures.

Each check is a function ``(doc) -> Iterator[Finding]`` named ``check_<rule id>`` (with ``_`` for
``-``) and listed in :data:`SCORE_CHECKS`; :func:`check_scores` runs them all and never raises.
Agreement is judged on what the document printed (:mod:`pipeline.interval`): weights, level scores,
criteria thresholds and counts are exact; scores and results stand for their rounding interval.

Thai labels (section names, field names, scoring-rule names) live in the tables below, so messages
stay consistent and other forms can reuse them.

>>> from extractors.records import Figure, Indicator, Provenance
>>> p = Provenance("r.txt", None, 393, "5.1\\t10\\t95.592\\t90.561\\t9.157")
>>> row = Indicator("summary", "5.1", 5, p, weight=Figure(10, 0, "10"),
...                 score=Figure(90.561, 3, "90.561"), weighted_score=Figure(9.157, 3, "9.157"))
>>> [(f.rule, f.reported, f.expected) for f in check_scores(Document("d", "r.txt", "ocr-text",
...                                                                    indicators=[row]))]
[('weighted-score', 9.157, 9.056)]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from extractors.records import (
    Criteria,
    Document,
    Figure,
    Indicator,
    Provenance,
    SubScoreGroup,
    Total,
)
from pipeline.findings import Finding, Reported, Severity
from pipeline.interval import EPS, Interval, add, agrees, div, exact, mul, rounded, scale, whole_in_list

# --------------------------------------------------------------------------------------------
# Data tables
# --------------------------------------------------------------------------------------------

#: ชื่อส่วนของรายงานที่ผู้ตรวจสอบใช้เรียก (section names an auditor recognises)
SOURCE_NAMES: dict[str, str] = {
    "self_report": "แบบฟอร์มการรายงานผล",
    "audit": "แบบสรุปผลการตรวจติดตามประเมินผล",
    "summary": "ตารางผลการประเมินผลการปฏิบัติราชการ",
}

#: order of sources in cross-source values
SOURCE_ORDER: tuple[str, ...] = ("self_report", "audit", "summary")

#: the row whose line a cross-source finding points to: ผลการตรวจติดตาม ก่อน ตารางสรุป ก่อน รายงานตนเอง
CROSS_SOURCE_LINE_ORDER: tuple[str, ...] = ("audit", "summary", "self_report")

#: คะแนนของแต่ละระดับตามระบบคะแนน (default level scores per scheme when no criteria header says)
SCHEME_LEVEL_SCORES: dict[str, dict[int, float]] = {
    # ระดับ n = 50 + 10n คะแนน (60–100)
    "points-100": {n: 50.0 + 10.0 * n for n in range(1, 6)},
    # ระดับ n = n คะแนน (1.0000–5.0000)
    "points-5": {n: float(n) for n in range(1, 6)},
}

#: scoring rules that may reproduce a printed score, in the order messages name them
SCORING_RULES: dict[str, str] = {
    "step": "แบบขั้นบันได (ได้คะแนนของระดับที่ผ่านเกณฑ์)",
    "linear": "เทียบบัญญัติไตรยางศ์ระหว่างค่าเป้าหมาย (linear interpolation)",
    "floor": "ให้คะแนนเท่าระดับ 1 เมื่อผลต่ำกว่าค่าเป้าหมายระดับ 1",
    "proportional": "ตามสัดส่วน (ผลงาน × คะแนนของระดับที่ผ่าน ÷ ค่าเป้าหมายของระดับนั้น)",
}

#: short names of the scoring rules, for "none of them" messages
SCORING_RULE_SHORT: dict[str, str] = {
    "step": "ขั้นบันได",
    "linear": "เทียบบัญญัติไตรยางศ์",
    "floor": "คะแนนระดับ 1 เมื่อต่ำกว่าเกณฑ์",
    "proportional": "ตามสัดส่วน",
}

#: fields compared across sources, in display order, with their Thai labels
CROSS_FIELDS: dict[str, str] = {
    "weight": "น้ำหนัก",
    "result": "ผล",
    "level": "ระดับ",
    "score": "คะแนน",
    "weighted_score": "คะแนนถ่วงน้ำหนัก",
}

#: cells of a count table that mean zero (ว่าง หรือขีด)
ZERO_CELLS: frozenset[str] = frozenset({"", "-", "–", "—", "--"})

#: sections that repeat thresholds but never print the scoring notes ("+/- 10 ต่อ 1 ระดับคะแนน",
#: "กรณีผลการดำเนินงานต่ำกว่าค่าเป้าหมายระดับ 1 ..."): criteria seen only there leave the rule unknown
SOURCES_WITHOUT_RULE_NOTES: frozenset[str] = frozenset({"summary"})

#: percentage all weights of a complete form add up to
FULL_WEIGHT = 100.0


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def make_finding(
    rule: str,
    severity: Severity,
    message: str,
    *,
    reported: Reported,
    expected: Reported,
    prov: Provenance | None,
    indicator: str | None = None,
) -> Finding:
    """A Finding located by ``prov`` (page, line, and the raw text as excerpt).

    >>> make_finding("count-total", "error", "m", reported=72.0, expected=74.0,
    ...              prov=Provenance("a.txt", None, 935, "รวม\\t๗๒")).line
    935
    """
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        reported=reported,
        expected=expected,
        page=prov.page if prov else None,
        line=prov.line if prov else None,
        excerpt=prov.raw if prov else "",
        indicator=indicator,
    )


def fmt(value: float, decimals: int) -> str:
    """A number written with ``decimals`` digits and thousands separators.

    >>> fmt(16758.457, 3), fmt(10.0, 0)
    ('16,758.457', '10')
    """
    return f"{value:,.{max(decimals, 0)}f}"


def show(fig: Figure) -> str:
    """A printed figure as Arabic digits with its printed precision (Thai digits come out Arabic)."""
    return fmt(fig.value, fig.decimals)


def _dec(x: float) -> Decimal:
    """The decimal a printed figure stands for: ``repr`` gives back its printed digits (9.0005)."""
    return Decimal(repr(x))


def _expected(value: float | Decimal, decimals: int) -> float:
    """A recomputed value rounded half up to the printed precision it is compared with.

    Decimal arithmetic, so a value exactly halfway rounds up as the forms' spreadsheets do, where
    binary floats would not (90.005 × 10 ÷ 100 = 9.0005 → 9.001, not 9.000):

    >>> _expected(_dec(90.005) * _dec(10) / 100, 3), _expected(18.2445, 3)
    (9.001, 18.245)
    """
    d = value if isinstance(value, Decimal) else _dec(value)
    if not d.is_finite():
        return float(d)
    return float(d.quantize(Decimal(1).scaleb(-max(decimals, 0)), rounding=ROUND_HALF_UP))


def _where(ind: Indicator) -> str:
    """``ตัวชี้วัด 5.1 (ตารางผลการประเมินผลการปฏิบัติราชการ)``."""
    return f"ตัวชี้วัด {ind.indicator} ({SOURCE_NAMES.get(ind.source, ind.source)})"


def _id_key(ind_id: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of indicator ids: 3.3 < 3.3.1 < 3.10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in ind_id.split("."))


def _is_parent(ind_id: str, ids: Iterable[str]) -> bool:
    """True when another id sits under ``ind_id`` (3.3 heads 3.3.1)."""
    return any(other.startswith(ind_id + ".") for other in ids)


def _leaves(rows: list[Indicator]) -> list[Indicator]:
    """Rows that carry their own figures: group rows (3.3 over 3.3.1, 3.3.2) are left out."""
    ids = {r.indicator for r in rows}
    return [r for r in rows if not r.is_group and not _is_parent(r.indicator, ids)]


def _rows(doc: Document, source: str, component: int | None = None) -> list[Indicator]:
    return [
        r for r in doc.indicators if r.source == source and (component is None or r.component == component)
    ]


def _component_totals(doc: Document, source: str) -> list[Total]:
    return [t for t in doc.totals if t.source == source and t.scope == "component"]


def _exact_sum(figs: Iterable[Figure]) -> float:
    """The decimal sum of printed figures (10.1 + 8.2 = 18.3, not 18.299999999999997)."""
    return float(sum((_dec(f.value) for f in figs), Decimal(0)))


def weight_interval(fig: Figure) -> Interval:
    """A weight: exact when printed whole (10, 15); 33.33 stands for its rounding interval (a third).

    >>> weight_interval(Figure(10, 0, "10")), round(weight_interval(Figure(33.33, 2, "33.33")).lo, 6)
    (Interval(lo=10, hi=10), 33.325)
    """
    return exact(fig.value) if fig.decimals <= 0 else rounded(fig)


# --------------------------------------------------------------------------------------------
# weighted-score
# --------------------------------------------------------------------------------------------


def check_weighted_score(doc: Document) -> Iterator[Finding]:
    """คะแนนถ่วงน้ำหนัก = คะแนน × น้ำหนัก ÷ 100 (the weight is exact, the score its printed interval)."""
    for ind in doc.indicators:
        if ind.weight is None or ind.score is None or ind.weighted_score is None:
            continue
        computed = scale(mul(rounded(ind.score), weight_interval(ind.weight)), 0.01)
        if agrees(ind.weighted_score, computed):
            continue
        exp = _expected(_dec(ind.score.value) * _dec(ind.weight.value) / 100, ind.weighted_score.decimals)
        yield make_finding(
            "weighted-score",
            "error",
            f"{_where(ind)}: คะแนนถ่วงน้ำหนักที่รายงาน {show(ind.weighted_score)} ไม่เท่ากับ"
            f" คะแนน {show(ind.score)} × น้ำหนัก {show(ind.weight)} ÷ 100 = "
            f"{fmt(exp, ind.weighted_score.decimals)}",
            reported=ind.weighted_score.value,
            expected=exp,
            prov=ind.prov,
            indicator=ind.indicator,
        )


# --------------------------------------------------------------------------------------------
# component-total, overall-total, weight-total
# --------------------------------------------------------------------------------------------


def check_component_total(doc: Document) -> Iterator[Finding]:
    """The weighted scores of a component's rows (children, not group rows) vs its printed total."""
    for total in doc.totals:
        if total.scope != "component" or total.component is None or total.reported is None:
            continue
        rows = _leaves(_rows(doc, total.source, total.component))
        if not rows:
            continue
        label = f"องค์ประกอบที่ {total.component} ({SOURCE_NAMES.get(total.source, total.source)})"
        missing = [r.indicator for r in rows if r.weighted_score is None]
        if missing:
            yield make_finding(
                "component-total",
                "info",
                f"ไม่สามารถตรวจผลรวม{label}: ตัวชี้วัด {', '.join(missing)} ไม่มีคะแนนถ่วงน้ำหนัก",
                reported=total.reported.value,
                expected=None,
                prov=total.prov,
            )
            continue
        figs = [r.weighted_score for r in rows if r.weighted_score is not None]
        computed = add(*(rounded(f) for f in figs))
        if agrees(total.reported, computed):
            continue
        exp = _expected(_exact_sum(figs), total.reported.decimals)
        parts = " + ".join(show(f) for f in figs)
        yield make_finding(
            "component-total",
            "error",
            f"คะแนนรวม{label} ที่รายงาน {show(total.reported)} ไม่เท่ากับผลรวมคะแนนถ่วงน้ำหนัก"
            f" {parts} = {fmt(exp, total.reported.decimals)}",
            reported=total.reported.value,
            expected=exp,
            prov=total.prov,
        )


def _component_value(doc: Document, source: str, component: int) -> tuple[Interval, float] | None:
    """A component's contribution to the overall total: its printed total, else its rows' sum.

    Both as an interval (for agreement) and as the exact decimal sum of the printed figures.
    """
    for t in _component_totals(doc, source):
        if t.component == component and t.reported is not None:
            return rounded(t.reported), t.reported.value
    rows = _leaves(_rows(doc, source, component))
    figs = [r.weighted_score for r in rows if r.weighted_score is not None]
    if not rows or len(figs) != len(rows):
        return None
    return add(*(rounded(f) for f in figs)), _exact_sum(figs)


def check_overall_total(doc: Document) -> Iterator[Finding]:
    """Component totals (or, when not printed, the component sums) vs the printed overall total."""
    for total in doc.totals:
        if total.scope != "overall" or total.reported is None:
            continue
        comps = {r.component for r in _rows(doc, total.source)}
        comps |= {t.component for t in _component_totals(doc, total.source) if t.component is not None}
        if not comps:
            continue
        values = {c: _component_value(doc, total.source, c) for c in sorted(comps)}
        unknown = [str(c) for c, v in values.items() if v is None]
        name = SOURCE_NAMES.get(total.source, total.source)
        if unknown:
            yield make_finding(
                "overall-total",
                "info",
                f"ไม่สามารถตรวจคะแนนรวมทั้งหมด ({name}): ไม่มีคะแนนรวมขององค์ประกอบที่ {', '.join(unknown)}",
                reported=total.reported.value,
                expected=None,
                prov=total.prov,
            )
            continue
        known = [v for v in values.values() if v is not None]
        computed = add(*(iv for iv, _ in known))
        if agrees(total.reported, computed):
            continue
        exp = _expected(sum((_dec(x) for _, x in known), Decimal(0)), total.reported.decimals)
        parts = " + ".join(fmt(x, total.reported.decimals) for _, x in known)
        yield make_finding(
            "overall-total",
            "error",
            f"คะแนนรวมทั้งหมด ({name}) ที่รายงาน {show(total.reported)} ไม่เท่ากับผลรวมคะแนนองค์ประกอบ"
            f" {parts} = {fmt(exp, total.reported.decimals)}",
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
        comps = frozenset(r.component for r in _rows(doc, source))
        if comps:
            by_source[source] = comps
    union = frozenset(itertools.chain.from_iterable(by_source.values()))
    with_overall: set[str] = {t.source for t in doc.totals if t.scope == "overall"}
    sharing = [s for s, c in by_source.items() if c == union]
    out: set[str] = {s for s in by_source if s in with_overall}
    if len(sharing) >= 2:
        out |= set(sharing)
    return out


def check_weight_total(doc: Document) -> Iterator[Finding]:
    """Weights of a component's rows vs its total's weight; all weights vs 100 on a complete form."""
    for total in doc.totals:
        if total.scope != "component" or total.component is None or total.weight is None:
            continue
        rows = _leaves(_rows(doc, total.source, total.component))
        weights = [r.weight for r in rows if r.weight is not None]
        if not rows or len(weights) != len(rows):
            continue
        s = _exact_sum(weights)
        if agrees(total.weight, add(*(weight_interval(w) for w in weights))):
            continue
        yield make_finding(
            "weight-total",
            "error",
            f"น้ำหนักรวมขององค์ประกอบที่ {total.component} ({SOURCE_NAMES.get(total.source, total.source)})"
            f" ที่รายงาน {show(total.weight)} ไม่เท่ากับผลรวมน้ำหนักของตัวชี้วัด"
            f" {' + '.join(show(w) for w in weights)} = {fmt(s, max(w.decimals for w in weights))}",
            reported=total.weight.value,
            expected=s,
            prov=total.prov,
        )
    for source in sorted(complete_sources(doc), key=SOURCE_ORDER.index):
        rows = _leaves(_rows(doc, source))
        weights = [r.weight for r in rows if r.weight is not None]
        if not rows or len(weights) != len(rows):
            continue
        overall = next((t for t in doc.totals if t.source == source and t.scope == "overall"), None)
        target = overall.weight.value if overall and overall.weight else FULL_WEIGHT
        s = _exact_sum(weights)
        if _overlap(exact(target), add(*(weight_interval(w) for w in weights))):
            continue
        places = max(w.decimals for w in weights)
        by_comp: dict[int, list[Figure]] = {}
        for r in rows:
            if r.weight is not None:
                by_comp.setdefault(r.component, []).append(r.weight)
        parts = ", ".join(f"{c}: {fmt(_exact_sum(ws), places)}" for c, ws in sorted(by_comp.items()))
        yield make_finding(
            "weight-total",
            "error",
            f"น้ำหนักของตัวชี้วัดทั้งหมดใน{SOURCE_NAMES.get(source, source)} รวมได้ {fmt(s, places)}"
            f" ไม่เท่ากับร้อยละ {fmt(target, 0)} (น้ำหนักรวมรายองค์ประกอบ {parts})",
            reported=target,
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
    for total in _component_totals(doc, source):
        if total.component is None or total.weight is None:
            continue
        comp = _leaves(_rows(doc, source, total.component))
        weights = [r.weight for r in comp if r.weight is not None]
        if comp and len(weights) == len(comp) and not agrees(
                total.weight, add(*(weight_interval(w) for w in weights))):
            return total.prov
    return rows[-1].prov


# --------------------------------------------------------------------------------------------
# Criteria: which criteria apply to a row, and the scoring rules
# --------------------------------------------------------------------------------------------


def criteria_for(doc: Document, indicator: str, source: str) -> list[Criteria]:
    """The criteria printed for ``indicator``: the row's own section first, then summary, self-report."""
    order = (source, "summary", "self_report", "audit")
    found = [c for c in doc.criteria if c.indicator == indicator]
    return sorted(found, key=lambda c: order.index(c.source) if c.source in order else len(order))


def level_scores(doc: Document, crits: list[Criteria]) -> dict[int, float]:
    """Scores per level: from a criteria header (ระดับ 1 (60 คะแนน) ...), else the scheme's default."""
    for c in crits:
        if c.level_scores:
            return dict(c.level_scores)
    return dict(doc.level_scores)


def _group_row(groups: dict[str, dict[int, Figure]], group: str) -> dict[int, Figure] | None:
    """The thresholds of ``group`` ("D" matches "กลุ่มหน่วยงาน D")."""
    if group in groups:
        return groups[group]
    last = group.split()[-1] if group.split() else group
    for key, row in groups.items():
        if key.split() and key.split()[-1] == last:
            return row
    return None


@dataclass(frozen=True, slots=True)
class ScoringRule:
    """Numeric criteria of one indicator, resolved for one row.

    ``direction`` is +1 when a higher result reaches a higher level, -1 when lower is better.
    The seed's 5.1 (group D, 80/85/90/95/100, result 95.592):

    >>> r = ScoringRule({1: 80, 2: 85, 3: 90, 4: 95, 5: 100}, {n: 50.0 + 10 * n for n in range(1, 6)},
    ...                 True, True, Provenance("a.txt", None, 306, ""))
    >>> round(r.linear(95.592), 3), round(r.proportional(95.592), 3), r.step(95.592), r.own(70)
    (91.184, 90.561, 90.0, 60.0)
    """

    thresholds: dict[int, float]
    scores: dict[int, float]
    interpolation: bool
    floor: bool
    prov: Provenance
    group: str | None = None
    #: thresholds as printed, for messages
    labels: dict[int, str] = field(default_factory=dict)
    #: False when no section that prints the scoring notes gave criteria (the rule is unknown)
    stated: bool = True

    @property
    def levels(self) -> list[int]:
        return sorted(set(self.thresholds) & set(self.scores))

    @property
    def direction(self) -> int:
        lv = self.levels
        return -1 if self.thresholds[lv[-1]] < self.thresholds[lv[0]] else 1

    def reached(self, r: float) -> int | None:
        """The highest level whose threshold ``r`` meets (None: below level 1)."""
        d = self.direction
        hit = [n for n in self.levels if d * r >= d * self.thresholds[n] - EPS]
        return max(hit) if hit else None

    def below_first(self, r: float) -> bool:
        return self.reached(r) is None

    def step(self, r: float) -> float | None:
        """Score of the level reached; below level 1 none."""
        n = self.reached(r)
        return None if n is None else self.scores[n]

    def linear(self, r: float) -> float | None:
        """s_n + (r - t_n)/(t_{n+1} - t_n) × (s_{n+1} - s_n), capped at the top; below level 1 none.

        The step between levels comes from the level scores (the "+/- 10 ต่อ 1 ระดับคะแนน" note
        only says that the form interpolates).
        """
        lv, t, s = self.levels, self.thresholds, self.scores
        n = self.reached(r)
        if n is None:
            return None
        if n == lv[-1]:
            return s[n]
        nxt = lv[lv.index(n) + 1]
        if abs(t[nxt] - t[n]) <= EPS:
            return s[n]
        frac = (r - t[n]) / (t[nxt] - t[n])
        return s[n] + min(max(frac, 0.0), 1.0) * (s[nxt] - s[n])

    def floor_score(self, r: float) -> float | None:
        """Level 1's score for a result below level 1's threshold."""
        return self.scores[self.levels[0]] if self.below_first(r) else None

    def proportional(self, r: float, level: int | None = None) -> float | None:
        """result × s_n / t_n (t_n × s_n / result when lower is better), n the level reached."""
        n = self.reached(r) if level is None else level
        if n is None:
            return None
        t, s = self.thresholds[n], self.scores[n]
        if self.direction > 0:
            return r * s / t if abs(t) > EPS else None
        return t * s / r if abs(r) > EPS else None

    def own(self, r: float) -> float | None:
        """The criteria's own rule: linear when the form interpolates, else step; floor when stated."""
        v = self.linear(r) if self.interpolation else self.step(r)
        if v is None and self.floor:
            return self.floor_score(r)
        return v

    def own_name(self) -> str:
        return "linear" if self.interpolation else "step"

    def describe(self) -> str:
        """``80/85/90/95/100 (กลุ่ม D)``."""
        text = "/".join(self.labels.get(n, fmt(self.thresholds[n], 0)) for n in self.levels)
        return f"{text} (กลุ่ม {self.group})" if self.group else text


def scoring_rule(doc: Document, indicator: str, source: str) -> ScoringRule | str | None:
    """The numeric criteria for a row; a Thai reason string when they exist but cannot be applied.

    Thresholds come from the row's own section first; the interpolation and floor notes of any
    section's criteria apply (the summary table repeats thresholds but not the notes).
    """
    crits = criteria_for(doc, indicator, source)
    if not crits:
        return None
    scores = level_scores(doc, crits)
    interpolation = any(c.interpolation is not None for c in crits)
    floor = any(c.floor_at_level1 for c in crits)
    reason: str | None = None
    for c in crits:
        group = c.group or doc.group
        row: dict[int, Figure] | None = c.thresholds or None
        if row is None and c.group_thresholds:
            row = _group_row(c.group_thresholds, group) if group else None
            if row is None:
                reason = (
                    f"ไม่ทราบกลุ่มหน่วยงาน ({group})" if group else "เกณฑ์แยกตามกลุ่มหน่วยงานแต่ไม่ทราบว่าหน่วยงานอยู่กลุ่มใด"
                )
                continue
        if not row:
            continue
        rule = ScoringRule(
            {n: f.value for n, f in row.items()},
            scores,
            interpolation,
            floor,
            c.prov,
            group if c.group_thresholds and not c.thresholds else None,
            {n: show(f) for n, f in row.items()},
            interpolation or any(k.source not in SOURCES_WITHOUT_RULE_NOTES for k in crits),
        )
        if len(rule.levels) >= 1:
            return rule
    return reason


def _image(fn: Callable[[float], float | None], fig: Figure) -> Interval | None:
    """Values of a monotone, continuous-on-[lo, hi] rule over the printed result's interval."""
    iv = rounded(fig)
    vals = [v for v in (fn(iv.lo), fn(fig.value), fn(iv.hi)) if v is not None]
    return Interval(min(vals), max(vals)) if vals else None


def candidate_rules(rule: ScoringRule, result: Figure) -> dict[str, Interval]:
    """What each known scoring rule gives for ``result`` (rules that do not apply are left out)."""
    r = result.value
    out: dict[str, Interval] = {}
    step = rule.step(r)
    if step is not None:
        out["step"] = exact(step)
    lin = _image(rule.linear, result)
    if lin is not None:
        out["linear"] = lin
    fl = rule.floor_score(r)
    if fl is not None:
        out["floor"] = exact(fl)
    level = rule.reached(r)
    if level is not None:
        prop = _image(lambda x: rule.proportional(x, level), result)
        if prop is not None:
            out["proportional"] = prop
    return out


def _own_interval(rule: ScoringRule, result: Figure) -> Interval | None:
    if rule.interpolation:
        iv = _image(rule.linear, result)
        if iv is not None:
            return iv
    v = rule.own(result.value)
    return None if v is None else exact(v)


# --------------------------------------------------------------------------------------------
# level-score, criteria-score
# --------------------------------------------------------------------------------------------


def check_level_score(doc: Document) -> Iterator[Finding]:
    """The score vs the score of the printed level (criteria header, else the scheme's default).

    When the criteria interpolate, a level-n score may lie anywhere up to level n+1's score.
    """
    for ind in doc.indicators:
        if ind.level is None or ind.score is None:
            continue
        crits = criteria_for(doc, ind.indicator, ind.source)
        scores = level_scores(doc, crits)
        if ind.level not in scores:
            if scores:
                yield make_finding(
                    "level-score",
                    "info",
                    f"{_where(ind)}: ไม่สามารถตรวจคะแนนของระดับ {ind.level} เพราะเกณฑ์ไม่มีระดับนี้",
                    reported=ind.score.value,
                    expected=None,
                    prov=ind.prov,
                    indicator=ind.indicator,
                )
            continue
        target = scores[ind.level]
        allowed = exact(target)
        nxt = scores.get(ind.level + 1)
        if any(c.interpolation is not None for c in crits) and nxt is not None:
            allowed = Interval(min(target, nxt), max(target, nxt))
        if agrees(ind.score, allowed):
            continue
        yield make_finding(
            "level-score",
            "error",
            f"{_where(ind)}: รายงานระดับ {ind.level} ซึ่งตามเกณฑ์ได้ {fmt(target, ind.score.decimals)} คะแนน"
            f" แต่รายงานคะแนน {show(ind.score)}",
            reported=ind.score.value,
            expected=target,
            prov=ind.prov,
            indicator=ind.indicator,
        )


def check_criteria_score(doc: Document) -> Iterator[Finding]:
    """The score vs what the numeric criteria give for the numeric result (one finding per row id).

    The expected score follows the criteria's own rule (linear interpolation when the form says
    "+/- ... ต่อ 1 ระดับคะแนน", else step; level 1's score below level 1 when the form says so);
    the message names the rules (step, linear, floor, proportional) that reproduce the printed score.
    Criteria seen only in the summary table (which never prints the scoring notes) leave the rule
    unknown: step is expected, but a linearly interpolated score is accepted too.
    """
    seen: set[tuple[str, str]] = set()
    for ind in doc.indicators:
        key = (ind.source, ind.indicator)
        if ind.result is None or ind.score is None or key in seen:
            continue
        rule = scoring_rule(doc, ind.indicator, ind.source)
        if rule is None:
            continue
        if isinstance(rule, str):
            seen.add(key)
            yield make_finding(
                "criteria-score",
                "info",
                f"{_where(ind)}: ไม่สามารถตรวจคะแนนตามเกณฑ์ได้: {rule}",
                reported=ind.score.value,
                expected=None,
                prov=ind.prov,
                indicator=ind.indicator,
            )
            continue
        seen.add(key)
        result = ind.result
        own = _own_interval(rule, result)
        if own is None:
            # ผลต่ำกว่าเกณฑ์ระดับ 1 และเกณฑ์ไม่ได้กำหนดคะแนนกรณีนี้: ยอมรับคะแนนระดับ 1
            first = rule.scores[rule.levels[0]]
            if agrees(ind.score, exact(first)):
                continue
            yield make_finding(
                "criteria-score",
                "info",
                f"{_where(ind)}: ผลการดำเนินงาน {show(result)} ต่ำกว่าค่าเป้าหมายระดับ 1 ตามเกณฑ์"
                f" {rule.describe()} และเกณฑ์ไม่ได้กำหนดคะแนนกรณีนี้ ไม่สามารถตรวจคะแนน {show(ind.score)} ได้",
                reported=ind.score.value,
                expected=None,
                prov=ind.prov,
                indicator=ind.indicator,
            )
            continue
        if agrees(ind.score, own):
            continue
        candidates = candidate_rules(rule, result)
        if not rule.stated and "linear" in candidates and agrees(ind.score, candidates["linear"]):
            continue  # เกณฑ์จากตารางสรุปเท่านั้น ไม่ทราบวิธีคิด: ยอมรับการเทียบบัญญัติไตรยางศ์
        own_value = rule.own(result.value)
        exp = _expected(own_value if own_value is not None else own.mid, ind.score.decimals)
        matching = [
            name for name, iv in candidates.items() if name != rule.own_name() and agrees(ind.score, iv)
        ]
        how = SCORING_RULES[rule.own_name()] + ("" if rule.stated else " (เกณฑ์ไม่ได้ระบุวิธีคิดคะแนน)")
        if matching:
            why = "คะแนนที่รายงานตรงกับวิธีคิด" + " หรือ ".join(SCORING_RULES[m] for m in matching)
        else:
            why = "คะแนนที่รายงานไม่ตรงกับวิธีคิดคะแนนแบบใดที่รู้จัก (" + ", ".join(SCORING_RULE_SHORT.values()) + ")"
        yield make_finding(
            "criteria-score",
            "error",
            f"{_where(ind)}: ผลการดำเนินงาน {show(result)} ตามเกณฑ์ {rule.describe()} คิด{how}"
            f" ได้ {fmt(exp, ind.score.decimals)} คะแนน แต่รายงาน {show(ind.score)} คะแนน; {why}",
            reported=ind.score.value,
            expected=exp,
            prov=ind.prov,
            indicator=ind.indicator,
        )


# --------------------------------------------------------------------------------------------
# subscore-sum, subscore-max
# --------------------------------------------------------------------------------------------


def _group_label(group: SubScoreGroup) -> str:
    name = SOURCE_NAMES.get(group.source, group.source)
    return f"ตัวชี้วัด {group.indicator} ({name})" if group.indicator else name


def check_subscore_sum(doc: Document) -> Iterator[Finding]:
    """A breakdown's part scores vs its printed total; a missing part makes the finding a warning."""
    for group in doc.subscores:
        if group.total is None:
            continue
        figs = [p.score for p in group.parts if p.score is not None]
        missing = [p.label for p in group.parts if p.score is None]
        if not figs:
            continue
        at = max(f.decimals for f in (group.total, *figs))
        if _overlap(_at_precision(group.total, at), add(*(_at_precision(f, at) for f in figs))):
            continue
        # คะแนนย่อยที่พิมพ์เป็นจำนวนเต็มถือว่าไม่ได้ปัดเศษ; หากปัดเศษมาจริงผลรวมอาจตรงได้ จึงแจ้งเตือนเท่านั้น
        rounded_whole = agrees(group.total, add(*(rounded(f) for f in figs)))
        exp = _expected(_exact_sum(figs), group.total.decimals)
        note = (
            f" (คะแนนของ {len(missing)} รายการหายไป: {'; '.join(m[:60] for m in missing)}"
            " อาจตกหล่นจากการอ่านเอกสาร ตรวจสอบกับต้นฉบับ)"
            if missing
            else " (จะตรงกันได้ก็ต่อเมื่อคะแนนที่เป็นจำนวนเต็มเป็นค่าที่ปัดเศษมาแล้ว)"
            if rounded_whole
            else ""
        )
        yield make_finding(
            "subscore-sum",
            "warning" if missing or rounded_whole else "error",
            f"{_group_label(group)}: คะแนนรวม {show(group.total)} {group.unit} ไม่เท่ากับผลรวมคะแนนย่อย"
            f" {' + '.join(show(f) for f in figs)} = {fmt(exp, group.total.decimals)}{note}",
            reported=group.total.value,
            expected=exp,
            prov=group.total_prov or group.prov,
            indicator=group.indicator,
        )


def _at_precision(fig: Figure, decimals: int) -> Interval:
    """A figure of a breakdown read at the breakdown's precision (``decimals``: the most any figure shows)."""
    return rounded(fig) if fig.decimals > 0 else whole_in_list(fig.value, decimals)


def _over_max(score: Figure, maximum: Figure) -> bool:
    """True when the printed score exceeds the maximum at its printed precision (15.50 > 15; 15.00 is not)."""
    return rounded(score).lo > maximum.value + EPS


def check_subscore_max(doc: Document) -> Iterator[Finding]:
    """A part (or a breakdown's total) scoring more than its printed maximum."""
    for group in doc.subscores:
        items: list[tuple[str, Figure | None, Figure | None, Provenance, str]] = [
            (p.label, p.score, p.maximum, p.prov, p.unit) for p in group.parts
        ]
        items.append(("คะแนนรวม", group.total, group.maximum, group.total_prov or group.prov, group.unit))
        for label, score, maximum, prov, unit in items:
            if score is None or maximum is None or not _over_max(score, maximum):
                continue
            yield make_finding(
                "subscore-max",
                "error",
                f"{_group_label(group)}: \u201c{label[:80]}\u201d ได้ {show(score)} {unit}"
                f" เกินคะแนนเต็ม {show(maximum)} {unit}",
                reported=score.value,
                expected=maximum.value,
                prov=prov,
                indicator=group.indicator,
            )


# --------------------------------------------------------------------------------------------
# count-total
# --------------------------------------------------------------------------------------------


def _count_interval(fig: Figure) -> Interval:
    """Whole numbers in a count table are exact counts; decimals stand for their rounding interval."""
    return exact(fig.value) if fig.decimals <= 0 else rounded(fig)


def check_count_total(doc: Document) -> Iterator[Finding]:
    """Each numeric column of a count table over its body rows vs the printed รวม row."""
    for table in doc.tables:
        total = table.total
        if total is None:
            continue
        for j, tot in enumerate(total.values):
            if tot is None:
                continue
            col = _column_name(table.header, len(total.values), j)
            figs: list[Figure] = []
            unread: list[str] = []
            for row in table.rows:
                v = row.values[j] if j < len(row.values) else None
                cell = row.cells[j].strip() if j < len(row.cells) else ""
                if v is not None:
                    figs.append(v)
                elif cell not in ZERO_CELLS:
                    unread.append(row.label[:40])
            if not figs:
                continue
            if unread:
                yield make_finding(
                    "count-total",
                    "info",
                    f"ไม่สามารถตรวจผลรวมคอลัมน์ {col} ของตาราง {table.title[:80]}: อ่านตัวเลขของแถว"
                    f" {'; '.join(unread)} ไม่ได้",
                    reported=tot.value,
                    expected=None,
                    prov=total.prov,
                )
                continue
            computed = add(*(_count_interval(f) for f in figs))
            if tot.decimals <= 0 and all(f.decimals <= 0 for f in figs):
                ok = abs(computed.mid - tot.value) <= EPS
            else:
                ok = agrees(tot, computed)
            if ok:
                continue
            exp = _expected(_exact_sum(figs), tot.decimals)
            yield make_finding(
                "count-total",
                "error",
                f"ตาราง {table.title[:80]} คอลัมน์ {col}: แถวรวมรายงาน {show(tot)} แต่ผลรวมของแถว"
                f" {' + '.join(show(f) for f in figs)} = {fmt(exp, tot.decimals)}",
                reported=tot.value,
                expected=exp,
                prov=total.prov,
            )


def _column_name(header: list[str], ncells: int, j: int) -> str:
    r"""The header of value column ``j``.

    ``header`` may list columns (with or without the label column) or header lines whose cells are
    tab-separated (a two-line header: "องค์ประกอบ\tผลการพิจารณา", "\tรับอุทธรณ์\tยกอุทธรณ์"); the
    last line with one name per value column wins.

    >>> _column_name(["องค์ประกอบ\tผลการพิจารณา", "\tรับอุทธรณ์\tยกอุทธรณ์"], 2, 1)
    'ยกอุทธรณ์'
    >>> _column_name(["องค์ประกอบ", "รับอุทธรณ์", "ยกอุทธรณ์"], 2, 0)
    'รับอุทธรณ์'
    """
    for line in reversed(header):
        if "\t" in line:
            names = [c.strip() for c in line.split("\t") if c.strip()]
            if len(names) == ncells:
                return names[j]
    offset = 1 if len(header) == ncells + 1 else 0
    k = j + offset
    named = 0 <= k < len(header) and header[k].strip() and "\t" not in header[k]
    return header[k].strip() if named else f"ที่ {j + 1}"


# --------------------------------------------------------------------------------------------
# cross-source
# --------------------------------------------------------------------------------------------


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
        vals["weight"] = (w, fmt(_exact_sum(weights), max(f.decimals for f in weights)))
    if weighted and len(weighted) == len(children):
        ws = add(*(rounded(f) for f in weighted))
        dec = max(f.decimals for f in weighted)
        vals["weighted_score"] = (ws, fmt(_exact_sum(weighted), dec))
        if "weight" in vals and vals["weight"][0].lo > EPS:
            score = div(scale(ws, 100.0), vals["weight"][0])
            vals["score"] = (score, fmt(_exact_sum(weighted) * 100.0 / _exact_sum(weights), dec))
    prov = head.prov if head is not None else children[0].prov
    return SourceView(source, prov, vals, tuple(c.indicator for c in children))


def source_views(doc: Document, indicator: str) -> dict[str, SourceView]:
    """Per section, the figures of ``indicator``: its own row, or the aggregate of its sub-indicators."""
    out: dict[str, SourceView] = {}
    for source in SOURCE_ORDER:
        rows = _rows(doc, source)
        own = [r for r in rows if r.indicator == indicator]
        leaf = next((r for r in own if not r.is_group), None)
        if leaf is not None:
            out[source] = _direct_view(leaf)
            continue
        children = _leaves([r for r in rows if r.indicator.startswith(indicator + ".")])
        if children:
            out[source] = _aggregate_view(source, own[0] if own else None, children)
        elif own:
            out[source] = _direct_view(own[0])
    return out


def _overlap(a: Interval, b: Interval) -> bool:
    return a.lo <= b.hi + EPS and b.lo <= a.hi + EPS


def check_cross_source(doc: Document) -> Iterator[Finding]:
    """Self-report, audit and summary rows of one indicator: one warning listing what differs."""
    ids = sorted({r.indicator for r in doc.indicators}, key=_id_key)
    for ind_id in ids:
        views = source_views(doc, ind_id)
        if len(views) < 2:
            continue
        differing = []
        for name in CROSS_FIELDS:
            have = [v.values[name][0] for v in views.values() if name in v.values]
            if len(have) >= 2 and not all(_overlap(a, b) for a, b in itertools.combinations(have, 2)):
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


# --------------------------------------------------------------------------------------------
# All checks
# --------------------------------------------------------------------------------------------

Check = Callable[[Document], Iterator[Finding]]

#: every score check, in catalogue order; ``check_<rule>`` checks rule ``<rule>`` (``_`` for ``-``)
SCORE_CHECKS: tuple[Check, ...] = (
    check_weighted_score,
    check_component_total,
    check_overall_total,
    check_weight_total,
    check_level_score,
    check_criteria_score,
    check_subscore_sum,
    check_subscore_max,
    check_count_total,
    check_cross_source,
)


def rule_of(check: Check) -> str:
    """The rule id a check reports under.

    >>> rule_of(check_weighted_score)
    'weighted-score'
    """
    return check.__name__.removeprefix("check_").replace("_", "-")


def check_scores(doc: Document) -> Iterator[Finding]:
    """Every score check over ``doc``; a check that fails on malformed data becomes an info finding."""
    for check in SCORE_CHECKS:
        try:
            found = list(check(doc))
        except Exception as exc:  # a malformed record must not stop the other checks
            found = [
                make_finding(
                    rule_of(check),
                    "info",
                    f"ไม่สามารถตรวจ {rule_of(check)} ได้เพราะข้อมูลที่อ่านได้ไม่สมบูรณ์ ({type(exc).__name__}: {exc})",
                    reported=None,
                    expected=None,
                    prov=None,
                )
            ]
        yield from found


__all__ = [
    "SCORE_CHECKS",
    "ScoringRule",
    "SourceView",
    "check_component_total",
    "check_count_total",
    "check_criteria_score",
    "check_cross_source",
    "check_level_score",
    "check_overall_total",
    "check_scores",
    "check_subscore_max",
    "check_subscore_sum",
    "check_weight_total",
    "check_weighted_score",
    "complete_sources",
    "criteria_for",
    "level_scores",
    "make_finding",
    "scoring_rule",
    "source_views",
]
