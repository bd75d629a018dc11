"""The rules of the scoring stage, one module per family, each rule registered by its id.

=================  ===========================================================================
module             rules
=================  ===========================================================================
``weights``        weighted-score, component-total, overall-total, weight-total
``criteria``       level-score, criteria-score
``parts``          subscore-sum, subscore-max, count-total
``cross_source``   cross-source
``ratios``         percent-ratio, quantity-sum
``areas``          area-conversion, area-units
``dates``          day-count, date-invalid, date-range
=================  ===========================================================================

``registry`` holds the registry (``@rule("id")``) and the runner; ``sections`` what the score rules
share. Importing this package registers every rule.
"""

from __future__ import annotations

from pipeline.rules import areas, criteria, cross_source, dates, parts, ratios, weights
from pipeline.rules.registry import registered, rule, run_checks, temporary_rule, without_rule

FAMILIES = (weights, criteria, parts, cross_source, ratios, areas, dates)

__all__ = ["FAMILIES", "registered", "rule", "run_checks", "temporary_rule", "without_rule"]
