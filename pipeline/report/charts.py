"""Geometry of the report's two charts; the template draws them as inline SVG.

- Component scores per document: one horizontal bar per document, stacked by component (the
  component totals add up to the overall score), on a 0-100 axis (wider when a total exceeds 100).
- Findings per rule: one horizontal bar per rule, stacked by severity.

Only numbers and labels are computed here; every bar also carries a ``label`` that the template
puts in the SVG ``<title>`` and in a data table beside the chart, so the chart is not the only
way to read the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: colours per component (1, 2, ...), repeated after the last; distinguishable in grey print too
COMPONENT_COLOURS = ("#1b6ca8", "#e07b00", "#2a9d55", "#b8336a", "#6a4c93", "#8a6d00", "#00838f", "#555555")
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#e0a100", "info": "#5c7a99"}

LABEL_W = 230  # px for the labels left of the bars
BAR_W = 460  # px of the axis
ROW_H = 20  # px per bar row
PAD = 28  # px for the axis labels below and one legend row above
LEGEND_W = 120  # px per legend entry
LEGEND_H = 18  # px per legend row


def _legend(entries: Sequence[tuple[str, str]], width: float) -> tuple[tuple[float, float, str, str], ...]:
    """Legend entries placed left to right from the axis start, wrapping at ``width``; (x, y, colour, label).

    >>> [(x, y) for x, y, _, _ in _legend([("#000", "a")] * 5, 760)]
    [(230, 4), (350, 4), (470, 4), (590, 4), (230, 22)]
    """
    per_row = max(1, int((width - LABEL_W) // LEGEND_W))
    return tuple((LABEL_W + (n % per_row) * LEGEND_W, 4 + (n // per_row) * LEGEND_H, colour, label)
                 for n, (colour, label) in enumerate(entries))


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True, slots=True)
class ChartRow:
    y: float
    label: str
    href: str
    bars: tuple[Bar, ...]
    value: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    rows: tuple[ChartRow, ...]
    ticks: tuple[tuple[float, str], ...]  # x, label
    legend: tuple[tuple[float, float, str, str], ...]  # x, y, colour, label
    label_w: int = LABEL_W
    axis_y: float = 0.0


def _fmt(value: float) -> str:
    """
    >>> _fmt(96.249), _fmt(50.0), _fmt(12.34567)
    ('96.249', '50', '12.346')
    """
    return f"{round(value, 3):.3f}".rstrip("0").rstrip(".")


def _ticks(top: float) -> tuple[tuple[float, str], ...]:
    """Axis ticks: at most 6 steps of 1, 2 or 5 × 10^k.

    >>> [t for _, t in _ticks(100.0)]
    ['0', '20', '40', '60', '80', '100']
    >>> [t for _, t in _ticks(8.0)]
    ['0', '2', '4', '6', '8']
    """
    step = next(m * 10**k for k in range(0, 12) for m in (1, 2, 5) if top / (m * 10**k) <= 6)
    values = range(0, int(top) + 1, step)
    return tuple((round(LABEL_W + v / top * BAR_W, 2), str(v)) for v in values)


def _nice_top(values: Sequence[float], least: float) -> float:
    top = max([least, *values])
    if top <= least:
        return least
    step = 10 ** (len(str(int(top))) - 1)
    return float(-(-top // step) * step)


def component_chart(docs: Sequence[tuple[str, str, Mapping[int, float]]]) -> Chart | None:
    """(label, href, component -> total) per document -> the stacked bars; None when nothing to draw."""
    docs = [d for d in docs if d[2]]
    if not docs:
        return None
    components = sorted({c for _, _, comps in docs for c in comps})
    top = _nice_top([sum(max(v, 0.0) for v in comps.values()) for _, _, comps in docs], 100.0)
    width = LABEL_W + BAR_W + 70
    legend = _legend([(COMPONENT_COLOURS[(c - 1) % len(COMPONENT_COLOURS)], f"องค์ประกอบที่ {c}")
                      for c in components], width)
    top_pad = PAD + int(legend[-1][1]) - 4
    rows = []
    for n, (label, href, comps) in enumerate(docs):
        y = top_pad + n * ROW_H
        x = float(LABEL_W)
        bars = []
        for comp, value in sorted(comps.items()):
            bar_w = max(value, 0.0) / top * BAR_W
            colour = COMPONENT_COLOURS[(comp - 1) % len(COMPONENT_COLOURS)]
            bars.append(Bar(round(x, 2), y + 3, round(bar_w, 2), ROW_H - 6, colour,
                            f"{label}: องค์ประกอบที่ {comp} = {_fmt(value)}"))
            x += bar_w
        rows.append(ChartRow(y, label, href, tuple(bars), _fmt(sum(comps.values()))))
    axis_y = top_pad + len(docs) * ROW_H
    return Chart(width, int(axis_y + PAD), tuple(rows), _ticks(top), legend, axis_y=axis_y)


def rule_chart(counts: Mapping[str, Mapping[str, int]]) -> Chart | None:
    """rule -> severity -> findings -> the stacked bars; None without findings."""
    totals = {rule: sum(c.values()) for rule, c in counts.items()}
    rules = [r for r in counts if totals[r] > 0]
    if not rules:
        return None
    top = _nice_top([float(totals[r]) for r in rules], 5.0)
    rows = []
    for n, rule in enumerate(rules):
        y = PAD + n * ROW_H
        x = float(LABEL_W)
        bars = []
        for severity, colour in SEVERITY_COLOURS.items():
            count = counts[rule].get(severity, 0)
            if count:
                bar_w = count / top * BAR_W
                bars.append(Bar(round(x, 2), y + 3, round(bar_w, 2), ROW_H - 6, colour,
                                f"{rule}: {count} {severity}"))
                x += bar_w
        rows.append(ChartRow(y, rule, f"#rule-{rule}", tuple(bars), str(totals[rule])))
    width = LABEL_W + BAR_W + 70
    legend = _legend([(colour, severity) for severity, colour in SEVERITY_COLOURS.items()], width)
    axis_y = PAD + len(rules) * ROW_H
    return Chart(width, axis_y + PAD, tuple(rows), _ticks(top), legend, axis_y=axis_y)
