"""``thaireport run``: exit codes, one record per input, errors, walking, progress, reruns."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUG, CRASH, EXTRACTION_ERROR, ROOT

from pipeline.batch import CRASH_ERROR, find_inputs
from pipeline.cli import main
from pipeline.outputs import TABLES

GOOD = "แบบฟอร์มการรายงาน\nหน่วยงาน : สำนักงานเขตบางรัก\n"


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
        return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "run.json"}

    assert main(argv) == 1
    first = snapshot()
    assert main(argv) == 1
    assert snapshot() == first
    assert sorted(first) == sorted([f"{t}.jsonl" for t in TABLES] + [f"{t}.csv" for t in TABLES])
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
