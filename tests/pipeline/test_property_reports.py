"""Property test: random consistent reports (tests/pipeline/report_gen.py) raise no error or warning
through the real extraction and scoring; changing one printed figure raises exactly the findings that
figure implies, with the printed and the recomputed values and the line of the figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_gen import CORRUPTIONS, SCHEMES, Expected, Report, corrupted, generate, render

from extractors.api import extract_text
from pipeline.findings import Finding
from pipeline.run import process
from pipeline.scoring import run_checks

#: findings a check that could not finish leaves behind (pipeline/scoring.py, _guarded)
CRASH_MARK = "ไม่สำเร็จ"

Brief = tuple[str, str, str | None, int | None, float | str | None, float | str | None]


def findings(rep: Report) -> tuple[list[Finding], dict[str, int]]:
    text, where = render(rep)
    return run_checks(extract_text(text, "gen", "generated.txt")), where


def serious(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity != "info"]


def brief(f: Finding, values: bool) -> Brief:
    return (f.rule, f.severity, f.indicator, f.line, f.reported if values else None,
            f.expected if values else None)


def assert_found(found: list[Finding], expected: list[Expected], where: dict[str, int]) -> None:
    """Exactly the expected findings: rule, severity, indicator, line, and reported / expected values."""
    valued = {(e[0], e[1]) for e in expected if e[2] is not None}
    got = sorted((brief(f, (f.rule, f.indicator) in valued) for f in serious(found)), key=repr)
    want = sorted(
        ((rule, "warning" if rule == "cross-source" else "error", ind, where[key], rep, exp)
         for rule, ind, rep, exp, key in expected),
        key=repr,
    )
    assert got == want


def check_report(seed: int, scheme: str) -> None:
    rep = generate(seed, scheme)
    found, _ = findings(rep)
    assert [brief(f, True) for f in serious(found)] == []
    assert not [f for f in found if CRASH_MARK in f.message]
    for k, name in enumerate(CORRUPTIONS):
        bad, expected = corrupted(rep, name, seed + k)
        if not expected:  # the report has no such figure (no narrative percentage, no date range)
            continue
        found, where = findings(bad)
        assert_found(found, expected, where)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), scheme=st.sampled_from(sorted(SCHEMES)))
def test_generated_reports_consistent_and_each_corruption_found(seed: int, scheme: str) -> None:
    check_report(seed, scheme)


@pytest.mark.parametrize(("seed", "scheme"), [(0, "points-100"), (18, "points-100"), (141, "points-100"),
                                              (3, "points-5")])
def test_generated_reports_fixed_seeds(seed: int, scheme: str) -> None:
    """Seeds 18 and 141 once gave weighted-score expected values off by one unit (float rounding
    of an exact half: 24.2355 printed as 24.235); see test_checks_scores for the unit tests."""
    check_report(seed, scheme)


def test_generated_report_weighted_tie_expected_rounds_half_up() -> None:
    """Regression (found by this generator): the expected weighted score of a wrong figure is the
    exact product rounded half up, as the form's spreadsheet prints it."""
    rep = generate(18)
    bad, expected = corrupted(rep, "weighted-score", 18)
    found, where = findings(bad)
    assert_found(found, expected, where)
    ws = next(f for f in found if f.rule == "weighted-score")
    assert (ws.reported, ws.expected) == (expected[0][2], expected[0][3])


def test_generated_report_through_the_pipeline_stages(tmp_path: Path) -> None:
    """The same text through pipeline.run.process (file reading, decoding, stages): same findings."""
    rep = generate(5)
    bad, expected = corrupted(rep, "overall-total", 5)
    text, where = render(bad)
    path = tmp_path / "generated.txt"
    path.write_text(text, encoding="utf-8")
    result = process(path)
    assert (result.status, result.error) == ("ok", None)
    assert result.document is not None and result.document.template == "bma-performance-agreement-2564"
    assert_found(result.findings, expected, where)
