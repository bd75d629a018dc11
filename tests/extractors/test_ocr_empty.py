"""Table cells of a scan with ink and no word are read again (extractors.ocr_empty, ocr.read_empty_cells)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr, ocr_digits, ocr_empty, tess_api
from extractors.ocr import Word
from extractors.pdf_text import TableGrid

SCALE = 72 / 200  # points per pixel at 200 dpi
FONT = next((p for p in ocr_digits.font_paths() if p.stem == "Laksaman"), None)


def _page() -> np.ndarray:
    """Three cells 200 px wide in one row: '4.1' printed in the first, grain in the second, a
    ruling's remnant (a thin line along its top edge) in the third."""
    img = Image.new("L", (700, 120), 255)
    draw = ImageDraw.Draw(img)
    if FONT is not None:
        draw.text((40, 35), "4.1", font=ImageFont.truetype(str(FONT), 40), fill=0)
    for x, y in ((260, 50), (300, 70), (330, 40)):
        draw.rectangle((x, y, x + 1, y + 1), fill=0)
    draw.line((405, 2, 595, 2), fill=0, width=2)
    return np.asarray(img)


GRID = TableGrid((0.0, 0.0, 600 * SCALE, 120 * SCALE),
                 [[(0.0, 0.0, 200 * SCALE, 120 * SCALE), (200 * SCALE, 0.0, 400 * SCALE, 120 * SCALE),
                   (400 * SCALE, 0.0, 600 * SCALE, 120 * SCALE)]])


@pytest.mark.skipif(FONT is None, reason="fonts-tlwg-laksaman missing")
def test_only_the_cell_with_a_glyph_is_taken_not_grain_or_a_rulings_remnant() -> None:
    boxes = ocr_empty.empty_cells_with_ink(_page(), [GRID], lambda cell: False, SCALE, 30.0)
    assert boxes == [(42, 58, 88, 87)]  # the ink of "4.1", nothing of the grain or the remnant


@pytest.mark.skipif(FONT is None, reason="fonts-tlwg-laksaman missing")
def test_an_occupied_cell_is_not_taken() -> None:
    assert ocr_empty.empty_cells_with_ink(_page(), [GRID], lambda cell: True, SCALE, 30.0) == []


def test_strip_offsets_take_a_strip_pixel_back_to_the_page() -> None:
    page = np.full((300, 300), 255, np.uint8)
    page[100:110, 50:80] = 0
    page[200:220, 150:160] = 0
    strip, offsets = ocr_empty.strip(page, [(50, 100, 80, 110), (150, 200, 160, 220)], pad=2, gap=12)
    for (x0, y0, x1, y1), (dx, dy) in zip([(50, 100, 80, 110), (150, 200, 160, 220)], offsets, strict=True):
        ys, xs = np.nonzero(strip[:, :] == 0)
        inside = [(x + dx, y + dy) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)
                  if x0 <= x + dx < x1 and y0 <= y + dy < y1]
        assert len(inside) == (x1 - x0) * (y1 - y0)


_TESS = shutil.which("tesseract") is not None and tess_api.available()


@pytest.mark.skipif(FONT is None or not _TESS, reason="tesseract or fonts missing")
def test_the_word_of_an_empty_cell_is_added_at_its_place_on_the_page() -> None:
    # the page pass read the other cells only; the id cell comes back with "4.1" in its own box
    other = Word((1, 1, 1), 450, 40, 60, 30, 95.0, "ร้อยละ")
    got = ocr.read_empty_cells(_page(), [other], [GRID], SCALE, "tesseract")
    added = got[1:]
    assert [w.text for w in added] == ["4.1"]
    assert (added[0].left, added[0].top, added[0].key[0]) == (42, 58, -1)


def test_a_cell_crossed_by_a_pictures_strokes_is_not_taken() -> None:
    # regression (mso_letter_2554, a real scan): the ruling finder took the Garuda crest of a letter
    # for a grid and its "cells" were read as words ("แล่"); strokes run on out of such a cell's middle
    img = Image.new("L", (200, 120), 255)
    ImageDraw.Draw(img).line((0, 10, 200, 110), fill=0, width=6)
    grid = TableGrid((0.0, 0.0, 200 * SCALE, 120 * SCALE), [[(0.0, 0.0, 200 * SCALE, 120 * SCALE)]])
    assert ocr_empty.empty_cells_with_ink(np.asarray(img), [grid], lambda cell: False, SCALE, 30.0) == []
