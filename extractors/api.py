"""One entry point from an input file to a :class:`~extractors.records.Document`."""

from __future__ import annotations

from pathlib import Path

from extractors.records import Document


class ExtractionError(Exception):
    """The input cannot be read; the message is one line a person can act on."""


def extract_document(path: Path, doc_id: str) -> Document:
    """Read one input file (PDF, .txt, .md) into a Document. Raises ExtractionError on bad input."""
    raise ExtractionError(f"not implemented yet: {path}")
