"""Interval arithmetic on printed figures.

A printed figure stands for every value that rounds to it: 28.31 is [28.305, 28.315]. A recomputed
figure agrees with a printed one when their intervals overlap. :func:`parts_total` is the one
"parts against a printed total" judgement (component-total, weight-total, subscore-sum, count-total,
quantity-sum), each rule saying only how its figures are read (:data:`Reading`).

>>> from extractors.records import Figure
>>> s = add(exact(60), rounded(Figure(28.31, 2, "28.31")))
>>> agrees(Figure(88.314, 3, "88.314"), s)
True
>>> agrees(Figure(16758.457, 3, "16,758.457"),
...        add(rounded(Figure(13942.592, 3, "")), rounded(Figure(3015.865, 3, ""))))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from extractors.records import Figure, Measure

EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def exact(value: float) -> Interval:
    """A value known exactly (a weight, a level's score, a count)."""
    return Interval(value, value)


def rounded(fig: Figure) -> Interval:
    """The interval of values a printed figure may have been rounded from."""
    h = fig.half_unit
    return Interval(fig.value - h, fig.value + h)


def whole_in_list(value: float, decimals: int, unit: float = 1.0) -> Interval:
    """A whole figure printed among figures that show ``decimals`` places (the most in its list).

    Its trailing zeros were dropped (60 beside 28.31 is 60.00), so it stands for its value at the
    list's precision; in a list of whole figures only (``decimals`` 0) it is exact. ``unit`` scales
    the rounding step (an area's last printed part: 1 ตารางวา = 4 m²).

    >>> whole_in_list(60, 2), whole_in_list(3, 0)
    (Interval(lo=59.995, hi=60.005), Interval(lo=3, hi=3))
    """
    if decimals <= 0:
        return exact(value)
    half = 0.5 * 10.0 ** (-decimals) * unit
    return Interval(value - half, value + half)


def add(*xs: Interval) -> Interval:
    return Interval(sum(x.lo for x in xs), sum(x.hi for x in xs))


def sub(a: Interval, b: Interval) -> Interval:
    return Interval(a.lo - b.hi, a.hi - b.lo)


def mul(a: Interval, b: Interval) -> Interval:
    ps = (a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi)
    return Interval(min(ps), max(ps))


def div(a: Interval, b: Interval) -> Interval:
    """a / b; b must not contain zero."""
    if b.lo <= 0 <= b.hi:
        raise ZeroDivisionError("interval divisor contains zero")
    return mul(a, Interval(1 / b.hi, 1 / b.lo))


def scale(a: Interval, k: float) -> Interval:
    return mul(a, exact(k))


def agrees(printed: Figure, computed: Interval) -> bool:
    """True when the printed figure's rounding interval overlaps the computed interval."""
    p = rounded(printed)
    return p.lo <= computed.hi + EPS and computed.lo <= p.hi + EPS


def overlap(a: Interval, b: Interval) -> bool:
    """True when the two intervals meet (within :data:`EPS`)."""
    return a.lo <= b.hi + EPS and b.lo <= a.hi + EPS


# ---------------------------------------------------------------- reading figures as intervals

#: How a printed figure is read:
#: ``rounded`` – every value that rounds to it (a whole count of a text is exact);
#: ``whole_exact`` – a whole figure is exact (weights 10, 15; counts of a table), else rounded;
#: ``list`` – a whole figure among figures with decimals had its trailing zeros dropped
#: (60 beside 28.31 is 60.00): read at the list's precision (:func:`whole_in_list`);
#: ``exact`` – the value itself.
Reading = Literal["rounded", "whole_exact", "list", "exact"]
Printed = Figure | Measure


def _own(x: Printed) -> Interval:
    if isinstance(x, Measure):
        if x.exact:
            return exact(x.value)
        half = 0.5 * 10.0 ** (-x.decimals) * x.step
        return Interval(x.value - half, x.value + half)
    return rounded(x)


def read(x: Printed, how: Reading, list_decimals: int = 0) -> Interval:
    """The interval a printed figure stands for, read ``how`` (``list_decimals``: the list's most).

    >>> read(Figure(10, 0, "10"), "whole_exact"), read(Figure(60, 0, "60"), "list", 2)
    (Interval(lo=10, hi=10), Interval(lo=59.995, hi=60.005))
    """
    if how == "exact":
        return exact(x.value)
    if how == "rounded" or x.decimals > 0:
        return _own(x)
    if how == "whole_exact":
        return exact(x.value)
    return whole_in_list(x.value, list_decimals, x.step if isinstance(x, Measure) else 1.0)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether listed parts add up to their printed total.

    ``agrees``: under the rule's reading; ``loosely``: not so, but they do under the fallback reading
    (whole parts taken as rounded values), so the rule should only warn.
    """

    agrees: bool
    loosely: bool = False


def parts_total(
    parts: Sequence[Printed],
    total: Printed,
    reading: Reading,
    *,
    total_reading: Reading | None = None,
    fallback: Reading | None = None,
    prefixes: bool = False,
) -> Verdict:
    """Do ``parts`` add up to the printed ``total``? Judged by interval overlap.

    ``reading`` says how parts (and, unless ``total_reading`` says otherwise, the total) are read;
    ``fallback`` is the looser reading that turns a disagreement into a warning; with ``prefixes``
    the first k >= 2 parts adding up to the total is agreement too (a list whose end is uncertain).

    >>> parts_total([Figure(60, 0, "60"), Figure(28.31, 2, "28.31")], Figure(88.31, 2, "88.31"), "list")
    Verdict(agrees=True, loosely=False)
    >>> parts_total([Figure(3, 0, "3"), Figure(4, 0, "4")], Figure(8, 0, "8"), "whole_exact")
    Verdict(agrees=False, loosely=False)
    >>> parts_total([Figure(3, 0, "3"), Figure(4, 0, "4")], Figure(8, 0, "8"), "list", fallback="rounded")
    Verdict(agrees=False, loosely=True)
    """
    at = max(x.decimals for x in (total, *parts))
    ks = range(2, len(parts) + 1) if prefixes else (len(parts),)

    def fits(how: Reading, total_how: Reading) -> bool:
        t = read(total, total_how, at)
        return any(overlap(t, add(*(read(p, how, at) for p in parts[:k]))) for k in ks)

    if fits(reading, total_reading or reading):
        return Verdict(True)
    return Verdict(False, fallback is not None and fits(fallback, fallback))
