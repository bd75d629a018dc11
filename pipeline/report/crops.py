"""Page crops for findings in PDFs: the page region around the printed figure, with its box drawn.

The outputs give a finding's page, line and ``bbox`` (its row's or cell's box). The tight box of
the figure is found from the PDF's text layer: its lines are read again with the reader itself,
:func:`extractors.pdf.read_pdf` without OCR (so line N is the line N of the outputs, whichever text
engine read it), the line must contain the finding's printed figure (else the record's box, or no
crop: a crop of the wrong line misleads more than none), and the figure is searched inside the line
with PDFium to box it tightly; when it cannot be told apart, the whole line is boxed. On pages read
by OCR the record's ``bbox`` is boxed; without one, no crop, and the note says why. The PDF must be
the one of the run (its SHA-256 must give the ``doc_id``).

A crop is the page's whole width and the figure's neighbourhood (two lines' worth of margin above
and below; a tall line is cut at :data:`MAX_LINE_HEIGHT`), rendered at :data:`DPI` as a small JPEG
(20-50 KB) and inlined as a ``data:`` URI.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DPI = 100
MARGIN_Y = 36.0  # points above and below the box
MAX_LINE_HEIGHT = 220.0  # points of a tall line (a table row) shown at most
JPEG_QUALITY = 60
BOX_COLOUR = (204, 0, 0)
LINE_COLOUR = (255, 170, 0)

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the top-left

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Crop:
    """A rendered crop: ``src`` a data URI; ``box`` what was boxed ("figure" or "line")."""

    src: str
    width: int
    height: int
    page: int
    box: str
    bbox: BBox


@dataclass(slots=True)
class _Page:
    lines: dict[int, Any] = field(default_factory=dict)
    usable: bool = True


def _numbers(text: str) -> list[tuple[float, str]]:
    """The numbers printed in a text (Thai digits read, thousands commas dropped) with their text.

    >>> _numbers("รวม ๗๒ ตัวชี้วัด 2,040.60 ม.")
    [(72.0, '๗๒'), (2040.6, '2,040.60')]
    """
    plain = text.translate(_THAI_DIGITS)
    return [(float(m.group().replace(",", "")), text[m.start():m.end()]) for m in _NUMBER.finditer(plain)]


def figure_texts(line_text: str, reported: object) -> list[str] | None:
    """How the finding's reported figure is printed on the line ([] = not there; None = no figure).

    >>> figure_texts("10\\t95.592\\t90.561\\t9.056", 90.561)
    ['90.561']
    >>> figure_texts("คะแนนรวม 91.929", 61.929)
    []
    >>> figure_texts("เมื่อเทียบกับปี 2560", "ปี 2560")
    ['ปี 2560']
    """
    if isinstance(reported, bool) or reported is None:
        return None
    if isinstance(reported, int | float):
        return [raw for value, raw in _numbers(line_text) if math.isclose(value, reported, abs_tol=1e-9)]
    text = str(reported)
    if text in line_text:
        return [text]
    # "audit: ผล 88.314; summary: ..." (cross-source): any of its figures on the line
    wanted = {v for v, _ in _numbers(text)}
    if not wanted:
        return []
    return [raw for value, raw in _numbers(line_text) if value in wanted]


def excerpt_on_line(excerpt: str, line_text: str, least: int = 8) -> bool:
    """Whether a piece of the excerpt (between spaces, at least ``least`` letters) is on the line.

    >>> excerpt_on_line("…ประจำปี 2564 จำนวน 1 ไร่ 1 งาน 40.60 ตารางเมตร", "จำนวน 1 ไร่ 1 งาน 40.60 ตารางเมตร")
    True
    >>> excerpt_on_line("คะแนนรวม", "รวม 5")
    False
    """
    pieces = [p for p in re.split(r"[\s…]+", excerpt) if len(p) >= least]
    flat = re.sub(r"\s+", "", line_text)
    return any(p in flat for p in pieces)


def doc_hash(path: Path) -> str:
    """The ``doc_id`` of a file: the first 16 hex digits of the SHA-256 of its bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


class PdfCropper:
    """Crops of one run's PDF; :meth:`crop` returns a :class:`Crop` or the reason there is none."""

    def __init__(self, path: Path, doc_id: str) -> None:
        self.path = path
        self.problem: str | None = None
        self._pdf: Any = None
        self._pages: dict[int, _Page] = {}
        try:
            if not path.is_file():
                self.problem = f"the PDF is not at {path} any more"
            elif doc_hash(path) != doc_id:
                self.problem = f"the PDF at {path} has changed since the run"
            else:
                import pypdfium2 as pdfium

                self._pdf = pdfium.PdfDocument(str(path))
        except Exception as exc:  # a report never fails for a crop
            self.problem = f"the PDF cannot be read ({type(exc).__name__})"

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def _page(self, number: int) -> _Page:
        """The lines of a page as the run read them, and whether they came from the text layer."""
        if not self._pages:
            from extractors.pdf import read_pdf

            # the reader itself, without OCR: the same engine (poppler or PDFium), settings and line
            # numbers as the run; pages the run OCR'd come back empty, marked as not "text_layer"
            read = read_pdf(self.path, ocr=False)
            by_page: dict[int, dict[int, Any]] = {n: {} for n in range(1, read.pages + 1)}
            for line in read.lines:
                if line.page is not None:
                    by_page.setdefault(line.page, {})[line.line] = line
            for n, source in enumerate(read.page_sources, start=1):
                self._pages[n] = _Page(by_page.get(n, {}), source == "text_layer")
        return self._pages.get(number, _Page({}, False))

    def crop(
        self, page: int | None, line: int | None, reported: object, excerpt: str = "",
        bbox: BBox | None = None,
    ) -> Crop | str:
        """The crop of the figure printed at ``page``/``line``, or why there is none.

        When the figure is not printed as such on the line (a sum of ไร่-งาน-ตารางเมตร), the line is
        boxed if it holds the finding's excerpt. Where the text layer cannot place it (a page read by
        OCR), a ``bbox`` from the outputs (x0, top, x1, bottom in points from the page's top-left:
        the record's row or cell) is boxed as it is.
        """
        if self.problem is not None:
            return self.problem
        if page is None or (line is None and bbox is None):
            return "the finding has no page and line"
        try:
            if not 1 <= page <= len(self._pdf):
                return f"page {page} is not in the PDF"
            info = self._page(page)
            found = info.lines.get(line) if info.usable and line is not None else None
            if found is not None and found.bbox is not None:
                texts = figure_texts(found.text, reported)
                if texts != [] or excerpt_on_line(excerpt, found.text):
                    box, what = self._figure_box(page, found.bbox, texts or [])
                    return self._render(page, found.bbox, box, what)
            if bbox is not None:  # the record's own box (a row or a cell; OCR'd pages too)
                return self._render(page, bbox, bbox, "line")
            if not info.usable:
                return f"page {page} was read by OCR; the outputs keep no positions for OCR lines"
            if found is None or found.bbox is None:
                return f"line {line} of page {page} is not in the PDF's text layer"
            return f"the printed figure is not on line {line} of page {page} of the text layer"
        except Exception as exc:  # a damaged page: no crop, never a failed report
            return f"page {page} cannot be rendered ({type(exc).__name__})"

    def _figure_box(self, page: int, line_box: BBox, texts: list[str]) -> tuple[BBox, str]:
        """The box of the one occurrence of the figure inside the line, else the line's box."""
        pdf_page = self._pdf[page - 1]
        height = pdf_page.get_height()
        textpage = pdf_page.get_textpage()
        hits: list[BBox] = []
        for text in dict.fromkeys(texts):
            searcher = textpage.search(text, match_case=True, match_whole_word=False)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                boxes = [textpage.get_charbox(k) for k in range(start, start + count)]
                box = (min(b[0] for b in boxes), height - max(b[3] for b in boxes),
                       max(b[2] for b in boxes), height - min(b[1] for b in boxes))
                mid_y, mid_x = (box[1] + box[3]) / 2, (box[0] + box[2]) / 2
                if (line_box[1] - 1 <= mid_y <= line_box[3] + 1
                        and line_box[0] - 1 <= mid_x <= line_box[2] + 1):
                    hits.append(box)
        if len(hits) == 1:
            return hits[0], "figure"
        return line_box, "line"

    def _render(self, page: int, line_box: BBox, box: BBox, what: str) -> Crop:
        from PIL import ImageDraw

        pdf_page = self._pdf[page - 1]
        width, height = pdf_page.get_size()
        if what == "figure":  # a tall table row: the figure's neighbourhood, not the whole row
            top, bottom = box[1] - 2 * MARGIN_Y, box[3] + 2 * MARGIN_Y
        else:
            top, bottom = line_box[1] - MARGIN_Y, min(line_box[3], line_box[1] + MAX_LINE_HEIGHT) + MARGIN_Y
        top, bottom = max(0.0, top), min(height, bottom)
        # ทั้งความกว้างหน้า: บริบทของทั้งแถวตาราง (the page's whole width: the rest of the table row)
        left, right = 0.0, width
        scale = DPI / 72
        # crop = how much to cut from the left, bottom, right and top, in points
        image = pdf_page.render(scale=scale, crop=(left, height - bottom, width - right, top)).to_pil()
        image = image.convert("RGB")
        draw = ImageDraw.Draw(image)

        def px(b: BBox, pad: float) -> tuple[float, float, float, float]:
            return ((b[0] - left - pad) * scale, (b[1] - top - pad) * scale,
                    (b[2] - left + pad) * scale, (b[3] - top + pad) * scale)

        if what == "figure":
            draw.rectangle(px(line_box, 1.0), outline=LINE_COLOUR, width=1)
        draw.rectangle(px(box, 2.0), outline=BOX_COLOUR, width=3)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        src = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
        return Crop(src, image.width, image.height, page, what, box)
