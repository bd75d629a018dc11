"""OCR output saved as text or Markdown: decoding, rows and cells, HTML inside cells, page breaks.

Vision OCR models write a report as lines; a table row is one line of tab-separated cells, and cells
may hold HTML (``<p>``, ``<ul>``, ``<input type="checkbox" checked>``, ``<u>``, ``^{...}``). A table
that crosses a page is written as a new table on the next page: a row of only "--" cells (the
Markdown separator) and rows whose leading cells are empty continue the previous row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from extractors.records import Line, SourceKind
from normalizers.text import clean, fold, join_wrapped

#: checkbox glyphs written for <input type="checkbox">; a checked box is data (the agency group)
CHECKED = "☑"
UNCHECKED = "☐"

_BLOCK_TAGS = frozenset({"p", "br", "li", "ul", "ol", "div", "tr", "h1", "h2", "h3", "h4", "table"})
_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*[0-9๐-๙]{1,3}\s*[-–]?\s*$")
_SUPERSCRIPT = re.compile(r"\^\{([^}]*)\}")
_SUPERSCRIPT_AFTER_DIGIT = re.compile(r"([0-9๐-๙])\^\{([^}]*)\}")
_MARKDOWN_EMPHASIS = re.compile(r"^\s*(?:#{1,6}\s+|\*\*)|\*\*\s*$")


class DecodeError(ValueError):
    """The bytes are neither UTF-8 nor a Thai legacy encoding."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text input: UTF-8 (with or without BOM), else TIS-620 / cp874.

    Returns the text and the encoding used.

    >>> decode("ตัวชี้วัด".encode("cp874"))
    ('ตัวชี้วัด', 'cp874')
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_at = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError as e:
        # the encoding that read further is the one the file was meant to be in
        at = max(utf8_at, e.start)
        raise DecodeError(
            f"not UTF-8, TIS-620 or cp874 text (byte 0x{data[at]:02X} at offset {at} cannot be decoded): "
            "convert the file to UTF-8 and run again"
        ) from e
    thai = sum(1 for ch in text if "\u0e00" <= ch <= "\u0e7f")
    letters = sum(1 for ch in text if ch.isalpha())
    if letters and thai / letters < 0.2:
        raise DecodeError(
            "not UTF-8, and too little Thai to be TIS-620 / cp874 text: "
            "convert the file to UTF-8 and run again"
        )
    return text, "cp874"


class _HTMLText(HTMLParser):
    """HTML fragment → plain text; block elements become newlines, checkboxes become ☑ / ☐."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "input" and any(k == "type" and v == "checkbox" for k, v in attrs):
            checked = any(k == "checked" for k, _ in attrs)
            self.parts.append(f" {CHECKED if checked else UNCHECKED} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def cell_text(raw: str) -> str:
    """Plain, repaired text of one cell: items separated by newlines, spaces collapsed.

    >>> cell_text('<p>■ จุดอ่อน</p> <p>- ไม่มี -</p>')
    '■ จุดอ่อน\\n- ไม่มี -'
    >>> cell_text('<input checked="" type="checkbox"/> กลุ่ม D')
    '☑ กลุ่ม D'
    """
    # ตัวยก ^{...} หลังตัวเลข (เชิงอรรถ "85^{1}") ต้องไม่ต่อเป็นตัวเลขเดียวกัน ("851"): เว้นวรรคคั่น
    # (a superscript right after a digit is set apart, so that it cannot change the printed figure)
    s = _SUPERSCRIPT_AFTER_DIGIT.sub(r"\1 \2", raw)
    s = _SUPERSCRIPT.sub(r"\1", s)
    s = _MARKDOWN_EMPHASIS.sub("", s)
    if "<" in s and ">" in s:
        parser = _HTMLText()
        parser.feed(s)
        parser.close()
        s = "".join(parser.parts)
    s = clean(s).replace("\ufffd", "")
    items = (" ".join(piece.split()) for piece in s.split("\n"))
    return "\n".join(item for item in items if item)


@dataclass(slots=True)
class Row:
    """One logical line: a table row (several cells) or a line of text (one cell)."""

    line: int
    raw: str
    cells: list[str]
    is_table: bool
    #: lines of page-break continuations merged into this row
    continued: list[int] = field(default_factory=list)
    #: a page break (blank line or "--" separator) came right before this row
    after_break: bool = False
    #: the page of a PDF row (None for OCR text, whose provenance is the line)
    page: int | None = None
    #: the PDF text layer's box of the row's first line (x0, top, x1, bottom), when known
    bbox: tuple[float, float, float, float] | None = None
    source: SourceKind = "ocr_text"

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    def cell(self, i: int) -> str:
        return self.cells[i] if 0 <= i < len(self.cells) else ""


@dataclass(slots=True)
class OcrText:
    rows: list[Row]
    lines: list[Line]
    encoding: str


def _is_separator(cells: list[str]) -> bool:
    return all(_SEPARATOR.match(c) or not c.strip() for c in cells) and any(c.strip() for c in cells)


def read_rows(text: str, path: str = "") -> OcrText:
    """Split OCR text into rows, joining table rows continued over a page break."""
    rows: list[Row] = []
    lines: list[Line] = []
    gap = False
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            gap = True
            continue
        raw_cells = raw.split("\t")
        if _is_separator(raw_cells):
            gap = True
            continue
        if len(raw_cells) == 1 and _PAGE_NUMBER.match(raw):
            gap = True  # a lone page number: drop it, it marks a page break
            continue
        cells = [cell_text(c) for c in raw_cells]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        filled = sum(1 for c in cells if c)
        # a line with trailing empty cells ("ผลการดำเนินงาน :\t\t\t") is text, not a table row
        is_table = len(raw_cells) > 1 and (filled > 1 or not cells[0])
        lines.append(Line(page=None, line=n, text="\t".join(cells), raw=raw))
        rows.append(Row(line=n, raw=raw, cells=cells, is_table=is_table, after_break=gap))
        gap = False
    return OcrText(rows=rows, lines=lines, encoding="")


_NUMBER_CELL = re.compile(r"^[\s(]*[-+]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?[\s)]*$")


def _numeric(cell: str) -> bool:
    return bool(_NUMBER_CELL.match(cell))


def _header_key(text: str) -> str:
    """A header's comparison key: folded (lost marks, SARA AM) and without any whitespace.

    >>> _header_key("ลำดับที่\tน้ำหนัก คะแนน") == _header_key("ลาดับที่\tน้ำหนักคะแนน")
    True
    """
    return "".join(fold(text).split())


def merge_continuations(rows: list[Row]) -> list[Row]:
    """Join table rows continued across a page break into the row they continue.

    A continuation is a table row that follows a page break (a blank line, a "--" separator row or
    a lone page number), whose first cell is empty, and that continues text cells of the previous
    row of the same table (a number never continues a number: that is a new row, e.g. a total).
    A header row repeated at the top of the next page is dropped (compared by :func:`_header_key`, so
    "น้ำหนักคะแนน" and "น้ำหนัก คะแนน" are the same header), and the row after it is still the first
    row after the break.
    """
    out: list[Row] = []
    first_row_key: str | None = None
    carry_break = False
    for row in rows:
        after_break = row.after_break or carry_break
        carry_break = False
        if not row.is_table:
            first_row_key = None
            out.append(row)
            continue
        prev = out[-1] if out and out[-1].is_table else None
        if prev is None:
            first_row_key = _header_key(row.text)
            out.append(row)
            continue
        if after_break and _header_key(row.text) == first_row_key:
            carry_break = True
            continue  # header repeated on the next page
        continues = (
            after_break
            and not row.cells[0]
            and any(row.cells)
            and not any(
                _numeric(c) and _numeric(prev.cell(i)) for i, c in enumerate(row.cells) if c
            )
        )
        if continues:
            width = max(len(prev.cells), len(row.cells))
            prev.cells = [
                join_wrapped(prev.cell(i), row.cell(i)) if prev.cell(i) and row.cell(i)
                else prev.cell(i) or row.cell(i)
                for i in range(width)
            ]
            prev.continued.append(row.line)
            continue
        out.append(row)
    return out
