"""Scan page preparation and the table grid (extractors.scan_grid), numeric cells (extractors.ocr_numbers),
figure confidence (records.Figure); no tesseract needed."""

from __future__ import annotations

import numpy as np
from PIL import Image

from extractors import ocr, ocr_numbers, pdf_text, scan_grid
from extractors.ocr import Word
from extractors.records import Figure


def _table(width: int = 1200, height: int = 700) -> np.ndarray:
    """A 200 dpi page: a ruled table of 3 rows and 3 columns whose first two rows' first cell spans
    two columns, and strokes like letters."""
    gray = np.full((height, width), 255, np.uint8)
    for y in (100, 300, 500):
        gray[y : y + 2, 100:1100] = 0
    gray[200:202, 100:1100] = 0
    for x in (100, 1098):
        gray[100:502, x : x + 2] = 0
    gray[300:502, 500:502] = 0  # the first two rows' middle rule is missing: a merged cell
    gray[100:502, 800:802] = 0
    for y in (130, 230, 330, 430):  # "letters": short strokes, each shorter than a ruling
        for x in range(150, 1050, 40):
            gray[y : y + 20, x : x + 4] = 0
            gray[y + 16 : y + 20, x : x + 14] = 0
    return gray


def test_deskew_finds_the_tilt_and_turns_the_page_straight() -> None:
    page = Image.fromarray(_table())
    tilted = np.asarray(page.rotate(1.2, resample=Image.Resampling.BILINEAR, fillcolor=255))
    prepared = scan_grid.prepare(tilted)
    assert abs(prepared.angle - 1.2) <= 0.06
    # straight again: the top ruling is one band of rows again
    edges, _ = scan_grid.find_rulings(prepared.gray, 200)
    tops = sorted({round(e.top) for e in edges if e.orientation == "h" and e.x1 - e.x0 > 300})
    assert len(tops) == 4


def test_a_straight_page_is_left_alone() -> None:
    assert scan_grid.prepare(_table()).angle == 0.0


def test_despeckle_drops_grain_and_keeps_strokes() -> None:
    ink = np.zeros((60, 60), bool)
    ink[10, 10] = True  # one grain
    ink[30:32, 40:41] = True  # two
    ink[20:40, 20:23] = True  # a stroke
    ink[45:47, 22:24] = True  # a point next to it: 4 pixels, grain for the page pass
    out = scan_grid.despeckle(ink)
    assert not out[10, 10] and not out[30, 40] and out[20:40, 20:23].all()


def test_broken_and_merged_rules_give_the_grid_with_its_spans() -> None:
    gray = _table()
    gray[300:302, 300:312] = 255  # a break of 12 pixels (0.06 in) in a ruling: bridged
    edges, _ = scan_grid.find_rulings(gray, 200)
    (grid,) = pdf_text.find_tables(edges)
    # rows 100-200, 200-300 (their first cell spans two columns: no rule at x=500), 300-500
    assert [[c is not None for c in row] for row in grid.rows] == [
        [True, False, True], [True, False, True], [True, True, True]
    ]
    assert grid.rows[0][0] == (36.36, 36.36, 288.36, 72.36)


def _w(
    key: tuple[int, int, int], left: int, top: int, text: str, *, height: int = 40, conf: float = 95.0
) -> Word:
    return Word(key, left, top, 20 * len(text), height, conf, text)


def test_one_row_per_grid_row_marks_and_junk_of_a_cell() -> None:
    grid = pdf_text.TableGrid((0.0, 0.0, 300.0, 60.0), [[(0.0, 0.0, 150.0, 60.0), (150.0, 0.0, 300.0, 60.0)]])
    words = [
        # the first cell wraps over two lines; Tesseract puts its second line and the figure on one line
        _w((1, 1, 1), 10, 20, "ระดับความ"), _w((1, 1, 2), 10, 90, "สำเร็จ"), _w((1, 1, 2), 700, 20, "80.5"),
        # a tone mark Tesseract gave its own line, above the first line
        _w((1, 1, 3), 60, 8, "่", height=12, conf=70),
        # a ruling's remnant: a low-confidence mark
        _w((1, 1, 4), 300, 100, "|", height=3, conf=40),
    ]
    (line,) = ocr.words_to_lines(words, 1, 0.24, [grid])
    # the lone doubtful mark, much shorter than the page's words, goes with the grain
    assert line.cells == ("ระดับความสำเร็จ", "80.5")
    assert line.cell_confidences == (None, 0.95)


def test_numeric_cells_vote() -> None:
    judge = ocr_numbers.judge
    # a point between two digits that only the glyphs see: the passes' reading, uncertain (a speck
    # on the baseline in a digit gap looks like a point at 200 dpi); certain when one pass saw it too.
    # Regression: the office scan's weight "10" was read "1.0" and gave two false findings
    assert judge("32", ("32", 0.9), "3.2") == ocr_numbers.Reading("32", 0.6)
    assert judge("10", ("10", 0.9), "1.0") == ocr_numbers.Reading("10", 0.6)
    assert judge("32", ("3.2", 0.9), "3.2") == ocr_numbers.Reading("3.2", 0.95)
    # all agree
    assert judge("100.000", ("100.000", 0.9), "100.000") == ocr_numbers.Reading("100.000", 0.95)
    # two passes disagree, no glyph reading: the page pass's, uncertain
    r = judge("100.000", ("100.900", 0.84), None)
    assert (r.text, r.certain) == ("100.000", False)
    # the point the glyph reader took for grain is kept from the page pass, uncertain
    r = judge("100.000", ("100000", 0.9), "100000")
    assert (r.text, r.certain) == ("100.000", False)
    # regression (Garuda): both Tesseract passes read 100.000, the glyphs 140.000: theirs, uncertain
    assert judge("100.000", ("100.000", 0.81), "140.000") == ocr_numbers.Reading("100.000", 0.75)
    # an item number keeps its full stop
    assert judge("1.", ("1", 0.9), "1.") == ocr_numbers.Reading("1.", 0.95)
    # nothing well formed: the text as printed, no confidence
    assert judge("1O.O", None, None) == ocr_numbers.Reading("1O.O", 0.0)


def test_figure_like_cells() -> None:
    assert [ocr_numbers.is_figure_like(t) for t in ("100 000", "5 >", "๑๐.๕", "ร้อยละ 80", "-", "2.1.")] == [
        True, True, True, False, False, True
    ]


def test_figure_certainty() -> None:
    assert Figure(10.0, 3, "10.000").certain
    assert Figure(10.0, 3, "10.000", confidence=0.95).certain
    assert not Figure(10.0, 3, "10.000", confidence=0.6).certain
