"""The scoring stage: every registered rule of pipeline/rules run over one Document.

:func:`run_checks` is the one runner (pipeline/rules/registry.py); stages call it through this
module so tests can stand in for it.
"""

from __future__ import annotations

from pipeline.rules import run_checks

__all__ = ["run_checks"]
