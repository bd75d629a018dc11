"""Resource caps and core sharing of a batch: a decompression bomb is one clear line, document workers
times Tesseract processes never outnumber the cores (docs/notes/i-bounds.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pdf_bombs import page_pdf, zeros_bomb

from extractors import api
from extractors.api import ExtractionError
from extractors.records import Document
from extractors.settings import PdfSettings
from pipeline import batch
from pipeline.batch import run_batch
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "tests" / "fixtures" / "dept_points5_2566.txt"
BOMB_ERROR = ("a compressed stream (object 4 0) inflates beyond 256 MB, the limit per stream "
              "(--max-inflate): a decompression bomb or a damaged file; raise the limit only if the file "
              "is genuine")


def documents(out: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_6_mb_pdf_inflating_to_6_gib_is_one_clear_line(tmp_path: Path) -> None:
    """Regression: a 6 MB PDF whose content stream inflates to 6 GiB took 7.2 GB (PDFium loads the whole
    stream), or ended as "the worker process died … out of memory" under --max-memory. Now the guard
    inflates it incrementally, stops at 256 MB, and the batch's other file is unaffected."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bomb.pdf").write_bytes(page_pdf(zeros_bomb(6 * 1024)))
    assert 6_000_000 < (inputs / "bomb.pdf").stat().st_size < 7_000_000
    (inputs / "report.txt").write_bytes(REPORT.read_bytes())
    out = tmp_path / "out"
    # the main process's own peak from VmHWM: its ru_maxrss keeps the peak of the process it was
    # forked from (pytest) across exec; its workers' from RUSAGE_CHILDREN (forked from it)
    code = ("import re, resource, sys; sys.path[:0] = [sys.argv[1]]; from pipeline.cli import main\n"
            "s = main(sys.argv[2:]); status = open('/proc/self/status').read()\n"
            "me = int(re.search(r'VmHWM:\\s*(\\d+)', status).group(1))\n"
            "print('peak', me, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(s)")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(ROOT), "run", str(inputs), "--out", str(out),
                           "--workers", "2", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - t0
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == ["documents: 1 ok, 1 failed",
                                            f"  failed: {inputs / 'bomb.pdf'}: {BOMB_ERROR}"]
    assert [(d["path"], d["status"], d["error"], d["failed_stage"]) for d in documents(out)] == [
        (str(inputs / "bomb.pdf"), "failed", BOMB_ERROR, "extract"),
        (str(inputs / "report.txt"), "ok", None, None),
    ]
    assert "Traceback" not in done.stderr
    peak_kb = max(int(kb) for kb in done.stderr.split("peak ")[-1].split())
    print(f"bomb run: {seconds:.1f} s, peak {peak_kb} KB")
    assert peak_kb < 400_000  # the whole run, any process; unguarded: 7.2 GB, or the 2 GB --max-memory
    assert seconds < 60  # unguarded: minutes (pdftotext alone inflates ~15 s per GiB here)


def test_max_inflate_option(tmp_path: Path) -> None:
    pdf = tmp_path / "in" / "f.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(page_pdf(zeros_bomb(3)))
    out = tmp_path / "out"
    assert main(["run", str(pdf), "--out", str(out), "--quiet", "--workers", "0", "--max-inflate", "2"]) == 1
    assert [(d["error"], d["failed_stage"]) for d in documents(out)] == [
        (BOMB_ERROR.replace("256 MB", "2 MB"), "extract")]


# --- cores shared between document workers and Tesseract processes ----------------------------------


def settings_extract(path: Path, doc_id: str, progress: object = None,
                     settings: PdfSettings | None = None) -> Document:
    """A fake extractor that fails with the settings it was given, so the record shows them."""
    assert settings is not None
    raise ExtractionError(f"ocr.workers={settings.ocr.workers} max_stream_bytes={settings.max_stream_bytes} "
                          f"pid={os.getpid()}")


@pytest.mark.parametrize("cores, workers, files, share", [
    (2, 2, 4, 1),  # the default on 2 cores: 2 documents x 1 Tesseract (was 2 x 2 = 4 processes)
    (2, 1, 4, 2),
    (4, 3, 6, 1),
    (8, 3, 6, 2),
    (4, 2, 1, 4),  # one document to do: one worker, which gets every core
    (2, 0, 2, 2),  # in this process, one document at a time
    (1, 4, 4, 1),
])
def test_each_document_worker_gets_its_share_of_the_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int, workers: int, files: int, share: int
) -> None:
    monkeypatch.setattr(api, "extract_document", settings_extract)
    monkeypatch.setattr(batch, "cores", lambda: cores)
    inputs = []
    for n in range(files):
        inputs.append(tmp_path / f"{n}.txt")
        inputs[-1].write_text(f"report {n}\n", encoding="utf-8")
    results = run_batch(inputs, workers)
    errors = [r.error or "" for r in results]
    expected = f"ocr.workers={share} max_stream_bytes={256 * 2**20}"
    assert [e.rsplit(" pid=", 1)[0] for e in errors] == [expected] * files
    pids = {e.rsplit(" pid=", 1)[1] for e in errors}
    assert len(pids) <= max(1, min(workers, files))


def test_an_explicit_ocr_budget_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.run import Limits

    monkeypatch.setattr(api, "extract_document", settings_extract)
    path = tmp_path / "a.txt"
    path.write_text("report\n", encoding="utf-8")
    [result] = run_batch([path], 0, limits=Limits(ocr_threads=3, max_inflate=2**20))
    assert (result.error or "").rsplit(" pid=", 1)[0] == "ocr.workers=3 max_stream_bytes=1048576"



@pytest.mark.parametrize("address, workers, share", [
    ("local", 2, 1), ("local", 1, 2), ("tcp://10.0.0.5:8786", 1, 1), ("tcp://10.0.0.5:8786", 2, 1),
])
def test_dask_documents_get_their_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, address: str, workers: int, share: int
) -> None:
    """``--dask local``: the local share (2 cores: 1 each for 2 workers, 2 for 1); a remote cluster:
    one Tesseract per document, its workers running one document per thread and one thread per core."""
    from pipeline import dask_run

    seen: list[int] = []
    monkeypatch.setattr(batch, "cores", lambda: 2)
    monkeypatch.setattr(dask_run, "run_dask", lambda address, items, settings, workers, finish:
                        seen.append(settings.limits.ocr_threads))
    inputs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in inputs:
        path.write_text("report\n", encoding="utf-8")
    run_batch(inputs, workers, dask=address)
    assert seen == [share]
