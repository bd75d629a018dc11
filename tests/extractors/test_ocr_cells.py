"""A scanned table cell's lines (extractors.ocr._row_item): a line ending short starts a new item;
a numeric cell's crop (extractors.ocr._ink_box)."""

from __future__ import annotations

import numpy as np

from extractors import ocr, pdf_text
from extractors.ocr import Word


def _w(key: tuple[int, int, int], left: int, top: int, text: str) -> Word:
    return Word(key, left, top, 20 * len(text), 40, 95.0, text)


def test_a_heading_alone_on_its_line_is_not_joined_to_the_paragraph_under_it() -> None:
    # regression: "■ จุดอ่อน" over "คนเร่ร่อน..." in one cell came out "จุดอ่อนคนเร่ร่อน...", so the
    # heading was lost; a wrapped line (full to the cell's text edge) still joins the next one
    grid = pdf_text.TableGrid((0.0, 0.0, 300.0, 100.0), [[(0.0, 0.0, 300.0, 100.0)]])
    words = [
        _w((1, 1, 1), 10, 10, "จุดอ่อน"),
        _w((1, 1, 2), 10, 60, "คนเร่ร่อนมักเข้ามาพัก"), _w((1, 1, 2), 470, 60, "อาศัยริมคลอง"),
        _w((1, 1, 3), 10, 110, "เมื่อลงพื้นที่"),
    ]
    (line,) = ocr.words_to_lines(words, 1, 0.24, [grid])
    assert line.cells == ("จุดอ่อน\nคนเร่ร่อนมักเข้ามาพัก อาศัยริมคลองเมื่อลงพื้นที่",)


def test_a_latin_letter_read_from_a_tone_mark_is_dropped_from_the_text_not_the_raw() -> None:
    # regression (Thai-digit office scan): the page pass gave "องค์ประกอบท", "a", "ี", "๒" and the
    # component label "องค์ประกอบทaี ๒" was not recognised; the raw text keeps what Tesseract read
    key = (1, 1, 1)
    words = [Word(key, 10, 10, 220, 40, 95.0, "องค์ประกอบท"), Word(key, 230, 20, 13, 14, 76.0, "a"),
             Word(key, 243, 5, 10, 27, 92.0, "ี"), Word(key, 290, 10, 20, 40, 97.0, "๒")]
    (line,) = ocr.words_to_lines(words, 1, 0.24, [])
    assert (line.text, line.raw) == ("องค์ประกอบที ๒", "องค์ประกอบทaี ๒")


def test_a_consonant_that_fell_into_the_cell_on_its_left_goes_back() -> None:
    # regression (Garuda office scan): "3.1 พ" | "ื้นที่สีเขียว" — the grid line sat a little off and the
    # name's first letter landed in the id cell, so the id was no figure and was never re-read
    grid = pdf_text.TableGrid((0.0, 0.0, 240.0, 24.0), [[(0.0, 0.0, 48.0, 24.0), (48.0, 0.0, 240.0, 24.0)]])
    key = (1, 1, 1)
    words = [Word(key, 20, 20, 60, 40, 95.0, "3.1"), Word(key, 170, 20, 25, 40, 90.0, "พ"),
             Word(key, 205, 10, 300, 50, 90.0, "ื้นที่สีเขียว")]
    moved = ocr.rehome_split_letters(words, [grid], 0.24)
    (line,) = ocr.words_to_lines(moved, 1, 0.24, [grid])
    assert line.cells == ("3.1", "พื้นที่สีเขียว")
    # a cell that starts with a letter keeps its neighbour's words where they are
    kept = [*words[:2], Word(key, 205, 10, 300, 50, 90.0, "พื้นที่")]
    assert ocr.rehome_split_letters(kept, [grid], 0.24) == kept


def test_a_specks_word_does_not_set_a_numeric_cells_line_band() -> None:
    # regression: a cell's words were a two-pixel speck ("อ") and a re-read number boxed 33 pixels
    # tall on a 17-pixel line; the speck alone made the band, the crop was 4 pixels tall and the
    # figure ๗๐.๐๐๐ was lost (confidence 0)
    gray = np.full((60, 200), 255, np.uint8)
    words = [Word((1, 1, 1), 53, 39, 2, 4, 80.0, "อ"), Word((1, 1, 2), 54, 20, 54, 33, 91.0, "๐๐๐")]
    box = ocr._ink_box(gray, words, (30.0, 10.0, 150.0, 55.0), 1.0, 17.0)
    assert box == (53, 20, 108, 53)
