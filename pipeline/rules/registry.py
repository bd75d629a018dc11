"""The rule registry: every check registered under its rule id, and the one runner.

A check is a function ``(Document) -> Iterator[Finding]`` registered with :func:`rule`::

    @rule("weighted-score")
    def weighted_score(doc: Document) -> Iterator[Finding]: ...

The id must be in the catalogue (:data:`pipeline.findings.RULES`). :func:`run_checks` runs every
registered check, catalogue order first; a check that raises keeps what it yielded and adds one
``info`` finding saying it could not finish, and the others still run. Tests register a toy rule
for the length of a ``with`` block (:func:`temporary_rule`) or switch one off (:func:`without_rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from extractors.records import Document
from pipeline.findings import (
    RULES,
    Finding,
    not_checked,
    ocr_lines,
    ocr_text_certainty,
    scan_certainty,
    thai_digit_scan_pages,
)

Check = Callable[[Document], Iterator[Finding]]

_REGISTRY: dict[str, Check] = {}


def rule(rule_id: str) -> Callable[[Check], Check]:
    """Register the decorated check under ``rule_id`` (one check per id)."""

    def register(check: Check) -> Check:
        if rule_id not in RULES:
            raise ValueError(f"rule id {rule_id!r} is not in the catalogue (pipeline/findings.py RULES)")
        if rule_id in _REGISTRY:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        _REGISTRY[rule_id] = check
        return check

    return register


def registered() -> list[tuple[str, Check]]:
    """Every registered check with its id: catalogue order, then ids added since (tests)."""
    order = {rule_id: n for n, rule_id in enumerate(RULES)}
    return sorted(_REGISTRY.items(), key=lambda kv: order.get(kv[0], len(order)))


@contextmanager
def temporary_rule(rule_id: str, check: Check, description: str = "") -> Iterator[Check]:
    """Register ``check`` under ``rule_id`` for a ``with`` block (adding the id to the catalogue
    when new); the registry and the catalogue are as before afterwards."""
    new_id = rule_id not in RULES
    old = _REGISTRY.pop(rule_id, None)
    if new_id:
        RULES[rule_id] = description or rule_id
    try:
        rule(rule_id)(check)
        yield check
    finally:
        _REGISTRY.pop(rule_id, None)
        if old is not None:
            _REGISTRY[rule_id] = old
        if new_id:
            del RULES[rule_id]


@contextmanager
def without_rule(rule_id: str) -> Iterator[None]:
    """Unregister ``rule_id`` for a ``with`` block."""
    old = _REGISTRY.pop(rule_id, None)
    try:
        yield
    finally:
        if old is not None:
            _REGISTRY[rule_id] = old


def _guarded(rule_id: str, check: Check, doc: Document) -> Iterator[Finding]:
    try:
        yield from check(doc)
    except Exception as exc:  # a malformed record must not stop the other checks
        yield not_checked(
            rule_id,
            f"ตรวจ {rule_id} ไม่สำเร็จเพราะข้อมูลที่อ่านได้ไม่สมบูรณ์ ({type(exc).__name__}: {exc})",
            reported=None, prov=None,
        )


def run_checks(doc: Document) -> list[Finding]:
    """All findings of every registered rule for one document, without duplicates, by page and line.

    An ``error`` on a scanned page printed in Thai digits is a warning (:func:`scan_certainty`), and
    so is one from figures OCR read in running text (:func:`ocr_text_certainty`).
    """
    seen: set[Finding] = set()
    out: list[Finding] = []
    for rule_id, check in registered():
        for f in _guarded(rule_id, check, doc):
            if f not in seen:
                seen.add(f)
                out.append(f)
    out = ocr_text_certainty(out, ocr_lines(doc.lines))
    return sorted(scan_certainty(out, thai_digit_scan_pages(doc.lines)), key=Finding.sort_key)
