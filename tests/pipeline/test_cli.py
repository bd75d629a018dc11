"""``thaireport run``: exit codes, one record per input, errors, walking, progress, reruns."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BUG, CRASH, EXTRACTION_ERROR, ROOT, sample_document

from extractors import api
from extractors import ocr as ocr_mod
from extractors.records import Document, Line
from pipeline import scoring, stages
from pipeline.batch import CRASH_ERROR, find_inputs, run_batch
from pipeline.cli import main
from pipeline.outputs import TABLES

GOOD = "แบบฟอร์มการรายงาน\nหน่วยงาน : สำนักงานเขตบางรัก\n"



def visible(out: Path) -> list[Path]:
    """The entries of an output folder a user sees (not our ``.thaireport`` state folder)."""
    return sorted(p for p in out.iterdir() if not p.name.startswith("."))

def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def sha16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def documents(out: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def outcome(out: Path) -> list[tuple[str, object, object, object]]:
    """(file name, status, error, failed_stage) per documents record, in file order."""
    return [(Path(str(d["path"])).name, d["status"], d["error"], d["failed_stage"]) for d in documents(out)]


@pytest.mark.usefixtures("fake_pipeline")
def test_all_ok_exits_0_and_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "in" / "b.txt", GOOD + "b")
    write(tmp_path / "in" / "a.md", GOOD + "a")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 0
    assert outcome(out) == [("a.md", "ok", None, None), ("b.txt", "ok", None, None)]
    assert [d["doc_id"] for d in documents(out)] == [sha16(GOOD + "a"), sha16(GOOD + "b")]
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == (
        "documents: 2 ok, 0 failed\n"
        "findings:           error warning    info\n"
        "  overall-total         2       0       0\n"
        "  date-invalid          0       2       0\n"
        f"outputs: {out}\n"
    )


@pytest.mark.usefixtures("fake_pipeline")
def test_bad_files_exit_1_one_record_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    write(folder / "1_good.txt", GOOD)
    write(folder / "2_empty.txt", b"")
    write(folder / "3_broken.txt", EXTRACTION_ERROR)
    write(folder / "4_fake.pdf", "not a pdf at all")
    write(folder / "5_renamed.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    write(folder / "6_bug.md", BUG)
    docx = write(tmp_path / "notes.docx", b"PK\x03\x04")
    out = tmp_path / "out"
    assert main(["run", str(folder), str(docx), "--out", str(out), "--quiet"]) == 1
    assert outcome(out) == [
        ("1_good.txt", "ok", None, None),
        ("2_empty.txt", "failed", "empty file (0 bytes); export or copy the report again", "read"),
        ("3_broken.txt", "failed", "no indicator table found: is this a performance report?", "extract"),
        ("4_fake.pdf", "failed", "not a PDF (no %PDF- header): damaged, or another format renamed .pdf",
         "read"),
        ("5_renamed.txt", "failed", "a PDF file named '.txt'; rename it to .pdf", "read"),
        ("6_bug.md", "failed", "internal error in the extract stage (KeyError: 'component'); "
         "please report it with the file, rerun with --debug for the traceback", "extract"),
        ("notes.docx", "failed", "unsupported file type '.docx'; "
         "give a PDF, or OCR output saved as .txt or .md", "read"),
    ]
    assert [d["input_kind"] for d in documents(out)] == [
        "ocr-text", None, "ocr-text", None, None, "ocr-text", None]
    assert documents(out)[1]["doc_id"] == "e3b0c44298fc1c14"  # SHA-256 of no bytes
    # the good document's rows are all written; failed ones add none
    ids = {str(d["doc_id"]) for d in documents(out) if d["status"] == "ok"}
    rows = [json.loads(x) for x in (out / "indicators.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6 and {r["doc_id"] for r in rows} == ids
    summary = capsys.readouterr().out
    assert summary.startswith("documents: 1 ok, 6 failed\n  failed: ")
    assert "Traceback" not in summary


@pytest.mark.usefixtures("fake_pipeline")
def test_worker_crash_becomes_failed_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in ("a.txt", "c.txt", "d.txt"):
        write(folder / name, GOOD + name)
    write(folder / "b.txt", CRASH)
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "2", "--quiet"]) == 1
    assert outcome(out) == [
        ("a.txt", "ok", None, None),
        ("b.txt", "failed", CRASH_ERROR, "worker"),
        ("c.txt", "ok", None, None),
        ("d.txt", "ok", None, None),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "{tmp}/missing.pdf", "--out", "{tmp}/out"], "no such file or folder: {tmp}/missing.pdf"),
        (["run", "{tmp}"], "the following arguments are required: --out"),
        (["run", "--out", "{tmp}/out"], "the following arguments are required: PATH"),
        (["run", "{tmp}", "--out", "{tmp}/out", "--format", "xlsx"], "unknown format 'xlsx'"),
        (["run", "{tmp}", "--out", "{tmp}/out", "--workers", "-1"], "must be 0 or more"),
        (["run", "{tmp}", "--out", "{tmp}/file.txt"], "is a file, not a folder"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                             message: str) -> None:
    write(tmp_path / "file.txt", GOOD)
    with pytest.raises(SystemExit) as exc:
        main([a.format(tmp=tmp_path) for a in argv])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message.format(tmp=tmp_path) in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_folder_walking(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for rel in ("b.pdf", "a.TXT", "sub/c.md", "sub/z/d.pdf", "notes.docx", ".hidden.txt", ".git/e.txt",
                "sub/.cache/f.pdf", "A_upper.txt"):
        write(root / rel, "x")
    explicit = write(tmp_path / "extra.docx", "x")
    found = find_inputs([root, explicit, root / "b.pdf"])  # b.pdf a second time: kept once
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "docs/A_upper.txt", "docs/a.TXT", "docs/b.pdf", "docs/sub/c.md", "docs/sub/z/d.pdf", "extra.docx"]


@pytest.mark.usefixtures("fake_pipeline")
def test_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "b.txt", EXTRACTION_ERROR)
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "0"]) == 1
    lines = [re.sub(r" \d+\.\ds", " 0.0s", x) for x in capsys.readouterr().err.splitlines()]
    assert lines == [
        "[1/2] a.txt ok 0.0s",
        "[2/2] b.txt failed 0.0s: no indicator table found: is this a performance report?",
    ]


@pytest.mark.usefixtures("fake_pipeline")
def test_debug_logs_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bug = write(tmp_path / "bug.txt", BUG)
    assert main(["run", str(bug), "--out", str(tmp_path / "out"), "--quiet", "--debug"]) == 1
    err = capsys.readouterr().err
    assert f"thaireport: DEBUG: {bug} failed in extract:\nTraceback (most recent call last):" in err
    assert err.rstrip().endswith("KeyError: 'component'")


@pytest.mark.usefixtures("fake_pipeline")
def test_rerun_is_idempotent_and_csv_opt_in(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "b.txt", EXTRACTION_ERROR)
    out = tmp_path / "out"
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--format", "csv"]

    def snapshot() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in visible(out) if p.name != "run.json"}

    assert main(argv) == 1
    first = snapshot()
    assert main(argv) == 1
    assert snapshot() == first
    assert sorted(first) == sorted([f"{t}.{x}" for t in TABLES for x in ("jsonl", "csv")] + ["report.html"])
    assert first["documents.csv"].startswith(b"\xef\xbb\xbfdoc_id,path,status")
    run_info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [(i["status"], i["path"]) for i in run_info["inputs"]] == [
        ("ok", str(tmp_path / "in" / "a.txt")), ("failed", str(tmp_path / "in" / "b.txt"))]


def test_python_m_pipeline(tmp_path: Path) -> None:
    """``python -m pipeline`` is the same command (a real subprocess, no fakes)."""
    empty = write(tmp_path / "empty.txt", b"")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(empty), "--out", str(out), "--quiet"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    error = "empty file (0 bytes); export or copy the report again"
    assert outcome(out) == [("empty.txt", "failed", error, "read")]
    assert done.stdout.splitlines()[:2] == ["documents: 0 ok, 1 failed", f"  failed: {empty}: {error}"]
    cmd = [sys.executable, "-m", "pipeline", "run", str(tmp_path / "nope"), "--out", str(out)]
    missing = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert missing.returncode == 2
    last = missing.stderr.splitlines()[-1]
    assert last == f"thaireport run: error: no such file or folder: {tmp_path / 'nope'}"


# --- the real pipeline over the seed and bad files ------------------------------------------------

SEED = Path(ROOT) / "raw_docs" / "bangrak_fy2564_ocr.txt"
#: the seed's hand-checked errors (CONTRACT.md rules): rule, indicator, reported, expected, line
SEED_ERRORS = [
    ("criteria-score", "5.1", 90.561, 91.184, 393),
    ("subscore-max", "2.2", 15.5, 15.0, 412),
    ("day-count", None, 120, 123, 552),
    ("criteria-score", "5.1", 90.561, 91.184, 594),
    ("count-total", None, 72.0, 74.0, 935),
]


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_seed_and_bad_files_real_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real extractor and checks: the seed is read with its findings, each bad file is one
    ``failed`` record with its own error, and a rerun into the same --out gives the same bytes."""
    folder = tmp_path / "in"
    seed = write(folder / "bangrak.txt", SEED.read_bytes())
    write(folder / "empty.txt", b"")
    write(folder / "junk.pdf", bytes(range(256)) * 8)  # binary, no %PDF- header
    write(folder / "truncated.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4)
    docx = write(folder / "notes.docx", b"PK\x03\x04word/document.xml")
    out = tmp_path / "out"
    # the .docx is named as well: a folder walk alone passes it over (test_skipped_files_are_named)
    argv = ["run", str(folder), str(docx), "--out", str(out), "--quiet", "--workers", "2"]
    assert main(argv) == 1
    docs = documents(out)
    assert [(Path(str(d["path"])).name, d["status"], d["failed_stage"], d["input_kind"]) for d in docs] == [
        ("bangrak.txt", "ok", None, "ocr-text"),
        ("empty.txt", "failed", "read", None),
        ("junk.pdf", "failed", "read", None),
        ("truncated.pdf", "failed", "extract", None),
        ("notes.docx", "failed", "read", None),
    ]
    errors = [d["error"] for d in docs]
    assert errors[:3] + errors[4:] == [
        None,
        "empty file (0 bytes); export or copy the report again",
        "not a PDF (no %PDF- header): damaged, or another format renamed .pdf",
        "unsupported file type '.docx'; give a PDF, or OCR output saved as .txt or .md",
    ]
    assert errors[3] == "damaged or incomplete PDF (PDFium: data format error): re-download or re-export it"
    assert (docs[0]["doc_id"], docs[0]["agency"], docs[0]["fiscal_year"]) == (
        hashlib.sha256(seed.read_bytes()).hexdigest()[:16], "สำนักงานเขตบางรัก", 2564)

    # nothing lost: the seed's rows are all there, and only the seed has data rows
    findings = read_jsonl(out / "findings.jsonl")
    assert [(f["rule"], f["indicator"], f["reported"], f["expected"], f["line"])
            for f in findings if f["severity"] == "error"] == SEED_ERRORS
    warned = {(f["rule"], f["indicator"], f["line"]) for f in findings if f["severity"] == "warning"}
    assert {("area-units", None, 155), ("cross-source", "2.2", 408), ("cross-source", "5.1", 594)} <= warned
    for table in TABLES:
        ids = {r["doc_id"] for r in read_jsonl(out / f"{table}.jsonl")}
        assert ids == ({d["doc_id"] for d in docs} if table == "documents" else {docs[0]["doc_id"]}), table
    summary = capsys.readouterr().out.splitlines()
    assert summary[:5] == [
        "documents: 1 ok, 4 failed",
        f"  failed: {folder / 'empty.txt'}: {errors[1]}",
        f"  failed: {folder / 'junk.pdf'}: {errors[2]}",
        f"  failed: {folder / 'truncated.pdf'}: {errors[3]}",
        f"  failed: {docx}: {errors[4]}",
    ]

    def snapshot() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in visible(out) if p.name != "run.json"}

    first = snapshot()
    assert sorted(first) == sorted([f"{t}.jsonl" for t in TABLES] + ["report.html"])
    assert main(argv) == 1
    assert snapshot() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no temp folder left


@pytest.mark.usefixtures("fake_pipeline")
def test_skipped_files_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Files of other types in a folder get no record, but are named on stderr and in run.json."""
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD)
    for name in ("b.docx", "scan.png", ".hidden.docx", "sub/c.xlsx"):
        write(folder / name, "x")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--quiet"]) == 0
    assert outcome(out) == [("a.txt", "ok", None, None)]
    assert capsys.readouterr().err == (
        f"thaireport: 3 files in the folders not read (not .pdf, .txt or .md): {folder / 'b.docx'}, "
        f"{folder / 'scan.png'}, {folder / 'sub' / 'c.xlsx'}\n")
    run_info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run_info["skipped"] == [str(folder / n) for n in ("b.docx", "scan.png", "sub/c.xlsx")]
    skipped: list[Path] = []
    assert find_inputs([folder, folder / "b.docx"], skipped) == [folder / "a.txt", folder / "b.docx"]
    assert skipped == [folder / "scan.png", folder / "sub" / "c.xlsx"]  # b.docx is named: not skipped


# --- regressions ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_pipeline")
def test_out_under_a_file_is_a_usage_error_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: an --out that cannot be written crashed with a traceback after the whole batch."""
    write(tmp_path / "in" / "a.txt", GOOD)
    blocker = write(tmp_path / "file.txt", "x")
    ran: list[int] = []
    monkeypatch.setattr("pipeline.cli.run_batch", lambda *args: ran.append(1) or [])
    with pytest.raises(SystemExit) as exc:
        main(["run", str(tmp_path / "in"), "--out", str(blocker / "sub" / "out"), "--quiet"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"thaireport run: error: cannot write to --out {blocker / 'sub' / 'out'}: "
        f"{blocker} is a file, not a folder")
    assert ran == []


@pytest.mark.usefixtures("fake_pipeline")
def test_failed_write_exits_2_and_keeps_previous_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: an OSError while writing (a full disk) was a traceback; now one line, exit 2."""
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]
    assert main(argv) == 0
    before = {p.name: p.read_bytes() for p in visible(out)}
    capsys.readouterr()

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.outputs.write_tables", full)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == (f"thaireport: cannot write the outputs into {out} (No space left on device); "
                   "the previous outputs are unchanged\n")
    assert {p.name: p.read_bytes() for p in visible(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


@pytest.mark.usefixtures("fake_pipeline")
def test_format_without_its_module_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: --format parquet without pyarrow crashed in pandas after the whole batch."""
    write(tmp_path / "in" / "a.txt", GOOD)
    monkeypatch.setattr("pipeline.outputs.find_spec", lambda name: None)
    with pytest.raises(SystemExit) as exc:
        main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--format", "csv,parquet"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "thaireport run: error: --format parquet needs the pyarrow package: pip install 'thaireport[tables]'")
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("fake_pipeline")
def test_summary_counts_a_duplicate_files_findings_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: two copies of one file printed twice the findings that findings.jsonl holds."""
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "copy.txt", GOOD)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 0
    assert [d["duplicate_of"] for d in documents(out)] == [None, str(tmp_path / "in" / "a.txt")]
    assert len(read_jsonl(out / "findings.jsonl")) == 2
    assert capsys.readouterr().out.splitlines()[:4] == [
        "documents: 2 ok, 0 failed",
        "findings:           error warning    info",
        "  overall-total         1       0       0",
        "  date-invalid          0       1       0",
    ]


STARTED_DIR = "THAIREPORT_TEST_STARTED_DIR"


def slow_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """A fake extractor that notes each file it starts, then takes a while."""
    Path(os.environ[STARTED_DIR], path.name).touch()
    time.sleep(0.4)
    return sample_document(doc_id, str(path))


def test_interrupt_stops_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: after Ctrl-C the pool ran every queued file to the end before exiting."""
    started = tmp_path / "started"
    started.mkdir()
    monkeypatch.setenv(STARTED_DIR, str(started))
    monkeypatch.setattr(api, "extract_document", slow_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    inputs = [write(tmp_path / "in" / f"{n}.txt", GOOD + str(n)) for n in range(8)]

    def interrupt(done: int, total: int, result: object) -> None:
        raise KeyboardInterrupt

    t0 = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run_batch(inputs, 2, interrupt)
    assert time.perf_counter() - t0 < 2.0  # 8 files x 0.4 s on 2 workers would be 1.6 s more
    time.sleep(0.5)
    assert len(list(started.iterdir())) <= 4  # the 2 running and at most 2 queued, never all 8


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    from importlib import metadata

    version = metadata.version("thaireport")
    assert (exit_info.value.code, capsys.readouterr().out) == (0, f"thaireport {version}\n")


def _scan_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` page-size images: every page goes to OCR."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(100, 100)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("L", (20, 20), 200)))
        image.set_matrix(pdfium.PdfMatrix().scale(100, 100))
        page.insert_obj(image)
        page.gen_content()
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(str(path))
    return path


def _fake_ocr(image: Path, page: int, **_: object) -> list[Line]:
    """Stands in for ``extractors.ocr.ocr_image`` (no tesseract run): one line per page."""
    text = f"หน่วยงาน : สำนักงานเขตบางรัก หน้า {page}"
    return [Line(page=page, line=1, text=text, raw=text, source="ocr")]


@pytest.mark.parametrize("quiet", [False, True])
def test_ocr_page_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch, quiet: bool) -> None:
    # the real extractor on a 3-page scan, OCR faked; no throttling, so every page shows
    monkeypatch.setattr(ocr_mod, "ocr_image", _fake_ocr)
    monkeypatch.setattr(ocr_mod, "tesseract_binary", lambda: "tesseract")
    monkeypatch.setattr(stages, "PAGE_PROGRESS_SECONDS", 0.0)
    scan = _scan_pdf(tmp_path / "in" / "scan.pdf", 3)
    write(tmp_path / "in" / "notes.txt", GOOD)
    argv = ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "0"]
    assert main(argv + (["--quiet"] if quiet else [])) == 0
    err = [re.sub(r" \d+\.\ds", " 0.0s", x) for x in capsys.readouterr().err.splitlines()]
    assert err == ([] if quiet else [
        "[1/2] notes.txt ok 0.0s",
        "  scan.pdf: OCR page 1/3",
        "  scan.pdf: OCR page 2/3",
        "  scan.pdf: OCR page 3/3",
        "[2/2] scan.pdf ok 0.0s",
    ])
    assert [(d["path"], d["input_kind"], d["pages"]) for d in documents(tmp_path / "out")] == [
        (str(tmp_path / "in" / "notes.txt"), "ocr-text", None), (str(scan), "pdf-scanned", 3)]
    assert stages._show_pages is False  # switched off again after the in-process run


def test_page_progress_is_throttled() -> None:
    ticks = iter([10.0, 10.5, 12.0, 12.5, 13.9, 14.1, 14.2])
    out = io.StringIO()
    show = stages.page_printer("scan.pdf", out, clock=lambda: next(ticks))  # default: 2 s
    for k in range(1, 7):
        show(k, 6)
    assert out.getvalue().splitlines() == [
        "  scan.pdf: OCR page 2/6", "  scan.pdf: OCR page 5/6", "  scan.pdf: OCR page 6/6"]
    quick = stages.page_printer("quick.pdf", out, clock=lambda: 0.0)
    quick(1, 1)  # done within 2 s: no line at all
    assert out.getvalue().count("quick.pdf") == 0


PAGES_SEEN_DIR = "THAIREPORT_TEST_PAGES_SEEN_DIR"


def pages_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """A fake extractor that notes whether it was given a page-progress callback."""
    Path(os.environ[PAGES_SEEN_DIR], path.name).write_text(str(progress is not None), encoding="utf-8")
    return sample_document(doc_id, str(path))


@pytest.mark.parametrize("pages", [False, True])
def test_worker_processes_get_the_page_progress_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pages: bool
) -> None:
    seen = tmp_path / "seen"
    seen.mkdir()
    monkeypatch.setenv(PAGES_SEEN_DIR, str(seen))
    monkeypatch.setattr(api, "extract_document", pages_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    inputs = [write(tmp_path / "in" / f"{n}.txt", GOOD + str(n)) for n in range(2)]
    assert [r.status for r in run_batch(inputs, 2, pages=pages)] == ["ok", "ok"]
    assert sorted((p.name, p.read_text(encoding="utf-8")) for p in seen.iterdir()) == [
        ("0.txt", str(pages)), ("1.txt", str(pages))]


def test_stdout_closed_early_gives_no_traceback(tmp_path: Path) -> None:
    # regression: `thaireport run ... | head` ended in a BrokenPipeError traceback
    import subprocess
    import sys

    seed = Path(__file__).resolve().parents[2] / "raw_docs" / "bangrak_fy2564_ocr.txt"
    cmd = [sys.executable, "-m", "pipeline", "run", str(seed), "--out", str(tmp_path / "out"), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the summary is printed
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in err and err == ""
    assert (tmp_path / "out" / "documents.jsonl").is_file()
