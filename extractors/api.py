"""One entry point from an input file to a :class:`~extractors.records.Document`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from extractors.layout import extract_layout
from extractors.ocr_text import DecodeError, Row, cell_text, decode, merge_continuations, read_rows
from extractors.records import Document, Line
from normalizers.sara_am import restore_sara_am, sara_am_lost

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


class ExtractionError(Exception):
    """The input cannot be read; the message is one line a person can act on."""


SARA_AM_WARNING = "SARA AM (ำ) lost throughout the text: restored by dictionary in text fields; raw kept"


def _restore_lines(lines: list[Line]) -> list[Line]:
    return [dataclasses.replace(ln, text=restore_sara_am(ln.text)) for ln in lines]


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
    lines = pdf.lines
    doc = Document(doc_id=doc_id, path=str(path), input_kind=pdf.input_kind, pages=pdf.pages)
    doc.warnings.extend(pdf.warnings)
    if sara_am_lost("\n".join(ln.text for ln in lines)):
        lines = _restore_lines(lines)
        doc.warnings.append(SARA_AM_WARNING)
    doc.lines = lines
    if not lines:
        raise ExtractionError(
            "no text found: the PDF has no usable text layer and OCR gave nothing "
            "(is tesseract-ocr with the Thai model installed?)"
        )
    return extract_layout(doc, _rows_from_lines(lines))


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
