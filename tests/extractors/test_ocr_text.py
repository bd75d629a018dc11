"""OCR text input: decoding, HTML in cells, page breaks, continuation rows, lone page numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.api import ExtractionError, extract_document
from extractors.ocr_text import DecodeError, cell_text, decode, merge_continuations, read_rows

# --- decoding -------------------------------------------------------------------------------------

SAMPLE = "หน่วยงาน : สำนักงานเขตบางรัก\nผลการดำเนินงาน ร้อยละ ๘๘.๓๑๔\n"


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode(SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")
    assert decode(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")


def test_decode_cp874_and_tis620() -> None:
    assert decode(SAMPLE.encode("cp874")) == (SAMPLE, "cp874")
    assert decode(SAMPLE.encode("tis-620")) == (SAMPLE, "cp874")


def test_decode_rejects_what_is_not_thai_text() -> None:
    with pytest.raises(DecodeError, match="too little Thai"):
        decode(b"plain Latin text with a cp874 euro sign \x80 " * 3)
    with pytest.raises(DecodeError) as err:
        decode(b"\xdb\xdc\xdd\xde")  # bytes cp874 leaves undefined
    assert str(err.value) == (
        "not UTF-8, TIS-620 or cp874 text (byte 0xDB at offset 0 cannot be decoded): "
        "convert the file to UTF-8 and run again"
    )
    with pytest.raises(DecodeError) as err:
        decode(b"plain Latin text with a cp874 euro sign \x80 " * 3)
    assert str(err.value) == (
        "not UTF-8, and too little Thai to be TIS-620 / cp874 text: convert the file to UTF-8 and run again"
    )


@pytest.mark.parametrize(
    ("data", "byte", "offset"),
    [
        # UTF-8 Thai with one broken byte: the offset is where UTF-8 stopped, not where cp874 did (2)
        ("ตัวชี้วัด abc".encode() + b"\xff" + "ก".encode(), "0xFF", 31),
        # the same after a byte-order mark: offsets count the mark's 3 bytes
        (b"\xef\xbb\xbf" + "กข".encode() + b"\xff", "0xFF", 9),
        # cp874 Thai with a byte cp874 leaves undefined: cp874 read further than UTF-8
        ("ตัวชี้วัด".encode("cp874") + b"\xdb", "0xDB", 9),
    ],
)
def test_decode_error_names_the_byte_and_its_offset(data: bytes, byte: str, offset: int) -> None:
    with pytest.raises(DecodeError) as err:
        decode(data)
    assert str(err.value) == (
        f"not UTF-8, TIS-620 or cp874 text (byte {byte} at offset {offset} cannot be decoded): "
        "convert the file to UTF-8 and run again"
    )


def test_cp874_file_is_extracted(tmp_path: Path) -> None:
    text = (
        "แบบฟอร์มการรายงาน\n"
        "ผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2564\n"
        "หน่วยงาน : สำนักงานเขตบางรัก\n"
        "- ดำเนินการระหว่างวันที่ ๑๕ - ๒๕ กุมภาพันธ์ ๒๕๖๔ พื้นที่ 57.50 ตารางวา\n"
    )
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("cp874"))
    doc = extract_document(path, "abc")
    assert (doc.agency, doc.fiscal_year, doc.input_kind) == ("สำนักงานเขตบางรัก", 2564, "ocr-text")
    assert [(ln.line, ln.text) for ln in doc.lines] == [
        (n, line) for n, line in enumerate(text.splitlines(), 1)
    ]
    assert [(q.kind, q.value, q.raw, q.prov.line) for q in doc.quantities] == [
        ("area", 230.0, "57.50 ตารางวา", 4)
    ]
    dates = [(d.start, d.end, d.prov.line) for d in doc.dates]
    assert [(s.isoformat(), e.isoformat(), line) for s, e, line in dates if s and e] == [
        ("2020-10-01", "2021-09-30", 2), ("2021-02-15", "2021-02-25", 4)
    ]


def test_undecodable_file_is_an_extraction_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xdb\xdc\xdd\xde")
    with pytest.raises(ExtractionError) as err:
        extract_document(path, "x")
    assert str(err.value) == (
        "not UTF-8, TIS-620 or cp874 text (byte 0xDB at offset 0 cannot be decoded): "
        "convert the file to UTF-8 and run again"
    )


# --- HTML in cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<p>■ จุดอ่อน</p> <p>- ไม่มี -</p>", "■ จุดอ่อน\n- ไม่มี -"),
        ('<ul style="list-style-type: none"><li>ข้อแรก</li><li>ข้อสอง</li></ul>', "ข้อแรก\nข้อสอง"),
        ("ผลงาน <u>ร้อยละ 85</u> ของเป้าหมาย", "ผลงาน ร้อยละ 85 ของเป้าหมาย"),
        ('<input type="checkbox" checked> กลุ่ม A <input type="checkbox"> กลุ่ม B', "☑ กลุ่ม A ☐ กลุ่ม B"),
        ('<input checked="" type="checkbox"/> Line <input type="checkbox"/> Staff', "☑ Line ☐ Staff"),
        ("<p>ชุมชน&nbsp;มี&amp;ส่วนร่วม</p><br>ต่อ", "ชุมชน มี&ส่วนร่วม\nต่อ"),
        ("ลงชื่อ.....^{ณัฐ}", "ลงชื่อ.....ณัฐ"),
        ("**ตัวชี้วัด**", "ตัวชี้วัด"),
        ("ค่า a < b และ c > d", "ค่า a < b และ c > d"),
        ("<p>การดํา\u200bเนินงาน นํ้า</p>", "การดำเนินงาน น้ำ"),
    ],
)
def test_cell_text(raw: str, text: str) -> None:
    assert cell_text(raw) == text


def test_superscript_after_a_number_does_not_join_it() -> None:
    # regression: "ร้อยละ 85^{1}" (a footnote mark) became "ร้อยละ 851"
    assert cell_text("ร้อยละ 85^{1} ของเป้าหมาย") == "ร้อยละ 85 1 ของเป้าหมาย"
    assert cell_text("ร้อยละ ๘๕^{๑}") == "ร้อยละ ๘๕ ๑"


# --- rows, page breaks, continuations -------------------------------------------------------------

TABLE = "\n".join([
    "ตัวชี้วัด\tเป้าหมาย\tผลสำเร็จ\tรายละเอียดผลการดำเนินงาน",                            # 1
    "ระดับความสำเร็จ\tระดับ 5\tระดับ 5\t<p>1.1 รณรงค์</p> <p>1.4 พัฒนาสถานที่ บริเวณเชิง</p>",  # 2
    "",                                                                                  # 3
    "\t\t\t<p>สะพานเจริญสวัสดิ์ ถนนมหาพฤฒาราม</p> <p>1.5 สำรวจป้าย</p>",                   # 4
    "--\t--\t--\t---",                                                                   # 5
    "",                                                                                  # 6
    "\t\t\t<p>จำนวน 44 ต้น</p>",                                                          # 7
    "",                                                                                  # 8
    "- 12 -",                                                                            # 9
    "ตัวชี้วัด\tเป้าหมาย\tผลสำเร็จ\tรายละเอียดผลการดำเนินงาน",                            # 10
    "พื้นที่สีเขียว\tร้อยละ 100\tร้อยละ 100\tเพิ่มขึ้น 5 แห่ง",                              # 11
    "",                                                                                  # 12
    "๑๓",                                                                                # 13
    "\t5\t\t",                                                                           # 14
    "ผลการดำเนินงาน :\t\t\t",                                                             # 15
])


def test_rows_and_lone_page_numbers() -> None:
    ocr = read_rows(TABLE)
    # blank lines, "--" separator rows and lone page numbers ("- 12 -", "๑๓") are no rows
    assert [(r.line, r.is_table, r.after_break) for r in ocr.rows] == [
        (1, True, False), (2, True, False), (4, True, True), (7, True, True), (10, True, True),
        (11, True, False), (14, True, True), (15, False, False),
    ]
    assert [ln.line for ln in ocr.lines] == [1, 2, 4, 7, 10, 11, 14, 15]
    assert ocr.lines[1].text == "ระดับความสำเร็จ\tระดับ 5\tระดับ 5\t1.1 รณรงค์\n1.4 พัฒนาสถานที่ บริเวณเชิง"
    assert ocr.rows[-1].cells == ["ผลการดำเนินงาน :"]


def test_cell_split_over_page_breaks_is_joined() -> None:
    rows = merge_continuations(read_rows(TABLE).rows)
    assert [(r.line, r.continued, r.cells) for r in rows] == [
        (1, [], ["ตัวชี้วัด", "เป้าหมาย", "ผลสำเร็จ", "รายละเอียดผลการดำเนินงาน"]),
        # the cell goes on after a blank line and after a "--" row: joined without a space between
        # Thai letters ("บริเวณเชิง" + "สะพาน"), each <p> still its own item
        (2, [4, 7], ["ระดับความสำเร็จ", "ระดับ 5", "ระดับ 5",
                     "1.1 รณรงค์\n1.4 พัฒนาสถานที่ บริเวณเชิงสะพานเจริญสวัสดิ์ ถนนมหาพฤฒาราม\n"
                     "1.5 สำรวจป้ายจำนวน 44 ต้น"]),
        # the header repeated on the next page (after the page number "- 12 -") is dropped; after the
        # page number "๑๓" a number under a text cell continues that cell
        (11, [14], ["พื้นที่สีเขียว", "ร้อยละ 100 5", "ร้อยละ 100", "เพิ่มขึ้น 5 แห่ง"]),
        (15, [], ["ผลการดำเนินงาน :"]),
    ]


def test_number_under_a_number_is_a_new_row() -> None:
    text = "ตัวชี้วัด\tน้ำหนัก\tคะแนน\n1.\t10\t100\n\n\t20\t\n"
    rows = merge_continuations(read_rows(text).rows)
    assert [(r.line, r.continued, r.cells) for r in rows] == [
        (1, [], ["ตัวชี้วัด", "น้ำหนัก", "คะแนน"]),
        (2, [], ["1.", "10", "100"]),
        (4, [], ["", "20"]),
    ]


def test_repeated_header_spelled_differently_is_dropped_and_the_next_row_continues() -> None:
    # regression: a header repeated after a page break with other spacing ("น้ำหนัก คะแนน") or a lost
    # SARA AM was kept as a row, and the continuation row under it became a row of its own
    text = "\n".join([
        "ลำดับที่\tตัวชี้วัด\tน้ำหนักคะแนน\tผลการดำเนินงาน",
        "2\tการท่องเที่ยว\t10\tระดับ 5 (ร้อยละ",
        "",
        "ลาดับที่\tตัวชี้วัด\tน้ำหนัก คะแนน\tผลการดาเนินงาน",
        "\t\t\t86.5)",
        "3\tอาหารปลอดภัย\t5\tระดับ 4",
    ])
    rows = merge_continuations(read_rows(text).rows)
    assert [(r.line, r.continued, r.cells) for r in rows] == [
        (1, [], ["ลำดับที่", "ตัวชี้วัด", "น้ำหนักคะแนน", "ผลการดำเนินงาน"]),
        (2, [5], ["2", "การท่องเที่ยว", "10", "ระดับ 5 (ร้อยละ 86.5)"]),
        (6, [], ["3", "อาหารปลอดภัย", "5", "ระดับ 4"]),
    ]


# --- Markdown pipe tables -------------------------------------------------------------------------

PIPES = "\n".join([
    "ตารางที่ 1 ผลการดำเนินงาน",                                                     # 1
    "| ลำดับ | ตัวชี้วัด | น้ำหนัก | ผลการดำเนินงาน |",                                # 2
    "|:---:|---|---:|:--|",                                                           # 3
    "| 1 | ร้อยละ a \\| b | 10 | <p>ระดับ 5</p><p>ร้อยละ 88</p> |",                    # 4
    "|2|<span title='x|y'>อาหาร</span>|5|<input type=\"checkbox\" checked> ผ่าน",      # 5
    "|  |  |  |  |",                                                                  # 6
    "|  | - | - |  |",                                                                # 7
    "| 3 | ความพึงพอใจ | 5 | ระดับ 4 (ร้อยละ |",                                        # 8
    "",                                                                               # 9
    "- 3 -",                                                                          # 10
    "|  |  |  | 86.5) |",                                                             # 11
    "|---|---|---|---|",                                                              # 12
    "|  | 20 |  |  |",                                                               # 13
    "| หมายเหตุ : ข้อมูล ณ 30 ก.ย. 2564 | | | |",                                       # 14
])


def test_pipe_rows() -> None:
    ocr = read_rows(PIPES)
    # the alignment rows (3, 12) and the empty row (6) are no rows, and no page breaks; "\|" is a
    # pipe in the cell, a "|" inside an HTML tag splits nothing, the closing "|" is optional (5); a
    # row of lone "-" (zero marks) is data; a row with one filled cell is text, as in the tab format
    assert [(r.line, r.is_table, r.after_break, r.cells) for r in ocr.rows] == [
        (1, False, False, ["ตารางที่ 1 ผลการดำเนินงาน"]),
        (2, True, False, ["ลำดับ", "ตัวชี้วัด", "น้ำหนัก", "ผลการดำเนินงาน"]),
        (4, True, False, ["1", "ร้อยละ a | b", "10", "ระดับ 5\nร้อยละ 88"]),
        (5, True, False, ["2", "อาหาร", "5", "☑ ผ่าน"]),
        (7, True, False, ["", "-", "-"]),
        (8, True, False, ["3", "ความพึงพอใจ", "5", "ระดับ 4 (ร้อยละ"]),
        (11, True, True, ["", "", "", "86.5)"]),
        (13, True, False, ["", "20"]),
        (14, False, False, ["หมายเหตุ : ข้อมูล ณ 30 ก.ย. 2564"]),
    ]
    assert [(ln.line, ln.raw) for ln in ocr.lines][2] == (4, PIPES.splitlines()[3])
    # the row after the page break continues the cell; the row after an alignment row does not
    assert [(r.line, r.continued, r.cells) for r in merge_continuations(ocr.rows)][5:7] == [
        (8, [11], ["3", "ความพึงพอใจ", "5", "ระดับ 4 (ร้อยละ 86.5)"]),
        (13, [], ["", "20"]),
    ]


def test_pipe_rows_read_as_tab_separated_rows() -> None:
    tabs = "ตัวชี้วัด\tน้ำหนัก\tคะแนน\n1.\t10\t100\n\n\t20\t\nผลการดำเนินงาน :\t\t\t\n"
    pipes = "| ตัวชี้วัด | น้ำหนัก | คะแนน |\n|1.|10|100|\n\n|  | 20 |  |\n| ผลการดำเนินงาน : | | | |\n"

    def rows(text: str) -> list[tuple[int, bool, bool, list[str]]]:
        return [(r.line, r.is_table, r.after_break, r.cells) for r in read_rows(text).rows]

    assert rows(pipes) == rows(tabs) == [
        (1, True, False, ["ตัวชี้วัด", "น้ำหนัก", "คะแนน"]), (2, True, False, ["1.", "10", "100"]),
        (4, True, True, ["", "20"]), (5, False, False, ["ผลการดำเนินงาน :"]),
    ]


# --- HTML tables ----------------------------------------------------------------------------------


def test_one_line_html_table() -> None:
    # every row of a table written on one line is on that line; the text around it stays text
    text = (
        'ผลการดำเนินงาน <table border="1"><tr><th rowspan="2">ตัวชี้วัด</th><th colspan="2">ผล</th></tr>'
        "<tr><th>ร้อยละ</th><th>ระดับ</th></tr><tr><td>ขยะ &amp; น้ำเสีย</td><td>88.314</td><td>5</td></tr>"
        "</table> (ข้อมูล ณ 30 ก.ย. 2564)"
    )
    ocr = read_rows(text)
    assert [(r.line, r.is_table, r.cells, r.raw) for r in ocr.rows] == [
        (1, False, ["ผลการดำเนินงาน"], "ผลการดำเนินงาน "),
        # colspan: the cell, then an empty cell (dropped at the row's end, as trailing tabs are)
        (1, True, ["ตัวชี้วัด", "ผล"], '<tr><th rowspan="2">ตัวชี้วัด</th><th colspan="2">ผล</th></tr>'),
        # rowspan: an empty cell below, as the tab-separated form leaves a merged cell
        (1, True, ["", "ร้อยละ", "ระดับ"], "<tr><th>ร้อยละ</th><th>ระดับ</th></tr>"),
        (1, True, ["ขยะ & น้ำเสีย", "88.314", "5"],
         "<tr><td>ขยะ &amp; น้ำเสีย</td><td>88.314</td><td>5</td></tr>"),
        (1, False, ["(ข้อมูล ณ 30 ก.ย. 2564)"], " (ข้อมูล ณ 30 ก.ย. 2564)"),
    ]
    assert [(ln.line, ln.text) for ln in ocr.lines][3] == (1, "ขยะ & น้ำเสีย\t88.314\t5")


HTML = "\n".join([
    "หน่วยงาน : สำนักงานเขตบางรัก",                                                      # 1
    "<TABLE>",                                                                            # 2
    "  <caption>ตารางที่ 2</caption>",                                                    # 3
    "  <thead><tr><th>ตัวชี้วัด</th><th>น้ำหนัก</th><th>รายละเอียด</th></tr></thead>",    # 4
    "  <tr>",                                                                             # 5
    "    <td>1. ความสำเร็จ</td><td>10</td>",                                               # 6
    "    <td><ul><li>ข้อแรก</li><li>ข้อสอง</li></ul></td>",                                # 7
    "  </tr>",                                                                            # 8
    "",                                                                                   # 9
    '  <tr><td rowspan="3" colspan="2">กลุ่มหน่วยงาน</td><td><input type="checkbox" checked> กลุ่ม D<br>บรรทัด',
    "สอง</td></tr>",                                                                      # 11
    "  <tr><td>x<td>y<tr><td>z</td></tr>",                                                # 12
    "  <tr><td><table><tr><td>ใน</td><td>ตาราง</td></tr></table></td><td>5</td></tr>",     # 13
    "</table>",                                                                           # 14
    "",                                                                                   # 15
    "<table><tr><td></td><td></td><td>ต่อ</td></tr>",                                     # 16
    "<tr><td>2. ร้อยละ</td><td>5</td><td>86.5</td></tr></table>",                          # 17
    "ข้อความ\t<table><tr><td>ในเซลล์</td></tr></table>\tท้าย",                            # 18
    "<table><tr><td>ไม่ปิด</td><td>1</td>",                                              # 19
])


def test_multi_line_html_table() -> None:
    ocr = read_rows(HTML)
    assert [(r.line, r.is_table, r.after_break, r.cells) for r in ocr.rows] == [
        (1, False, False, ["หน่วยงาน : สำนักงานเขตบางรัก"]),
        (3, False, False, ["ตารางที่ 2"]),  # a caption is a line of text
        (4, True, False, ["ตัวชี้วัด", "น้ำหนัก", "รายละเอียด"]),  # <th> as <td>
        # a row over several lines is on the line of its <tr>; <ul>/<li> items as in a tab cell
        (5, True, False, ["1. ความสำเร็จ", "10", "ข้อแรก\nข้อสอง"]),
        # a blank line inside a table is no page break; a checkbox is ☑; <br> splits items, a
        # newline of the source is a space
        (10, True, False, ["กลุ่มหน่วยงาน", "", "☑ กลุ่ม D\nบรรทัด สอง"]),
        # rowspan="3" colspan="2" leaves two empty cells in each of the next two rows; unclosed
        # <td> and <tr> are closed by the next one
        (12, True, False, ["", "", "x", "y"]),
        (12, True, False, ["", "", "z"]),
        # a table nested in a cell stays in that cell
        (13, True, False, ["ใน ตาราง", "5"]),
        # a new table after a blank line follows a page break
        (16, True, True, ["", "", "ต่อ"]),
        (17, True, False, ["2. ร้อยละ", "5", "86.5"]),
        # a <table> inside a tab-separated cell is that cell's HTML
        (18, True, False, ["ข้อความ", "ในเซลล์", "ท้าย"]),
        (19, True, False, ["ไม่ปิด", "1"]),  # a table never closed ends with the text
    ]
    assert ocr.rows[3].raw == "\n".join(HTML.splitlines()[4:8]).strip()
    assert [r.line for r in ocr.lines] == [1, 3, 4, 5, 10, 12, 12, 13, 16, 17, 18, 19]
    rows = merge_continuations(ocr.rows)
    assert [(r.line, r.continued, r.cells) for r in rows][7] == (13, [16], ["ใน ตาราง", "5", "ต่อ"])


def test_html_cell_text() -> None:
    # a cell of an HTML table is HTML even without a tag: character references are decoded
    assert cell_text("ขยะ &amp; น้ำเสีย", html=True) == "ขยะ & น้ำเสีย"
    assert cell_text("ขยะ &amp; น้ำเสีย") == "ขยะ &amp; น้ำเสีย"
    assert cell_text("ร้อยละ\n85^{1}", html=True) == "ร้อยละ 85 1"


def test_unclosed_html_table_ends_with_its_last_row() -> None:
    # a table never closed ends with the line of its last row tag, and the lines after it are text;
    # "<table" with no row at all is only text
    text = "<table><tr><td>ก</td><td>1</td>\n<tr><td>ข</td><td>2\nต่อไป\nข้อความ <table ที่ไม่ใช่ตาราง\n"
    assert [(r.line, r.is_table, r.cells) for r in read_rows(text).rows] == [
        (1, True, ["ก", "1"]), (2, True, ["ข", "2"]), (3, False, ["ต่อไป"]),
        (4, False, ["ข้อความ <table ที่ไม่ใช่ตาราง"]),
    ]


def test_lines_end_only_at_newlines_and_a_form_feed_is_a_page_break() -> None:
    # regression: str.splitlines also split at \f, \v, \x85 and U+2028, so every later line number moved
    text = "ตัวชี้วัด\tน้ำหนัก\r\nก\t10\r\n\fข\t20\nมาตรา\u2028หนึ่ง\rค\x85ง\n"
    ocr = read_rows(text)
    assert [(r.line, r.cells, r.after_break) for r in ocr.rows] == [
        (1, ["ตัวชี้วัด", "น้ำหนัก"], False),
        (2, ["ก", "10"], False),
        (3, ["ข", "20"], True),
        (4, ["มาตรา หนึ่ง"], False),
        (5, ["ค ง"], False),
    ]


def test_a_page_footer_with_the_word_page_is_a_page_break() -> None:
    # regression: OCR text kept a lone "หน้า 2" footer as a line of text (only "- 2 -" and "2" were
    # page furniture, while PDF pages dropped "หน้า 2" too), so the table row continued on the
    # next page became a separate row with empty leading cells
    text = "ตัวชี้วัด\tเป้าหมาย\tผล\n1. ระดับความสำเร็จ\tระดับ 5\tร้อยละ 18\nหน้า 2\n\t\tและรายงานผล\n"
    rows = merge_continuations(read_rows(text).rows)
    assert [(r.line, r.cells, r.continued) for r in rows] == [
        (1, ["ตัวชี้วัด", "เป้าหมาย", "ผล"], []),
        (2, ["1. ระดับความสำเร็จ", "ระดับ 5", "ร้อยละ 18 และรายงานผล"], [4]),
    ]
    # a line that only mentions a page is content
    assert [r.cells for r in read_rows("ดูหน้า 2\nหน้า 2 ของรายงาน\n").rows] == [["ดูหน้า 2"], ["หน้า 2 ของรายงาน"]]


def test_ocr_text_lines_carry_their_cells() -> None:
    (row,), (line,) = read_rows("ตัวชี้วัด\t<p>80</p>\t\n").rows, read_rows("ตัวชี้วัด\t<p>80</p>\t\n").lines
    assert (row.cells, line.cells, line.text) == (["ตัวชี้วัด", "80"], ("ตัวชี้วัด", "80"), "ตัวชี้วัด\t80")
