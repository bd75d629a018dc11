"""PDF text layer: mark re-attachment, tables, layer judgement, page routing on real documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import ocr as ocr_mod
from extractors import pdf_text
from extractors.pdf import PdfError, open_error, read_pdf
from extractors.pdf_text import Char, Edge, assemble_lines, find_tables, judge_layer

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"


def _doc(name: str) -> Path:
    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"real document not available: {path}")
    return path


def _page_text(lines: list, page: int) -> list[str]:  # type: ignore[type-arg]
    return [line.text for line in lines if line.page == page]


# --- synthetic ------------------------------------------------------------------------------------


def _c(i: int, ch: str, x0: float, x1: float, mark: bool = False) -> Char:
    return Char(i, ch, x0, 10.0, x1, 20.0, 18.0, mark)


def test_marks_written_late_attach_to_the_base_under_them() -> None:
    # ผลสัมฤทธิ์ as a shaped PDF writes it: ั after ธ in the stream, over ส; ์ and ิ over ธ
    chars = [
        _c(0, "ผ", 0, 6), _c(1, "ล", 6, 12), _c(2, "ส", 12, 18), _c(3, "ม", 18, 24),
        _c(4, "ฤ", 24, 30), _c(5, "ท", 30, 36), _c(6, "ธ", 36, 41),
        _c(7, "ั", 14.5, 19, True), _c(8, "\u00cd", 37.5, 40.5, True), _c(9, "ิ", 36, 40.5, True),
    ]
    (run,) = assemble_lines(chars)
    assert run.raw == "ผลสัมฤทธÍิ"
    assert pdf_text.clean_cells(run.text) == "ผลสัมฤทธิ์"


def test_tone_mark_stacked_on_vowel_follows_the_vowel() -> None:
    # ชั่ว: the tone mark overhangs the next letter but is stacked on ั in the stream
    chars = [
        _c(0, "ช", 0, 6.6), _c(1, "ั", 3.5, 8.5, True), _c(2, "\x1a", 7.0, 8.8, True), _c(3, "ว", 6.6, 12)
    ]
    (run,) = assemble_lines(chars)
    assert pdf_text.clean_cells(run.text) == "ชั่ว"


def test_gaps_become_spaces_and_tabs() -> None:
    chars = [_c(0, "ร", 0, 5), _c(1, "ะ", 5, 9), _c(2, "8", 12, 17), _c(3, "0", 17, 22), _c(4, "8", 60, 65)]
    (run,) = assemble_lines(chars)
    assert run.text == "ระ 80\t8"


def test_find_tables_from_edges() -> None:
    def h(y: float) -> Edge:
        return Edge("h", 0.0, y, 100.0, y)

    def v(x: float) -> Edge:
        return Edge("v", x, 0.0, x, 40.0)

    (grid,) = find_tables([h(0), h(20), h(40), v(0), v(50), v(100)])
    assert grid.bbox == (0.0, 0.0, 100.0, 40.0)
    assert grid.rows == [[(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0)],
                         [(0.0, 20.0, 50.0, 40.0), (50.0, 20.0, 100.0, 40.0)]]


def test_join_cell_lines_keeps_list_items_apart() -> None:
    assert pdf_text.join_cell_lines(["- ก", "ข", "(2) ค"]) == "- กข\n(2) ค"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ผลสัมฤทธิ์และประโยชน์ที่คาดว่าจะได้รับ", None),
        ("Annual report of the district office, fiscal year 2021.", None),
        ("", "empty"),
        ("vi ,,\"\t0\",0\",1 (? k<'1o CO)oMd ()'W'Wn';i\\lln~:w , ll6lJ1\\1:WVi1'W1~", "Latin junk"),
        ("สĻนักงานเขตบางรัก ประจĻปีงบประมาณ", "Latin letters inside Thai words"),
        ("ประจ\ufffdาปีงบประมาณ ส\ufffdานักงบประมาณ", "unmapped glyphs"),
        ("ก ิ ่ ั ้ เ ่ แ ้ ุ ็ ก ี ่ ่", "broken Thai syllables"),
    ],
)
def test_judge_layer(text: str, problem: str | None) -> None:
    assert judge_layer(text).problem == problem


# --- errors ---------------------------------------------------------------------------------------


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("ผลการประเมิน", encoding="utf-8")
    with pytest.raises(PdfError, match=r"^not a PDF"):
        read_pdf(path)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF")
    with pytest.raises(PdfError) as err:
        read_pdf(path)
    assert str(err.value) == (
        "damaged or incomplete PDF (PDFium: data format error): re-download or re-export it")


def test_encrypted_pdf(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")  # pypdfium2 cannot write encryption; fpdf2 can (RC4)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="report")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(PdfError) as err:
        read_pdf(path)
    assert str(err.value) == "encrypted PDF: remove the password and run again"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (4, "encrypted PDF: remove the password and run again"),
        (5, "protected PDF (PDFium: unsupported security handler): remove the protection and run again"),
        (3, "damaged or incomplete PDF (PDFium: data format error): re-download or re-export it"),
        (2, "cannot open the PDF (PDFium: file error): check that it can be read"),
        (1, "damaged PDF (PDFium: unknown error): re-download or re-export it"),
        (None, "damaged PDF (PDFium: unknown error): re-download or re-export it"),
    ],
)
def test_open_error_messages(code: int | None, message: str) -> None:
    assert open_error(code) == message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match=r"^file not found"):
        read_pdf(tmp_path / "none.pdf")


# --- real documents (text layer only) ------------------------------------------------------------


def test_budget_bill_tone_marks_restored_and_table_rows() -> None:
    got = read_pdf(_doc("budget_fy2565_vol3_book17.pdf"), ocr=False)
    assert (got.pages, got.input_kind, got.warnings) == (84, "pdf-text", [])
    assert [i + 1 for i, s in enumerate(got.page_sources) if s != "text_layer"] == [2, 4, 8, 12, 26, 83]
    page14 = _page_text(got.lines, 14)
    assert page14[1] == "3. ผลสัมฤทธิ์และประโยชน์ที่คาดว่าจะได้รับจากการใช้จ่ายงบประมาณ"
    assert "- ตัวชี้วัด : ร้อยละของเรื่องร้องเรียนที่ดำเนินการ\tร้อยละ\t80\t80" in page14
    # The producer emits ิ after the next consonant ("ส้นิ"); we keep the layer's order rather than
    # guess, since "C + tone + C + vowel" is also valid Thai (ไม่มี). Figures must come out intact.
    # ้ written after น but sitting over ส (it only grazes น): รวมทั้งสิ้น, not รวมทั้งส้นิ
    assert "รวมทั้งสิ้น\t222.8010\t191.9762\t166.5767" in _page_text(got.lines, 15)
    first = next(line for line in got.lines if line.page == 14 and line.line == 2)
    assert (first.source, first.raw[:12], first.bbox) == (
        "text_layer", "3. ผลสัมฤทธÍ", (55.63, 57.72, 326.11, 75.51)
    )


def test_legacy_pua_font_regulation() -> None:
    got = read_pdf(_doc("moi_regulation_village_waterworks_2548.pdf"), ocr=False)
    assert (got.pages, got.input_kind, got.page_sources) == (6, "pdf-text", ["text_layer"] * 6)
    assert _page_text(got.lines, 1)[:3] == [
        "ระเบียบกระทรวงมหาดไทย",
        "ว่าด้วยการบริหารกิจการและการบำรุงรักษาระบบประปาหมู่บ้าน",
        "พ.ศ. 2548",
    ]


def test_fee_table_glyphs_replaced_by_digits() -> None:
    got = read_pdf(_doc("mso_fee_rates_per_rai_wah_table.pdf"), ocr=False)
    assert (got.pages, got.input_kind) == (10, "pdf-text")
    page1 = _page_text(got.lines, 1)
    # the lines of a wrapped paragraph are joined (pdf_text.paragraphs)
    assert page1[4] == (
        "เพื่อให้การใช้สถานที่ของการเคหะแห่งชาติตามประเภทและวัตถุประสงค์ของการใช้"
        "มีแนวทางปฏิบัติที่ถูกต้อง เหมาะสม และสะดวกต่อการปฏิบัติงานยิ่งขึ้น"
    )
    assert page1[8] == "ข้อ ๒ ระเบียบนี้ให้ใช้บังคับตั้งแต่วันประกาศเป็นต้นไป"


def test_garbage_layer_routed_to_ocr_without_ocr() -> None:
    got = read_pdf(_doc("mso_letter_2554_scan_with_garbage_ocr_layer.pdf"), ocr=False)
    assert (got.pages, got.input_kind, got.page_sources, got.lines) == (5, "pdf-scanned", ["empty"] * 5, [])
    assert got.warnings[0] == "page 1: text layer unreadable (Latin junk), OCR disabled; page left empty"


def test_tesseract_missing_leaves_pages_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_mod, "tesseract_binary", lambda: None)
    got = read_pdf(_doc("kt_resolutions_6-2550_table_scan.pdf"))
    assert (got.input_kind, got.page_sources, got.lines) == ("pdf-scanned", ["empty", "empty"], [])
    assert got.warnings == [
        "page 1: no text layer and tesseract is not installed; page left empty",
        "page 2: no text layer and tesseract is not installed; page left empty",
    ]
