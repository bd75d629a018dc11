"""Rules on criteria and levels: level-score, criteria-score.

Which criteria apply to a row (:func:`criteria_for`), the scores of its levels (:func:`level_scores`)
and the scoring rules a form may use (:class:`ScoringRule`: step, linear, floor, proportional).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from extractors.records import Criteria, Document, Figure, Provenance
from pipeline.findings import Finding, expected, fmt, make_finding, not_checked, severity_for, show
from pipeline.interval import EPS, Interval, agrees, exact, rounded
from pipeline.rules.registry import rule
from pipeline.rules.sections import where

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

#: sections that repeat thresholds but never print the scoring notes ("+/- 10 ต่อ 1 ระดับคะแนน",
#: "กรณีผลการดำเนินงานต่ำกว่าค่าเป้าหมายระดับ 1 ..."): criteria seen only there leave the rule unknown
SOURCES_WITHOUT_RULE_NOTES: frozenset[str] = frozenset({"summary"})


def criteria_for(doc: Document, indicator: str, source: str) -> list[Criteria]:
    """The criteria printed for ``indicator``: the row's own section first, then summary, self-report."""
    order = (source, "summary", "self_report", "audit")
    found = [c for c in doc.criteria if c.indicator == indicator]
    return sorted(found, key=lambda c: order.index(c.source) if c.source in order else len(order))


def level_scores_of(doc: Document) -> dict[int, float]:
    """The scheme's default score per level (layout fills ``doc.level_scores`` from the template)."""
    return dict(doc.level_scores)


def level_scores(doc: Document, crits: list[Criteria]) -> dict[int, float]:
    """Scores per level: from a criteria header (ระดับ 1 (60 คะแนน) ...), else the scheme's default."""
    for c in crits:
        if c.level_scores:
            return dict(c.level_scores)
    return level_scores_of(doc)


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
    # วิธีคิดคะแนนที่เอกสารระบุไว้ที่ใดก็ได้ ("เทียบเกณฑ์แบบเส้นตรง") ใช้กับเกณฑ์ทุกข้อของเอกสาร
    interpolation = any(c.interpolation is not None for c in crits) or doc.scoring_method == "linear"
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
            interpolation or doc.scoring_method in ("linear", "step")
            or (doc.scoring_method != "unknown"
                and any(k.source not in SOURCES_WITHOUT_RULE_NOTES for k in crits)),
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


#: why a level-score disagreement is a warning when no criteria are printed and no method is stated
METHOD_UNSTATED = "ไม่มีเกณฑ์ของตัวชี้วัดนี้และเอกสารไม่ระบุวิธีคิดคะแนน จึงเทียบกับคะแนนตั้งต้นของระดับ"


@rule("level-score")
def level_score(doc: Document) -> Iterator[Finding]:
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
                yield not_checked(
                    "level-score",
                    f"{where(ind)}: ไม่สามารถตรวจคะแนนของระดับ {ind.level} เพราะเกณฑ์ไม่มีระดับนี้",
                    reported=ind.score.value,
                    prov=ind.prov,
                    indicator=ind.indicator,
                )
            continue
        target = scores[ind.level]
        allowed = exact(target)
        nxt = scores.get(ind.level + 1)
        linear = any(c.interpolation is not None for c in crits) or doc.scoring_method == "linear"
        # เกณฑ์พบแต่ในตารางสรุปซึ่งไม่เคยพิมพ์วิธีคิด และเอกสารไม่ได้ระบุ: ไม่รู้วิธีคิด เหมือน criteria-score
        # (criteria seen only in the summary, which never prints the scoring notes, and no method stated:
        # the method is unknown, as criteria-score has it; a summary-and-audit-only report is not step)
        notes_unseen = bool(crits) and all(c.source in SOURCES_WITHOUT_RULE_NOTES for c in crits)
        unknown = doc.scoring_method == "unknown" or (doc.scoring_method is None and notes_unseen)
        # วิธีคิดไม่ทราบ (ไม่มีแม่แบบและไม่ได้ระบุ): คะแนนระหว่างระดับนี้กับระดับถัดไปไม่ผิด
        if (linear or unknown) and nxt is not None:
            allowed = Interval(min(target, nxt), max(target, nxt))
        if agrees(ind.score, allowed):
            continue
        # ไม่มีเกณฑ์ของตัวชี้วัดนี้และเอกสารไม่ระบุวิธีคิด: คะแนนที่อยู่ระหว่างระดับนี้กับระดับถัดไปถูกได้ถ้าคิด
        # แบบเทียบบัญญัติไตรยางศ์ (no criteria printed and no method stated: a score between this level's
        # and the next's is right under linear scoring, so only a warning; one outside is wrong anyway)
        between = nxt is not None and agrees(ind.score, Interval(min(target, nxt), max(target, nxt)))
        method_known = bool(crits) or doc.scoring_method is not None or not between
        yield make_finding(
            "level-score",
            severity_for([ind.score], structure_known=method_known),
            f"{where(ind)}: รายงานระดับ {ind.level} ซึ่งตามเกณฑ์ได้ {fmt(target, ind.score.decimals)} คะแนน"
            f" แต่รายงานคะแนน {show(ind.score)}" + ("" if method_known else f" ({METHOD_UNSTATED})"),
            reported=ind.score.value,
            expected=target,
            prov=ind.prov,
            indicator=ind.indicator,
        )


@rule("criteria-score")
def criteria_score(doc: Document) -> Iterator[Finding]:
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
            yield not_checked(
                "criteria-score",
                f"{where(ind)}: ไม่สามารถตรวจคะแนนตามเกณฑ์ได้: {rule}",
                reported=ind.score.value,
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
            yield not_checked(
                "criteria-score",
                f"{where(ind)}: ผลการดำเนินงาน {show(result)} ต่ำกว่าค่าเป้าหมายระดับ 1 ตามเกณฑ์"
                f" {rule.describe()} และเกณฑ์ไม่ได้กำหนดคะแนนกรณีนี้ ไม่สามารถตรวจคะแนน {show(ind.score)} ได้",
                reported=ind.score.value,
                prov=ind.prov,
                indicator=ind.indicator,
            )
            continue
        if agrees(ind.score, own):
            continue
        candidates = candidate_rules(rule, result)
        if not rule.stated and any(agrees(ind.score, iv) for iv in candidates.values()):
            continue  # ไม่ทราบวิธีคิดคะแนน: คะแนนที่ตรงกับวิธีใดวิธีหนึ่งที่รู้จักไม่ผิด
        own_value = rule.own(result.value)
        exp = expected(own_value if own_value is not None else own.mid, ind.score.decimals)
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
            severity_for([result, ind.score], structure_known=rule.stated),
            f"{where(ind)}: ผลการดำเนินงาน {show(result)} ตามเกณฑ์ {rule.describe()} คิด{how}"
            f" ได้ {fmt(exp, ind.score.decimals)} คะแนน แต่รายงาน {show(ind.score)} คะแนน; {why}",
            reported=ind.score.value,
            expected=exp,
            prov=ind.prov,
            indicator=ind.indicator,
        )
