"""Text-layer pages read by poppler's ``pdftotext`` (a separate process), which follows /ActualText.

Chromium, LibreOffice and cairo write the text of shaped Thai clusters as /ActualText; PDFium and
pdfminer ignore it or duplicate clusters, poppler reads it (docs/pdf-engines.md has the measures).
``pdftotext -bbox`` gives every word with its box; words are grouped into lines here, ruled tables
come from PDFium's path objects (:func:`extractors.pdf_text.ruling_edges`), words are put in their
cells, and rows are built by the same code as the PDFium engine (:func:`extractors.pdf_text.row_items`,
:func:`~extractors.pdf_text.paragraphs`), so rows look the same whichever engine read the page.

Each page's text is repaired (:func:`normalizers.thai_layer.repair_layer`) and judged by Thai
orthography (:func:`normalizers.thai_layer.judge_orthography`): a page whose text maps every า to ำ is
undone and warned about; a page that fails goes to OCR like any unreadable text layer.

poppler-utils is a system package (``apt-get install poppler-utils``); run as a process, its GPL
does not reach this project's code. Without it :func:`available` is False and the caller keeps PDFium.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from extractors import pdf_text, unruled
from extractors.pdf_text import TableGrid, TextRun
from extractors.records import BBox, Line
from extractors.settings import LINES, TABLES, LineSettings, PdfSettings, TableSettings
from normalizers.text import PUA_MAP, THAI_MARKS, join_wrapped
from normalizers.thai_layer import (
    Orthography,
    judge_orthography,
    repair_layer,
    swap_marks,
    undo_am_for_aa,
    undo_mark_swap,
)

MISSING = "pdftotext not found: PDF text layers read by PDFium instead (apt-get install poppler-utils)"
TIMEOUT = 300  # seconds for one pdftotext run over a whole document

_PAGE = re.compile(r'<page width="([0-9.]+)" height="([0-9.]+)">')
_WORD = re.compile(
    r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*?)</word>', re.S
)

# line assembly, in units of the line's height
SAME_LINE = 0.5  # vertical overlap share for two words to be on one line
SPACE_GAP = 0.12  # a smaller gap between two words is no space (poppler split a cluster)
TAB_GAP = 2.5  # a wider gap is a column break
COLUMN_TOLERANCE = 3.0  # points: cell edges of two grids closer than this are the same column
# on a page that splits words after ำ, a smaller gap after ำ is no space: the missing า is ~0.24 of
# the line height wide, า plus a real space ~0.41 (fpdf2, TLWG fonts)
AM_GAP = 0.33
AM_SPLIT_SHARE = 0.5  # share of ำ ending a word with a near word after it that marks such a page
MIN_AM_SPLITS = 1  # poppler splits a word only at a gap: elsewhere ำ seldom ends a word before a close one

SARA_AM = "\u0e33"
# เลขหน้าที่หัว/ท้ายกระดาษ (a lone page number in a header or footer)
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*(?:หน้า\s*)?[0-9๐-๙]{1,3}\s*[-–]?\s*$")


@dataclass(slots=True)
class Word:
    """One word of pdftotext, its box from the top-left of the page in points."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    index: int = 0  # position in the content stream (pdftotext -raw)


@dataclass(slots=True)
class PopplerPage:
    """The words of one page."""

    width: float
    height: float
    words: list[Word] = field(default_factory=list)


def binary() -> str | None:
    """The pdftotext executable, or None."""
    return shutil.which("pdftotext")


def available() -> bool:
    """Whether pdftotext is installed."""
    return binary() is not None


class PopplerError(Exception):
    """pdftotext failed on the file."""


def parse_bbox(xhtml: str) -> list[PopplerPage]:
    """Pages and words of ``pdftotext -bbox`` output.

    >>> p = parse_bbox('<page width="10" height="20">\\n'
    ...                '<word xMin="1" yMin="2" xMax="3" yMax="4">ก&amp;ข</word>')
    >>> p[0].words[0].text, p[0].height
    ('ก&ข', 20.0)
    """
    pages: list[PopplerPage] = []
    starts = [(m.start(), m) for m in _PAGE.finditer(xhtml)]
    for k, (pos, m) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(xhtml)
        page = PopplerPage(float(m.group(1)), float(m.group(2)))
        for k, w in enumerate(_WORD.finditer(xhtml, pos, end)):
            page.words.append(
                Word(html.unescape(w.group(5)), float(w.group(1)), float(w.group(2)), float(w.group(3)),
                     float(w.group(4)), k)
            )
        pages.append(page)
    return pages


def read_words(path: Path, exe: str | None = None) -> list[PopplerPage]:
    """Every page's words, from one pdftotext process; raises PopplerError when it fails."""
    exe = exe or binary()
    if exe is None:
        raise PopplerError(MISSING)
    try:
        done = subprocess.run(
            [exe, "-q", "-raw", "-bbox", "-enc", "UTF-8", str(path), "-"],
            capture_output=True, timeout=TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise PopplerError(f"pdftotext failed: {e}") from e
    if done.returncode != 0:
        raise PopplerError(f"pdftotext failed (exit {done.returncode})")
    return parse_bbox(done.stdout.decode("utf-8", "replace"))


# --- lines ----------------------------------------------------------------------------------------


def splits_after_am(words: Sequence[Word]) -> bool:
    """Whether the page's text layer splits words after ำ (fpdf2: the า glyph of a shaped ำ has no
    text, so poppler sees a gap the width of า where there is none).

    ำ อยู่กลางคำเป็นส่วนใหญ่ (ดำเนิน สำนัก จำนวน): ถ้าคำที่ลงท้ายด้วย ำ แล้วมีคำถัดไปชิดกันเกินครึ่งของ ำ ทั้งหมด
    แสดงว่า producer ตัดคำที่ ำ (most ำ are inside words: when most end a word with a near neighbour,
    the producer split them)
    """
    ams = sum(w.text.count(SARA_AM) for w in words)
    if ams < MIN_AM_SPLITS:
        return False
    ends = [w for w in words if w.text.endswith(SARA_AM)]
    split = 0
    for w in ends:
        height = max(w.bottom - w.top, 1.0)
        if any(abs(v.top - w.top) < 0.3 * height and 0 <= v.x0 - w.x1 < AM_GAP * height
               and "\u0e01" <= v.text[:1] <= "\u0e4e" for v in words):
            split += 1
    return split >= MIN_AM_SPLITS and split >= AM_SPLIT_SHARE * ams


def _is_marks(text: str) -> bool:
    """Only Thai marks, private-use forms of them included (legacy fonts draw tone marks as U+F70A…)."""
    return bool(text) and all(ch in THAI_MARKS or ch == SARA_AM or PUA_MAP.get(ch, "x") in THAI_MARKS
                              for ch in text)


def attach_marks(words: Sequence[Word]) -> list[Word]:
    """Words that are only Thai marks joined to the word before them in the content stream.

    poppler gives a mark drawn apart from its base (a shaped tone mark over a consonant with an upper
    vowel, LibreOffice "ขึ" + "้" + "น") as a word of its own, boxed after its base: sorted by x it
    would land after the next consonant ("ขึน้"); the stream order is the text order.

    >>> [w.text for w in attach_marks([Word("ขึ", 0, 0, 5, 10, 0), Word("้", 5.4, 0, 5.4, 10, 1),
    ...                                Word("น", 5, 0, 10, 10, 2)])]
    ['ขึ้', 'น']
    """
    out: list[Word] = []
    for w in sorted(words, key=lambda w: w.index):
        prev = out[-1] if out else None
        if prev is not None and _is_marks(w.text) and min(prev.bottom, w.bottom) > max(prev.top, w.top):
            out[-1] = Word(prev.text + w.text, min(prev.x0, w.x0), min(prev.top, w.top), max(prev.x1, w.x1),
                           max(prev.bottom, w.bottom), prev.index)
        else:
            out.append(w)
    return out


def word_runs(words: Sequence[Word], am_split: bool = False) -> list[TextRun]:
    """Words grouped into lines (top to bottom), joined by gaps: none, space or tab.

    >>> words = [Word("คำ", 0, 0, 10, 10), Word("รับ", 10.5, 0, 20, 10), Word("x", 60, 1, 65, 10)]
    >>> [r.text for r in word_runs(words)]
    ['คำรับ\\tx']
    """
    lines: list[list[Word]] = []
    for w in sorted(attach_marks(words), key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        if lines:
            ref = lines[-1]
            top, bottom = min(x.top for x in ref), max(x.bottom for x in ref)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= SAME_LINE * min(bottom - top, w.bottom - w.top):
                ref.append(w)
                continue
        lines.append([w])
    runs: list[TextRun] = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        height = statistics.median(w.bottom - w.top for w in line) or 1.0
        parts: list[str] = []
        prev: Word | None = None
        for w in line:
            if prev is not None:
                gap = w.x0 - prev.x1
                joined = (am_split and prev.text.endswith(SARA_AM) and gap < AM_GAP * height
                          and "\u0e01" <= w.text[:1] <= "\u0e4e")
                space = gap > SPACE_GAP * height and not joined
                parts.append("\t" if gap > TAB_GAP * height else " " if space else "")
            parts.append(w.text)
            prev = w
        raw = "".join(parts)
        box = (min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line),
               max(w.bottom for w in line))
        runs.append(TextRun(raw, repair_layer(raw), box))
    return runs


def _inside(w: Word, box: BBox) -> bool:
    x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


Columns = tuple[tuple[float, float], ...]  # x0, x1 of each cell slot of a ruled row


@dataclass(slots=True)
class EdgeRow:
    """A ruled table row that is the first or last line of its page, with its grid's columns."""

    line: int  # 1-based line number on its page
    columns: Columns
    first_of_grid: bool
    last_of_grid: bool


def _columns(row: Sequence[BBox | None]) -> Columns:
    return tuple((c[0], c[2]) if c else (-1.0, -1.0) for c in row)


def page_lines(
    page: PopplerPage, tables: Sequence[TableGrid], page_no: int, am_split: bool | None = None,
    edges: list[EdgeRow] | None = None, settings: LineSettings = LINES,
    carry: list[unruled.Columns | None] | None = None,
) -> list[Line]:
    """Lines of one page in reading order; a table row is one line of tab-separated cells.

    Tables come from ruling lines (``tables``), then from column alignment among the other words
    (:func:`extractors.unruled.find_tables`).
    ``am_split``: the document splits words after ำ (:func:`splits_after_am`); None: judge this page.
    ``edges``, when given, receives the table rows that are the page's first and last lines.
    ``carry``, when given, holds one item: in, the columns of an unruled table that ended the
    previous page (or None); out, those of the unruled table that ends this page (or None).
    """
    items: list[pdf_text.PlacedLine] = []
    rows: dict[int, tuple[Columns, bool, bool]] = {}  # id of a one-line row item -> its grid
    free = list(page.words)
    if am_split is None:
        am_split = splits_after_am(free)
    for grid in tables:
        taken = [w for w in free if _inside(w, grid.bbox)]
        if not taken:
            continue
        free = [w for w in free if not _inside(w, grid.bbox)]
        for row in grid.rows:
            cells = [word_runs([w for w in taken if _inside(w, cell)], am_split) if cell else []
                     for cell in row]
            rights = [max((r.bbox[2] for r in runs), default=0.0) for runs in cells]
            got = pdf_text.row_items(cells, rights, settings)
            if len(got) == 1:
                rows[id(got[0])] = (_columns(row), row is grid.rows[0], row is grid.rows[-1])
            items.extend(got)
    attached = attach_marks(free)
    found = unruled.find_tables(attached, carry=carry[0] if carry else None)
    if found:
        free = attached
    last_table: set[int] = set()  # ids of the items of the last unruled table
    for table in found:
        taken_ids = {id(w) for row in table.rows for col in row for w in col}
        free = [w for w in free if id(w) not in taken_ids]
        last_table = set()
        for trow in table.rows:
            cells = [word_runs(ws, am_split) if ws else [] for ws in trow]
            rights = [max((r.bbox[2] for r in runs), default=0.0) for runs in cells]
            got = pdf_text.row_items(cells, rights, settings)
            if len(got) == 1:
                rows[id(got[0])] = (table.columns, trow is table.rows[0], trow is table.rows[-1])
            last_table.update(id(g) for g in got)
            items.extend(got)
    items.extend(pdf_text.paragraphs(word_runs(free, am_split), settings))
    items.sort(key=lambda p: (p.bbox[1], p.bbox[0]))  # number_lines' order
    if carry is not None:
        kept = [it for it in items if not _PAGE_NUMBER.match(it.text)]
        carry[0] = found[-1].model if found and kept and id(kept[-1]) in last_table else None
    if edges is not None:
        content = [k for k, it in enumerate(items) if not _PAGE_NUMBER.match(it.text)]
        for k in {content[0], content[-1]} if content else set():
            if id(items[k]) in rows:
                edges.append(EdgeRow(k + 1, *rows[id(items[k])]))
    return pdf_text.number_lines(items, page_no, "text_layer")


@dataclass(slots=True)
class PageRead:
    """One page read by poppler: its lines, the judgement, and a warning when a map was undone."""

    lines: list[Line]
    quality: pdf_text.LayerQuality
    orthography: Orthography
    warning: str | None = None


def _relined(lines: list[Line], fix: Callable[[str], str]) -> list[Line]:
    return [dataclasses.replace(ln, text=fix(ln.text), cells=tuple(fix(c) for c in ln.cells)) for ln in lines]


def read_page(
    page: PopplerPage, tables: Sequence[TableGrid], page_no: int, am_split: bool | None = None,
    edges: list[EdgeRow] | None = None, settings: LineSettings = LINES,
    carry: list[unruled.Columns | None] | None = None,
) -> PageRead:
    """Lines of one page, repaired and judged.

    Fixed producer maps are undone and warned about: every า printed as ำ, and ้ and ู given each
    other's codes (WeasyPrint with TLWG fonts), each confirmed by the dictionary.
    """
    lines = page_lines(page, tables, page_no, am_split, edges, settings, carry)
    text = "\n".join(ln.text for ln in lines)
    ortho = judge_orthography(text)
    warnings: list[str] = []
    if ortho.verdict == "repairable":
        lines = _relined(lines, undo_am_for_aa)
        warnings.append(
            f"page {page_no}: text layer prints every SARA AA as SARA AM (a producer's font map); undone"
        )
    elif ortho.verdict == "usable" and undo_mark_swap(text)[1]:
        lines = _relined(lines, lambda t: swap_marks(t)[0])
        warnings.append(
            f"page {page_no}: text layer gives MAI THO and SARA UU each other's codes "
            "(a producer's font map); undone by dictionary"
        )
    text = "\n".join(ln.text for ln in lines)
    quality = pdf_text.judge_layer(text)
    if quality.ok and ortho.verdict == "unusable":
        quality = pdf_text.LayerQuality(
            quality.letters, quality.thai_share, quality.junk_share, quality.bad_syllables,
            quality.latin_words, ortho.problem,
        )
    return PageRead(lines, quality, ortho, "; ".join(warnings) or None)


ENGINE_VARIABLE = "THAIREPORT_PDF_ENGINE"  # "pdfium" reads text layers by PDFium only (measurements)


class Engine:
    """The poppler engine for one document: :meth:`page` reads its pages in order; ``warnings`` collects
    what it has to say (the caller shares the list)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: dict[str, Any] = {}
        self.warnings: list[str] = []

    def page(
        self, index: int, page: pdfium.PdfPage, settings: PdfSettings | None = None
    ) -> tuple[list[Line], pdf_text.LayerQuality] | None:
        """Page ``index`` read by poppler (:func:`text_page`); None: read it with PDFium."""
        lines, tables = (settings.lines, settings.tables) if settings else (LINES, TABLES)
        return text_page(self.path, index, page, self.cache, self.warnings, lines, tables)


def text_page(
    path: Path, index: int, page: pdfium.PdfPage, cache: dict[str, Any], warnings: list[str],
    settings: LineSettings = LINES, table_settings: TableSettings = TABLES,
) -> tuple[list[Line], pdf_text.LayerQuality] | None:
    """Page ``index`` (0-based) read by poppler, with its judgement; None where poppler cannot be used.

    The whole document is read by one pdftotext process on the first call and kept in ``cache``.
    Without pdftotext (or when it fails) a warning is added once and None returned: the caller reads
    the page with PDFium.
    """
    if os.environ.get(ENGINE_VARIABLE, "").lower() == "pdfium":
        return None
    if "poppler" not in cache:
        try:
            cache["poppler"] = read_words(path)
        except PopplerError as e:
            cache["poppler"] = None
            warnings.append(str(e) if str(e) == MISSING else f"{e}; PDF text layers read by PDFium instead")
    pages: list[PopplerPage] | None = cache["poppler"]
    if pages is None or index >= len(pages):
        return None
    if "poppler_marks_lost" not in cache:  # poppler would drop the tone marks: PDFium reads the document
        doc = page.pdf
        # an engine choice, nothing lost: no warning
        cache["poppler_marks_lost"] = any(substitute_marks(doc[i]) for i in range(len(doc)))
    if cache["poppler_marks_lost"]:
        return None
    words = pages[index].words
    tables = pdf_text.find_tables(pdf_text.ruling_edges(page), table_settings) if words else []
    if "poppler_am_split" not in cache:  # judged once for the document: its fonts are the same throughout
        splits = [splits_after_am(p.words) for p in pages
                  if sum(w.text.count(SARA_AM) for w in p.words) >= MIN_AM_SPLITS]
        cache["poppler_am_split"] = bool(splits) and sum(splits) > len(splits) / 2
    edges: list[EdgeRow] = []
    carry = [cache.pop("unruled_carry", None)]  # an unruled table that ended the previous page
    got = read_page(pages[index], tables, index + 1, cache["poppler_am_split"], edges, settings, carry)
    if got.quality.ok:
        cache["unruled_carry"] = carry[0]
    if got.warning:
        warnings.append(got.warning)
    lines = got.lines
    tail = cache.pop("poppler_tail", None)  # the previous page's last row, when a ruled row
    if not got.quality.ok:
        return lines, got.quality
    edges.sort(key=lambda e: e.line)
    joined = False
    if tail is not None and edges and edges[0].line == 1:
        kept = continue_row(tail[0], tail[1], lines, edges[0])
        joined, lines = len(kept) < len(lines), kept
    if edges and edges[-1].last_of_grid:
        if joined and edges[-1].line == 1:
            cache["poppler_tail"] = tail  # the whole page continued the row: it may go on
        elif not joined or edges[-1].line > 1:
            cache["poppler_tail"] = (lines, dataclasses.replace(edges[-1], line=edges[-1].line - joined))
    return lines, got.quality


# วรรณยุกต์ที่ฟอนต์ (ToUnicode ผิด) ส่งออกเป็นรหัสละติน: PDFium ได้รหัสนั้น แล้ว pdf_text แปลงกลับด้วยตำแหน่ง
# ส่วน poppler ทิ้งไปเลย ("รวมทังสิน"): เอกสารแบบนี้ให้ PDFium อ่าน
# (tone marks a broken ToUnicode map gives Latin codes: PDFium keeps the code and pdf_text restores
# the mark by its position, poppler drops it; such a document is read by PDFium)
_SUBSTITUTE_IN_THAI = re.compile(r"(?<=[\u0e01-\u0e4e])[\u00c9-\u00cd\x1a1](?=[\u0e01-\u0e4e])")
MIN_SUBSTITUTES = 3


def substitute_marks(page: pdfium.PdfPage) -> bool:
    """Whether the page's text (PDFium) writes tone marks as Latin codes between Thai letters."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return len(_SUBSTITUTE_IN_THAI.findall(text)) >= MIN_SUBSTITUTES


_FIGURE = re.compile(r"^[\s(]*[-+]?[0-9๐-๙][0-9๐-๙,.]*\s*%?[\s)]*$")


def continue_row(before: list[Line], last: EdgeRow, lines: list[Line], first: EdgeRow) -> list[Line]:
    """Join a table row the producer split over a page break; ``before`` (the previous page's lines,
    already handed out) gets the joined row in place, the page's lines are returned without it.

    The row at the top of the page continues the row at the foot of the previous page when both are
    ruled rows of grids with the same columns (the last row of one, the first of the next), every
    cell it fills continues text of the same column (a figure never continues, nor continues a
    figure: a new row has its own number, weight or score), and it leaves empty a cell that the row
    before filled (the cells that ended before the break; a new row fills them all again). A grid's
    only row at the foot of a page is taken as a header left there, and nothing is joined to it.
    LibreOffice and Chromium split tall rows so, with text in the first cell, which
    :func:`extractors.ocr_text.merge_continuations` keeps apart.
    """
    if not (last.last_of_grid and first.first_of_grid) or len(last.columns) != len(first.columns):
        return lines
    if last.first_of_grid:
        return lines  # a table's first row alone at the foot of a page is its header, never cut
    if any(abs(a[0] - b[0]) > COLUMN_TOLERANCE or abs(a[1] - b[1]) > COLUMN_TOLERANCE
           for a, b in zip(last.columns, first.columns, strict=True)):
        return lines
    prev, cur = before[last.line - 1], lines[0]
    a, b = prev.text.split("\t"), cur.text.split("\t")
    if len(a) != len(b) or not any(b):
        return lines
    for x, y in zip(a, b, strict=True):
        if y and (not x or _FIGURE.match(x) or _FIGURE.match(y)):
            return lines
    if all(y for x, y in zip(a, b, strict=True) if x):
        return lines  # every cell filled again: a new row (a split row leaves its finished cells empty)
    cells = tuple(join_wrapped(x, y) if x and y else x or y for x, y in zip(a, b, strict=True))
    before[last.line - 1] = dataclasses.replace(
        prev, text="\t".join(cells), cells=cells if prev.cells else (), raw=f"{prev.raw}\n{cur.raw}"
    )
    return [dataclasses.replace(ln, line=n) for n, ln in enumerate(lines[1:], start=1)]
