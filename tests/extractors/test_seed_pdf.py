"""The seed report rendered as a text-layer PDF (tests/extractors/make_pdf.py) reads like the OCR text.

The PDF is shaped by HarfBuzz as office producers shape Thai, so marks come out of logical order and
SARA AM is drawn as two glyphs, one without a ToUnicode entry. Line numbers differ (page/line in a
PDF), so the outputs are compared by value. Also focused tests for each PDF-path repair.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from extractors import api, pdf_text
from extractors.pdf import read_pdf
from extractors.pdf_text import Char, TextRun, assemble_lines
from extractors.records import Line
from pipeline.cli import main

SEED = Path(ROOT) / "raw_docs" / "bangrak_fy2564_ocr.txt"


def _make_pdf() -> Any:
    pytest.importorskip("fpdf")
    import make_pdf

    if make_pdf.thai_font() is None:
        pytest.skip("no Thai font (apt-get install fonts-tlwg-garuda-ttf)")
    return make_pdf


def _shaping() -> None:
    pytest.importorskip("uharfbuzz")


def _rows(out: Path, name: str, keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    rows = [json.loads(x) for x in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    return sorted((tuple(r[k] for k in keys) for r in rows), key=repr)


INDICATOR_KEYS = ("source", "indicator", "weight", "result_value", "level", "score", "weighted_score")
TOTAL_KEYS = ("source", "scope", "component", "weight", "reported", "recomputed")
FINDING_KEYS = ("rule", "indicator", "reported", "expected")


@pytest.mark.slow
def test_seed_as_shaped_pdf_gives_the_ocr_text_values(tmp_path: Path) -> None:
    make_pdf = _make_pdf()
    _shaping()
    pdf = tmp_path / "seed.pdf"
    assert make_pdf.render(SEED.read_text(encoding="utf-8"), pdf, shaped=True) == 37
    text_out, pdf_out = tmp_path / "text", tmp_path / "pdf"
    assert main(["run", str(SEED), "--out", str(text_out), "--quiet", "--workers", "0"]) == 0
    assert main(["run", str(pdf), "--out", str(pdf_out), "--quiet", "--workers", "0"]) == 0
    doc = json.loads((pdf_out / "documents.jsonl").read_text(encoding="utf-8"))
    assert (doc["input_kind"], doc["pages"], doc["agency"], doc["fiscal_year"], doc["warnings"]) == (
        "pdf-text", 37, "สำนักงานเขตบางรัก", 2564, []
    )
    assert _rows(pdf_out, "indicators", INDICATOR_KEYS) == _rows(text_out, "indicators", INDICATOR_KEYS)
    assert len(_rows(pdf_out, "indicators", INDICATOR_KEYS)) == 26
    assert _rows(pdf_out, "totals", TOTAL_KEYS) == _rows(text_out, "totals", TOTAL_KEYS)
    for name, keys in (("quantities", ("kind", "value", "raw")), ("dates", ("raw", "start", "end"))):
        assert _rows(pdf_out, name, keys) == _rows(text_out, name, keys)
    text_f, pdf_f = _rows(text_out, "findings", FINDING_KEYS), _rows(pdf_out, "findings", FINDING_KEYS)
    # regression: the audit's part score "(ร้อยละ 15) ร้อยละ 15.50" of 2.2 was not found in the PDF,
    # whose reason cell comes one paragraph a line (subscore-max 2.2 was missing)
    assert pdf_f == text_f
    assert ("subscore-max", "2.2", 15.5, 15.0) in pdf_f
    sub = [json.loads(x) for x in (pdf_out / "findings.jsonl").read_text("utf-8").splitlines()]
    assert [(f["page"], f["line"], f["excerpt"]) for f in sub if f["rule"] == "subscore-max"] == [
        (22, 20, "(ร้อยละ 15) ร้อยละ 15.50")
    ]
    # PDF rows carry their page (regression: every PDF indicator and total had page null)
    pages = {json.loads(x)["page"] for x in (pdf_out / "indicators.jsonl").read_text("utf-8").splitlines()}
    assert None not in pages and len(pages) > 5


def test_shaped_sara_am_pieces_left_out(tmp_path: Path) -> None:
    # ำ shaped into nikhahit + SARA AA; the producer maps only one glyph to "ำ", the others come out
    # as raw codes ("น้Tำ\x17หนัก", "ดำ%เนินการ"): they must not reach the text
    make_pdf = _make_pdf()
    _shaping()
    pdf = tmp_path / "am.pdf"
    make_pdf.render("ค่าคะแนนถ่วงน้ำหนัก ผลการดำเนินการ ต่ำกว่า 1 ครั้ง\n", pdf, shaped=True)
    got = read_pdf(pdf, ocr=False)
    assert [ln.text for ln in got.lines] == ["ค่าคะแนนถ่วงน้ำหนัก ผลการดำเนินการ ต่ำกว่า 1 ครั้ง", "- 1 -"]


def _c(i: int, ch: str, x0: float, x1: float, mark: bool = False) -> Char:
    return Char(i, ch, x0, 10.0, x1, 20.0, 18.0, mark)


def test_tone_mark_grazing_the_next_base_stays_on_its_own() -> None:
    # shaped ครั้ง: ้ is written after ง but sits over ร (it grazes ง by 0.4 pt)
    chars = [
        _c(0, "ค", 172.0, 176.9), _c(1, "ร", 176.9, 180.9), _c(2, "ั", 177.9, 181.5, True),
        _c(3, "ง", 180.9, 184.9), _c(4, "้", 178.6, 181.3, True),
    ]
    (run,) = assemble_lines(chars)
    assert run.text == "ครั้ง"


def _run(text: str, x0: float, top: float, x1: float) -> TextRun:
    return TextRun(text, text, (x0, top, x1, top + 15.0))


def test_wrapped_cells_in_several_columns_are_joined_not_sub_rows() -> None:
    cells = [
        [_run("1. ระดับความสำเร็จของ", 30, 0, 120), _run("คลองในพื้นที่", 30, 11, 80)],
        [_run("ร่วมประชุม หารือเพื่อ", 150, 0, 240), _run("ตกลง", 150, 11, 170)],
    ]
    (item,) = pdf_text.row_items(cells, [120.0, 240.0])
    assert item.cells == ("1. ระดับความสำเร็จของคลองในพื้นที่", "ร่วมประชุม หารือเพื่อตกลง")
    assert item.text == "1. ระดับความสำเร็จของคลองในพื้นที่\tร่วมประชุม หารือเพื่อตกลง"


def test_figures_and_spaced_lines_make_sub_rows() -> None:
    cells = [
        [_run("- ตัวชี้วัด : ร้อยละ", 30, 0, 120), _run("- ตัวชี้วัด : จำนวน", 30, 40, 120)],
        [_run("80", 150, 0, 160), _run("12", 150, 40, 160)],
    ]
    items = pdf_text.row_items(cells, [120.0, 160.0])
    assert [it.cells for it in items] == [("- ตัวชี้วัด : ร้อยละ", "80"), ("- ตัวชี้วัด : จำนวน", "12")]


def test_a_wrapped_line_starting_with_a_decimal_is_not_an_item() -> None:
    # "…1 ไร่ 1 งาน" | "55.63 ตารางวา": the figure continues the full line above
    prev, run = _run("รวม 5 แห่ง ขนาดพื้นที่ 1 ไร่ 1 งาน", 30, 0, 196), _run("55.63 ตารางวา คิดเป็น", 30, 11, 110)
    assert pdf_text.starts_item(prev, run, 200.0) is False
    assert pdf_text.starts_item(prev, _run("1.1 รณรงค์", 30, 11, 80), 200.0) is True
    assert pdf_text.starts_item(_run("สั้น", 30, 0, 60), run, 200.0) is True


def test_wrapped_paragraphs_joined_and_spaced_headings_kept_apart() -> None:
    runs = [
        _run("- มีการมอบหมายเจ้าหน้าที่ของแต่ละฝ่าย", 30, 0, 300),
        _run("เป็นผู้รับผิดชอบ", 30, 11, 100),
        _run("- เจ้าหน้าที่ครบถ้วนทุกฝ่ายและทุกหน่วยงานในพื้นที่", 30, 22, 298),
        _run("ปัญหา อุปสรรค", 30, 37, 90),  # after a blank: a heading, even under a full line
        _run("- ไม่มี", 30, 48, 50),
    ]
    assert [it.text for it in pdf_text.paragraphs(runs)] == [
        "- มีการมอบหมายเจ้าหน้าที่ของแต่ละฝ่ายเป็นผู้รับผิดชอบ",
        "- เจ้าหน้าที่ครบถ้วนทุกฝ่ายและทุกหน่วยงานในพื้นที่",
        "ปัญหา อุปสรรค",
        "- ไม่มี",
    ]


def _line(page: int, n: int, text: str) -> Line:
    return Line.of_cells(page, n, tuple(text.split("\t")), text)


def test_pdf_rows_drop_page_numbers_and_join_rows_over_a_page_break() -> None:
    lines = [
        _line(1, 1, "ตัวชี้วัด\tเป้าหมาย\tผล"),
        _line(1, 2, "1. ระดับความสำเร็จ\tระดับ 5\tร้อยละ 18"),
        _line(1, 3, "- 1 -"),
        _line(2, 1, "2"),  # a page number printed in the header
        _line(2, 2, "\t\tและรายงานผล"),
        _line(2, 3, "ข้อความ 12"),
    ]
    assert api.page_furniture(lines) == {2, 3}
    rows = api._rows_from_lines(lines)
    assert [(r.line, r.cells, r.continued) for r in rows] == [
        (1, ["ตัวชี้วัด", "เป้าหมาย", "ผล"], []),
        (2, ["1. ระดับความสำเร็จ", "ระดับ 5", "ร้อยละ 18 และรายงานผล"], [2]),
        (3, ["ข้อความ 12"], []),
    ]


def test_pdf_rows_take_the_readers_cells_and_boxes_without_splitting_text() -> None:
    # a cell holding a tab character stays one cell: rows come from the cells, not from Line.text
    box_a, box_b = (10.0, 5.0, 90.0, 20.0), (100.0, 5.0, 140.0, 20.0)
    line = Line.of_cells(1, 1, ("ตัวชี้วัด\tที่ 1", "80"), "raw", (10.0, 5.0, 140.0, 20.0),
                         "text_layer", (box_a, box_b))
    (row,) = api._rows_from_lines([line])
    assert (row.cells, row.cell_bboxes, row.is_table) == (["ตัวชี้วัด ที่ 1", "80"], [box_a, box_b], True)
    # a line the reader gave no cells for is one cell, its text
    (row,) = api._rows_from_lines([Line(page=1, line=1, text="ก\tข", raw="ก\tข")])
    assert (row.cells, row.is_table) == (["ก ข"], False)


def test_pdf_table_rows_hand_on_cells_with_their_boxes(tmp_path: Path) -> None:
    # a ruled table row of the text layer reaches the Line (and the Row) as cells, each with its box
    make_pdf = _make_pdf()
    pdf = tmp_path / "table.pdf"
    make_pdf.render("ตัวชี้วัด\tน้ำหนัก\tผล\n1. ร้อยละของเรื่อง\t10\t88.31\n", pdf)
    lines = [ln for ln in read_pdf(pdf, ocr=False).lines if len(ln.cells) > 1]
    assert [ln.cells for ln in lines] == [("ตัวชี้วัด", "น้ำหนัก", "ผล"), ("1. ร้อยละของเรื่อง", "10", "88.31")]
    for ln in lines:
        assert ln.text == "\t".join(ln.cells) and ln.bbox is not None
        boxes = [b for b in ln.cell_bboxes if b is not None]
        assert len(boxes) == 3
        # cells left to right, inside the line's box
        assert [b[0] for b in boxes] == sorted(b[0] for b in boxes)
        assert all(ln.bbox[0] <= b[0] and b[2] <= ln.bbox[2] for b in boxes)
    rows = api._rows_from_lines(lines)
    assert [r.cell_bboxes for r in rows] == [list(ln.cell_bboxes) for ln in lines]
