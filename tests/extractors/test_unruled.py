"""Tables without ruling lines (extractors/unruled.py): rows rebuilt by column alignment, and the
pages left alone (paragraphs, two-column lists, charts, ragged figures)."""

from __future__ import annotations

from extractors import pdf_text, unruled
from extractors.pdf_chars import Char
from extractors.pdf_poppler import PopplerPage, Word, page_lines

H = 10.0  # word height


def w(text: str, x0: float, top: float, x1: float) -> Word:
    return Word(text, x0, top, x1, top + H)


def table_words(top: float = 0.0) -> list[Word]:
    """A header and three rows; row 1's name wraps onto a second line."""
    return [
        w("ลำดับ", 10, top, 30), w("ตัวชี้วัด", 40, top, 80), w("น้ำหนัก", 160, top, 190),
        w("คะแนน", 200, top, 230),
        w("1", 10, top + 14, 15), w("ร้อยละของเรื่อง", 40, top + 14, 135), w("10", 160, top + 14, 170),
        w("100.000", 200, top + 14, 230),
        w("ที่ดำเนินการ", 40, top + 26, 100),
        w("2", 10, top + 40, 15), w("จำนวนคลอง", 40, top + 40, 110), w("20", 160, top + 40, 170),
        w("80.000", 200, top + 40, 226),
        w("3", 10, top + 54, 15), w("ความสำเร็จ", 40, top + 54, 100), w("30", 160, top + 54, 170),
        w("90.500", 200, top + 54, 226),
    ]


def texts(table: unruled.Table[Word]) -> list[list[str]]:
    return [[" ".join(x.text for x in col) for col in row] for row in table.rows]


def test_rows_of_a_table_without_rulings() -> None:
    [table] = unruled.find_tables(table_words())
    assert texts(table) == [
        ["ลำดับ", "ตัวชี้วัด", "น้ำหนัก", "คะแนน"],
        ["1", "ร้อยละของเรื่อง ที่ดำเนินการ", "10", "100.000"],
        ["2", "จำนวนคลอง", "20", "80.000"],
        ["3", "ความสำเร็จ", "30", "90.500"],
    ]
    assert len(table.columns) == 4 and table.bbox == (10, 0, 230, 64)


def test_page_lines_give_one_line_of_cells_per_row() -> None:
    lines = page_lines(PopplerPage(300, 400, table_words()), [], 1)
    assert [ln.text for ln in lines] == [
        "ลำดับ\tตัวชี้วัด\tน้ำหนัก\tคะแนน",
        "1\tร้อยละของเรื่องที่ดำเนินการ\t10\t100.000",  # the wrapped cell joined, Thai to Thai
        "2\tจำนวนคลอง\t20\t80.000",
        "3\tความสำเร็จ\t30\t90.500",
    ]
    assert lines[1].cells == ("1", "ร้อยละของเรื่องที่ดำเนินการ", "10", "100.000")
    assert lines[1].cell_bboxes == (
        (10, 14, 15, 24), (40, 14, 135, 36), (160, 14, 170, 24), (200, 14, 230, 24))


def test_paragraph_above_and_below_stays_text() -> None:
    para = [w("ผลการประเมินผลการปฏิบัติราชการประจำปีงบประมาณ", 10, -30, 230)]
    after = [w("หมายเหตุ ข้อมูลจากรายงานประจำปีของหน่วยงานที่ส่งมา", 10, 100, 228)]
    lines = page_lines(PopplerPage(300, 400, para + table_words() + after), [], 1)
    assert lines[0].text == para[0].text and lines[-1].text == after[0].text
    assert len(lines) == 6


def test_narrative_paragraph_is_no_table() -> None:
    words = []
    for k in range(6):  # wrapped prose: one chunk per line, word spaces only
        top = 14.0 * k
        words += [w("การดำเนินงาน", 10, top, 70), w("ตามแผน", 72, top, 110), w("ของสำนักงาน", 112, top, 180)]
    assert unruled.find_tables(words) == []


def test_label_value_list_is_no_table() -> None:
    # two columns only (a form's labels and values): fewer than three columns
    words = [x for k in range(5) for x in (w(f"ข้อ{k}", 10, 14 * k, 40), w(f"{k}0", 120, 14 * k, 130))]
    assert unruled.find_tables(words) == []


def test_chart_ticks_are_no_table() -> None:
    # an axis and data labels: rows of figures only
    words = [x for k, v in enumerate(("1.5", "1", "0.5", "0"))
             for x in (w(v, 10, 20 * k, 22), w("1", 60, 20 * k, 65), w("0", 110, 20 * k, 115))]
    assert unruled.find_tables(words) == []


def test_ragged_figures_are_no_table() -> None:
    # a "numeric column" whose figures share no edge: not a column, leave the lines alone
    words = table_words()
    ragged = {"100.000": (200, 230), "80.000": (210, 236), "90.500": (190, 216)}
    words = [w(x.text, ragged[x.text][0], x.top, ragged[x.text][1]) if x.text in ragged else x
             for x in words]
    assert unruled.find_tables(words) == []


def test_first_column_merged_down_stays_with_its_row() -> None:
    # "องค์ประกอบที่ 2 ประสิทธิภาพ…" printed top-aligned over rows 2.1 and 2.2
    words = [
        w("องค์ประกอบ", 10, 0, 60), w("ตัวชี้วัด", 80, 0, 110), w("ชื่อ", 120, 0, 140), w("น้ำหนัก", 200, 0, 230),
        w("องค์ประกอบที่", 10, 14, 65), w("2.1", 80, 14, 92), w("จำนวนคลอง", 120, 14, 180),
        w("10", 200, 14, 210),
        w("ประสิทธิภาพของ", 10, 28, 70), w("2.2", 80, 28, 92), w("ร้อยละมูลฝอย", 120, 28, 185),
        w("10", 200, 28, 210),
        # after a blank: a new label, though the line above is full
        w("การดำเนินงาน", 10, 46, 60), w("3.1", 80, 46, 92), w("พื้นที่สีเขียว", 120, 46, 175),
        w("15", 200, 46, 210),
    ]
    [table] = unruled.find_tables(words)
    assert texts(table)[0][0] == "องค์ประกอบ"  # a header cell does not run on into the body
    assert texts(table)[1][0] == "องค์ประกอบที่ ประสิทธิภาพของ"
    assert texts(table)[2][0] == "" and texts(table)[3][0] == "การดำเนินงาน"


def test_table_continued_on_the_next_page() -> None:
    [table] = unruled.find_tables(table_words())
    # the next page: one tall row (too little to vouch for columns alone), then prose
    page2 = [w("4", 10, 0, 15), w("จำนวนเรื่อง", 40, 0, 100), w("40", 160, 0, 170), w("70.000", 200, 0, 226),
             w("ร้องเรียน", 40, 14, 90),
             w("หมายเหตุ: ข้อมูลจากระบบรายงานผลการดำเนินงานประจำปี", 10, 40, 228)]
    assert unruled.find_tables(page2) == []
    [cont] = unruled.find_tables(page2, carry=table.model)
    assert texts(cont) == [["4", "จำนวนเรื่อง ร้องเรียน", "40", "70.000"]]
    assert cont.columns == table.columns


def chars(text: str, x0: float, top: float, x1: float, start: int) -> list[Char]:
    step = (x1 - x0) / len(text)
    return [Char(start + k, ch, x0 + k * step, top, x0 + (k + 1) * step, top + H, top + 0.8 * H)
            for k, ch in enumerate(text)]


def test_pdfium_path_rebuilds_the_same_rows() -> None:
    # the same table as characters (PDFium): words from characters, rows as on the poppler path
    page: list[Char] = []
    for word in [
        ("รายการ", 10, 0, 40), ("คะแนน", 60, 0, 90), ("ผลงาน", 160, 0, 190), ("งบประมาณ", 200, 0, 240),
        ("1", 10, 14, 15), ("นโยบาย", 60, 14, 140), ("10", 160, 14, 170), ("100.000", 200, 14, 230),
        ("มาตรฐาน", 60, 26, 100),
        ("2", 10, 40, 15), ("คะแนน", 60, 40, 110), ("20", 160, 40, 170), ("80.000", 200, 40, 226),
        ("3", 10, 54, 15), ("ผลงาน", 60, 54, 100), ("30", 160, 54, 170), ("90.500", 200, 54, 226),
    ]:
        page += chars(*word, start=len(page))
    assert len(pdf_text.page_lines(page, [], 1)) == 5  # not by default: each physical line
    lines = pdf_text.page_lines(page, [], 1, carry=[None])
    assert [ln.text for ln in lines] == [
        "รายการ\tคะแนน\tผลงาน\tงบประมาณ",
        "1\tนโยบายมาตรฐาน\t10\t100.000",
        "2\tคะแนน\t20\t80.000",
        "3\tผลงาน\t30\t90.500",
    ]
