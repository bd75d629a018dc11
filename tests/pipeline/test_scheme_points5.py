"""The 1-5 point scheme of ministry departments (คะแนน 1.0000-5.0000), chosen by the template.

Level n scores n points, a result between two thresholds scores by linear interpolation between
them, and the weighted score is score × weight / 100 printed with 4 decimals.
"""

from __future__ import annotations

from pathlib import Path

from report_gen import generate, render

from extractors.api import extract_text
from extractors.records import Criteria, Document, Figure, Indicator, Provenance, Total
from extractors.templates import load_schemes
from pipeline.scoring import run_checks

SEED = Path(__file__).resolve().parents[2] / "raw_docs" / "bangrak_fy2564_ocr.txt"
POINTS5 = "department-self-assessment-points5"


def F(raw: str) -> Figure:
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return Figure(float(raw.replace(",", "")), decimals, raw)


def P(line: int) -> Provenance:
    return Provenance("dept.txt", None, line, f"<line {line}>")


def row(ind: str, line: int, *, w: str, s: str, ws: str, lv: int | None = None, r: str | None = None,
        source: str = "summary") -> Indicator:
    return Indicator(source, ind, int(ind.split(".")[0]), P(line), weight=F(w), level=lv,  # type: ignore[arg-type]
                     result=F(r) if r else None, score=F(s), weighted_score=F(ws))


def points5_doc(rows: list[Indicator], totals: list[Total] | None = None,
                criteria: list[Criteria] | None = None) -> Document:
    return Document("d", "dept.txt", "ocr-text", scheme="points-5", level_scores=levels("points-5"),
                    indicators=rows, totals=totals or [], criteria=criteria or [])


def levels(scheme: str) -> dict[int, float]:
    """The level scores of ``scheme`` (extractors/templates/schemes.json), as layout fills them in."""
    return load_schemes().get(scheme).scores()


def rescore(doc: Document, scheme: str) -> None:
    """Read ``doc`` under another scheme (as if its template had named ``scheme``)."""
    doc.scheme, doc.level_scores = scheme, levels(scheme)


def serious(doc: Document) -> list[tuple[str, str | None, object, object, int | None]]:
    return [(f.rule, f.indicator, f.reported, f.expected, f.line) for f in run_checks(doc)
            if f.severity != "info"]


def consistent_rows() -> list[Indicator]:
    """Component 1 (weights 20 + 30) and component 2 (50); levels score n points."""
    return [
        row("1.1", 10, w="20", lv=4, s="4.0000", ws="0.8000", source="self_report"),
        row("1.2", 11, w="30", r="92.500", lv=3, s="3.5000", ws="1.0500", source="self_report"),
        row("2.1", 12, w="50", lv=5, s="5.0000", ws="2.5000", source="self_report"),
    ]


def totals(c1: str = "1.8500", c2: str = "2.5000", overall: str = "4.3500") -> list[Total]:
    return [
        Total("self_report", "component", 1, P(13), weight=F("50"), reported=F(c1)),
        Total("self_report", "component", 2, P(14), weight=F("50"), reported=F(c2)),
        Total("self_report", "overall", None, P(15), reported=F(overall)),
    ]


def thresholds_1_2() -> list[Criteria]:
    """Numeric criteria of 1.2 without a level header: the scheme gives the level scores."""
    ts = {n: F(t) for n, t in enumerate(("80", "85", "90", "95", "100"), 1)}
    return [Criteria("1.2", "self_report", P(5), thresholds=ts, interpolation=5.0, floor_at_level1=True)]


# --- Document level ---------------------------------------------------------------------------


def test_scheme_level_scores_are_n_points() -> None:
    assert levels("points-5") == {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 5.0}
    assert levels("points-100") == {1: 60.0, 2: 70.0, 3: 80.0, 4: 90.0, 5: 100.0}


def test_points5_consistent_figures_raise_nothing() -> None:
    assert serious(points5_doc(consistent_rows(), totals(), thresholds_1_2())) == []


def test_points5_weighted_score_four_decimals() -> None:
    rows = consistent_rows()
    rows[1] = row("1.2", 11, w="30", r="92.500", lv=3, s="3.5000", ws="1.0600", source="self_report")
    found = serious(points5_doc(rows, totals(c1="1.8600", overall="4.3600"), thresholds_1_2()))
    assert found == [("weighted-score", "1.2", 1.06, 1.05, 11)]


def test_points5_weighted_score_tie_rounds_half_up() -> None:
    """1.0005 × 50 / 100 = 0.50025 exactly: 0.5003 (half up, as printed), not 0.5002 (float rounding)."""
    ok = points5_doc([row("1.1", 1, w="50", s="1.0005", ws="0.5003")])
    assert serious(ok) == []
    bad = points5_doc([row("1.1", 1, w="50", s="1.0005", ws="0.6003")])
    assert serious(bad) == [("weighted-score", "1.1", 0.6003, 0.5003, 1)]


def test_points5_level_score_from_the_scheme() -> None:
    rows = consistent_rows()
    rows[0] = row("1.1", 10, w="20", lv=2, s="4.0000", ws="0.8000", source="self_report")
    assert serious(points5_doc(rows, totals(), thresholds_1_2())) == [("level-score", "1.1", 4.0, 2.0, 10)]


def test_points5_criteria_score_interpolates_between_levels() -> None:
    """92.5 lies halfway between level 3 (90) and level 4 (95): 3.5 points, not 3 or 3.4."""
    rows = consistent_rows()
    rows[1] = row("1.2", 11, w="30", r="92.500", lv=3, s="3.0000", ws="0.9000", source="self_report")
    found = serious(points5_doc(rows, totals(c1="1.7000", overall="4.2000"), thresholds_1_2()))
    assert found == [("criteria-score", "1.2", 3.0, 3.5, 11)]


def test_points5_below_level_1_floors_at_one_point() -> None:
    rows = [row("1.2", 11, w="30", r="70.000", lv=1, s="1.0000", ws="0.3000", source="self_report")]
    assert serious(points5_doc(rows, criteria=thresholds_1_2())) == []


def test_points5_totals() -> None:
    found = serious(points5_doc(consistent_rows(), totals(c1="1.9500", overall="4.4500"), thresholds_1_2()))
    assert found == [("component-total", None, 1.95, 1.85, 13)]
    found = serious(points5_doc(consistent_rows(), totals(overall="4.3600"), thresholds_1_2()))
    assert found == [("overall-total", None, 4.36, 4.35, 15)]


def test_same_figures_under_points100_are_wrong() -> None:
    """The scheme, not the figures, says what a level scores: level 4 = 90 points under points-100."""
    doc = points5_doc(consistent_rows()[:1])
    rescore(doc, "points-100")
    assert serious(doc) == [("level-score", "1.1", 4.0, 90.0, 10)]


# --- chosen by the template -------------------------------------------------------------------


def test_template_chooses_points5_for_a_department_report() -> None:
    text, _ = render(generate(11, "points-5"))
    doc = extract_text(text, "d", "dept.txt")
    assert (doc.template, doc.scheme, doc.level_scores) == (POINTS5, "points-5", levels("points-5"))
    assert [f for f in run_checks(doc) if f.severity != "info"] == []
    # without criteria headers (ระดับ n (n คะแนน)) the scheme alone scores the level indicators
    doc.criteria = []
    level_ids = sorted(i.indicator for i in doc.indicators if i.level is not None and i.result is None)
    assert level_ids, "the generated report has level indicators"

    def level_findings() -> list[str]:
        return sorted(f.indicator or "" for f in run_checks(doc) if f.rule == "level-score"
                      and f.indicator in level_ids)

    assert level_findings() == []
    rescore(doc, "points-100")
    assert level_findings() == level_ids


def test_seed_keeps_the_bma_template() -> None:
    doc = extract_text(SEED.read_text(encoding="utf-8"), "seed", str(SEED))
    assert (doc.template, doc.scheme, doc.level_scores) == (
        "bma-performance-agreement-2564", "points-100", levels("points-100"))
