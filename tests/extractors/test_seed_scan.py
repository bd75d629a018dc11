"""The seed report as a scan: its text-layer PDF (make_pdf.py) rendered to images (make_scan.py),
read back through Tesseract, compared by value with the text-layer run of the same pages.

Only five pages are scanned (the self-report form of component 2 and the summary table), so the
test stays around 15-30 s on 2 cores. Also focused tests of the OCR line building (no tesseract).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import ROOT

from extractors import ocr, pdf_text
from extractors.ocr import Word
from pipeline.cli import main

SEED = Path(ROOT) / "raw_docs" / "bangrak_fy2564_ocr.txt"
PAGES = (1, 2, 19, 20, 21)  # self-report form of component 2, the summary table

INDICATOR_KEYS = ("source", "indicator", "weight", "result_value", "level", "score", "weighted_score")
TOTAL_KEYS = ("source", "scope", "component", "weight", "reported", "recomputed")


def _tesseract_tha() -> None:
    binary = shutil.which("tesseract")
    if binary is None:
        pytest.skip("tesseract is not installed")
    langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False).stdout
    if "tha" not in langs.split():
        pytest.skip("tesseract has no Thai model (apt-get install tesseract-ocr-tha)")


def _rows(out: Path, name: str, keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    rows = [json.loads(x) for x in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    return sorted((tuple(r[k] for k in keys) for r in rows), key=repr)


@pytest.mark.slow
def test_seed_scan_gives_the_text_layer_values(tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    _tesseract_tha()
    import make_pdf
    import make_scan

    if make_pdf.thai_font() is None:
        pytest.skip("no Thai font (apt-get install fonts-tlwg-garuda-ttf)")
    try:
        import uharfbuzz  # noqa: F401

        shaped = True
    except ImportError:
        shaped = False
    text_pdf, scan_pdf = tmp_path / "seed.pdf", tmp_path / "scan.pdf"
    make_pdf.render(SEED.read_text(encoding="utf-8"), text_pdf, shaped=shaped)
    # a slightly tilted, grainy 200 dpi grayscale scan of the chosen pages
    assert make_scan.make_scan(text_pdf, scan_pdf, pages=PAGES, dpi=200, noise=20, angle=0.3) == 5
    text_only = tmp_path / "text_only.pdf"
    make_scan_pages_as_text(text_pdf, text_only)
    text_out, scan_out = tmp_path / "text", tmp_path / "scan"
    assert main(["run", str(text_only), "--out", str(text_out), "--quiet", "--workers", "0"]) == 0
    assert main(["run", str(scan_pdf), "--out", str(scan_out), "--quiet", "--workers", "0"]) == 0
    doc = json.loads((scan_out / "documents.jsonl").read_text(encoding="utf-8"))
    # Tesseract's tha model has no ๔ ๖ ๗ ๘ ๙ and reads the summary's "ประจำปีงบประมาณ ๒๕๖๔" as
    # "๒๕๒๕" (fiscal year 2525 before extractors/ocr_digits.py); the glyphs re-read give 2564
    assert (doc["input_kind"], doc["pages"], doc["agency"], doc["fiscal_year"]) == (
        "pdf-scanned", 5, "สำนักงานเขตบางรัก", 2564
    )
    text_ind = _rows(text_out, "indicators", INDICATOR_KEYS)
    scan_ind = _rows(scan_out, "indicators", INDICATOR_KEYS)
    assert len(text_ind) == 12
    # no row is misread any more (before the grid and the numeric re-read: "2.2" read "29", 3.2's
    # unit "รระดับ", "องค์ประกอ un 4"), and every row is found: 3.3.2 and 4.1, whose rows' first cells
    # are empty on the scan, since the summary takes a row's misread unit from the unit column; the
    # self-report form's two rows since a results table's total row is known without its label
    assert [r for r in scan_ind if r not in text_ind] == []
    assert [r for r in text_ind if r not in scan_ind] == []
    assert len(scan_ind) == 12
    scan_tot, text_tot = _rows(scan_out, "totals", TOTAL_KEYS), _rows(text_out, "totals", TOTAL_KEYS)
    # the totals the scan finds are the text layer's, printed and recomputed (the overall one was
    # recomputed 77.056 when 3.3.2 and 4.1 were lost)
    assert scan_tot == [
        ("self_report", "component", 2, 20, None, None), ("summary", "component", 4, None, 9.193, 9.193),
        ("summary", "overall", None, None, 96.249, 96.249)]
    assert [t for t in scan_tot if t not in text_tot] == []


def make_scan_pages_as_text(text_pdf: Path, out: Path) -> None:
    """The same pages as a text-layer PDF, the reference for the scan."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(text_pdf))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [p - 1 for p in PAGES])
    dst.save(str(out))
    dst.close()
    src.close()


# --- line building, no tesseract --------------------------------------------------------------------


def _w(line: int, left: int, text: str, *, top: int = 100, height: int = 40, conf: float = 95.0) -> Word:
    width = 40 * len(text) if text.isascii() else 20 * len(text)
    return Word((1, 1, line), left, top, width, height, conf, text)


def test_words_in_a_ruled_table_become_one_row_with_wrapped_cells_joined() -> None:
    # two cells; the first cell's text wraps over two lines, Tesseract numbers the lines across both
    grid = pdf_text.TableGrid((0.0, 0.0, 200.0, 60.0), [[(0.0, 0.0, 100.0, 60.0), (100.0, 0.0, 200.0, 60.0)]])
    words = [
        _w(1, 10, "ระดับความ", top=20), _w(1, 500, "80", top=20),
        _w(2, 10, "สำเร็จ", top=90),
    ]
    (line,) = ocr.words_to_lines(words, 3, 0.24, [grid])
    assert (line.page, line.line, line.text, line.source) == (3, 1, "ระดับความสำเร็จ\t80", "ocr")


def test_wide_gap_outside_tables_is_a_column_break() -> None:
    words = [_w(1, 0, "ร้อยละ"), _w(1, 140, "80"), _w(1, 600, "90")]
    assert [ln.text for ln in ocr.words_to_lines(words, 1, 0.24)] == ["ร้อยละ 80\t90"]


def test_speck_lines_and_specks_are_dropped() -> None:
    # regression: tone marks Tesseract could not place came out as a line of "a", "va", "๑"
    words = [
        *(_w(1, 100 * k, "ตัวชี้วัด") for k in range(5)),
        _w(2, 0, "a", top=160, height=10, conf=55), _w(2, 300, "va", top=160, height=11, conf=70),
        _w(2, 600, "๑", top=160, height=9, conf=40),
        _w(3, 0, "ผลการ", top=200), _w(3, 120, "x", top=200, height=8, conf=20),
        _w(4, 0, "he", top=300, conf=28),
    ]
    kept = ocr.drop_junk(words)
    assert [w.text for w in kept] == ["ตัวชี้วัด"] * 5 + ["ผลการ"]


def test_ruling_lines_found_and_erased_letters_kept() -> None:
    # a 300 dpi page: a ruled 2 x 1 table and a letter-sized blob inside a cell
    gray = np.full((400, 600), 255, np.uint8)
    for y in (50, 150, 250):
        gray[y : y + 2, 50:550] = 0
    for x in (50, 300, 548):
        gray[50:252, x : x + 2] = 0
    gray[90:120, 100:120] = 0  # a letter: shorter than any ruling
    edges, mask = ocr.find_rulings(gray, 300)
    (grid,) = pdf_text.find_tables(edges)
    assert [len(r) for r in grid.rows] == [2, 2]
    assert mask[50, 200] and mask[100, 50] and not mask[100, 110]
    # the ruling's grey fringe is erased with it
    assert mask[48, 200] and mask[53, 200]


def test_scan_table_rows_hand_on_cells_with_their_boxes() -> None:
    grid = pdf_text.TableGrid((0.0, 0.0, 200.0, 60.0), [[(0.0, 0.0, 100.0, 60.0), (100.0, 0.0, 200.0, 60.0)]])
    words = [_w(1, 10, "ระดับ", top=20), _w(1, 500, "80", top=20)]
    (line,) = ocr.words_to_lines(words, 3, 0.24, [grid])
    # boxes in points (0.24 pt a pixel) of each cell's words
    assert line.cells == ("ระดับ", "80")
    assert line.cell_bboxes == ((2.4, 4.8, 26.4, 14.4), (120.0, 4.8, 139.2, 14.4))
