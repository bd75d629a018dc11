"""A scanned table cell's lines (extractors.ocr._row_item): a line ending short starts a new item."""

from __future__ import annotations

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
