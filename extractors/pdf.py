"""A PDF to lines: the text layer where it can be trusted, Tesseract where it cannot.

Every page is read from its text layer (:mod:`extractors.pdf_text`) and judged; pages with no text
but an image, or whose text layer lies (Latin OCR junk, unmapped glyphs, broken syllables), are
sent to OCR (:mod:`extractors.ocr`). Blank pages stay empty without OCR. Without Tesseract, pages
that need OCR become empty with a warning, never an exception.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors import ocr as ocr_mod
from extractors import ocr_digits, pdf_poppler, pdf_streams, pdf_text
from extractors.readers import HEAD_BYTES, PageProgress, is_pdf
from extractors.records import InputKind, Line
from extractors.settings import PDF, PdfSettings

PageSource = str  # "text_layer" | "ocr" | "empty"


class PdfError(Exception):
    """The file cannot be read as a PDF; the message is one line a person can act on."""


@dataclass(slots=True)
class PdfRead:
    """Lines of a PDF with how each page was read."""

    lines: list[Line]
    pages: int
    input_kind: InputKind
    page_sources: list[PageSource]
    warnings: list[str] = field(default_factory=list)


def _open(path: Path, settings: PdfSettings = PDF) -> pdfium.PdfDocument:
    """Open a PDF with PDFium after the resource caps: no stream inflating beyond
    ``settings.max_stream_bytes`` (checked before any engine reads the file), no page too large to render."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        if is_pdf(head):
            pdf_streams.check_streams(path, settings.max_stream_bytes)
    except FileNotFoundError as e:
        raise PdfError(f"file not found: {path}") from e
    except OSError as e:
        raise PdfError(f"cannot read file: {e.strerror or e}") from e
    except pdf_streams.StreamTooLarge as e:
        raise PdfError(str(e)) from e
    if not is_pdf(head):
        raise PdfError("not a PDF (no %PDF header)")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise PdfError(open_error(getattr(e, "err_code", None))) from e
    if len(doc) == 0:
        doc.close()
        raise PdfError(f"damaged PDF (no pages): {REEXPORT}")
    try:
        for index in range(len(doc)):
            width, height = doc.get_page_size(index)
            too_big = page_too_large(index, width, height, settings)
            if too_big:
                raise PdfError(too_big)
    except BaseException:
        doc.close()
        raise
    return doc


def page_too_large(index: int, width: float, height: float, settings: PdfSettings = PDF) -> str | None:
    """The one-line error for page ``index`` when rendering it for OCR would pass ``max_page_pixels``.

    Reading a page's size decodes no content stream, so this is quick whatever the page holds.

    >>> page_too_large(0, 595, 842) is None
    True
    >>> page_too_large(0, 14400, 14400)  # doctest: +ELLIPSIS
    'page 1 is 14400 x 14400 pt (508 x 508 cm), too large to render for OCR (3600 million pixels ...'
    """
    dpi, limit = settings.ocr.dpi, settings.max_page_pixels
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if not limit or pixels <= limit:
        return None
    return (f"page {index + 1} is {width:.0f} x {height:.0f} pt ({width / 72 * 2.54:.0f} x "
            f"{height / 72 * 2.54:.0f} cm), too large to render for OCR ({pixels / 1e6:.0f} million "
            f"pixels at {dpi} dpi, the limit is {limit / 1e6:.0f} million); "
            "check the page size, or export the page again")


REEXPORT = "re-download or re-export it"

#: PDFium's load errors (FPDF_ERR_*) in words a person can act on
_OPEN_ERRORS: dict[int, str] = {
    pdfium_c.FPDF_ERR_PASSWORD: "encrypted PDF: remove the password and run again",
    pdfium_c.FPDF_ERR_SECURITY: (
        "protected PDF (PDFium: unsupported security handler): remove the protection and run again"
    ),
    pdfium_c.FPDF_ERR_FORMAT: f"damaged or incomplete PDF (PDFium: data format error): {REEXPORT}",
    pdfium_c.FPDF_ERR_FILE: "cannot open the PDF (PDFium: file error): check that it can be read",
}


def open_error(err_code: int | None) -> str:
    """The one-line error for a PDF that PDFium cannot load, by its error code.

    >>> open_error(3)
    'damaged or incomplete PDF (PDFium: data format error): re-download or re-export it'
    >>> open_error(None)
    'damaged PDF (PDFium: unknown error): re-download or re-export it'
    """
    if err_code is not None and err_code in _OPEN_ERRORS:
        return _OPEN_ERRORS[err_code]
    return f"damaged PDF (PDFium: unknown error): {REEXPORT}"


def image_share(page: pdfium.PdfPage) -> float:
    """Share of the page area covered by image objects (largest image, capped at 1)."""
    width, height = page.get_size()
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        pdfium_c.FPDFPageObj_GetBounds(obj.raw, left, bottom, right, top)
        best = max(best, (right.value - left.value) * (top.value - bottom.value))
    return min(best / (width * height), 1.0) if width * height > 0 else 0.0


@dataclass(frozen=True, slots=True)
class TextPage:
    """One page read from its text layer: its lines, how sound the layer is, and its image share."""

    lines: list[Line]
    quality: pdf_text.LayerQuality
    image_share: float


def _text_page(
    doc: pdfium.PdfDocument, index: int, settings: PdfSettings, poppler: pdf_poppler.Engine | None = None
) -> TextPage:
    page = doc[index]
    got = poppler.page(index, page, settings) if poppler else None  # None: no pdftotext, use PDFium
    if got is not None:
        lines, quality = got
    else:
        textpage = page.get_textpage()
        chars = pdf_text.page_chars(textpage, page.get_height(), settings.lines)
        tables = pdf_text.find_tables(pdf_text.ruling_edges(page), settings.tables) if chars else []
        lines = pdf_text.page_lines(chars, tables, index + 1, settings.lines)
        quality = pdf_text.judge_layer("\n".join(line.text for line in lines))
    share = image_share(page)
    if quality.ok and quality.letters < settings.thin_text_letters and share >= settings.page_image_share:
        quality = pdf_text.LayerQuality(
            quality.letters,
            quality.thai_share,
            quality.junk_share,
            quality.bad_syllables,
            quality.latin_words,
            "thin text over a scan",
        )
    return TextPage(lines, quality, share)


def _kind(sources: list[PageSource], needed_ocr: list[bool]) -> InputKind:
    text = sum(1 for s, n in zip(sources, needed_ocr, strict=True) if s == "text_layer" and not n)
    scanned = sum(needed_ocr)
    if scanned == 0:
        return "pdf-text"
    return "pdf-scanned" if text == 0 else "pdf-mixed"


def read_pdf(
    path: Path,
    *,
    ocr: bool = True,
    settings: PdfSettings = PDF,
    progress: PageProgress | None = None,
) -> PdfRead:
    """Read a PDF into lines, page by page from the text layer or OCR; raises PdfError on a bad file.

    ``page_sources`` says per page whether its lines come from the text layer, OCR, or nothing;
    ``warnings`` has one line per page that needed OCR and per problem met. ``progress`` gets
    ``(done, total)`` for the pages sent to OCR (:func:`extractors.ocr.ocr_pages`); it is not
    called when no page is OCR'd. ``ocr=False``: pages that need OCR are left empty, with a warning.
    """
    doc = _open(path, settings)
    poppler = pdf_poppler.Engine(path)  # the text engine; PDFium reads the pages it cannot
    try:
        n = len(doc)
        warnings: list[str] = poppler.warnings
        per_page: list[list[Line]] = []
        sources: list[PageSource] = []
        needed: list[bool] = []
        reasons: dict[int, str] = {}
        for i in range(n):
            try:
                read = _text_page(doc, i, settings, poppler)
            except pdfium.PdfiumError as e:
                raise PdfError(f"damaged PDF: page {i + 1} cannot be read ({e}); {REEXPORT}") from e
            quality = read.quality
            if quality.ok:
                per_page.append(read.lines)
                sources.append("text_layer")
                needed.append(False)
            elif quality.problem == "empty" and read.image_share == 0.0:
                per_page.append([])
                sources.append("empty")  # a blank page: nothing to OCR
                needed.append(False)
            else:
                per_page.append([])
                sources.append("empty")
                needed.append(True)
                why = f"text layer unreadable ({quality.problem})"
                reasons[i + 1] = "no text layer" if quality.problem == "empty" else why
        if reasons:
            _ocr_into(doc, reasons, per_page, sources, warnings, ocr=ocr, settings=settings,
                      progress=progress)
        return PdfRead(
            lines=[line for lines in per_page for line in lines],
            pages=n,
            input_kind=_kind(sources, needed),
            page_sources=sources,
            warnings=warnings,
        )
    finally:
        doc.close()


def _ocr_into(
    doc: pdfium.PdfDocument,
    reasons: dict[int, str],
    per_page: list[list[Line]],
    sources: list[PageSource],
    warnings: list[str],
    *,
    ocr: bool,
    settings: PdfSettings,
    progress: PageProgress | None = None,
) -> None:
    """OCR the pages in ``reasons`` and fill their slots; warn for each."""
    if not ocr:
        warnings.extend(f"page {p}: {why}, OCR disabled; page left empty" for p, why in reasons.items())
        return
    binary = ocr_mod.tesseract_binary()
    if binary is None:
        warnings.extend(
            f"page {p}: {why} and tesseract is not installed; page left empty" for p, why in reasons.items()
        )
        return
    done = ocr_mod.ocr_pages(doc, list(reasons), settings=settings.ocr, lines=settings.lines,
                             tables=settings.tables, binary=binary, progress=progress)
    used = False
    for p, result in done.items():
        if isinstance(result, ocr_mod.OcrError):
            warnings.append(f"page {p}: {reasons[p]}, OCR failed: {result}; page left empty")
            continue
        per_page[p - 1] = result
        sources[p - 1] = "ocr" if result else "empty"
        used = used or bool(result)
        warnings.append(f"page {p}: {reasons[p]}, used OCR" + ("" if result else " (no text found)"))
    if used and "tha" in settings.ocr.lang.split("+"):
        reread = settings.ocr.reread_digits and ocr_digits.available()
        warnings.append(
            f"OCR pages: Tesseract's Thai model has no {' '.join(ocr_mod.MISSING_DIGITS)}; "
            + ("Thai-digit numbers were re-read from their glyphs where the reading was certain, "
               "others may be wrong" if reread else
               "Thai-digit numbers there may be wrong (install the TLWG fonts to re-read them)")
        )
