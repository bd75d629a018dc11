"""A figure a scan may have misread by one decimal point: the smallest mark on a page.

On a scan a speck beside a digit becomes a point ("10" read "1.0") and a faint point is lost. When a
disagreement goes away with one OCR-read figure's point dropped, the finding rests on a figure that
is likely misread: a ``warning`` that names it, never an ``error`` (docs/certainty.md). Figures read
from text (``confidence`` None) are never second-guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from extractors.records import Figure
from pipeline.findings import show


def without_point(fig: Figure) -> Figure | None:
    """``fig`` with its decimal point dropped ("1.0" → 10), None when it prints none.

    >>> without_point(Figure(1.0, 1, "1.0")).value, without_point(Figure(10.0, 0, "10"))
    (10.0, None)
    """
    if fig.decimals <= 0 or "." not in fig.raw:
        return None
    return Figure(float(round(fig.value * 10**fig.decimals)), 0, fig.raw.replace(".", "", 1),
                  certain=False, confidence=fig.confidence)


def stray_point(figs: Sequence[Figure], agrees: Callable[[list[Figure]], bool]) -> Figure | None:
    """The OCR-read figure among ``figs`` whose point, dropped, makes ``agrees`` hold; else None."""
    for k, fig in enumerate(figs):
        alt = without_point(fig) if fig.confidence is not None else None
        if alt is not None and agrees([*figs[:k], alt, *figs[k + 1:]]):
            return fig
    return None


def point_note(fig: Figure) -> str:
    """The reason a finding resting on ``fig`` is a warning."""
    alt = without_point(fig)
    shown = show(alt) if alt is not None else fig.raw
    return (f" (ตัวเลข {fig.raw} อ่านจากภาพสแกน อาจมีจุดทศนิยมจากรอยเปื้อน: หากเป็น {shown} จะตรงกัน"
            " ตรวจสอบกับต้นฉบับ)")
