"""Real Thai government PDFs (../shared/realdocs, see its SOURCES.md) through the whole CLI.

None of them is a performance report, so the point is robustness: every file gets one record, ``ok``
or ``failed`` with a clear one-line error, and the run never crashes. The batch runs in one process
(``--workers 0``) with Tesseract hidden, so the scans show how a machine without OCR fares; one small
scan is then read with real OCR. Skipped when the folder is absent (it is not part of the repository).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from extractors import ocr
from extractors.pdf import read_pdf
from pipeline.cli import main
from pipeline.outputs import TABLES

REALDOCS = (Path(ROOT) / ".." / "shared" / "realdocs").resolve()
NO_TEXT = ("no text found: the PDF has no usable text layer and tesseract is not installed "
           "(apt-get install tesseract-ocr tesseract-ocr-tha)")

#: name -> (status, error, input_kind, pages) of its documents.jsonl record when OCR is unavailable
WITHOUT_OCR: dict[str, tuple[str, str | None, str | None, int | None]] = {
    "budget_fy2565_vol3_book17.pdf": ("ok", None, "pdf-text", 84),
    "kt_resolutions_6-2550_table_scan.pdf": ("failed", NO_TEXT, None, None),
    "moi_regulation_village_waterworks_2548.pdf": ("ok", None, "pdf-text", 6),
    "mso_fee_rates_per_rai_wah_table.pdf": ("ok", None, "pdf-text", 10),
    "mso_letter_2554_scan_with_garbage_ocr_layer.pdf": ("failed", NO_TEXT, None, None),
    "yaha_hospital_ER_SAR_2567.pdf": ("ok", None, "pdf-text", 91),
}

pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} is absent")


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """One CLI run over every PDF, in this process, with Tesseract reported missing."""
    pdfs = sorted(REALDOCS.glob("*.pdf"))
    if sorted(p.name for p in pdfs) != sorted(WITHOUT_OCR):
        pytest.skip(f"{REALDOCS} does not hold the expected PDFs")
    out = tmp_path_factory.mktemp("realdocs") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "tesseract_binary", lambda: None)
        status = main(["run", *map(str, pdfs), "--out", str(out), "--workers", "0", "--quiet"])
    yield status, out


@pytest.mark.slow  # ~9 s: 190 text-layer pages
def test_every_pdf_gets_one_record_without_ocr(batch: tuple[int, Path]) -> None:
    status, out = batch
    assert status == 1  # the two scans fail; the batch goes on
    docs = read_jsonl(out / "documents.jsonl")
    got = {Path(str(d["path"])).name: (d["status"], d["error"], d["input_kind"], d["pages"]) for d in docs}
    assert got == WITHOUT_OCR
    assert [d["failed_stage"] for d in docs] == [
        None if WITHOUT_OCR[Path(str(d["path"])).name][0] == "ok" else "extract" for d in docs]
    for table in TABLES:  # every row belongs to an input of this run
        rows = read_jsonl(out / f"{table}.jsonl")
        assert {r["doc_id"] for r in rows} <= {d["doc_id"] for d in docs}, table


def test_scans_are_routed_to_ocr() -> None:
    """Without OCR the scans' pages are judged and left empty with a warning saying why."""
    letter = read_pdf(REALDOCS / "mso_letter_2554_scan_with_garbage_ocr_layer.pdf", ocr=False)
    assert (letter.pages, letter.input_kind, letter.page_sources, letter.lines) == (
        5, "pdf-scanned", ["empty"] * 5, [])
    assert letter.warnings == [
        f"page {n}: text layer unreadable (Latin junk), OCR disabled; page left empty" for n in range(1, 6)]
    table = read_pdf(REALDOCS / "kt_resolutions_6-2550_table_scan.pdf", ocr=False)
    assert (table.pages, table.input_kind, table.warnings) == (
        2, "pdf-scanned", [f"page {n}: no text layer, OCR disabled; page left empty" for n in (1, 2)])


def _has_thai_ocr() -> bool:
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False)
    return "tha" in done.stdout.split()


@pytest.mark.slow  # ~7 s: two pages of Tesseract
@pytest.mark.skipif(not _has_thai_ocr(), reason="tesseract with the Thai model is not installed")
def test_scan_with_ocr(tmp_path: Path) -> None:
    pdf = REALDOCS / "kt_resolutions_6-2550_table_scan.pdf"
    out = tmp_path / "out"
    assert main(["run", str(pdf), "--out", str(out), "--workers", "0", "--quiet"]) == 0
    [doc] = read_jsonl(out / "documents.jsonl")
    assert (doc["status"], doc["error"], doc["input_kind"], doc["pages"]) == ("ok", None, "pdf-scanned", 2)
    warnings = doc["warnings"]
    assert isinstance(warnings, list)
    assert warnings[:2] == ["page 1: no text layer, used OCR", "page 2: no text layer, used OCR"]
