"""The rule registry: the "how to add a rule" recipe (one function + one registration) and the runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from extractors.records import Document, Figure, Indicator, Provenance
from pipeline.findings import RULES, Finding, make_finding
from pipeline.rules import registered, rule, run_checks, temporary_rule, without_rule
from pipeline.rules.weights import weighted_score


def _doc() -> Document:
    prov = Provenance("r.txt", 2, 7, "1.1\t10\t90.000\t9.000")
    row = Indicator("summary", "1.1", 1, prov, weight=Figure(10, 0, "10"),
                    score=Figure(90, 3, "90.000"), weighted_score=Figure(9.5, 3, "9.500"))
    return Document("d", "r.txt", "ocr-text", indicators=[row])


# the recipe: one function ...
def zero_weight(doc: Document) -> Iterator[Finding]:
    """A toy rule: an indicator printed with weight 0."""
    for ind in doc.indicators:
        if ind.weight is not None and ind.weight.value == 0:
            yield make_finding("zero-weight", "warning", f"ตัวชี้วัด {ind.indicator} มีน้ำหนัก 0",
                               reported=0.0, expected=None, prov=ind.prov, indicator=ind.indicator)


def test_a_toy_rule_registered_in_a_test_runs_in_run_checks() -> None:
    doc = _doc()
    assert doc.indicators[0].weight is not None
    doc.indicators[0].weight = Figure(0, 0, "0")
    # ... and one registration (in the package: ``@rule("zero-weight")`` above the function)
    with temporary_rule("zero-weight", zero_weight, "an indicator weighs 0"):
        assert RULES["zero-weight"] == "an indicator weighs 0"
        found = [(f.rule, f.severity, f.reported, f.expected, f.page, f.line, f.indicator)
                 for f in run_checks(doc)]
        assert found == [
            ("weighted-score", "error", 9.5, 0.0, 2, 7, "1.1"),
            ("zero-weight", "warning", 0.0, None, 2, 7, "1.1"),
        ]
        assert registered()[-1] == ("zero-weight", zero_weight)
    # nothing left behind
    assert "zero-weight" not in RULES
    assert "zero-weight" not in dict(registered())
    assert all(f.rule != "zero-weight" for f in run_checks(doc))


def test_the_registry_refuses_unknown_and_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="not in the catalogue"):
        rule("no-such-rule")(zero_weight)
    with pytest.raises(ValueError, match="registered twice"):
        rule("weighted-score")(zero_weight)
    assert dict(registered())["weighted-score"] is weighted_score


def test_without_rule_switches_one_rule_off_for_a_block() -> None:
    doc = _doc()
    assert [(f.rule, f.reported, f.expected, f.line) for f in run_checks(doc)] == [
        ("weighted-score", 9.5, 9.0, 7)
    ]
    with without_rule("weighted-score"):
        assert run_checks(doc) == []
    assert [f.rule for f in run_checks(doc)] == ["weighted-score"]


def test_a_temporary_rule_replaces_a_registered_one_and_gives_it_back() -> None:
    def nothing(doc: Document) -> Iterator[Finding]:
        return iter(())

    with temporary_rule("weighted-score", nothing):
        assert run_checks(_doc()) == []
    assert dict(registered())["weighted-score"] is weighted_score
    assert len(registered()) == len(RULES) == 17
