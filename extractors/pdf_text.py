"""Text-layer pages: lines of characters (:mod:`extractors.pdf_chars`) into cells, paragraphs, pages.

Cells of ruled tables (pdfplumber's table finder on the page's ruling edges) become rows of cells
(:class:`PlacedLine`, then :class:`~extractors.records.Line` with its cells); the lines of a wrapped
cell or paragraph are joined. Scans (:mod:`extractors.ocr`) use the same cell and paragraph rules.

:func:`judge_layer` scores a page's repaired text so that :mod:`extractors.pdf` can fall back to OCR
for pages whose text layer is empty or lies (Latin OCR junk, unmapped glyphs, broken syllables).

Bounding boxes are ``(x0, top, x1, bottom)`` in PDF points from the top-left of the page, as in
pdfplumber.

Over 500 lines: the page's line building (ruled cells, unruled tables by :mod:`extractors.unruled`
with the words of :func:`char_words`, paragraphs) and the layer judgement are one reading of a page
that both engines share; split them when another engine needs only part of it.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors import pdf_chars, unruled
from extractors.pdf_chars import Char as Char
from extractors.pdf_chars import TextRun as TextRun
from extractors.pdf_chars import assemble_lines as assemble_lines
from extractors.pdf_chars import page_chars as page_chars
from extractors.records import BBox, Line, SourceKind
from extractors.settings import LINES, TABLES, LineSettings, TableSettings
from normalizers.text import clean, join_wrapped
from normalizers.thai_layer import DANGLING_MARK, LEADING_VOWEL_ALONE, TWO_TONES

# --- Data tables ----------------------------------------------------------------------------------

# line assembly is tuned by extractors.settings.LineSettings, in units of the line's height (loose
# character box: ascent + descent); table finding by TableSettings

# a continuation line of a wrapped cell that starts a new item (bullet, "(1)", "1.", "ก.")
LIST_ITEM = re.compile(r"^\s*(?:[-•●○▪■◆*–]|\(?[0-9๐-๙]{1,2}[.)]|[ก-ฮ][.)])\s*")

def clean_cells(text: str) -> str:
    """:func:`normalizers.text.clean` applied to each tab- and newline-separated piece."""
    return "\n".join("\t".join(clean(cell).strip() for cell in part.split("\t")) for part in text.split("\n"))


def join_cell_lines(pieces: Iterable[str], breaks: Sequence[bool] | None = None) -> str:
    """Join the lines of a wrapped table cell: Thai to Thai with no space, a list item on a new line.

    ``breaks[i]``, when given, says whether the layout shows that line ``i`` starts a new item (the
    line before it ends short of the cell's edge, :func:`starts_item`).

    >>> join_cell_lines(["- ตัวชี้วัด : ร้อยละของเรื่อง", "ที่ดำเนินการ", "- ตัวชี้วัด : จำนวน"])
    '- ตัวชี้วัด : ร้อยละของเรื่องที่ดำเนินการ\\n- ตัวชี้วัด : จำนวน'
    """
    out = ""
    for k, piece in enumerate(pieces):
        piece = piece.strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif (breaks[k] if breaks is not None else LIST_ITEM.match(piece)):
            out = f"{out}\n{piece}"
        else:
            head, _, tail = out.rpartition("\n")
            out = (head + "\n" if _ else "") + join_wrapped(tail, piece)
    return out


# a number that opens a wrapped line but is a figure, not an item number ("55.63 ตารางวา")
_DECIMAL_START = re.compile(r"^\s*[0-9๐-๙]+[.,][0-9๐-๙]{2,}")


def starts_item(prev: TextRun, run: TextRun, right: float) -> bool:
    """Whether ``run``, the line under ``prev`` in a block whose text ends at ``right``, starts a new
    item (paragraph, list item) rather than continuing a line the producer wrapped.

    A wrapped line is full: the first word of the next line would not have fitted after it. A line
    that starts with a bullet or an item number starts an item even after a full line, unless the
    number is a figure with decimals.
    """
    text = run.text.strip()
    if not text:
        return False
    first = text.split()[0]
    width = run.bbox[2] - run.bbox[0]
    em = max(run.bbox[3] - run.bbox[1], 1.0)
    first_width = width * len(first) / max(len(text), 1)
    if right - prev.bbox[2] > first_width + em:
        return True  # the line before ends short: a paragraph or item ended there
    return bool(LIST_ITEM.match(text)) and not _DECIMAL_START.match(text)


def _item_breaks(runs: Sequence[TextRun], right: float) -> list[bool]:
    return [k > 0 and starts_item(runs[k - 1], run, right) for k, run in enumerate(runs)]


# --- Tables ---------------------------------------------------------------------------------------


def _segment_points(obj: pdfium.PdfObject) -> list[list[tuple[float, float]]]:
    """Sub-paths of a path object as point lists in the object's space (closed ones closed)."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([(x.value, y.value)])
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            subpaths[-1].append((x.value, y.value))
        else:  # a curve breaks the straight run
            subpaths.append([(x.value, y.value)])
        if pdfium_c.FPDFPathSegment_GetClose(seg) and len(subpaths[-1]) > 1:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal (``"h"``) or vertical (``"v"``) ruling piece, in points from the top-left."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float

    def as_pdfplumber(self) -> dict[str, Any]:
        """The edge as pdfplumber's table finder takes it."""
        return {
            "object_type": "line",
            "orientation": self.orientation,
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "doctop": self.top,
            "width": self.x1 - self.x0,
            "height": self.bottom - self.top,
        }


def ruling_edges(page: pdfium.PdfPage) -> list[Edge]:
    """Horizontal and vertical straight path segments of a page, as :class:`Edge` records.

    Read from PDFium's page objects (forms included), so pdfplumber's table algorithm runs without
    pdfminer parsing the page: ~1 ms a page instead of ~250 ms.
    """
    height = page.get_height()
    edges: list[Edge] = []
    chain: list[pdfium.PdfMatrix] = []  # matrices of the enclosing forms, outermost first
    for obj in page.get_objects(max_depth=3):
        del chain[obj.level :]
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            chain.append(obj.get_matrix())
            continue
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        matrices = [obj.get_matrix(), *reversed(chain)]
        for points in _segment_points(obj):
            page_pts = []
            for px, py in points:
                for m in matrices:
                    px, py = m.on_point(px, py)
                page_pts.append((px, height - py))
            for (x0, y0), (x1, y1) in itertools.pairwise(page_pts):
                if abs(y0 - y1) <= 0.5 < abs(x0 - x1):
                    top = (y0 + y1) / 2
                    edges.append(Edge("h", min(x0, x1), top, max(x0, x1), top))
                elif abs(x0 - x1) <= 0.5 < abs(y0 - y1):
                    left = (x0 + x1) / 2
                    edges.append(Edge("v", left, min(y0, y1), left, max(y0, y1)))
    return edges


@dataclass(slots=True)
class TableGrid:
    """Cell boxes of one ruled table, row by row (None where a merged cell covers the slot)."""

    bbox: BBox
    rows: list[list[BBox | None]]


def find_tables(edges: Sequence[Edge], settings: TableSettings = TABLES) -> list[TableGrid]:
    """Ruled tables with at least two cells, from edges, by pdfplumber's own cell algorithm."""
    from pdfplumber import table as pt
    from pdfplumber.utils.geometry import filter_edges

    if len(edges) < 4:
        return []
    tol = settings.tolerance
    plumber = [e.as_pdfplumber() for e in edges]
    merged = filter_edges(pt.merge_edges(plumber, tol, tol, tol, tol), min_length=settings.min_edge)
    cells = pt.intersections_to_cells(pt.edges_to_intersections(merged, tol, tol))
    grids: list[TableGrid] = []
    for group in pt.cells_to_tables(cells):
        if len(group) < 2:
            continue
        table = pt.Table(cast(Any, None), group)  # rows and bbox need only the cells
        rows = [[tuple(map(float, c)) if c is not None else None for c in row.cells] for row in table.rows]
        grids.append(TableGrid(tuple(map(float, table.bbox)), rows))  # type: ignore[arg-type]
    return grids


def round_box(box: BBox) -> BBox:
    """A box rounded to 1/100 point."""
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _inside(c: Char, box: BBox) -> bool:
    x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2 if not c.mark else c.baseline
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# --- Page -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """One line of a page before numbering: its cells, raw text and box (and each cell's box)."""

    cells: tuple[str, ...]
    raw: str
    bbox: BBox
    cell_bboxes: tuple[BBox | None, ...] = ()
    #: per cell, the OCR confidence of its figures (scans only; see records.Line)
    cell_confidences: tuple[float | None, ...] = ()

    @property
    def text(self) -> str:
        return "\t".join(self.cells)


def _cell_box(runs: Iterable[TextRun]) -> BBox | None:
    boxes = [r.bbox for r in runs]
    return round_box(_union(boxes)) if boxes else None


def number_lines(placed: Iterable[PlacedLine], page_no: int, source: SourceKind) -> list[Line]:
    """Lines of one page in reading order (top, then left), numbered from 1."""
    ordered = sorted(placed, key=lambda p: (p.bbox[1], p.bbox[0]))
    return [
        Line.of_cells(
            page_no, n, p.cells, p.raw, round_box(p.bbox), source, p.cell_bboxes, p.cell_confidences
        )
        for n, p in enumerate(ordered, start=1)
    ]


def _union(boxes: Iterable[BBox]) -> BBox:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


_FIGURE_LINE = re.compile(r"^[\s(]*(?:[-–]|[-+]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?%?)[\s)]*$")


def _has_sub_rows(cells: list[list[TextRun]], sub_row_gap: float) -> bool:
    """Whether a ruled row holds unruled sub-rows rather than cells whose text wraps.

    Sub-rows: two or more cells hold several lines, and in one of them the lines are set apart by a
    blank (each line belongs to its own sub-row, level with the first line of an item in another
    cell), or every line is a bare figure (a column of numbers does not wrap). Wrapped text runs
    from the top of each cell without blanks, whatever the line counts.
    """
    multi = [sorted(runs, key=lambda r: r.bbox[1]) for runs in cells if len(runs) > 1]
    if len(multi) < 2:
        return False
    for runs in multi:
        if all(_FIGURE_LINE.match(r.text) for r in runs):
            return True
        height = statistics.median(r.bbox[3] - r.bbox[1] for r in runs)
        if any(b.bbox[1] - a.bbox[3] > sub_row_gap * height for a, b in itertools.pairwise(runs)):
            return True
    return False


def row_items(
    cells: list[list[TextRun]], rights: Sequence[float] | None = None, settings: LineSettings = LINES
) -> list[PlacedLine]:
    """One ruled table row as lines of tab-separated cells.

    When the row has unruled sub-rows (:func:`_has_sub_rows`: a KPI table whose rows are separated
    by nothing but baselines), each band of lines becomes its own line. Otherwise the lines of a
    wrapped cell are joined (:func:`join_cell_lines`); ``rights``, the right edges of the cells' text
    areas, lets the layout tell a wrapped line from a new item.
    """
    if not any(cells):
        return []
    if not _has_sub_rows(cells, settings.sub_row_gap):
        texts = [
            join_cell_lines(
                (clean_cells(r.text.replace("\t", " ")) for r in runs),
                _item_breaks(runs, rights[col]) if rights is not None else None,
            )
            for col, runs in enumerate(cells)
        ]
        raws = ["\n".join(r.raw for r in runs) for runs in cells]
        box = _union(r.bbox for runs in cells for r in runs)
        return [PlacedLine(tuple(texts), "\t".join(raws), box, tuple(_cell_box(runs) for runs in cells))]
    placed = sorted(((r, col) for col, runs in enumerate(cells) for r in runs), key=lambda rc: rc[0].bbox[1])
    bands: list[list[tuple[TextRun, int]]] = []
    for run, col in placed:
        mid = (run.bbox[1] + run.bbox[3]) / 2
        if bands:
            first = bands[-1][0][0].bbox
            if first[1] <= mid <= first[3]:
                bands[-1].append((run, col))
                continue
        bands.append([(run, col)])
    items: list[PlacedLine] = []
    for band in bands:
        texts = [""] * len(cells)
        raws = [""] * len(cells)
        for run, col in sorted(band, key=lambda rc: rc[0].bbox[0]):
            texts[col] = join_wrapped(texts[col], clean_cells(run.text.replace("\t", " ")))
            raws[col] = f"{raws[col]} {run.raw}".strip()
        box = _union(r.bbox for r, _ in band)
        boxes = tuple(_cell_box(r for r, c in band if c == col) for col in range(len(cells)))
        items.append(PlacedLine(tuple(texts), "\t".join(raws), box, boxes))
    return items


def paragraphs(runs: Sequence[TextRun], settings: LineSettings = LINES) -> list[PlacedLine]:
    """Text lines outside tables, with the lines of a paragraph the producer wrapped joined.

    A line continues the one above it when it follows at the page's usual line pitch (no blank or
    paragraph spacing between), starts at the paragraph's left edge, neither holds a column break
    (tab), and :func:`starts_item` says it does not start an item; the text block's right edge is
    the widest line of the page.
    """
    live = sorted((r for r in runs if clean_cells(r.text).strip()), key=lambda r: (r.bbox[1], r.bbox[0]))
    right = max((r.bbox[2] for r in live if "\t" not in r.text), default=0.0)
    steps = [
        b.bbox[1] - a.bbox[1]
        for a, b in itertools.pairwise(live)
        if 0 < b.bbox[1] - a.bbox[1] < 2 * (a.bbox[3] - a.bbox[1])
    ]
    pitch = statistics.median(steps) if steps else 0.0
    items: list[PlacedLine] = []
    para: list[TextRun] = []

    def flush() -> None:
        if para:
            text = clean_cells(para[0].text)
            for r in para[1:]:
                text = join_wrapped(text, clean_cells(r.text))
            box = _union(r.bbox for r in para)
            # a joined paragraph is one cell; a line on its own keeps the column breaks (cells) that
            # assemble_lines found in its gaps
            cells = (text,) if len(para) > 1 else tuple(text.split("\t"))
            items.append(PlacedLine(cells, " ".join(r.raw for r in para), box))
            para.clear()

    for run in live:
        if para:
            prev = para[-1]
            em = max(prev.bbox[3] - prev.bbox[1], 1.0)
            joins = (
                "\t" not in prev.text
                and "\t" not in run.text
                and 0 < run.bbox[1] - prev.bbox[1] <= settings.paragraph_pitch * pitch
                and abs(run.bbox[0] - para[0].bbox[0]) < settings.paragraph_indent * em
                and not starts_item(prev, run, right)
            )
            if not joins:
                flush()
        para.append(run)
    flush()
    return items


def page_lines(
    chars: Sequence[Char], tables: Sequence[TableGrid], page_no: int, settings: LineSettings = LINES,
    carry: list[unruled.Columns | None] | None = None,
) -> list[Line]:
    """Lines of one text page in reading order; a table row is one line of cells.

    Tables come from ruling lines (``tables``). With ``carry`` (the caller opts in), also from
    column alignment among the other characters' words (:func:`char_words`,
    :func:`extractors.unruled.find_tables`), as on the poppler path; ``carry`` holds one item: in,
    the columns of an unruled table that ended the previous page (or None); out, those of the one
    that ends this page (or None). Not by default: PDFium reads the documents poppler cannot
    (tone marks lost), among them budget books whose "label … amount บาท" lists would become
    rows (docs/notes/i-unruled.md).
    """
    items: list[PlacedLine] = []
    free = list(chars)
    for grid in tables:
        taken = [c for c in free if _inside(c, grid.bbox)]
        if not taken:
            continue
        free = [c for c in free if not _inside(c, grid.bbox)]
        for row in grid.rows:
            cells = [
                assemble_lines([c for c in taken if _inside(c, cell)], settings) if cell else []
                for cell in row
            ]
            # the text of a cell ends at its widest line (the cell's padding is unknown)
            rights = [max((r.bbox[2] for r in runs), default=0.0) for runs in cells]
            items.extend(row_items(cells, rights, settings))
    found = unruled.find_tables(char_words(free, settings), carry=carry[0]) if carry is not None else []
    last_table: set[int] = set()  # ids of the items of the last unruled table
    for table in found:
        used = {id(c) for row in table.rows for col in row for w in col for c in w.chars}
        free = [c for c in free if id(c) not in used]
        last_table = set()
        for trow in table.rows:
            cells = [assemble_lines([c for w in col for c in w.chars], settings) if col else []
                     for col in trow]
            rights = [max((r.bbox[2] for r in runs), default=0.0) for runs in cells]
            got = row_items(cells, rights, settings)
            last_table.update(id(g) for g in got)
            items.extend(got)
    items.extend(paragraphs(assemble_lines(free, settings), settings))
    if carry is not None:
        kept = sorted((it for it in items if not _PAGE_NUMBER.match(it.text)),
                      key=lambda p: (p.bbox[1], p.bbox[0]))
        carry[0] = found[-1].model if found and kept and id(kept[-1]) in last_table else None
    return number_lines(items, page_no, "text_layer")


# เลขหน้าที่หัว/ท้ายกระดาษ (a lone page number in a header or footer)
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*(?:หน้า\s*)?[0-9๐-๙]{1,3}\s*[-–]?\s*$")


@dataclass(frozen=True, slots=True)
class CharWord:
    """The characters of one word (split at spaces and at gaps wider than a space), with its box,
    as :mod:`extractors.unruled` takes words."""

    chars: tuple[Char, ...]
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def char_words(chars: Sequence[Char], settings: LineSettings = LINES) -> list[CharWord]:
    """Words of a page's characters, marks on their bases (:func:`extractors.pdf_chars.assemble_lines`'
    baselines, clusters and space rule)."""
    out: list[CharWord] = []
    for row in pdf_chars._group_baselines(chars, settings.baseline_tolerance):
        clusters = pdf_chars._attach_marks(row, settings.previous_overlap)
        height = statistics.median(cl.base.bottom - cl.base.top for cl in clusters) or 1.0
        words: list[list[pdf_chars._Cluster]] = []
        gap_before = True
        for cl in clusters:
            if cl.base.ch.isspace():
                gap_before = True
                continue
            if words and not gap_before and cl.base.x0 - words[-1][-1].base.x1 <= settings.space_gap * height:
                words[-1].append(cl)
            else:
                words.append([cl])
            gap_before = False
        for w in words:
            cs = tuple(c for cl in w for c in (cl.base, *cl.marks))
            # boxes of one line's height over its baseline: glyph boxes differ letter by letter,
            # and the rows are told apart by the steps between lines
            base = statistics.median(cl.base.baseline for cl in w)
            x0, x1 = min(cl.base.x0 for cl in w), max(cl.base.x1 for cl in w)
            out.append(CharWord(cs, "".join(c.ch for c in cs), x0, base - height, x1, base))
    return out


# --- Judging a text layer -------------------------------------------------------------------------

_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e4e]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# อักขระที่บอกว่าแปลงรหัสไม่ได้ (unmappable glyphs: replacement, control, unmapped PUA)
_JUNK = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff]")
# อักษรละตินแทรกกลางคำไทย เช่น "Ļ" แทน ำ (a Latin letter between Thai letters: a lying ToUnicode map)
_LATIN_IN_THAI = re.compile(r"(?<=[\u0e01-\u0e4e])[A-Za-z\u00c0-\u024f](?=[\u0e01-\u0e4e])")
# ลำดับที่เป็นไปไม่ได้ในพยางค์ไทย (sequences no Thai syllable has): a mark with no base, two tone
# marks, a leading vowel not followed by a consonant, a vowel after a tone mark
_BAD_SYLLABLE = re.compile(
    DANGLING_MARK + "|" + TWO_TONES + "|" + LEADING_VOWEL_ALONE
    + r"|[\u0e48-\u0e4b][\u0e31\u0e34-\u0e39\u0e47]"
)
# a Latin word a person could have typed (not OCR junk like "()'W'Wn';i\\lln~:w")
_LATIN_WORD = re.compile(r"^[(\"'“]?(?:[A-Za-z][a-z]+|[A-Z]{2,}|[A-Za-z]\.|[0-9][0-9.,/:-]*)[)\"'”.,;:!?]*$")

MIN_THAI_SHARE = 0.5  # below: a Latin page, judged by its words
MAX_JUNK = 0.03  # unmappable characters per letter
MAX_BAD_SYLLABLES = 0.04  # impossible sequences per Thai letter
MIN_LATIN_WORDS = 0.6  # share of Latin tokens that look like words


@dataclass(frozen=True, slots=True)
class LayerQuality:
    """Scores of one page's repaired text layer; ``problem`` is None when the layer can be used."""

    letters: int
    thai_share: float
    junk_share: float
    bad_syllables: float
    latin_words: float
    problem: str | None

    @property
    def ok(self) -> bool:
        """Whether the text layer is usable."""
        return self.problem is None


def judge_layer(text: str) -> LayerQuality:
    """Score a page's text: Thai share, unmappable glyphs, impossible syllables, Latin word shape.

    >>> judge_layer("ผลสัมฤทธิ์และประโยชน์ที่คาดว่าจะได้รับ").problem is None
    True
    >>> judge_layer("CO)oMd ()'W'Wn';i\\\\lln~:w , ll6lJ1\\\\1:WVi1'W1~ b6lJGlUeJ:W'l.h1U~Gl';iW1tJ").problem
    'Latin junk'
    >>> judge_layer("").problem
    'empty'
    """
    thai = len(_THAI_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    junk = len(_JUNK.findall(text))
    latin_in_thai = len(_LATIN_IN_THAI.findall(text))
    letters = thai + latin
    if letters + junk == 0:
        return LayerQuality(0, 0.0, 0.0, 0.0, 0.0, "empty")
    thai_share = thai / letters if letters else 0.0
    junk_share = junk / max(letters, 1)
    bad = len(_BAD_SYLLABLE.findall(unicodedata.normalize("NFC", text))) / thai if thai else 0.0
    tokens = [t for t in text.split() if _LATIN_LETTER.search(t)]
    words = sum(1 for t in tokens if _LATIN_WORD.match(t)) / len(tokens) if tokens else 1.0
    problem: str | None = None
    if thai and latin_in_thai / thai > MAX_JUNK:
        problem = "Latin letters inside Thai words"
    elif junk_share > MAX_JUNK:
        problem = "unmapped glyphs"
    elif thai_share < MIN_THAI_SHARE and words < MIN_LATIN_WORDS:
        problem = "Latin junk"
    elif thai_share >= MIN_THAI_SHARE and bad > MAX_BAD_SYLLABLES:
        problem = "broken Thai syllables"
    return LayerQuality(
        letters, round(thai_share, 3), round(junk_share, 3), round(bad, 3), round(words, 3), problem
    )
