"""One entry point from an input file to a :class:`~extractors.records.Document`."""

from __future__ import annotations

from pathlib import Path

from extractors.layout import extract_layout
from extractors.ocr_text import DecodeError, Row, cell_text, decode, merge_continuations, read_rows
from extractors.records import Document, Line

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


class ExtractionError(Exception):
    """The input cannot be read; the message is one line a person can act on."""


def extract_text(text: str, doc_id: str, path: str) -> Document:
    """A Document from OCR output already decoded to text (the seed's format)."""
    ocr = read_rows(text, path)
    doc = Document(doc_id=doc_id, path=path, input_kind="ocr-text", lines=ocr.lines)
    return extract_layout(doc, merge_continuations(ocr.rows))


def _rows_from_lines(lines: list[Line]) -> list[Row]:
    rows = []
    for ln in lines:
        cells = [cell_text(c) for c in ln.text.split("\t")]
        filled = sum(1 for c in cells if c)
        rows.append(Row(line=ln.line, raw=ln.raw, cells=cells, is_table=filled > 1))
    return rows


def extract_pdf(path: Path, doc_id: str) -> Document:
    """A Document from a PDF: text layer where it is sound, OCR where it is not."""
    from extractors.pdf import PdfError, read_pdf

    try:
        pdf = read_pdf(path)
    except PdfError as e:
        raise ExtractionError(str(e)) from e
    doc = Document(doc_id=doc_id, path=str(path), input_kind=pdf.input_kind, pages=pdf.pages, lines=pdf.lines)
    doc.warnings.extend(pdf.warnings)
    if not pdf.lines:
        raise ExtractionError(
            "no text found: the PDF has no usable text layer and OCR gave nothing "
            "(is tesseract-ocr with the Thai model installed?)"
        )
    return extract_layout(doc, _rows_from_lines(pdf.lines))


def extract_document(path: Path, doc_id: str) -> Document:
    """Read one input file (PDF, .txt, .md) into a Document. Raises ExtractionError on bad input."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return extract_pdf(path, doc_id)
    if suffix not in TEXT_SUFFIXES:
        raise ExtractionError(f"unsupported file type {suffix or '(none)'}: expected .pdf, .txt or .md")
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
