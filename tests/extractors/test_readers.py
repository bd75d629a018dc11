"""The reader registry: one place decides an input's kind; adding a kind is one reader + one registration."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors import api, readers
from extractors.readers import InputError, PageProgress, Reader, detect
from extractors.records import Document
from pipeline.cli import main

SEED = Path(__file__).parent / "fixtures" / "bma_2561_sample.txt"
OFFERED = "give a PDF, or OCR output saved as .txt or .md"


@pytest.mark.parametrize(
    ("name", "head", "message"),
    [
        ("empty.txt", b"", "empty file (0 bytes); export or copy the report again"),
        ("fake.pdf", b"not a pdf", "not a PDF (no %PDF- header): damaged, or another format renamed .pdf"),
        ("renamed.md", b"%PDF-1.4\n", "a PDF file named '.md'; rename it to .pdf"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'; " + OFFERED),
        ("README", b"text", "unsupported file type '(no suffix)'; " + OFFERED),
    ],
)
def test_detect_rejects_with_one_line(name: str, head: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        detect(Path(name), head)
    assert str(err.value) == message


def test_detect_picks_by_suffix_and_signature() -> None:
    assert detect(Path("a.PDF"), b"\n\n%PDF-1.7") is readers.PDF
    assert detect(Path("a.markdown"), "ผลการดำเนินงาน".encode()) is readers.TEXT
    # the PDF header counts only within the first kilobyte, as PDF readers accept
    assert detect(Path("a.txt"), b" " * 1024 + b"%PDF-1.4") is readers.TEXT


def test_extract_document_uses_the_registry(tmp_path: Path) -> None:
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(api.ExtractionError, match=r"^a PDF file named '\.txt'; rename it to \.pdf$"):
        api.extract_document(renamed, "x")
    blank = tmp_path / "blank.md"
    blank.write_bytes(b" \n\n")
    with pytest.raises(api.ExtractionError, match=r"^empty file$"):
        api.extract_document(blank, "x")


def test_a_suffix_has_one_reader() -> None:
    twin = Reader(
        name="twin", suffixes=(".md",), input_kinds=("ocr-text",), read=readers.TEXT.read, offered="x"
    )
    with pytest.raises(ValueError, match=r"suffix already has a reader: \.md"):
        readers.register(twin)
    assert readers.READERS == [readers.PDF, readers.TEXT]


# --- the recipe: a toy input kind -------------------------------------------------------------------


def read_csv(path: Path, doc_id: str, progress: PageProgress | None) -> Document:
    """A toy reader: a CSV table of OCR rows, read as the tab-separated OCR text it holds."""
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return api.extract_text("\n".join("\t".join(row) for row in rows), doc_id, str(path))


CSV = Reader(name="csv", suffixes=(".csv",), input_kinds=("ocr-text",), read=read_csv, offered="a CSV table")


@pytest.fixture
def csv_reader() -> Iterator[Reader]:
    readers.register(CSV)
    try:
        yield CSV
    finally:
        readers.unregister(CSV)


def _rows(out: Path, name: str) -> list[dict[str, object]]:
    rows = [json.loads(x) for x in (out / name).read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row.pop("doc_id", None)
        row.pop("path", None)
    return rows


@pytest.mark.usefixtures("csv_reader")
def test_a_registered_reader_is_run_by_thaireport(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(line.split("\t") for line in text.split("\n"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.csv").write_text(buf.getvalue(), encoding="utf-8")
    (tmp_path / "seed.txt").write_text(text, encoding="utf-8")
    assert ".csv" in api.SUPPORTED_SUFFIXES
    assert main(["run", str(folder), "--out", str(tmp_path / "csv"), "--quiet"]) == 0
    assert main(["run", str(tmp_path / "seed.txt"), "--out", str(tmp_path / "txt"), "--quiet"]) == 0
    docs = _rows(tmp_path / "csv", "documents.jsonl")
    assert [(d["status"], d["input_kind"]) for d in docs] == [("ok", "ocr-text")]
    indicators = _rows(tmp_path / "csv", "indicators.jsonl")
    assert len(indicators) == 6
    assert indicators == _rows(tmp_path / "txt", "indicators.jsonl")


def test_the_toy_reader_is_gone_after_its_test(tmp_path: Path) -> None:
    assert CSV not in readers.READERS and ".csv" not in api.SUPPORTED_SUFFIXES
    with pytest.raises(InputError, match=r"^unsupported file type '\.csv'; give a PDF, or OCR output"):
        detect(tmp_path / "seed.csv", b"a,b")


def test_unsupported_message_lists_registered_readers(csv_reader: Reader) -> None:
    with pytest.raises(InputError) as err:
        detect(Path("x.docx"), b"PK")
    assert str(err.value) == (
        "unsupported file type '.docx'; give a PDF, OCR output saved as .txt or .md, or a CSV table"
    )
