"""One entry point from an input file to a :class:`~extractors.records.Document`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from extractors import readers
from extractors.layout import extract_layout
from extractors.ocr_text import (
    PAGE_NUMBER,
    DecodeError,
    cell_text,
    decode,
    make_row,
    merge_continuations,
    read_rows,
)
from extractors.readers import SUPPORTED_SUFFIXES, ExtractionError, PageProgress
from extractors.records import Document, Line, Row
from extractors.settings import PDF, PdfSettings
from normalizers.sara_am import restore_sara_am, sara_am_lost

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ExtractionError",
    "extract_document",
    "extract_pdf",
    "extract_text",
    "extract_text_file",
    "page_furniture",
]


SARA_AM_WARNING = "SARA AM (ำ) lost throughout the text: restored by dictionary in text fields; raw kept"


def _restore_lines(lines: list[Line]) -> list[Line]:
    return [
        dataclasses.replace(
            ln, text=restore_sara_am(ln.text), cells=tuple(restore_sara_am(c) for c in ln.cells)
        )
        for ln in lines
    ]


def extract_text(text: str, doc_id: str, path: str) -> Document:
    """A Document from OCR output already decoded to text (the seed's format)."""
    ocr = read_rows(text, path)
    lines, rows, warnings = ocr.lines, ocr.rows, []
    if sara_am_lost(text):
        lines = _restore_lines(lines)
        for row in rows:
            row.cells = [restore_sara_am(c) for c in row.cells]
        warnings.append(SARA_AM_WARNING)
    doc = Document(doc_id=doc_id, path=path, input_kind="ocr-text", lines=lines)
    doc.warnings.extend(warnings)
    return extract_layout(doc, merge_continuations(rows))


def page_furniture(lines: list[Line]) -> set[int]:
    """Positions in ``lines`` of lone page numbers printed as the first or last line of a PDF page."""
    out: set[int] = set()
    start = 0
    for k in range(1, len(lines) + 1):
        if k < len(lines) and lines[k].page == lines[start].page:
            continue
        if lines[start].page is not None:
            for j in {start, k - 1}:
                if len(lines[j].cell_list) == 1 and PAGE_NUMBER.match(lines[j].text):
                    out.add(j)
        start = k
    return out


def _rows_from_lines(lines: list[Line]) -> list[Row]:
    """Rows of PDF lines from the cells the text layer or OCR found, as :func:`~extractors.ocr_text.read_rows`
    makes them for OCR text.

    Page numbers in headers and footers are left out; the first row of each page follows a page
    break, so that :func:`~extractors.ocr_text.merge_continuations` joins a table row continued
    over the break (and drops a repeated header) as it does for OCR text.
    """
    rows = []
    furniture = page_furniture(lines)
    page: int | None = None
    new_page = False
    for k, ln in enumerate(lines):
        new_page = new_page or ln.page != page
        page = ln.page
        if k in furniture:
            continue
        cells = [cell_text(c) for c in ln.cell_list]
        rows.append(make_row(
            ln.line, ln.raw, cells, after_break=new_page, page=ln.page, bbox=ln.bbox, source=ln.source,
            cell_bboxes=ln.cell_bboxes, cell_confidences=ln.cell_confidences,
        ))
        new_page = False
    return merge_continuations(rows)


def extract_pdf(
    path: Path, doc_id: str, progress: PageProgress | None = None, settings: PdfSettings = PDF
) -> Document:
    """A Document from a PDF: text layer where it is sound, OCR where it is not.

    ``progress`` is told ``(done, total)`` for the pages that go to OCR (``read_pdf``); ``settings``
    carry the resource caps and the number of Tesseract processes (``settings.ocr.workers``).
    """
    from extractors.pdf import PdfError, read_pdf

    try:
        pdf = read_pdf(path, settings=settings, progress=progress)
    except PdfError as e:
        raise ExtractionError(str(e)) from e
    lines = pdf.lines
    doc = Document(doc_id=doc_id, path=str(path), input_kind=pdf.input_kind, pages=pdf.pages)
    doc.warnings.extend(pdf.warnings)
    if sara_am_lost("\n".join(ln.text for ln in lines)):
        lines = _restore_lines(lines)
        doc.warnings.append(SARA_AM_WARNING)
    doc.lines = lines
    if not lines:
        from extractors.ocr import tesseract_binary

        if tesseract_binary() is None:
            raise ExtractionError(
                "no text found: the PDF has no usable text layer and tesseract is not installed "
                "(apt-get install tesseract-ocr tesseract-ocr-tha)"
            )
        raise ExtractionError(
            f"no text found: none of the {pdf.pages} pages has a usable text layer and OCR read "
            "nothing on them (blank pages, or images too faint to read); check the file opens with text"
        )
    return extract_layout(doc, _rows_from_lines(lines))


def extract_text_file(path: Path, doc_id: str) -> Document:
    """A Document from an OCR text file (UTF-8, TIS-620 or cp874); raises ExtractionError."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ExtractionError(f"cannot read file: {e.strerror}") from e
    if not data.strip():
        raise ExtractionError("empty file")
    try:
        text, _encoding = decode(data)
    except DecodeError as e:
        raise ExtractionError(str(e)) from e
    return extract_text(text, doc_id, str(path))


def extract_document(
    path: Path, doc_id: str, progress: PageProgress | None = None, settings: PdfSettings = PDF
) -> Document:
    """Read one input file into a Document by its reader (:mod:`extractors.readers`).

    Raises ExtractionError (:class:`~extractors.readers.InputError` when no reader takes the file).
    ``progress``: called with ``(done, total)`` pages while a PDF's pages are OCR'd (the long part);
    never for text inputs. It only reports: the Document is the same with or without it.
    ``settings``: for PDFs (the registry's read functions take none), e.g. a caller running several
    documents at once gives each its share of the cores: ``replace(PDF, ocr=replace(PDF.ocr, workers=1))``.
    """
    try:
        reader = readers.reader_for(path)
    except OSError as e:
        raise ExtractionError(f"cannot read file: {e.strerror or e}") from e
    if reader is readers.PDF:
        return extract_pdf(path, doc_id, progress, settings)
    return reader.read(path, doc_id, progress)
