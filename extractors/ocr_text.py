"""OCR output saved as text or Markdown: decoding, rows and cells, HTML inside cells, page breaks.

Vision OCR models write a report as lines; a table row is one line of tab-separated cells, and cells
may hold HTML (``<p>``, ``<ul>``, ``<input type="checkbox" checked>``, ``<u>``, ``^{...}``). A table
that crosses a page is written as a new table on the next page: a row of only "--" cells (the
Markdown separator) and rows whose leading cells are empty continue the previous row.

Other OCR models write the same tables as Markdown pipe rows (``| a | b |``, with a ``|---|:---:|``
alignment row that is dropped) or as HTML ``<table>`` blocks (``<tr>``, ``<td>``/``<th>``, ``colspan``,
``rowspan``; on one line or over many). Both are read into the same :class:`Row` cells as the
tab-separated form, so the layout does not see the difference. A row's ``line`` is the input line
where the row starts (every row of a one-line HTML table is on that line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from extractors.records import BBox, Line, SourceKind
from extractors.records import Row as Row  # re-exported: extractors.layout imports it from here
from normalizers.text import clean, fold, join_wrapped

#: checkbox glyphs written for <input type="checkbox">; a checked box is data (the agency group)
CHECKED = "☑"
UNCHECKED = "☐"

_BLOCK_TAGS = frozenset({"p", "br", "li", "ul", "ol", "div", "tr", "h1", "h2", "h3", "h4", "table"})
_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")
# เลขหน้าเดี่ยว ๆ ("- 3 -", "๑๒", "หน้า 12") ไม่ใช่เนื้อหา: ในข้อความ OCR เป็นตัวแบ่งหน้า, ใน PDF เป็นหัว/ท้ายกระดาษ
# (a lone page number is page furniture, for OCR text and PDF pages alike)
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*(?:หน้า\s*)?[0-9๐-๙]{1,3}\s*[-–]?\s*$")
_SUPERSCRIPT = re.compile(r"\^\{([^}]*)\}")
_SUPERSCRIPT_AFTER_DIGIT = re.compile(r"([0-9๐-๙])\^\{([^}]*)\}")
_MARKDOWN_EMPHASIS = re.compile(r"^\s*(?:#{1,6}\s+|\*\*)|\*\*\s*$")


class DecodeError(ValueError):
    """The bytes are neither UTF-8 nor a Thai legacy encoding."""


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text input: UTF-8 (with or without BOM), else TIS-620 / cp874.

    Returns the text and the encoding used.

    >>> decode("ตัวชี้วัด".encode("cp874"))
    ('ตัวชี้วัด', 'cp874')
    >>> decode("ตัวชี้วัด".encode("utf-16"))
    ('ตัวชี้วัด', 'utf-16')
    """
    for bom, codec in _BOMS:  # UTF-32 first: its little-endian BOM starts with UTF-16's
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec[:6]
            except UnicodeDecodeError as e:
                raise DecodeError(f"damaged {codec[:6].upper()} text (a byte-order mark, then bytes at "
                                  f"offset {e.start + len(bom)} that cannot be decoded)") from e
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
        elif tag in ("td", "th"):
            self.parts.append(" ")  # cells of a table nested in a cell stay apart
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


def cell_text(raw: str, html: bool = False) -> str:
    """Plain, repaired text of one cell: items separated by newlines, spaces collapsed.

    ``html``: the cell is known to be HTML (a ``<td>`` of an HTML table), so character references
    ("&amp;") are decoded even when the cell holds no tag.

    >>> cell_text('<p>■ จุดอ่อน</p> <p>- ไม่มี -</p>')
    '■ จุดอ่อน\\n- ไม่มี -'
    >>> cell_text('<input checked="" type="checkbox"/> กลุ่ม D')
    '☑ กลุ่ม D'
    """
    # ตัวยก ^{...} หลังตัวเลข (เชิงอรรถ "85^{1}") ต้องไม่ต่อเป็นตัวเลขเดียวกัน ("851"): เว้นวรรคคั่น
    # (a superscript right after a digit is set apart, so that it cannot change the printed figure)
    # ในตาราง HTML การขึ้นบรรทัดใหม่ในต้นฉบับเป็นเพียงช่องว่าง (<br>, <p> เท่านั้นที่แยกรายการ)
    # (in an HTML table a newline of the source is only a space; <br> and <p> separate items)
    s = " ".join(raw.splitlines()) if html else raw
    s = _SUPERSCRIPT_AFTER_DIGIT.sub(r"\1 \2", s)
    s = _SUPERSCRIPT.sub(r"\1", s)
    s = _MARKDOWN_EMPHASIS.sub("", s)
    if html or ("<" in s and ">" in s):
        parser = _HTMLText()
        parser.feed(s)
        parser.close()
        s = "".join(parser.parts)
    s = clean(s).replace("\ufffd", "")
    items = (" ".join(piece.split()) for piece in s.split("\n"))
    return "\n".join(item for item in items if item)


@dataclass(slots=True)
class OcrText:
    """The rows of an OCR text and its lines (one per row)."""

    rows: list[Row]
    lines: list[Line]


def _is_separator(cells: list[str]) -> bool:
    return all(_SEPARATOR.match(c) or not c.strip() for c in cells) and any(c.strip() for c in cells)


#: one piece of the input: (line, raw text, cells as plain text); None marks a page break
_Piece = tuple[int, str, list[str]] | None

# Markdown: "|" splits cells, but not "\|" (an escaped pipe) and not a "|" inside an HTML tag
_PIPE_TOKEN = re.compile(r"<[A-Za-z/!][^<>]*>|\\\||\|")
_PIPE_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_ROW_TAG = re.compile(r"</?(?:tr|td|th)\b[^>]*>", re.IGNORECASE)
_MAX_SPAN = 64


def _pipe_cells(raw: str) -> list[str]:
    """The raw cells of a Markdown pipe row, trimmed, with "\\|" unescaped.

    >>> _pipe_cells(r"| a \\| b | <p class='x|y'>c</p> |  |")
    ['a | b', "<p class='x|y'>c</p>", '']
    """
    s = raw.strip()
    pieces: list[str] = []
    start = 0
    for m in _PIPE_TOKEN.finditer(s):
        if m.group() == "|":
            pieces.append(s[start:m.start()])
            start = m.end()
    pieces.append(s[start:])
    pieces = pieces[1:]  # before the leading "|"
    if pieces and pieces[-1] == "":
        pieces.pop()  # after the closing "|"
    return [p.replace("\\|", "|").strip() for p in pieces]


def _is_pipe_separator(cells: list[str]) -> bool:
    """The alignment row of a Markdown table (``|---|:---:|``); a row of lone "-" (zero marks) is data."""
    filled = [c for c in cells if c]
    return (
        bool(filled)
        and all(_PIPE_SEPARATOR_CELL.match(c) for c in filled)
        and any("--" in c or ":" in c for c in filled)
    )


def _line_pieces(n: int, raw: str) -> Iterator[_Piece]:
    """The row of one input line (or of the text before / after an HTML table on it)."""
    if "\f" in raw:  # a form feed (pdftotext's page separator) is a page break, not a character
        yield None
        raw = raw.replace("\f", "")
    if not raw.strip():
        yield None
        return
    if raw.lstrip().startswith("|"):
        raw_cells = _pipe_cells(raw)
        # the alignment row and an empty row are dropped; neither is a page break
        if not _is_pipe_separator(raw_cells) and any(raw_cells):
            yield n, raw, [cell_text(c) for c in raw_cells]
        return
    raw_cells = raw.split("\t")
    if _is_separator(raw_cells):
        yield None
        return
    if len(raw_cells) == 1 and PAGE_NUMBER.match(raw):
        yield None  # a lone page number: drop it, it marks a page break
        return
    yield n, raw, [cell_text(c) for c in raw_cells]


class _HTMLTable(HTMLParser):
    """The rows of one HTML ``<table>`` block, as offsets into the block and the raw HTML of each cell.

    Only the outer table's ``tr``/``td``/``th``/``caption`` count; a table nested in a cell stays in
    that cell's HTML. A cell or row left open is closed by the next one (HTML lets them be omitted).
    """

    def __init__(self, src: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = src
        self.newlines = [0] + [i + 1 for i, ch in enumerate(src) if ch == "\n"]
        self.depth = 0
        #: (start, end, cells as (raw HTML, colspan, rowspan), is a text row (caption, stray text))
        self.rows: list[tuple[int, int, list[tuple[str, int, int]], bool]] = []
        self._row: tuple[int, list[tuple[str, int, int]], bool] | None = None
        self._cell: tuple[int, int, int] | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.newlines[line - 1] + col

    def _close_cell(self, at: int) -> None:
        if self._cell is not None and self._row is not None:
            start, colspan, rowspan = self._cell
            self._row[1].append((self.src[start:at], colspan, rowspan))
        self._cell = None

    def _close_row(self, at: int) -> None:
        self._close_cell(at)
        if self._row is not None:
            start, cells, text = self._row
            self.rows.append((start, at, cells, text))
        self._row = None

    def _open_cell(self, at: int, content: int, colspan: int, rowspan: int, text: bool = False) -> None:
        self._close_cell(at)
        if self._row is None or text:
            self._close_row(at)
            self._row = (at, [], text)
        self._cell = (content, colspan, rowspan)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
        if self.depth != 1:
            return
        at = self._pos()
        content = at + len(self.get_starttag_text() or "")
        if tag == "tr":
            self._close_row(at)
            self._row = (at, [], False)
        elif tag in ("td", "th"):
            self._open_cell(at, content, _span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif tag == "caption":
            self._open_cell(at, content, 1, 1, text=True)

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 1:
            at = self._pos()
            end = self.src.find(">", at) + 1 or len(self.src)
            if tag in ("td", "th"):
                self._close_cell(at)
            elif tag in ("tr", "caption"):
                self._close_cell(at)
                self._close_row(end)
            elif tag == "table":
                self._close_row(at)
        if tag == "table":
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth == 1 and self._cell is None and self._row is None and data.strip():
            # text inside <table> but outside any row stays a line of text
            at = self._pos()
            self.rows.append((at, at + len(data), [(data, 1, 1)], True))

    def close(self) -> None:
        super().close()
        self._close_row(len(self.src))


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = next((v for k, v in attrs if k == name), None)
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), _MAX_SPAN) if digits else 1


def _html_pieces(text: str, begin: int, end: int, line_of: list[int]) -> Iterator[_Piece]:
    """The rows of the HTML table ``text[begin:end]``: colspan → the cell then empty cells; rowspan →
    empty cells in the rows below (as the tab-separated form leaves a merged cell's lower rows)."""
    parser = _HTMLTable(text[begin:end])
    parser.feed(parser.src)
    parser.close()
    below: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for start, stop, raw_cells, is_text in parser.rows:
        line = bisect_right(line_of, begin + start)
        raw = parser.src[start:stop].strip()
        if is_text:
            cells = [cell_text(c, html=True) for c, _, _ in raw_cells]
            if any(cells):
                yield line, raw, cells
            continue
        cells = []
        spans: dict[int, int] = {}
        for cell, colspan, rowspan in raw_cells:
            while below.get(len(cells), 0) > 0:
                cells.append("")
            if rowspan > 1:
                spans.update((len(cells) + k, rowspan - 1) for k in range(colspan))
            cells.append(cell_text(cell, html=True))
            cells.extend([""] * (colspan - 1))
        covered = [c for c, k in below.items() if k > 0]
        cells.extend([""] * (max(covered, default=-1) + 1 - len(cells)))
        below = {c: k - 1 for c, k in below.items() if k > 1} | spans
        if any(cells):
            yield line, raw, cells


def _table_end(text: str, begin: int) -> int | None:
    """The offset just after the ``</table>`` that closes the ``<table`` at ``begin``.

    A table never closed ends with the line of its last row or cell tag; with none, "<table" was
    only text (None).
    """
    depth = 0
    for m in _TABLE_TAG.finditer(text, begin):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    ends = [m.end() for m in _ROW_TAG.finditer(text, begin)]
    if not ends:
        return None
    newline = text.find("\n", ends[-1])
    return len(text) if newline < 0 else newline


_LINE_END = re.compile(r"\r\n|\r|\n")


def _pieces(text: str) -> Iterator[_Piece]:
    """Every row of the input in order, and None for each page break."""
    # lines end at \n, \r\n or \r only, as editors and the checker count them; str.splitlines would
    # also split at \f, \v, \x1c-\x1e, \x85, U+2028/9 and shift every later line number
    lines = _LINE_END.split(text)
    # line_of[k]: the offset where line k+1 starts
    line_of = [0, *(m.end() for m in _LINE_END.finditer(text))]
    i, col = 0, 0
    while i < len(lines):
        segment = lines[i][col:]
        m = _TABLE_OPEN.search(segment)
        before = segment[:m.start()] if m else segment
        # an HTML table starts a block unless it sits inside a tab-separated cell or a pipe row
        in_cell = "\t" in before or before.lstrip().startswith("|")
        begin = line_of[i] + col + m.start() if m else 0
        end = _table_end(text, begin) if m and not in_cell else None
        if end is None:
            if col == 0 or segment.strip():
                yield from _line_pieces(i + 1, segment)
            i, col = i + 1, 0
            continue
        if before.strip():
            yield from _line_pieces(i + 1, before)
        yield from _html_pieces(text, begin, end, line_of)
        last = bisect_right(line_of, end - 1) - 1
        i, col = (last, end - line_of[last]) if end - line_of[last] < len(lines[last]) else (last + 1, 0)


def make_row(
    line: int,
    raw: str,
    cells: list[str],
    after_break: bool,
    *,
    page: int | None = None,
    bbox: BBox | None = None,
    source: SourceKind = "ocr_text",
    cell_bboxes: tuple[BBox | None, ...] = (),
    cell_confidences: tuple[float | None, ...] = (),
) -> Row:
    """A Row of one line's cells: trailing empty cells dropped, and a table row only when more than
    one cell is filled or the first is empty (a line with trailing empty cells, "ผลการดำเนินงาน :\t\t\t",
    is text).
    """
    width = len(cells)
    cells = list(cells)
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    filled = sum(1 for c in cells if c)
    is_table = width > 1 and (filled > 1 or not cells[0])
    return Row(
        line=line, raw=raw, cells=cells, is_table=is_table, after_break=after_break,
        page=page, bbox=bbox, source=source, cell_bboxes=list(cell_bboxes[: len(cells)]),
        cell_confidences=list(cell_confidences[: len(cells)]),
    )


def read_rows(text: str, path: str = "") -> OcrText:
    """Split OCR text into rows (tab-separated, Markdown pipe or HTML tables, and lines of text)."""
    rows: list[Row] = []
    lines: list[Line] = []
    gap = False
    for piece in _pieces(text):
        if piece is None:
            gap = True
            continue
        n, raw, cells = piece
        row = make_row(n, raw, cells, after_break=gap)
        lines.append(Line.of_cells(None, n, tuple(row.cells), raw))
        rows.append(row)
        gap = False
    return OcrText(rows=rows, lines=lines)


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
