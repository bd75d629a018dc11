"""Interval arithmetic on printed figures.

A printed figure stands for every value that rounds to it: 28.31 is [28.305, 28.315]. A recomputed
figure agrees with a printed one when their intervals overlap.

>>> from extractors.records import Figure
>>> s = add(exact(60), rounded(Figure(28.31, 2, "28.31")))
>>> agrees(Figure(88.314, 3, "88.314"), s)
True
>>> agrees(Figure(16758.457, 3, "16,758.457"),
...        add(rounded(Figure(13942.592, 3, "")), rounded(Figure(3015.865, 3, ""))))
False
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.records import Figure

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
