"""Render OCR text (the seed's format) as a text-layer PDF, the way an office producer lays it out.

    python tests/extractors/make_pdf.py raw_docs/bangrak_fy2564_ocr.txt /tmp/seed.pdf [--unshaped]

Every line of the text becomes PDF text: a line of text is a paragraph wrapped to the page width; a
table row (tab-separated cells, the rule of :func:`extractors.ocr_text.read_rows`) is a row of ruled
cells at fixed column positions, each cell's HTML turned into plain text by
:func:`extractors.ocr_text.cell_text`, its items on separate lines and wrapped inside the column. A new
page starts where the OCR text marks a page break (the row before a Markdown "--" separator row, a lone
page number) or when the page is full; every page gets its number centred in the footer.

``shaped=True`` (needs ``uharfbuzz``) shapes Thai with HarfBuzz, as Word and LibreOffice do: marks are
positioned by the font and written out of logical order, which is what the PDF reader must repair.
The output is deterministic (fixed creation date, no random ids).

fpdf2 is imported inside :func:`render` so that collecting this module never needs it.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.ocr_text import PAGE_NUMBER, cell_text  # noqa: E402

#: Debian fonts-tlwg-garuda-ttf (Thai glyphs, Latin and digits); also in fonts-thai-tlwg
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf"),
    Path("/usr/share/fonts/opentype/tlwg/Garuda.otf"),
)

#: symbols Garuda lacks (☑ ☐ ■ ▪ ≤): Debian fonts-dejavu-core, used as a fallback when present
FALLBACK_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

FONT_SIZE = 8.0  # points
LINE_HEIGHT = 11.0  # points
MARGIN = 28.0  # points
CELL_PAD = 3.0  # points of padding inside a ruled cell
BLANK_GAP = 4.0  # points of vertical space for a blank line

_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")
_EPOCH = dt.datetime(2021, 10, 1, tzinfo=dt.UTC)


def thai_font() -> Path | None:
    """The first Thai TrueType font found, or None."""
    return next((p for p in FONT_CANDIDATES if p.exists()), None)


@dataclass(slots=True)
class Block:
    """One thing to lay out: a text line, a table row, a blank line or a forced page break."""

    kind: str  # "text" | "row" | "blank" | "break"
    cells: list[str]


def _is_separator(cells: list[str]) -> bool:
    return all(_SEPARATOR.match(c) or not c.strip() for c in cells) and any(c.strip() for c in cells)


def blocks(text: str) -> list[Block]:
    """The OCR text as blocks; page breaks where the OCR marks them (never keyed to content)."""
    out: list[Block] = []
    for raw in text.splitlines():
        raw_cells = raw.split("\t")
        if not raw.strip():
            out.append(Block("blank", []))
            continue
        if _is_separator(raw_cells):
            # the row just before a "--" row heads the table on a new page: break before it
            k = len(out) - 1
            while k >= 0 and out[k].kind == "blank":
                k -= 1
            if k >= 0 and out[k].kind == "row":
                out.insert(k, Block("break", []))
            continue
        if len(raw_cells) == 1 and PAGE_NUMBER.match(raw):
            out.append(Block("break", []))  # the footer carries page numbers
            continue
        cells = [cell_text(c) for c in raw_cells]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        filled = sum(1 for c in cells if c)
        if len(raw_cells) > 1 and (filled > 1 or not cells[0]):
            out.append(Block("row", cells))
        else:
            out.append(Block("text", [cells[0]]))
    return out


def _wrap(pdf: Any, text: str, width: float) -> list[str]:
    """``text`` (items separated by newlines) as the lines fpdf2 would print in ``width`` points."""
    lines: list[str] = []
    shaping = pdf.text_shaping  # measured unshaped: the same widths here, and three times faster
    pdf.text_shaping = None
    for item in text.split("\n"):
        if not item.strip():
            continue
        got = pdf.multi_cell(width, LINE_HEIGHT, item, dry_run=True, output="LINES")
        lines.extend(str(x) for x in got)
    pdf.text_shaping = shaping
    return lines


def _put(pdf: Any, x: float, y: float, text: str) -> None:
    """Write one line at (x, y): characters the Thai font lacks (☑ ■) in the symbol font.

    fpdf2 does not use fallback fonts while shaping, so the line is written run by run.
    """
    cmap = pdf.fonts["thai"].cmap
    has_symbols = "symbols" in pdf.fonts
    runs: list[tuple[str, str]] = []
    for ch in text:
        family = "symbols" if has_symbols and ord(ch) not in cmap and not ch.isspace() else "thai"
        if runs and runs[-1][0] == family:
            runs[-1] = (family, runs[-1][1] + ch)
        else:
            runs.append((family, ch))
    pdf.set_xy(x, y)
    for family, piece in runs:
        pdf.set_font(family, size=FONT_SIZE)
        pdf.cell(pdf.get_string_width(piece), LINE_HEIGHT, piece)
    pdf.set_font("thai", size=FONT_SIZE)


def render(text: str, out: Path, *, shaped: bool = True, font: Path | None = None) -> int:
    """Write ``text`` as a PDF at ``out``; returns the number of pages."""
    from fpdf import FPDF

    font = font or thai_font()
    if font is None:
        raise FileNotFoundError("no Thai font: apt-get install fonts-tlwg-garuda-ttf")

    class _Pdf(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-MARGIN + 6)
            self.cell(0, LINE_HEIGHT, f"- {self.page_no()} -", align="C")

    pdf = _Pdf(orientation="landscape", unit="pt", format="A4")
    pdf.set_creation_date(_EPOCH)
    pdf.set_producer("thaireport tests")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.add_font("thai", "", str(font))
    if FALLBACK_FONT.exists():
        pdf.add_font("symbols", "", str(FALLBACK_FONT))
    pdf.set_font("thai", size=FONT_SIZE)
    if shaped:
        pdf.set_text_shaping(True)
    pdf.set_line_width(0.5)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN
    bottom = pdf.h - MARGIN - LINE_HEIGHT

    def room(height: float) -> None:
        if pdf.get_y() + height > bottom and pdf.get_y() > MARGIN + 1:
            pdf.add_page()

    items = blocks(text)
    table_cols = _table_columns(items)
    for n, block in enumerate(items):
        if block.kind == "break":
            if pdf.get_y() > MARGIN + 1:
                pdf.add_page()
        elif block.kind == "blank":
            if pdf.get_y() > MARGIN + 1:
                pdf.set_y(pdf.get_y() + BLANK_GAP)
        elif block.kind == "text":
            for line in _wrap(pdf, block.cells[0], width):
                room(LINE_HEIGHT)
                y = pdf.get_y()
                _put(pdf, MARGIN, y, line)
                pdf.set_xy(MARGIN, y + LINE_HEIGHT)
        else:
            cols = table_cols[n]
            col_w = width / cols
            wrapped = [_wrap(pdf, cell, col_w - 2 * CELL_PAD) for cell in block.cells]
            height = max(1, *(len(w) for w in wrapped)) * LINE_HEIGHT + 2 * CELL_PAD
            room(height)
            top = pdf.get_y()
            for i in range(cols):
                x = MARGIN + i * col_w
                pdf.rect(x, top, col_w, height)
                for k, line in enumerate(wrapped[i] if i < len(wrapped) else []):
                    _put(pdf, x + CELL_PAD, top + CELL_PAD + k * LINE_HEIGHT, line)
            pdf.set_xy(MARGIN, top + height)
    pdf.output(str(out))
    return int(pdf.page_no())


def _table_columns(items: list[Block]) -> dict[int, int]:
    """Per row block, the column count of its table (the widest row of the run of rows)."""
    cols: dict[int, int] = {}
    run: list[int] = []
    for n, block in enumerate([*items, Block("text", [""])]):
        if block.kind == "row":
            run.append(n)
            continue
        if block.kind == "break" and run:
            continue  # a table continued on the next page keeps its columns
        if run:
            width = max(len(items[k].cells) for k in run)
            cols.update(dict.fromkeys(run, width))
            run = []
    return cols


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    shaped = "--unshaped" not in sys.argv
    pages = render(Path(args[0]).read_text(encoding="utf-8"), Path(args[1]), shaped=shaped)
    print(f"{args[1]}: {pages} pages")
