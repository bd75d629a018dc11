"""The Finding record and the rule catalogue of CONTRACT.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

#: rule id -> what it checks (CONTRACT.md, "Rule catalogue")
RULES: dict[str, str] = {
    "weighted-score": "คะแนนถ่วงน้ำหนัก ≠ score × weight / 100",
    "component-total": "weighted scores of a component do not add up to its printed total",
    "overall-total": "component totals do not add up to the printed overall total",
    "weight-total": "weights do not add up to the component's weight, or all weights to 100",
    "level-score": "the score is not the score of the printed level",
    "criteria-score": "the score is not what the criteria give for the result value",
    "subscore-sum": "listed part scores do not add up to the printed total",
    "subscore-max": "a part scores more than its maximum",
    "percent-ratio": "a printed percentage is not 100 × part / whole",
    "quantity-sum": "listed quantities do not add up to their printed total",
    "area-conversion": "one area printed in two units disagrees",
    "area-units": "an implausible unit mix",
    "count-total": "a table column does not add up to its printed รวม row",
    "day-count": "a printed number of days differs from the length of the printed date range",
    "date-invalid": "a date that does not exist",
    "date-range": "a date implausibly far from the report's fiscal year",
    "cross-source": "the self-report, audit and summary sections disagree on one indicator",
}

Reported = float | str | None


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where a document contradicts itself (or a note that a check could not run)."""

    rule: str
    severity: Severity
    message: str
    reported: Reported
    expected: Reported
    page: int | None
    line: int | None
    excerpt: str
    indicator: str | None = None

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}")

    def sort_key(self) -> tuple[int, int, str]:
        """Order by page, then line, then rule (unknown positions last)."""
        return (self.page or 0, self.line if self.line is not None else 10**9, self.rule)
