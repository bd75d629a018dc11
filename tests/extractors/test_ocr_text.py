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
