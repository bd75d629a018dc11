"""Input readers, registered in one table: the one place that decides what kind of input a file is.

A :class:`Reader` names the suffixes it takes, a ``sniff`` of the file's first bytes (its content
signature; None for plain text, which has none), the ``input_kind`` values its documents can
have, and a ``read`` function from a path to a :class:`~extractors.records.Document`.
:func:`detect` picks the reader for a file from its suffix checked against its first bytes, and
raises :class:`InputError` with one line a person can act on otherwise.

Adding an input kind: write its read function, and :func:`register` a Reader (one line in
:data:`READERS` for a built-in one). Readers import their extractors lazily, so this module stays
light and anyone (``pdf``, ``api``, ``pipeline.run``) can import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from pathlib import Path

from extractors.records import Document, InputKind

#: told (pages done, pages in all) after each OCR page, in page order; for progress lines
PageProgress = Callable[[int, int], None]

#: read from a path and a doc_id to a Document; ``progress`` hears of the long part (OCR pages)
ReadFn = Callable[[Path, str, PageProgress | None], Document]

PDF_MAGIC = b"%PDF-"
#: PDF readers accept junk before the header within the first kilobyte
HEAD_BYTES = 1024


class ExtractionError(Exception):
    """The input cannot be read; the message is one line a person can act on."""


class InputError(ExtractionError):
    """An input rejected before extraction (empty, unsupported, content not as its suffix says)."""


@dataclass(frozen=True, slots=True)
class Reader:
    """One kind of input file and how to read it."""

    name: str
    #: lower-case suffixes with the dot; the first is the one to rename a misnamed file to
    suffixes: tuple[str, ...]
    #: the values ``Document.input_kind`` can take for this input (one: known before reading)
    input_kinds: tuple[InputKind, ...]
    read: ReadFn
    #: the input, as the "unsupported file type" error offers it ("a PDF")
    offered: str
    #: True when the first bytes carry this kind's signature; None: no signature (plain text)
    sniff: Callable[[bytes], bool] | None = None
    #: the error for a file with one of ``suffixes`` whose first bytes lack the signature
    unsigned: str = ""


def is_pdf(head: bytes) -> bool:
    """Whether the first bytes of a file carry the PDF header.

    >>> is_pdf(b"junk %PDF-1.7"), is_pdf(b"%PD")
    (True, False)
    """
    return PDF_MAGIC in head[:HEAD_BYTES]


def _read_pdf(path: Path, doc_id: str, progress: PageProgress | None) -> Document:
    from extractors.api import extract_pdf

    return extract_pdf(path, doc_id, progress)


def _read_text(path: Path, doc_id: str, progress: PageProgress | None) -> Document:
    from extractors.api import extract_text_file

    return extract_text_file(path, doc_id)


PDF = Reader(
    name="pdf",
    suffixes=(".pdf",),
    input_kinds=("pdf-text", "pdf-scanned", "pdf-mixed"),
    read=_read_pdf,
    offered="a PDF",
    sniff=is_pdf,
    unsigned="not a PDF (no %PDF- header): damaged, or another format renamed .pdf",
)
TEXT = Reader(
    name="text",
    suffixes=(".txt", ".md", ".markdown"),
    input_kinds=("ocr-text",),
    read=_read_text,
    offered="OCR output saved as .txt or .md",
)

#: every reader, in the order their suffixes are looked up
READERS: list[Reader] = [PDF, TEXT]


def register(reader: Reader) -> None:
    """Add a reader; a suffix already taken is an error (one reader per suffix)."""
    taken = supported_suffixes() & set(reader.suffixes)
    if taken:
        raise ValueError(f"suffix already has a reader: {', '.join(sorted(taken))}")
    READERS.append(reader)


def unregister(reader: Reader) -> None:
    """Remove a reader added by :func:`register`."""
    READERS.remove(reader)


def supported_suffixes() -> frozenset[str]:
    """Every suffix some reader takes."""
    return frozenset(s for r in READERS for s in r.suffixes)


class _Suffixes(Set[str]):
    """The suffixes every registered reader takes, as they are now (a live view of :data:`READERS`)."""

    def __contains__(self, suffix: object) -> bool:
        return any(suffix in r.suffixes for r in READERS)

    def __iter__(self) -> Iterator[str]:
        return iter(supported_suffixes())

    def __len__(self) -> int:
        return len(supported_suffixes())


#: ``suffix in SUPPORTED_SUFFIXES``: whether some reader takes it, registered readers included
SUPPORTED_SUFFIXES: Set[str] = _Suffixes()


def _offered() -> str:
    names = [r.offered for r in READERS]
    return ", or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + ", or " + names[-1]


def detect(path: Path, head: bytes) -> Reader:
    """The reader for ``path`` from its suffix checked against its first bytes; raise InputError.

    ``head``: the file's first :data:`HEAD_BYTES` bytes (or all of them).

    >>> detect(Path("scan.PDF"), b"%PDF-1.7 ...").name
    'pdf'
    >>> detect(Path("report.txt"), "รายงาน".encode()).name
    'text'
    >>> detect(Path("report.txt"), b"%PDF-1.4 ...")
    Traceback (most recent call last):
    ...
    extractors.readers.InputError: a PDF file named '.txt'; rename it to .pdf
    >>> detect(Path("scan.pdf"), b"PK...")
    Traceback (most recent call last):
    ...
    extractors.readers.InputError: not a PDF (no %PDF- header): damaged, or another format renamed .pdf
    >>> detect(Path("notes.docx"), b"PK...")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    extractors.readers.InputError: unsupported file type '.docx'; give a PDF, or OCR output saved as ...
    >>> detect(Path("empty.txt"), b"")
    Traceback (most recent call last):
    ...
    extractors.readers.InputError: empty file (0 bytes); export or copy the report again
    """
    suffix = path.suffix.lower()
    if not head:
        raise InputError("empty file (0 bytes); export or copy the report again")
    reader = next((r for r in READERS if suffix in r.suffixes), None)
    if reader is None:
        raise InputError(f"unsupported file type {suffix or '(no suffix)'!r}; give {_offered()}")
    if reader.sniff is not None:
        if not reader.sniff(head):
            raise InputError(reader.unsigned)
        return reader
    for other in READERS:
        if other.sniff is not None and other.sniff(head):
            raise InputError(
                f"a {other.name.upper()} file named {suffix!r}; rename it to {other.suffixes[0]}"
            )
    return reader


def reader_for(path: Path) -> Reader:
    """The reader :func:`detect` picks for the file at ``path``; raise InputError (OSError unchanged)."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    return detect(path, head)
