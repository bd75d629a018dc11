"""Rules on dates printed in text: day-count, date-invalid, date-range.

They verify ``Document.day_counts`` and ``Document.date_mentions`` (extractors/text_facts.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from extractors.records import Document
from normalizers.dates import fiscal_year_span
from pipeline.findings import Finding, make_finding, severity_for
from pipeline.rules.registry import rule


@rule("day-count")
def day_count(doc: Document) -> Iterator[Finding]:
    """A printed number of days against the printed date range, both ends included.

    "ระยะเวลา 1 พฤษภาคม - 31 สิงหาคม 2564 จำนวน 120 วัน" is 123 days -> error. A count one short
    of the inclusive length (ends not both counted) is a warning.
    """
    for dc in doc.day_counts:
        if dc.printed in (dc.days, dc.span_days):
            continue
        short = dc.printed in (dc.days - 1, dc.span_days - 1)
        yield make_finding(
            "day-count",
            "warning" if short else severity_for([dc]),
            f"จำนวนวันที่พิมพ์ ({dc.raw}) ไม่ตรงกับช่วงวันที่ {dc.range_raw} ซึ่งมี {dc.days} วัน "
            "(นับรวมวันแรกและวันสุดท้าย)"
            + (" อาจนับไม่รวมวันแรกหรือวันสุดท้าย" if short else " โปรดตรวจสอบวันที่หรือจำนวนวัน"),
            reported=dc.printed,
            expected=dc.days,
            prov=dc.prov,
        )


@rule("date-invalid")
def date_invalid(doc: Document) -> Iterator[Finding]:
    """A date that does not exist (31 เมษายน); reported the raw date, expected None."""
    for m in doc.date_mentions:
        if not m.date.valid:
            yield make_finding(
                "date-invalid",
                severity_for([m.date]),
                f"วันที่ \"{m.date.raw}\" ไม่มีอยู่จริงในปฏิทิน โปรดตรวจสอบวัน เดือน หรือปี",
                reported=m.date.raw,
                expected=None,
                prov=m.prov,
            )


def _shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@rule("date-range")
def date_range(doc: Document) -> Iterator[Finding]:
    """A dated item more than a year outside the report's fiscal year -> warning.

    Dates of day or month precision are judged against the fiscal year's span widened by one year
    on each side; year-only references ("เทียบกับปี 2560", "ปีงบประมาณ พ.ศ. ๒๕๖๖") that miss that
    window, and past dates told as history ("ก่อตั้งเมื่อวันที่ ..."), are only noted (info).
    Needs ``doc.fiscal_year``.
    """
    if doc.fiscal_year is None:
        return
    try:
        fy_start, fy_end = fiscal_year_span(doc.fiscal_year)
    except (ValueError, OverflowError):
        return
    lo, hi = _shift_year(fy_start, -1), _shift_year(fy_end, 1)
    span = f"{fy_start.isoformat()}..{fy_end.isoformat()}"
    for m in doc.date_mentions:
        d = m.date
        if not d.valid or d.start is None or d.end is None:
            continue
        year_only = d.precision == "year"
        if (lo <= d.end and d.start <= hi) if year_only else (lo <= d.start and d.end <= hi):
            continue
        noted = year_only or (m.history and d.end < lo)
        yield make_finding(
            "date-range",
            "info" if noted else "warning",
            f"{'ปี' if year_only else 'วันที่'} \"{d.raw}\" อยู่ห่างจากปีงบประมาณ "
            f"พ.ศ. {doc.fiscal_year} ({span}) เกิน 1 ปี"
            + ("" if noted else " โปรดตรวจสอบว่าพิมพ์ปีถูกต้อง"),
            reported=d.raw,
            expected=span,
            prov=m.prov,
        )
