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

from extractors import pdf_text
from extractors.pdf_text import BBox, TableGrid, TextRun
from extractors.records import Line
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


@dataclass(slots=True)
class Word:
    """One word of pdftotext, its box from the top-left of the page in points."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


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
        for w in _WORD.finditer(xhtml, pos, end):
            page.words.append(
                Word(html.unescape(w.group(5)), float(w.group(1)), float(w.group(2)), float(w.group(3)),
                     float(w.group(4)))
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
            [exe, "-q", "-bbox", "-enc", "UTF-8", str(path), "-"],
            capture_output=True, timeout=TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise PopplerError(f"pdftotext failed: {e}") from e
    if done.returncode != 0:
        raise PopplerError(f"pdftotext failed (exit {done.returncode})")
    return parse_bbox(done.stdout.decode("utf-8", "replace"))


# --- lines ----------------------------------------------------------------------------------------


def word_runs(words: Sequence[Word]) -> list[TextRun]:
    """Words grouped into lines (top to bottom), joined by gaps: none, space or tab.

    >>> words = [Word("คำ", 0, 0, 10, 10), Word("รับ", 10.5, 0, 20, 10), Word("x", 60, 1, 65, 10)]
    >>> [r.text for r in word_runs(words)]
    ['คำรับ\\tx']
    """
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
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
                parts.append("\t" if gap > TAB_GAP * height else " " if gap > SPACE_GAP * height else "")
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


def page_lines(page: PopplerPage, tables: Sequence[TableGrid], page_no: int) -> list[Line]:
    """Lines of one page in reading order; a ruled table row is one line of tab-separated cells."""
    items: list[pdf_text.Item] = []
    free = list(page.words)
    for grid in tables:
        taken = [w for w in free if _inside(w, grid.bbox)]
        if not taken:
            continue
        free = [w for w in free if not _inside(w, grid.bbox)]
        for row in grid.rows:
            cells = [word_runs([w for w in taken if _inside(w, cell)]) if cell else [] for cell in row]
            rights = [max((r.bbox[2] for r in runs), default=0.0) for runs in cells]
            items.extend(pdf_text.row_items(cells, rights))
    items.extend(pdf_text.paragraphs(word_runs(free)))
    items.sort(key=lambda it: (it[0], it[1]))
    return [
        Line(page=page_no, line=n, text=text, raw=raw, bbox=pdf_text.round_box(box), source="text_layer")
        for n, (_, _, text, raw, box) in enumerate(items, start=1)
    ]


@dataclass(slots=True)
class PageRead:
    """One page read by poppler: its lines, the judgement, and a warning when a map was undone."""

    lines: list[Line]
    quality: pdf_text.LayerQuality
    orthography: Orthography
    warning: str | None = None


def _relined(lines: list[Line], fix: Callable[[str], str]) -> list[Line]:
    return [dataclasses.replace(ln, text=fix(ln.text)) for ln in lines]


def read_page(page: PopplerPage, tables: Sequence[TableGrid], page_no: int) -> PageRead:
    """Lines of one page, repaired and judged.

    Fixed producer maps are undone and warned about: every า printed as ำ, and ้ and ู given each
    other's codes (WeasyPrint with TLWG fonts), each confirmed by the dictionary.
    """
    lines = page_lines(page, tables, page_no)
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


def text_page(
    path: Path, index: int, page: pdfium.PdfPage, cache: dict[str, Any], warnings: list[str]
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
    words = pages[index].words
    tables = pdf_text.find_tables(pdf_text.ruling_edges(page)) if words else []
    got = read_page(pages[index], tables, index + 1)
    if got.warning:
        warnings.append(got.warning)
    return got.lines, got.quality
