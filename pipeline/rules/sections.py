"""What the score rules share: a section's rows, its leaf rows, and how a row is named in messages."""

from __future__ import annotations

from collections.abc import Iterable

from extractors.records import Document, Figure, Indicator, Total
from pipeline.interval import Interval, read

#: ชื่อส่วนของรายงานที่ผู้ตรวจสอบใช้เรียก (section names an auditor recognises)
SOURCE_NAMES: dict[str, str] = {
    "self_report": "แบบฟอร์มการรายงานผล",
    "audit": "แบบสรุปผลการตรวจติดตามประเมินผล",
    "summary": "ตารางผลการประเมินผลการปฏิบัติราชการ",
}

#: order of sources in cross-source values
SOURCE_ORDER: tuple[str, ...] = ("self_report", "audit", "summary")


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def where(ind: Indicator) -> str:
    """``ตัวชี้วัด 5.1 (ตารางผลการประเมินผลการปฏิบัติราชการ)``."""
    return f"ตัวชี้วัด {ind.indicator} ({source_name(ind.source)})"


def id_key(ind_id: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of indicator ids: 3.3 < 3.3.1 < 3.10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in ind_id.split("."))


def _is_parent(ind_id: str, ids: Iterable[str]) -> bool:
    """True when another id sits under ``ind_id`` (3.3 heads 3.3.1)."""
    return any(other.startswith(ind_id + ".") for other in ids)


def leaves(rows: list[Indicator]) -> list[Indicator]:
    """Rows that carry their own figures: group rows (3.3 over 3.3.1, 3.3.2) are left out, whether
    extraction marked them ``is_group`` or their id only shows it."""
    ids = {r.indicator for r in rows}
    return [r for r in rows if not r.is_group and not _is_parent(r.indicator, ids)]


def rows_of(doc: Document, source: str, component: int | None = None) -> list[Indicator]:
    return [
        r for r in doc.indicators if r.source == source and (component is None or r.component == component)
    ]


def component_totals(doc: Document, source: str) -> list[Total]:
    return [t for t in doc.totals if t.source == source and t.scope == "component"]


def weight_interval(fig: Figure) -> Interval:
    """A weight: exact when printed whole (10, 15); 33.33 stands for its rounding interval (a third).

    >>> weight_interval(Figure(10, 0, "10")), round(weight_interval(Figure(33.33, 2, "33.33")).lo, 6)
    (Interval(lo=10, hi=10), 33.325)
    """
    return read(fig, "whole_exact")
