"""Reader settings are frozen records passed in; the defaults are the tuned values they replaced."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extractors import ocr, pdf_text
from extractors.ocr import Word
from extractors.pdf_text import Char, Edge, TextRun
from extractors.settings import LINES, OCR, PDF, TABLES, LineSettings, OcrSettings, TableSettings


def test_defaults_are_the_former_module_constants() -> None:
    assert dataclasses.astuple(LINES) == (0.15, 2.5, 0.35, 0.45, 0.5, 1.0, 1.2, 1.0)
    assert dataclasses.astuple(TABLES) == (3.0, 3.0)
    assert (OCR.lang, OCR.dpi, OCR.psm, OCR.timeout_s, OCR.workers) == ("tha+eng", 300, 6, 120.0, 2)
    assert (OCR.space_gap, OCR.thai_space_gap, OCR.tab_gap, OCR.min_confidence) == (0.3, 0.6, 2.5, 0.0)
    assert (OCR.reread_digits, OCR.digit_gap) == (True, 0.6)
    junk = (OCR.junk_conf, OCR.junk_height, OCR.junk_line_height, OCR.junk_line_conf)
    assert junk == (60.0, 0.6, 0.65, 50.0)
    assert (OCR.dark, OCR.h_rule_in, OCR.v_rule_in, OCR.rule_margin_dpi) == (160, 0.25, 0.18, 100)
    assert (PDF.thin_text_letters, PDF.page_image_share) == (40, 0.5)
    assert (PDF.lines, PDF.tables, PDF.ocr) == (LINES, TABLES, OCR)


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        OCR.workers = 1  # type: ignore[misc]


def _c(i: int, ch: str, x0: float, x1: float) -> Char:
    return Char(i, ch, x0, 10.0, x1, 20.0, 18.0)


def test_line_settings_are_used_by_assemble_lines() -> None:
    chars = [_c(0, "ร", 0, 5), _c(1, "ะ", 5, 9), _c(2, "8", 12, 17), _c(3, "0", 17, 22), _c(4, "8", 60, 65)]
    assert [r.text for r in pdf_text.assemble_lines(chars)] == ["ระ 80\t8"]
    # a gap of 3.8 line heights is a column break by default, a space when tabs need 5 heights
    wide = LineSettings(tab_gap=5.0)
    assert [r.text for r in pdf_text.assemble_lines(chars, wide)] == ["ระ 80 8"]
    # a gap of 0.3 heights is a space by default, nothing when spaces need 0.5 heights
    tight = LineSettings(space_gap=0.5, tab_gap=5.0)
    assert [r.text for r in pdf_text.assemble_lines(chars, tight)] == ["ระ80 8"]


def test_line_settings_are_used_by_paragraphs() -> None:
    runs = [TextRun("ก", "ก", (30.0, 0.0, 300.0, 15.0)), TextRun("ข", "ข", (60.0, 16.0, 100.0, 31.0))]
    # the second line starts two heights to the right: a new paragraph by default
    assert [p.cells for p in pdf_text.paragraphs(runs)] == [("ก",), ("ข",)]
    assert [p.cells for p in pdf_text.paragraphs(runs, LineSettings(paragraph_indent=3.0))] == [("กข",)]


def test_table_settings_are_used_by_find_tables() -> None:
    # the rulings miss each other by 2 points: joined at the default 3-point tolerance, not at 1
    edges = [Edge("h", 0.0, y, 100.0, y) for y in (0.0, 20.0, 40.0)]
    edges += [Edge("v", x, 2.0, x, 38.0) for x in (0.0, 50.0, 100.0)]
    assert [len(g.rows) for g in pdf_text.find_tables(edges)] == [2]
    assert pdf_text.find_tables(edges, TableSettings(tolerance=1.0)) == []


def test_ocr_settings_are_used_to_join_words() -> None:
    words = [Word((1, 1, 1), 0, 0, 100, 40, 90, "ร้อยละ"), Word((1, 1, 1), 120, 0, 40, 40, 90, "80")]
    # a 20-pixel gap is half a line height: a space by default (0.3), nothing at 0.6
    assert [ln.text for ln in ocr.words_to_lines(words, 1, 0.24)] == ["ร้อยละ 80"]
    assert [ln.text for ln in ocr.words_to_lines(words, 1, 0.24, settings=OcrSettings(space_gap=0.6))] == [
        "ร้อยละ80"
    ]


def test_ocr_settings_reach_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    class Done:
        returncode = 0
        stdout = b"level\n"
        stderr = b""

    def fake_run(cmd: list[str], **kwargs: object) -> Done:
        seen.append([*cmd, f"timeout={kwargs['timeout']}"])
        return Done()

    monkeypatch.setattr(ocr.subprocess, "run", fake_run)
    assert ocr.run_tesseract(tmp_path / "p.png", "tesseract", OcrSettings(lang="tha", psm=4, dpi=200,
                                                                           timeout_s=9.0)) == "level\n"
    assert seen == [["tesseract", str(tmp_path / "p.png"), "stdout", "-l", "tha", "--psm", "4",
                     "--dpi", "200", "tsv", "timeout=9.0"]]
