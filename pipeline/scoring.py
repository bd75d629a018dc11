"""The scoring stage: every check of the rule catalogue, run over one Document.

:data:`CHECKS` lists every check in one place, in catalogue order. A check is a plain function
``(Document) -> Iterator[Finding]`` named ``check_<rule>``; it yields findings and never raises on
bad data. Should one fail all the same, :func:`run_checks` keeps what it yielded and adds one
``info`` finding saying the check could not finish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from extractors.records import Document
from pipeline.checks_scores import SCORE_CHECKS, make_finding, rule_of
from pipeline.checks_text import TEXT_CHECKS
from pipeline.findings import Finding

Check = Callable[[Document], Iterator[Finding]]

#: every check of CONTRACT.md's rule catalogue
CHECKS: tuple[Check, ...] = SCORE_CHECKS + TEXT_CHECKS


def _guarded(check: Check, doc: Document) -> Iterator[Finding]:
    try:
        yield from check(doc)
    except Exception as exc:  # a malformed record must not stop the other checks
        rule = rule_of(check)
        yield make_finding(
            rule, "info",
            f"ตรวจ {rule} ไม่สำเร็จเพราะข้อมูลที่อ่านได้ไม่สมบูรณ์ ({type(exc).__name__}: {exc})",
            reported=None, expected=None, prov=None,
        )


def run_checks(doc: Document, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """All findings for one document, without duplicates, sorted by page and line."""
    seen: set[Finding] = set()
    out: list[Finding] = []
    for check in checks:
        for f in _guarded(check, doc):
            if f not in seen:
                seen.add(f)
                out.append(f)
    return sorted(out, key=Finding.sort_key)
