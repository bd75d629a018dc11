"""The seed report: every hand-checked date, area, mass and sum of money comes out of the normalizers.

The facts are in ../shared/corpus/bangrak_fy2564_ocr.expected.json (skipped when it is absent); the
text is the copy in raw_docs/. Each line is read on its own, so a hit also has the expected line.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from normalizers import DateSpan, Quantity, find_dates, find_quantities
from normalizers.area import MSG_M2_AFTER_RAI
from normalizers.digits import to_arabic

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"
EXPECTED = ROOT / ".." / "shared" / "corpus" / "bangrak_fy2564_ocr.expected.json"

pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="shared/corpus expected facts not available")


@cache
def _expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


@cache
def _lines() -> tuple[str, ...]:
    return tuple(SEED.read_text(encoding="utf-8").split("\n"))


@cache
def _dates() -> tuple[tuple[int, DateSpan], ...]:
    return tuple((n, d) for n, line in enumerate(_lines(), start=1) for d in find_dates(line))


@cache
def _quantities() -> tuple[tuple[int, Quantity], ...]:
    return tuple((n, q) for n, line in enumerate(_lines(), start=1) for q in find_quantities(line))


def _ends_match(raw: str, expected_raw: str) -> bool:
    """Same first and last word: a list item's raw runs on to the shared month and year."""
    got, want = raw.split(), expected_raw.split()
    return (got[0], got[-1]) == (want[0], want[-1])


def test_expected_file_shape() -> None:
    e = _expected()
    assert (len(e["dates"]), len(e["not_dates"]), len(e["quantities"])) == (23, 8, 16)


@pytest.mark.parametrize("i", range(23))
def test_seed_date(i: int) -> None:
    e = _expected()["dates"][i]
    start, end = dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["end"])
    hits = [(n, d) for n, d in _dates() if (d.start, d.end) == (start, end) and _ends_match(d.raw, e["raw"])]
    assert hits, e["raw"]
    assert all(d.valid for _, d in hits)
    if e["line"]:
        assert e["line"] in [n for n, _ in hits], e["raw"]


def test_seed_not_dates() -> None:
    bad = [to_arabic(b) for b in _expected()["not_dates"]]
    dates = [d.raw for _, d in _dates() if any(b in to_arabic(d.raw) for b in bad)]
    quantities = [q.raw for _, q in _quantities() if any(b in to_arabic(q.raw) for b in bad)]
    assert (dates, quantities) == ([], [])


def test_seed_reference_numbers_are_in_the_text() -> None:
    # the not_dates test above only means something if the references are really printed there
    text = to_arabic("\n".join(_lines()))
    assert [to_arabic(b) in text for b in _expected()["not_dates"]] == [True] * 8


@pytest.mark.parametrize("i", range(16))
def test_seed_quantity(i: int) -> None:
    e = _expected()["quantities"][i]
    hits = [
        n
        for n, q in _quantities()
        if q.kind == e["kind"]
        and q.unit in e["units"]
        and q.raw == e["raw"]
        and q.value == pytest.approx(e["value"], rel=1e-12, abs=1e-9)
    ]
    assert hits, e["raw"]
    if e["line"]:
        assert e["line"] in hits, e["raw"]


def test_seed_day_list_line_648() -> None:
    assert [(d.raw, d.start, d.end, d.kind) for n, d in _dates() if n == 648] == [
        ("๔ - ๘, ๒๐ และ ๒๖ ตุลาคม ๒๕๖๔", dt.date(2021, 10, 4), dt.date(2021, 10, 8), "range"),
        ("๒๐ และ ๒๖ ตุลาคม ๒๕๖๔", dt.date(2021, 10, 20), dt.date(2021, 10, 20), "date"),
        ("๒๖ ตุลาคม ๒๕๖๔", dt.date(2021, 10, 26), dt.date(2021, 10, 26), "date"),
    ]


def test_seed_has_no_impossible_dates_and_one_suspicious_area() -> None:
    assert [(n, d.raw) for n, d in _dates() if not d.valid] == []
    flagged = [(n, q.raw, q.value, q.suspicious, q.likely_value) for n, q in _quantities() if q.suspicious]
    assert flagged == [(155, "1 ไร่ 1 งาน 40.60 ตารางเมตร", 2040.6, MSG_M2_AFTER_RAI, 2162.4)]


def test_seed_whole_text_equals_line_by_line() -> None:
    # no expression crosses a line break, so reading the whole text finds the same spans
    whole = find_dates("\n".join(_lines()))
    assert [(d.raw, d.start, d.end) for d in whole] == [(d.raw, d.start, d.end) for _, d in _dates()]
