"""Image pages: render with PDFium, recognise with Tesseract, rebuild lines.

One single-threaded Tesseract per worker thread (``OMP_THREAD_LIMIT=1``), a small pool of them: on
2 cores this is ~10x faster than letting Tesseract thread itself. Tesseract runs in this process
with its models kept loaded (:mod:`extractors.tess_api`, the system's libtesseract), or as one
``tesseract`` process per page where the library cannot be loaded; the words are the same.
Output is TSV (one row per word with its box), grouped into lines by Tesseract's own block /
paragraph / line numbers; words are joined by their gaps (Thai words touch, a real space is a
visible gap, a wide gap is a column).

Known limits of Debian's ``tha`` model: its character set has no ๔ ๖ ๗ ๘ ๙, so Thai-digit numbers
on scans come out wrong; they are re-read from the glyph shapes (:func:`reread_digits`,
:mod:`extractors.ocr_digits`; the line's ``raw`` keeps Tesseract's text). It drops tone marks and
writes SARA AM decomposed (repaired by ``clean``).

Bounding boxes are ``(x0, top, x1, bottom)`` in PDF points from the top-left of the page, like the
text layer's.

A page's steps in order (render, prepare, grid, Tesseract, re-reads, rows) stay in this one module
(~550 lines): page preparation and the grid are in :mod:`extractors.scan_grid`, the numeric cells'
vote in :mod:`extractors.ocr_numbers`, the glyph templates in :mod:`extractors.ocr_digits`.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import statistics
import subprocess
from collections import Counter, deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extractors import ocr_digits, ocr_empty, ocr_numbers, pdf_text, scan_grid, tess_api
from extractors.ocr_digits import Gray
from extractors.readers import PageProgress
from extractors.records import BBox, Line
from extractors.scan_grid import find_rulings
from extractors.settings import LINES, OCR, TABLES, LineSettings, OcrSettings, TableSettings
from normalizers.text import drop_latin_in_thai

MISSING_DIGITS = "๔๖๗๘๙"  # not in the tha model's character set

_THAI = re.compile(r"[\u0e01-\u0e4e]")


class OcrError(Exception):
    """Tesseract failed on a page; the message is one line."""


def tesseract_binary() -> str | None:
    """Path of the ``tesseract`` command, or None when it is not installed."""
    return shutil.which("tesseract")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of Tesseract's TSV, box in pixels."""

    key: tuple[int, int, int]
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str
    raw: str = ""  # Tesseract's text when ``text`` was re-read (extractors.ocr_digits)
    glyphs: bool = False  # ``text`` is the glyph templates' reading (reread_digits), not Tesseract's

    @property
    def tesseract_text(self) -> str:
        return self.raw or self.text


def parse_tsv(tsv: str, settings: OcrSettings = OCR) -> list[Word]:
    """Words of a Tesseract TSV (level 5 rows with text).

    >>> rows = "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\t"
    >>> rows += "left\\ttop\\twidth\\theight\\tconf\\ttext\\n"
    >>> rows += "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t40\\t91.5\\tตัวชี้วัด\\n"
    >>> parse_tsv(rows)[0].text, parse_tsv(rows)[0].key
    ('ตัวชี้วัด', (1, 1, 1))
    >>> [(w.text, w.raw) for t in ("»28.261", "“2564”") for w in parse_tsv(rows.replace("ตัวชี้วัด", t))]
    [('28.261', '»28.261'), ('“2564”', '')]
    """
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        conf = float(cols[10])
        if conf < settings.min_confidence:
            continue
        text = cols[11].strip()
        figure = _QUOTED_FIGURE.fullmatch(text)
        words.append(
            Word(
                (int(cols[2]), int(cols[3]), int(cols[4])),
                int(cols[6]),
                int(cols[7]),
                int(cols[8]),
                int(cols[9]),
                conf,
                (figure.group(1) or figure.group(2)) if figure else text,
                text if figure else "",
            )
        )
    return words


#: a figure with a quote or guillemet glued on one side ("»28.261": a speck by the figure read as a
#: mark); the mark is dropped from the text, the raw keeps it. Quotes on both sides are kept.
_QUOTED_FIGURE = re.compile(
    r"(?:[»«“”‘’\"'`]+([0-9๐-๙][0-9๐-๙.,]*%?)|([0-9๐-๙][0-9๐-๙.,]*%?)[»«“”‘’\"'`]+)")


def _join_words(ws: Sequence[Word], settings: OcrSettings, *, tabs: bool, raw: bool = False) -> str:
    """Words of one line joined by their gaps: nothing, a space, or (``tabs``) a column break.

    ``raw``: Tesseract's own text of each word, not the re-read digits (the line's provenance).
    """
    ws = sorted(ws, key=lambda w: w.left)
    height = statistics.median(w.height for w in ws) or 1
    parts: list[str] = []
    for prev, w in zip([None, *ws[:-1]], ws, strict=True):
        if prev is not None:
            gap = w.left - (prev.left + prev.width)
            thai = _THAI.match(prev.text[-1]) is not None and _THAI.match(w.text[0]) is not None
            space = (settings.thai_space_gap if thai else settings.space_gap) * height
            parts.append("\t" if tabs and gap > settings.tab_gap * height else " " if gap > space else "")
        parts.append(w.tesseract_text if raw else w.text)
    return "".join(parts) if raw else drop_latin_in_thai("".join(parts))


def _box(ws: Sequence[Word], scale: float) -> BBox:
    return (
        min(w.left for w in ws) * scale,
        min(w.top for w in ws) * scale,
        max(w.left + w.width for w in ws) * scale,
        max(w.top + w.height for w in ws) * scale,
    )


def _by_line(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped by Tesseract's line numbers, lines top to bottom."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(w.key, []).append(w)
    return sorted(groups.values(), key=lambda ws: (min(w.top for w in ws), min(w.left for w in ws)))


def drop_junk(words: Sequence[Word], settings: OcrSettings = OCR) -> list[Word]:
    """Words left after specks and speck lines.

    Tesseract reads grain, ruling-line remnants and the tone marks of a line it could not place as
    tiny one- or two-letter words ("a", "va", "๑"): a line whose words are much shorter than the
    page's words (median height) or barely recognised (mean confidence) is dropped whole, and so is
    a low-confidence word much shorter than the page's words inside a good line.
    """
    if not words:
        return []
    height = statistics.median(w.height for w in words)
    kept: list[Word] = []
    for ws in _by_line(words):
        ws = [w for w in ws if w.conf >= settings.junk_conf or w.height >= settings.junk_height * height]
        if not ws or statistics.median(w.height for w in ws) < settings.junk_line_height * height:
            continue
        if statistics.mean(w.conf for w in ws) >= settings.junk_line_conf:
            kept.extend(ws)
    return kept


def words_to_lines(
    words: Sequence[Word],
    page: int,
    scale: float,
    tables: Sequence[pdf_text.TableGrid] = (),
    settings: OcrSettings = OCR,
    lines: LineSettings = LINES,
) -> list[Line]:
    """Lines of one page from its words, boxes scaled to points (``scale``: points per pixel).

    Words inside a ruled table (``tables``, in points) go to their cells, and each table row
    becomes one line of tab-separated cells, its wrapped cell lines joined, as on a text page
    (:func:`extractors.pdf_text.page_lines`). Other words make lines by Tesseract's line numbers;
    a wide gap between two words is a column break (tab), and the lines of a wrapped paragraph are
    joined.

    >>> w = [Word((1, 1, 1), 0, 0, 100, 40, 90, "ร้อย"), Word((1, 1, 1), 102, 0, 60, 40, 90, "ละ"),
    ...      Word((1, 1, 1), 190, 0, 50, 40, 90, "80"), Word((1, 1, 1), 400, 0, 50, 40, 90, "80")]
    >>> [(l.text, l.bbox) for l in words_to_lines(w, 1, 0.24)]
    [('ร้อยละ 80\\t80', (0.0, 0.0, 108.0, 9.6))]
    """
    items: list[pdf_text.PlacedLine] = []
    free = list(words)
    page_height = statistics.median(w.height for w in words) if words else 0.0
    for grid in tables:
        taken = [w for w in free if _inside(w, grid.bbox, scale)]
        if not taken:
            continue
        free = [w for w in free if not _inside(w, grid.bbox, scale)]
        for row in grid.rows:
            inside = [[w for w in taken if _inside(w, cell, scale)] if cell else [] for cell in row]
            cells = [_cell_runs(ws, scale, settings, page_height) for ws in inside]
            if any(cells):
                items.append(_row_item(cells, [figure_confidence(ws) for ws in inside]))
    items.extend(pdf_text.paragraphs(_line_runs(free, scale, settings, tabs=True), lines))
    return pdf_text.number_lines(items, page, "ocr")


_JUNK_MARKS = re.compile(r"^[^\w\u0e01-\u0e59]+$")


def _cell_junk(w: Word, page_height: float, settings: OcrSettings) -> bool:
    """A word of a table cell that is grain or a ruling's remnant: marks only, or a doubtful word
    much shorter or taller than the page's words, or a doubtful lone letter."""
    if w.conf >= settings.cell_mark_conf or len(_DIGIT.findall(w.text)) >= 2:
        return False  # a figure, however doubtful, is re-read (reread_numeric_cells), never dropped
    if _JUNK_MARKS.match(w.text):
        return True
    odd = not 0.5 * page_height <= w.height <= 1.6 * page_height
    return odd or (len(w.text) == 1 and not w.text.isdigit() and w.conf < settings.junk_conf)


def _cell_runs(
    words: Sequence[Word], scale: float, settings: OcrSettings, page_height: float
) -> list[pdf_text.TextRun]:
    """The visual lines of the words of one table cell, top to bottom.

    Tesseract's own line numbers run across the whole page (``--psm 6``) and its lines may split a
    cell's line in two: inside a cell, Tesseract's lines whose middles are level are one line.
    Grain and ruling remnants (:func:`_cell_junk`) are dropped.
    """
    ws = [w for w in words if not _cell_junk(w, page_height, settings)]
    if not ws:
        return []
    height = max(w.height for w in ws) or 1

    def middle(g: list[Word]) -> float:
        tall = max(v.height for v in g)  # marks above or below the line do not move its middle
        return statistics.median(v.top + v.height / 2 for v in g if v.height >= 0.6 * tall)

    groups: list[list[Word]] = []
    for g in sorted(_by_line(ws), key=middle):
        if groups and abs(middle(g) - middle(groups[-1])) <= 0.4 * height:
            groups[-1].extend(g)
        else:
            groups.append(g)
    return [
        pdf_text.TextRun(_join_words(g, settings, tabs=False, raw=True), text, _box(g, scale))
        for g in groups
        if (text := _join_words(g, settings, tabs=False)).strip()
    ]


def _row_item(
    cells: list[list[pdf_text.TextRun]], confidences: Sequence[float | None]
) -> pdf_text.PlacedLine:
    """One grid row as one line: each cell's lines joined in reading order (wrapped text).

    ``confidences``: per cell, how sure the figures read in it are (0-1; None: no figure).
    """
    # ข้อความในช่องสิ้นสุดที่บรรทัดที่ยาวที่สุด: บรรทัดที่จบสั้นก่อนขอบนั้นปิดย่อหน้าหรือหัวข้อ ("■ จุดอ่อน")
    # (as on a text page: a line ending short of the cell's widest line ends a paragraph or a heading)
    texts = tuple(
        pdf_text.join_cell_lines(
            (pdf_text.clean_cells(r.text) for r in runs),
            [k > 0 and pdf_text.starts_item(runs[k - 1], run, max(r.bbox[2] for r in runs))
             for k, run in enumerate(runs)],
        )
        for runs in cells
    )
    raw = "\t".join(" ".join(r.raw for r in runs) for runs in cells)
    box = _union([r.bbox for runs in cells for r in runs])
    cell_boxes = tuple(pdf_text.round_box(_union([r.bbox for r in runs])) if runs else None for runs in cells)
    return pdf_text.PlacedLine(texts, raw, box, cell_boxes, tuple(confidences))


def figure_confidence(words: Sequence[Word]) -> float | None:
    """How sure the figures among ``words`` are (0-1): the least confident word with a digit, or
    None when none has one. A re-read numeric cell's word carries its reading's confidence."""
    confs = [w.conf for w in words if _DIGIT.search(w.text)]
    return round(min(confs) / 100.0, 3) if confs else None


_DIGIT = re.compile(r"[0-9๐-๙]")


def _union(boxes: Sequence[BBox]) -> BBox:
    x0, top, x1, bottom = zip(*boxes, strict=True)
    return (min(x0), min(top), max(x1), max(bottom))


def _inside(w: Word, box: BBox, scale: float) -> bool:
    x, y = (w.left + w.width / 2) * scale, (w.top + w.height / 2) * scale
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _line_runs(
    words: Sequence[Word], scale: float, settings: OcrSettings, *, tabs: bool
) -> list[pdf_text.TextRun]:
    """The lines of some words by Tesseract's line numbers (``tabs``: wide gaps are column breaks;
    not inside a table cell)."""
    return [
        pdf_text.TextRun(_join_words(ws, settings, tabs=tabs, raw=True), text, _box(ws, scale))
        for ws in _by_line(words)
        if (text := _join_words(ws, settings, tabs=tabs)).strip()
    ]


def _die_with_parent() -> None:
    """In the child, before exec: be killed when the process that started it dies (Linux), so a
    killed worker leaves no tesseract behind."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the page's tesseract finishes on its own
        pass


def run_tesseract(image: Path | Gray, binary: str, settings: OcrSettings = OCR) -> str:
    """TSV of one image (a file, or an array sent on stdin) from a single-threaded tesseract process;
    raises OcrError."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    data = None
    if not isinstance(image, Path):  # in memory: an uncompressed BMP on stdin, no file written
        buf = io.BytesIO()
        Image.fromarray(image).save(buf, "BMP")
        data = buf.getvalue()
    cmd = [binary, "stdin" if data is not None else str(image), "stdout", "-l", settings.lang,
           "--psm", str(settings.psm), "--dpi", str(settings.dpi), "tsv"]
    timeout = settings.timeout_s
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, env=env, timeout=timeout, check=False,
                              preexec_fn=_die_with_parent)
    except subprocess.TimeoutExpired as e:
        raise OcrError(f"tesseract timed out after {timeout:.0f} s") from e
    except OSError as e:
        raise OcrError(f"tesseract could not start: {e}") from e
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"tesseract failed: {msg[-1] if msg else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def page_tsv(gray: Gray, binary: str, settings: OcrSettings = OCR) -> str:
    """TSV of the page pass: in this process with the models kept loaded (:mod:`extractors.tess_api`)
    when the library loads and ``settings.in_process``, else one tesseract process; the same words
    either way. Raises OcrError."""
    if settings.in_process and tess_api.available():
        try:
            return tess_api.recognise(gray, settings.lang, settings.psm, settings.dpi,
                                      timeout_s=settings.timeout_s)
        except tess_api.EngineError as e:
            raise OcrError(str(e)) from e
    return run_tesseract(gray, binary, settings)


def ocr_image(
    image: Path | Gray,
    page: int,
    *,
    binary: str,
    scale: float,
    settings: OcrSettings = OCR,
    lines: LineSettings = LINES,
    tables: TableSettings = TABLES,
) -> list[Line]:
    """Lines of one page image (a file or the grey array; ``scale``: points per pixel); raises OcrError.

    Ruling lines are found first and erased from the image, so that Tesseract does not read them
    as letters ("|", "a"), and their tables give the page's rows and cells.
    """
    dpi = round(72.0 / scale)
    if isinstance(image, Path):
        with Image.open(image) as img:
            gray = np.asarray(img.convert("L"))
    else:
        gray = image
    prepared = scan_grid.prepare(gray, settings)
    gray = prepared.gray
    faint = replace(settings, dark=settings.faint_rule) if prepared.binarised else settings
    edges, mask = find_rulings(prepared.rules, dpi, faint)
    grids = pdf_text.find_tables(edges, tables)
    cleaned = gray
    if mask.any():
        cleaned = gray.copy()
        cleaned[mask] = 255
    words = drop_junk(parse_tsv(page_tsv(cleaned, binary, settings), settings), settings)
    if grids:
        words = rehome_split_letters(words, grids, scale)
    unread: list[tuple[int, int, int, int]] = []  # ink in cells that even the second pass left wordless
    if settings.reread_empty and grids:
        words, unread = _read_empty_cells(cleaned, words, grids, scale, binary, settings)
    font = None  # the page's template font for Thai digits, as its numbers in words vote it
    if settings.reread_digits and "tha" in settings.lang.split("+") and _has_thai_digit(words):
        words, font = _reread_digits(cleaned, words, settings)
    if settings.reread_numbers and grids:
        figures = prepared.figures.copy()
        figures[mask] = 255
        words = reread_numeric_cells(figures, words, grids, scale, binary, settings, font=font, unread=unread)
    return words_to_lines(words, page, scale, grids, settings, lines)


def rehome_split_letters(
    words: Sequence[Word], grids: Sequence[pdf_text.TableGrid], scale: float
) -> list[Word]:
    """Words with a Thai letter that fell into the cell left of its word moved back.

    When a grid line sits a little off on a scan, the first letter of a cell's text can land in the
    cell on its left ("3.1 พ" | "ื้นที่สีเขียว"): a cell's text never starts with a Thai mark, so a
    lone consonant ending the left cell's line, next to the boundary, goes to the right cell.
    """
    out = list(words)
    for grid in grids:
        for row in grid.rows:
            for left, right in pairwise(row):
                if left is None or right is None or abs(left[2] - right[0]) > 1.0:
                    continue
                first = [w for w in out if _inside(w, right, scale)]
                if not first:
                    continue
                head = min(first, key=lambda w: (w.top // max(1, w.height), w.left))
                # ช่องที่ขึ้นต้นด้วยสระบน/ล่างหรือวรรณยุกต์: พยัญชนะตัวแรกของช่องหลุดไปอยู่ช่องซ้าย
                # (a cell that starts with a Thai mark lost its first consonant to the cell on its left)
                if not head.text or head.text[0] not in _THAI_MARK_STARTS:
                    continue
                edge = right[0] / scale
                lone = [w for w in out if _inside(w, left, scale) and _THAI_CONSONANT.fullmatch(w.text)
                        and abs(w.top - head.top) < head.height and edge - (w.left + w.width) < w.height]
                if len(lone) == 1:
                    w = lone[0]
                    out[out.index(w)] = replace(w, left=max(w.left, round(edge) + 1),
                                                width=max(1, w.left + w.width - max(w.left, round(edge) + 1)))
    return out


#: Thai marks that sit on a consonant: no word starts with one
_THAI_MARK_STARTS = "".join(map(chr, [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4E)]))
_THAI_CONSONANT = re.compile("[\u0e01-\u0e2e]")


def read_empty_cells(
    gray: npt.NDArray[np.uint8],
    words: Sequence[Word],
    grids: Sequence[pdf_text.TableGrid],
    scale: float,
    binary: str,
    settings: OcrSettings = OCR,
) -> list[Word]:
    """Words with those of the table cells that hold ink but no word added, read by one more pass
    of the page's model over all such cells at once (:mod:`extractors.ocr_empty`)."""
    return _read_empty_cells(gray, words, grids, scale, binary, settings)[0]


def _read_empty_cells(
    gray: npt.NDArray[np.uint8],
    words: Sequence[Word],
    grids: Sequence[pdf_text.TableGrid],
    scale: float,
    binary: str,
    settings: OcrSettings = OCR,
) -> tuple[list[Word], list[tuple[int, int, int, int]]]:
    """:func:`read_empty_cells`'s words, and the ink boxes (pixels) from which that pass read none."""
    if not words:
        return list(words), []
    height = statistics.median(w.height for w in words)
    kept = [w for w in words if not _cell_junk(w, height, settings)]
    boxes = ocr_empty.empty_cells_with_ink(
        gray, grids, lambda cell: any(_inside(w, cell, scale) for w in kept), scale, height)
    if not boxes:
        return list(words), []
    pad, gap = ocr_numbers.strip_spacing(settings)
    image, offsets = ocr_empty.strip(gray, boxes, pad, gap)
    try:
        found = drop_junk(parse_tsv(page_tsv(image, binary, settings), settings), settings)
    except OcrError:
        return list(words), []
    out = list(words)
    unread = []
    for k, ((x0, y0, x1, y1), (dx, dy)) in enumerate(zip(boxes, offsets, strict=True)):
        n = len(out)
        for w in found:
            left, top = w.left + dx, w.top + dy
            cx, cy = left + w.width / 2, top + w.height / 2
            if x0 - pad <= cx <= x1 + pad and y0 - pad <= cy <= y1 + pad:
                # ไม่ให้ชนกับเลขบรรทัดของ Tesseract บนหน้า (its own line key, apart from the page's)
                out.append(replace(w, key=(-1 - k, w.key[1], w.key[2]), left=left, top=top))
        if len(out) == n:
            unread.append((x0, y0, x1, y1))
    return out, unread


def reread_numeric_cells(
    gray: npt.NDArray[np.uint8],
    words: Sequence[Word],
    grids: Sequence[pdf_text.TableGrid],
    scale: float,
    binary: str,
    settings: OcrSettings = OCR,
    *,
    font: int | None = None,
    unread: Sequence[tuple[int, int, int, int]] = (),
) -> list[Word]:
    """Words with each one-line numeric table cell replaced by its constrained reading.

    All the page's numeric cells go to one batched pass (:func:`extractors.ocr_numbers.reread`);
    the cell becomes one word whose ``conf`` is the reading's confidence (0-100) and whose ``raw``
    is the page pass's text. ``font``: the page's template font for Thai digits where its other
    numbers told it (:func:`reread_digits`); ``unread``: the ink boxes (pixels) of cells no pass
    read a word in (:func:`read_empty_cells`), read as figures on a Thai-digit page when in a column
    of figures and their glyphs read one at their own confidence (an item number "๑." tha took
    for grain).
    """
    cells: list[list[Word]] = []
    boxes: list[tuple[int, int, int, int]] = []
    # the least confidence that makes a cell a figure: any reading for a figure, one for a damaged
    # cell in a column of figures, the glyphs' own for a cell of letters
    weak: list[float] = []
    columns: list[tuple[int, int]] = []  # (grid, column) of each cell
    dropped: list[list[Word]] = []  # a rule's remnants by each cell's figure
    page_height = statistics.median(w.height for w in words) if words else 0.0
    thai_page = _has_thai_digit(words)
    # ช่องที่มีหมึกแต่ไม่มีคำ: a word of no text at each unread ink box, left as junk for the glyphs
    blank = [Word((-1 - k, 0, 0), x0, y0, x1 - x0, y1 - y0, 0.0, "")
             for k, (x0, y0, x1, y1) in enumerate(unread)] if thai_page else []
    for grid in grids:
        # column, words, cell, text, a figure, only words taken for junk, a rule's remnants
        found: list[tuple[int, list[Word], BBox, str, bool, bool, list[Word]]] = []
        for row in grid.rows:
            for col, cell in enumerate(row):
                if cell is not None:
                    ws, remnants, junk = _cell_words([w for w in words if _inside(w, cell, scale)],
                                                     page_height, thai_page, settings)
                    text = "".join(w.text for w in ws)
                    if ws:
                        found.append((col, ws, cell, text, not junk and _figure_like(text, thai_page), junk,
                                      remnants))
                    elif ink := [w for w in blank if _inside(w, cell, scale)]:
                        found.append((col, ink[:1], cell, "", False, True, []))
        figures = Counter(col for col, _, _, _, figure, _, _ in found if figure)
        # ช่องที่ยังเห็นรูปทศนิยม ("ไ๒๗.ข ๖", "๕๓.๒๘๓ดา"): digits each side of a point, letters
        # glued on; a column of two such cells (a summary's component subtotals) is of figures
        pointed = Counter(col for col, _, _, text, figure, _, _ in found
                          if not figure and _pointed(text) and ocr_numbers.may_be_figure(text))
        for col, ws, cell, text, figure, junk, remnants in found:
            # ช่องในคอลัมน์ตัวเลขที่ OCR อ่านเพี้ยนเป็นอักษร ("@.000", "๑ณั๐๐"): อ่านใหม่ด้วย
            # (a cell in a column of figures that OCR read as letters is a damaged figure too)
            # (a column of figures: two, or one when the damaged cell keeps a digit or a point: an
            # audit form's score column has a figure a row, and a total row with a label)
            column = figures[col] >= 2 or (figures[col] >= 1 and _DIGIT_OR_POINT.search(text) is not None) \
                or (figures[col] + pointed[col] >= 2 and _pointed(text))
            damaged = not figure and not junk and column and ocr_numbers.may_be_figure(text)
            # ตัวเลขไทยที่ tha อ่านเป็นอักษรล้วน ("ส ชั" for ๘.๗๗๖): on a page in Thai digits, a few
            # letters in a column of figures; a figure only when the glyphs read one
            lettered = thai_page and not (figure or damaged) and figures[col] >= 2 \
                and (junk or _few_letters(text))
            if not (figure or damaged or lettered):
                continue
            height = statistics.median(w.height for w in ws)
            # one line: the middles of the words (not a '.' word on the baseline) are level; a
            # word Tesseract boxed three lines tall is still centred on its line
            tall = [w.top + w.height / 2 for w in ws if w.height >= 0.5 * height]
            if max(tall) - min(tall) <= 0.6 * min(height, page_height or height):
                cells.append(sorted(ws, key=lambda w: w.left))
                dropped.append(remnants)
                columns.append((id(grid), col))
                boxes.append(_ink_box(gray, ws, cell, scale, page_height))
                weak.append(0.0 if figure else ocr_numbers.GLYPHS_ALONE if lettered else 1e-9)
    if not cells:
        return list(words)
    # the vote gets Tesseract's own text: a word reread_digits re-read is the glyph reader's, and
    # the glyph reader agreeing with itself is not two readings
    texts = ["".join("".join(w.tesseract_text.split()) for w in ws) for ws in cells]
    # ... and the glyph reader's reading in the words only fills the glyphs it knows and this does not
    # (a cell all of whose words it read; a figure whose quote the page pass's parse dropped has a
    # raw text too, but its digits are Tesseract's)
    glyphs = ["".join(w.text for w in ws) if all(w.glyphs for w in ws) else None for ws in cells]
    readings = _column_points(ocr_numbers.reread(gray, boxes, texts, binary, settings, font, glyphs), columns)
    # a damaged cell becomes a figure only when it was read as one
    def read_as_figure(r: ocr_numbers.Reading, least: float) -> bool:
        return r.confidence >= least and ocr_numbers.well_formed(r.text.rstrip("."))

    read = [(ws, box, r, gone)
            for ws, box, r, least, gone in zip(cells, boxes, readings, weak, dropped, strict=True)
            if not least or read_as_figure(r, least)]
    # a rule's remnants by a cell go with it when it is read as a figure
    replaced = {id(w) for ws, _, r, gone in read for w in (*ws, *(gone if read_as_figure(r, 1e-9) else ()))}
    out = [w for w in words if id(w) not in replaced]
    for ws, box, r, _ in read:
        raw = _join_words(ws, settings, tabs=False, raw=True)
        out.append(Word(ws[0].key, box[0], box[1], box[2] - box[0], box[3] - box[1], 100.0 * r.confidence,
                        r.text, raw))
    return out


def _figure_like(text: str, thai_page: bool) -> bool:
    return ocr_numbers.is_figure_like(text) or (thai_page and ocr_numbers.is_thai_figure_like(text))


def _cell_words(
    inside: list[Word], page_height: float, thai_page: bool, settings: OcrSettings
) -> tuple[list[Word], list[Word], bool]:
    """A table cell's words to read as one figure or text: (the words, a rule's remnants left out
    by a figure, whether the words are all junk kept for the glyphs to judge)."""
    ws = [w for w in inside if not _cell_junk(w, page_height, settings)]
    # a bracket or bar taller than a line beside a figure is a rule's remnant (']๒๒.๕๐๐'), and so
    # is a sliver a pixel or two wide read as a letter ('ด'); by a figure only: in text a bracket
    # may be printed ("(ไป-กลับ]") and Tesseract boxes a thin mai ek as tall
    bars = [w for w in ws if w.height > 1.6 * page_height and (_BAR.match(w.text) or w.width <= 2)]
    rest = [w for w in ws if w not in bars]
    left = "".join(w.text for w in rest)
    if bars and rest and (_figure_like(left, thai_page) or ocr_numbers.may_be_figure(left)):
        return rest, bars, False
    # ตัวเลขไทยที่ tha อ่านเป็นคำละตินสูงเกินบรรทัด ("ove!" for ๗๕ with a speck over it, "®." for
    # ๑.): a cell whose only words are junk keeps them, for the glyphs to judge
    if not ws and thai_page and inside:
        return inside, [], True
    return ws, [], False


_BAR = re.compile(r"^[\[\]|]+$")


def _column_points(
    readings: list[ocr_numbers.Reading], columns: Sequence[tuple[int, int]]
) -> list[ocr_numbers.Reading]:
    """A comma read where a column's figures have a decimal point in its place is that point, not
    certain: "๔,๔๐๖" among "๘๘.๑๑๔" and "๑๒.๘๙๘" (a speck under a point makes it look like a
    comma). Only a doubtful figure of one comma and three digits after it, in a column with two
    figures of three decimals or more and no other comma (a count "1,250" that two readings agree on
    stays a count).

    >>> R = ocr_numbers.Reading
    >>> [r.text for r in _column_points([R("๔,๔๐๖", 0.7), R("๘๘.๑๑๔", 0.7), R("๑๒.๘๙๘", 0.95)], [(1, 3)] * 3)]
    ['๔.๔๐๖', '๘๘.๑๑๔', '๑๒.๘๙๘']
    >>> [r.text for r in _column_points([R("1,250", 0.95), R("88.114", 0.7), R("๑.๘๙๘", 0.9)], [(1, 3)] * 3)]
    ['1,250', '88.114', '๑.๘๙๘']
    """
    pointed = Counter(c for r, c in zip(readings, columns, strict=True) if _THREE_DECIMALS.match(r.text))
    commas = Counter(c for r, c in zip(readings, columns, strict=True) if "," in r.text)
    out = []
    for r, c in zip(readings, columns, strict=True):
        if _ONE_COMMA.match(r.text) and not r.certain and commas[c] == 1 and pointed[c] >= 2:
            r = ocr_numbers.Reading(r.text.replace(",", "."), min(r.confidence, ocr_numbers.SAME_DIGITS))
        out.append(r)
    return out


_THREE_DECIMALS = re.compile(r"^[0-9๐-๙]+\.[0-9๐-๙]{3,}$")
_ONE_COMMA = re.compile(r"^[0-9๐-๙]{1,3},[0-9๐-๙]{3}$")


def _ink_box(
    gray: npt.NDArray[np.uint8], ws: Sequence[Word], cell: BBox, scale: float, line_height: float
) -> tuple[int, int, int, int]:
    """The box of a numeric cell's words widened over the ink next to it inside the cell: a digit
    Tesseract dropped as junk (a ๘ boxed three lines tall) is read again with the others. A word's
    box taller than the line is cut to the line's band."""
    # a speck's word ("อ" two pixels tall) is no line band: words of a letter's height, else all
    band = [w for w in ws if 0.5 * line_height <= w.height <= 1.6 * line_height]
    left, right = min(w.left for w in ws), max(w.left + w.width for w in ws)
    top, bottom = min(w.top for w in band or ws), max(w.top + w.height for w in band or ws)
    if not band and bottom - top > 1.6 * line_height:
        # only words boxed taller than a line ("alo" for ๗๐, 43 pixels): the box's rows of ink
        top, bottom = _ink_rows(gray, left, top, right, bottom)
    margin = max(3, round(0.25 * (bottom - top)))  # a ruling's remnant by the cell's edge stays out
    lo, hi = int(cell[0] / scale) + margin, int(cell[2] / scale) - margin
    if hi <= lo or bottom <= top:
        return (left, top, right, bottom)
    ink = (gray[top:bottom, lo:hi] < 128).sum(axis=0) >= 2  # columns with more than a speck of ink
    gap = max(2, round(0.5 * (bottom - top)))
    cols = np.flatnonzero(ink) + lo
    for c in cols[::-1]:  # leftwards: ink within a gap of the box joins it
        if c < left and left - c <= gap:
            left = int(c)
    for c in cols:
        if c >= right and c - right <= gap:
            right = int(c) + 1
    return (left, top, right, bottom)


def _ink_rows(gray: npt.NDArray[np.uint8], left: int, top: int, right: int, bottom: int) -> tuple[int, int]:
    """The rows of the box's tallest block of ink (rows with more than a speck, one blank row
    allowed inside): a number's band inside a word box Tesseract drew three lines tall.

    >>> page = np.full((60, 40), 255, np.uint8)
    >>> page[5, 3:6] = 0; page[20:30, 5:30] = 0; page[31:35, 5:30] = 0  # a speck, then digits
    >>> _ink_rows(page, 0, 0, 40, 60)
    (20, 35)
    """
    rows = (gray[top:bottom, left:right] < 128).sum(axis=1) >= 2
    best, start, gap = (top, bottom), None, 0
    size = 0
    for k, on in enumerate([*rows, False, False]):
        if on:
            start, gap = (k if start is None else start), 0
        elif start is not None:
            gap += 1
            if gap == 2:
                end = k - 1
                if end - start > size:
                    best, size = (top + start, top + end), end - start
                start, gap = None, 0
    return best


def _has_thai_digit(words: Sequence[Word]) -> bool:
    """A page in Thai digits shows some that the tha model can read (๐ ๑ ๒ ๓ ๕); a page without
    any is in Arabic digits and its Latin words need no re-reading as Thai digits."""
    return any(_THAI_DIGIT.search(w.text) for w in words)


_THAI_DIGIT = re.compile("[๐-๙]")
_DIGIT_OR_POINT = re.compile("[0-9๐-๙.]")


def _pointed(text: str) -> bool:
    """A cell that keeps a decimal's shape: three digits or more, one of them just before a point.

    >>> [_pointed(t) for t in ("ไ๒๗.ข ๖", "๕๓.๒๘๓ดา", "ข้อ ๑", "๑.๑", "ร้อยละ ๕๐.๒")]
    [True, True, False, False, True]
    """
    return len(_DIGIT.findall(text)) >= 3 and re.search(r"[0-9๐-๙][.,]", text) is not None


_LETTER = re.compile("[A-Za-z\u0e01-\u0e2e]")


def _few_letters(text: str) -> bool:
    """A few Thai letters and vowels with their tone marks, perhaps a point among them, and nothing
    else (spaces aside): two to four letters, or one beside a point; or one letter of any script.

    >>> [_few_letters(t) for t in ("ส ชั", "จ.", "ผ่าน", "é", "ร้อยละ", "ส๑", "..", "-")]
    [True, True, True, True, False, False, False, False]
    """
    t = "".join(text.split())
    if len(t) == 1 and t.isalpha():
        return True  # one digit read as any letter ("é" for ๕)
    letters = len(re.findall("[\u0e01-\u0e3a\u0e40-\u0e45]", t))
    points = len(re.findall("[.,]", t))
    return re.fullmatch("[\u0e01-\u0e4e.,]+", t) is not None and points <= 1 \
        and (2 if not points else 1) <= letters <= 4


def reread_digits(
    gray: npt.NDArray[np.uint8], words: Sequence[Word], settings: OcrSettings = OCR
) -> list[Word]:
    """Words whose Thai-digit numbers were re-read from the page image (:mod:`extractors.ocr_digits`).

    Tesseract cuts a number it cannot read into several words, with boxes that overlap ("๑๐๐" as
    "๑" over all three digits, then "๐", "๐"), so neighbouring candidate words of a line are read
    as one region and become one word. A run is changed only when every glyph in it is a confident
    digit and the reading keeps the digits Tesseract can read; its Tesseract text is kept in
    ``raw``. Without the template fonts nothing changes.
    """
    return _reread_digits(gray, words, settings)[0]


def _reread_digits(
    gray: npt.NDArray[np.uint8], words: Sequence[Word], settings: OcrSettings = OCR
) -> tuple[list[Word], int | None]:
    """:func:`reread_digits`'s words and the page's template font its numbers voted (or None)."""
    if not ocr_digits.available():
        return list(words), None
    pieces: list[list[Word]] = []  # runs of candidate words, and single other words
    for ws in _by_line(words):
        ws = sorted(ws, key=lambda w: w.left)
        height = statistics.median(w.height for w in ws) or 1
        k = 0
        while k < len(ws):
            run = [ws[k]]
            while ocr_digits.might_be_number(ws[k].text) and k + len(run) < len(ws):
                nxt = ws[k + len(run)]
                right = max(w.left + w.width for w in run)
                if not ocr_digits.might_be_number(nxt.text) or nxt.left - right > settings.digit_gap * height:
                    break
                run.append(nxt)
            pieces.append(run)
            k += len(run)
    # all the page's runs at once: they are read in the page's font (ocr_digits.reread_all)
    runs = [k for k, run in enumerate(pieces) if ocr_digits.might_be_number(run[0].text)
            and ocr_digits.has_digit_like("".join(w.text for w in run))]
    got, font = ocr_digits.read_page(gray, [_run_box(pieces[k]) for k in runs], ["thai"] * len(runs))
    readings = dict(zip(runs, got, strict=True))
    out: list[Word] = []
    for k, run in enumerate(pieces):
        out.extend(_reread_run(run, readings.get(k), settings))
    return out, font


def _run_box(run: Sequence[Word]) -> tuple[int, int, int, int]:
    return (min(w.left for w in run), min(w.top for w in run),
            max(w.left + w.width for w in run), max(w.top + w.height for w in run))


def _reread_run(run: Sequence[Word], got: str | None, settings: OcrSettings) -> list[Word]:
    """The run as one word of the glyphs' reading ``got``, or as it was."""
    raw = _join_words(run, settings, tabs=False)
    if got is None or got == raw or not ocr_digits.agrees(got, "".join(w.text for w in run)):
        return list(run)
    box = _run_box(run)
    return [Word(run[0].key, box[0], box[1], box[2] - box[0], box[3] - box[1],
                 min(w.conf for w in run), got, raw, glyphs=True)]


def page_dpi(page: pdfium.PdfPage, settings: OcrSettings = OCR) -> int:
    """The resolution to render a page at: its scan's own when that is lower than ``settings.dpi``.

    A 200 dpi scan rendered at 300 dpi is only interpolated: every speck grows, Tesseract works on
    2.25 times the pixels and reads no better. The scan's resolution is that of the page's largest
    image (pixels over its width on the page); pages without one use ``settings.dpi``.
    """
    if not settings.native_dpi:
        return settings.dpi
    best, dpi = 0.0, float(settings.dpi)
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, _, right, _ = obj.get_bounds()
        bottom, top = obj.get_bounds()[1], obj.get_bounds()[3]
        area = (right - left) * (top - bottom)
        if area > best and right - left > 0:
            best, dpi = area, obj.get_px_size()[0] * 72.0 / (right - left)
    return round(dpi) if settings.min_native_dpi <= dpi < settings.dpi else settings.dpi


def ocr_pages(
    pdf: pdfium.PdfDocument,
    pages: Sequence[int],
    *,
    settings: OcrSettings = OCR,
    lines: LineSettings = LINES,
    tables: TableSettings = TABLES,
    binary: str | None = None,
    progress: PageProgress | None = None,
) -> dict[int, list[Line] | OcrError]:
    """OCR the given 1-based pages: lines per page, or the error that page hit.

    Pages are rendered one by one in this thread (PDFium is not thread-safe) and handed to a pool
    of ``settings.workers`` threads, each running one single-threaded Tesseract at a time (in this
    process, or a tesseract process: :func:`page_tsv`), as soon as each image is rendered.
    ``progress`` is called in this thread with ``(k, len(pages))`` once the k-th page's result
    (lines or error) is in, in page order; it only reports and cannot change the result.
    """
    binary = binary or tesseract_binary()
    if binary is None:
        return {p: OcrError("tesseract is not installed") for p in pages}
    found = binary
    results: dict[int, list[Line] | OcrError] = {}
    # หน้าถูกเรนเดอร์ล่วงหน้าไม่เกิน 2 เท่าของจำนวน tesseract (pages are rendered just ahead of OCR:
    # at most 2 × workers page images wait in memory, each dropped once read, so a 2,000-page scan
    # never holds all its page images at once)
    window = max(1, 2 * settings.workers)
    pending: deque[tuple[int, Future[list[Line]] | None]] = deque()
    done = 0

    def collect() -> None:
        nonlocal done
        p, fut = pending.popleft()
        if fut is not None:
            try:
                results[p] = fut.result()
            except OcrError as e:
                results[p] = e
        done += 1
        if progress is not None:
            progress(done, len(pages))

    pool = ThreadPoolExecutor(settings.workers)
    try:
        for p in pages:
            while len(pending) >= window:
                collect()
            try:
                dpi = page_dpi(pdf[p - 1], settings)
                image = render_gray(pdf[p - 1], dpi)
            except Exception as e:  # PDFium errors on a damaged page
                results[p] = OcrError(f"page could not be rendered: {e}")
                pending.append((p, None))
                continue
            pending.append((p, pool.submit(ocr_image, image, p, binary=found, scale=72.0 / dpi,
                                           settings=replace(settings, dpi=dpi), lines=lines,
                                           tables=tables)))
        while pending:
            collect()
    finally:
        # on Ctrl-C (or any error) queued pages are dropped, not OCR'd to the end
        pool.shutdown(wait=True, cancel_futures=True)
    return {p: results[p] for p in pages}


def render_gray(page: pdfium.PdfPage, dpi: int) -> Gray:
    """The page rendered in grey at ``dpi``, as an array (no file, no PIL image in between)."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    try:
        out: Gray = np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height, bitmap.width)
    finally:
        bitmap.close()
    return out
