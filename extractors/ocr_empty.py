"""Table cells of a scan that hold ink but no word: read again on their own.

The page pass (``tesseract --psm 6``) sometimes drops a short word standing alone in a narrow
column: an indicator id "๔.๑" left of a long name, a weight under a wide header. Its cell then
reads empty and the row loses its id or figure. Every grid cell without a word whose ink, once
grain is set aside, is at least one glyph of the page's text height, is cut out; all such cells of
a page are stacked into ONE strip read by ONE more pass of the page's own model, and the words
found go back to their cells at their place on the page (their text then goes through the digit
and numeric-cell re-reads like any other word). A cell whose ink is only grain or a ruling's
remnant stays empty, and so does one whose ink runs on out of its middle towards its rulings (an
emblem or a picture that the ruling finder took for a grid: a letter's Garuda crest).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from extractors import ocr_digits, ocr_numbers
from extractors.ocr_digits import Gray
from extractors.pdf_text import TableGrid
from extractors.records import BBox

#: a cell is this much smaller on every side before its ink is looked at (a ruling's remnant)
INSET = 0.12
#: ink counts when some piece of it is at least this share of the page's word height tall
GLYPH = 0.55
#: ... and at most this many word heights tall in all (one line: a wrapped cell is not re-read)
MAX_LINES = 1.8

Box = tuple[int, int, int, int]


def empty_cells_with_ink(
    gray: Gray, grids: Sequence[TableGrid], occupied: Callable[[BBox], bool], scale: float, height: float
) -> list[Box]:
    """Pixel boxes (left, top, right, bottom) of the ink in the grid cells no word is in.

    ``occupied``: whether a cell (points) holds a word; ``scale``: points per pixel; ``height``:
    the page's median word height in pixels.
    """
    out: list[Box] = []
    if height <= 0:
        return out
    for grid in grids:
        for row in grid.rows:
            for cell in row:
                if cell is None or occupied(cell):
                    continue
                box = _ink_box(gray, cell, scale, height)
                if box is not None:
                    out.append(box)
    return out


def _ink_box(gray: Gray, cell: BBox, scale: float, height: float) -> Box | None:
    x0, y0, x1, y1 = (round(v / scale) for v in cell)
    dx, dy = round(INSET * min(x1 - x0, 3 * height)), round(INSET * min(y1 - y0, 3 * height))
    x0, y0 = max(0, x0 + dx), max(0, y0 + dy)
    x1, y1 = min(gray.shape[1], x1 - dx), min(gray.shape[0], y1 - dy)
    if x1 - x0 < 0.5 * height or y1 - y0 < 0.5 * height:
        return None
    crop = gray[y0:y1, x0:x1]
    ink = crop < 128
    if not ink.any():
        return None
    pieces = [g for g in ocr_digits._components(ink) if g.height >= GLYPH * height and g.width >= 2]
    if not pieces:
        return None  # grain or a ruling's remnant
    h, w = ink.shape
    if any(g.x0 == 0 or g.y0 == 0 or g.x1 == w or g.y1 == h for g in pieces):
        return None  # ink that runs on out of the cell's middle: a picture's strokes, not a word
    left, right = min(g.x0 for g in pieces), max(g.x1 for g in pieces)
    top, bottom = min(g.y0 for g in pieces), max(g.y1 for g in pieces)
    if bottom - top > MAX_LINES * height:
        return None
    return (x0 + left, y0 + top, x0 + right, y0 + bottom)


def strip(gray: Gray, boxes: Sequence[Box], pad: int, gap: int) -> tuple[Gray, list[tuple[int, int]]]:
    """The boxes' crops stacked on white (:func:`extractors.ocr_numbers.strip`); for each, the
    offset (dx, dy) that takes a strip pixel back to the page."""
    image, tops = ocr_numbers.strip(gray, boxes, pad, gap)
    return image, [(max(0, x0 - pad) - gap, max(0, y0 - pad) - top)
                   for (x0, y0, _, _), top in zip(boxes, tops, strict=True)]
