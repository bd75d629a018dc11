"""Archive runs: names of any bytes, the lock, generations, limits, cache and resume, writers, Dask.

Each test states the outcome the README promises (docs/notes/i-archive.md) and the exit status.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXTRACTION_ERROR, sample_document
from pdf_bombs import page_pdf

from extractors import api
from extractors.ocr_text import decode
from extractors.records import Document
from pipeline import outdir, scoring
from pipeline.batch import run_batch
from pipeline.cli import main
from pipeline.names import printable
from pipeline.outputs import TABLES
from pipeline.writers import Writer, register, unregister

GOOD = "แบบฟอร์มการรายงาน\nหน่วยงาน : สำนักงานเขตบางรัก\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def documents(out: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def outputs(out: Path) -> dict[str, bytes]:
    """The JSON Lines files as a user reads them (through the links)."""
    return {f"{t}.jsonl": (out / f"{t}.jsonl").read_bytes() for t in TABLES}


# --- names of any bytes ---------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_pipeline")
def test_name_not_utf8_is_recorded_and_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a Latin-1 / TIS-620 file name raised UnicodeEncodeError in the writer after the work."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"r\xe9sum\xe9 \xbc\xc5.txt")  # Latin-1 "résumé", TIS-620 "ผล": not UTF-8
    write(folder / name, GOOD)
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "0"]) == 0
    doc = documents(out)[0]
    assert doc["path"] == f"{folder}/r\\xe9sum\\xe9 \\xbc\\xc5.txt"
    assert doc["warnings"] == [
        "file name is not UTF-8: shown with \\xNN for each undecodable byte; its bytes in hex: "
        + os.fsencode(folder / name).hex()]
    captured = capsys.readouterr()
    assert captured.err.startswith("[1/1] r\\xe9sum\\xe9 \\xbc\\xc5.txt ok ")
    assert captured.out.splitlines()[0] == "documents: 1 ok, 0 failed"


@pytest.mark.usefixtures("fake_pipeline")
def test_name_with_newline_cannot_fake_a_summary_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a name holding a newline printed a second, fake "failed:" line."""
    folder = tmp_path / "in"
    write(folder / "x\n  failed: fake.txt", EXTRACTION_ERROR)
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "0", "--quiet"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [x for x in lines if "failed:" in x] == [
        f"  failed: {folder}/x\\n  failed: fake.txt: no indicator table found: is this a performance report?"]
    assert documents(out)[0]["path"] == f"{folder}/x\n  failed: fake.txt"  # JSON keeps it exactly
    assert printable("a\u2028b\tc\x85") == "a\\u2028b\\tc\\x85"


def test_utf16_and_utf32_with_bom_are_read() -> None:
    text = "ตัวชี้วัดที่ 1 ร้อยละ 88.314"
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    assert decode(b"\xfe\xff" + text.encode("utf-16-be")) == (text, "utf-16")
    assert decode(text.encode("utf-32")) == (text, "utf-32")


# --- the output folder ----------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_pipeline")
def test_second_run_into_a_locked_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: two runs into one --out both exited 0 and the last silently won."""
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    with outdir.lock(out):
        assert main(["run", str(tmp_path / "in"), "--out", str(out), "--workers", "0", "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"thaireport: --out {out} is in use by another thaireport run (pid {os.getpid()}); "
        "wait for it to finish, or choose another --out\n")
    assert not (out / "documents.jsonl").exists()
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--workers", "0", "--quiet"]) == 0


def test_a_forked_worker_does_not_hold_the_lock(tmp_path: Path) -> None:
    """Regression: after kill -9 of a run, its dying workers kept --out locked for a moment."""
    out = tmp_path / "out"
    ready, started = os.pipe()
    with outdir.lock(out):
        pid = os.fork()
        if pid == 0:  # a worker outliving its run (the fork hooks have run once it writes)
            os.write(started, b"1")
            time.sleep(5)
            os._exit(0)
        assert os.read(ready, 1) == b"1"
    os.close(ready)
    os.close(started)
    try:
        with outdir.lock(out):  # Busy if the child still held the lock
            pass
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@pytest.mark.usefixtures("fake_pipeline")
def test_generations_links_and_user_files(tmp_path: Path) -> None:
    """Files are links into one generation; a JSONL-only run never deletes the user's own files."""
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    write(out / "findings.csv", "the user's own")
    write(out / "thaireport.duckdb", b"the user's own")
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--workers", "0", "--quiet"]
    assert main(argv) == 0
    assert os.readlink(out / "documents.jsonl") == ".thaireport/current/documents.jsonl"
    assert os.readlink(out / ".thaireport" / "current") == "gen-1"
    assert (out / "findings.csv").read_text(encoding="utf-8") == "the user's own"
    assert main([*argv, "--format", "parquet"]) == 0
    assert main(argv) == 0  # JSON Lines only again: our parquet links go, the user's files stay
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".thaireport", "findings.csv", "thaireport.duckdb", "run.json", "report.html",
         *(f"{t}.jsonl" for t in TABLES)])
    assert sorted(p.name for p in (out / ".thaireport").iterdir()) == ["cache", "current", "gen-3", "lock"]
    manifest = (out / ".thaireport" / "gen-3" / "MANIFEST").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in manifest] == [*(f"{t}.jsonl" for t in TABLES), "run.json"]


@pytest.mark.usefixtures("fake_pipeline")
def test_outputs_of_an_older_version_become_links(tmp_path: Path) -> None:
    """An --out written by a version before generations (regular files) is taken over on the next run."""
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    for table in TABLES:
        write(out / f"{table}.jsonl", "old\n")
    write(out / "findings.csv", "old csv of ours, or the user's: not written by this run, so kept\n")
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    assert all((out / f"{t}.jsonl").is_symlink() for t in TABLES)
    assert [Path(str(d["path"])).name for d in documents(out)] == ["a.txt"]
    assert not (out / "findings.csv").is_symlink()


@pytest.mark.usefixtures("fake_pipeline")
@pytest.mark.parametrize("fail_at", ["write", "switch", "after-switch"])
def test_a_crash_in_the_commit_leaves_old_or_new_never_a_mix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD)
    out = tmp_path / "out"
    argv = ["run", str(folder), "--out", str(out), "--workers", "0", "--quiet"]
    assert main(argv) == 0
    old = outputs(out)
    write(folder / "b.txt", GOOD + "b")
    real_replace, real_symlink = os.replace, os.symlink

    def crash(*args: object) -> None:
        raise OSError(5, "Input/output error")

    if fail_at == "write":
        monkeypatch.setattr("pipeline.outputs.write_tables", crash)
    elif fail_at == "switch":
        monkeypatch.setattr(os, "replace", lambda a, b: crash() if str(b).endswith("current") else
                            real_replace(a, b))
    else:  # the switch done, then the tidying fails (the second fsync of DIR)
        calls: list[Path] = []
        monkeypatch.setattr(outdir, "_fsync_dir", lambda f: calls.append(f) or (
            crash() if calls.count(out) == 2 else None))
    status = main(argv)
    monkeypatch.setattr(os, "replace", real_replace)
    monkeypatch.setattr(os, "symlink", real_symlink)
    monkeypatch.undo()
    new_docs = [Path(str(d["path"])).name for d in documents(out)]
    assert (status, new_docs) == ((0, ["a.txt", "b.txt"]) if fail_at == "after-switch" else (2, ["a.txt"]))
    if fail_at != "after-switch":
        assert outputs(out) == old
    assert main(argv) == 0  # the next run cleans up and switches in the new set
    state = out / ".thaireport"
    assert sorted(p.name for p in state.iterdir()) == [
        "cache", "current", os.readlink(state / "current"), "lock"]
    assert [Path(str(d["path"])).name for d in documents(out)] == ["a.txt", "b.txt"]


# --- bounded resources ----------------------------------------------------------------------------


def test_fifo_device_and_size_limit_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a FIFO named .txt hung forever; a link to /dev/zero named .txt grew memory."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    write(folder / "big.txt", "ก" * 400_000)  # 1.2 MB
    out = tmp_path / "out"
    t0 = time.perf_counter()
    assert main(["run", str(folder), "--out", str(out), "--quiet", "--max-size", "1"]) == 1
    assert time.perf_counter() - t0 < 20
    assert [(Path(str(d["path"])).name, d["error"]) for d in documents(out)] == [
        ("big.txt", "file too large (1 MB, the limit is 1 MB); raise it with --max-size MB"),
        ("pipe.txt", "not a regular file (a FIFO (named pipe)); give a PDF or a text file"),
        ("zero.txt", "not a regular file (a device); give a PDF or a text file"),
    ]
    assert "Traceback" not in capsys.readouterr().err


def test_huge_page_fails_with_one_clear_line(tmp_path: Path) -> None:
    """Regression: a 14400 x 14400 pt page ended as "internal error ... please report it" after 90 s."""
    import zlib

    pdf = write(tmp_path / "in" / "poster.pdf", page_pdf(zlib.compress(b"q Q"), 14400))
    out = tmp_path / "out"
    t0 = time.perf_counter()
    assert main(["run", str(pdf), "--out", str(out), "--quiet", "--workers", "0"]) == 1
    assert time.perf_counter() - t0 < 5
    assert [(d["error"], d["failed_stage"]) for d in documents(out)] == [(
        "page 1 is 14400 x 14400 pt (508 x 508 cm), too large to render for OCR (3600 million pixels at "
        "300 dpi, the limit is 400 million); check the page size, or export the page again", "extract")]


@pytest.mark.slow
def test_flate_bomb_stays_within_the_memory_limit(tmp_path: Path) -> None:
    """Regression: a 1 MB PDF whose content stream inflates to 1 GiB took GBs. The guard before the
    engines (--max-inflate) refuses it now (tests/pipeline/test_bounds.py); with the guard off, the
    worker's --max-memory still bounds it and the file is one failed record."""
    import resource
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(1024)) + packer.flush()
    pdf = write(tmp_path / "in" / "bomb.pdf", page_pdf(stream, 595))
    out = tmp_path / "out"
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(pdf), "--out", str(out), "--quiet",
                           "--workers", "1", "--max-memory", "1024", "--max-inflate", "0"], cwd=root,
                          capture_output=True,
                          env={**os.environ, "PYTHONPATH": root})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr.decode()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 1_100_000
    assert [d["status"] for d in documents(out)] == ["failed"]


def sleepy_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    if "SLEEP" in path.read_text(encoding="utf-8"):
        time.sleep(30)
    return sample_document(doc_id, str(path))


def hungry_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    if "HUNGRY" in path.read_text(encoding="utf-8"):
        bytearray(64 * 2**30)  # 64 GiB: over any --max-memory
    return sample_document(doc_id, str(path))


def run_fresh(argv: list[str], fake: str, grace: float | None = None) -> int:
    """``thaireport`` in a fresh interpreter with ``extract_document`` replaced by ``fake`` (a function of
    this module): workers forked from it inherit nothing from the test process (threads, signal masks)."""
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; sys.path[:0] = sys.argv[1:4]; import test_archive as t\n"
        "from extractors import api; from pipeline import scoring, workers\n"
        f"api.extract_document = t.{fake}; scoring.run_checks = lambda doc: []\n"
        + (f"workers.HARD_STOP_GRACE = {grace}\n" if grace is not None else "")
        + "from pipeline.cli import main; sys.exit(main(sys.argv[4:]))"
    )
    paths = [str(root), str(root / "tests"), str(root / "tests" / "pipeline")]
    done = subprocess.run([sys.executable, "-c", code, *paths, *argv], cwd=root, timeout=120, check=False)
    return done.returncode


@pytest.mark.parametrize("workers", [0, 1])
def test_timeout_per_document(tmp_path: Path, workers: int) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "slow.txt", GOOD + "SLEEP")
    out = tmp_path / "out"
    t0 = time.perf_counter()
    # 5 s: the quick document stays far below it even on a loaded machine (0.5 s was flaky there)
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--timeout", "5"]
    assert run_fresh([*argv, "--workers", str(workers)], "sleepy_extract") == 1
    assert time.perf_counter() - t0 < 30
    assert [(d["status"], d["error"], d["failed_stage"]) for d in documents(out)] == [
        ("ok", None, None),
        ("failed", "took longer than --timeout 5 s; raise the limit for long scans, or run this file alone",
         "extract"),
    ]


def stuck_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """Stands in for native code that never returns to Python: the alarm cannot reach it."""
    if "STUCK" in path.read_text(encoding="utf-8"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    return sample_document(doc_id, str(path))


def test_timeout_stops_a_worker_stuck_in_native_code(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "stuck.txt", GOOD + "STUCK")
    out = tmp_path / "out"
    t0 = time.perf_counter()
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--timeout", "5", "--workers", "2"]
    assert run_fresh(argv, "stuck_extract", grace=0.5) == 1
    assert time.perf_counter() - t0 < 30
    assert [(d["status"], d["error"], d["failed_stage"]) for d in documents(out)] == [
        ("ok", None, None),
        ("failed", "took longer than --timeout 5 s; raise the limit for long scans, or run this file alone",
         "timeout"),
    ]


def test_memory_limit_per_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "extract_document", hungry_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "b.txt", GOOD + "HUNGRY")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "1"]) == 1
    assert [(d["status"], d["error"]) for d in documents(out)] == [
        ("ok", None),
        ("failed", "out of memory reading this document (the per-worker limit is --max-memory); "
                   "raise the limit, or split or convert the file")]


@pytest.mark.usefixtures("fake_pipeline")
def test_unreadable_folder_is_a_failed_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a folder that could not be read was skipped silently with exit 0."""
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD)
    (folder / "locked").mkdir()
    real_walk = os.walk

    def walk(top: str, onerror: object = None) -> object:
        for root, dirs, files in real_walk(top):
            if root.endswith("locked"):
                assert callable(onerror)
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr("pipeline.batch.os.walk", walk)
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "0", "--quiet"]) == 1
    assert [(Path(str(d["path"])).name, d["status"], d["error"]) for d in documents(out)] == [
        ("a.txt", "ok", None),
        ("locked", "failed",
         "cannot read this folder (no permission, or it vanished); its files were not read")]
    assert capsys.readouterr().err == (
        f"thaireport: cannot read the folder {folder / 'locked'} (no permission, or it vanished)\n")


WORKER_SCRIPT = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
sys.path.insert(0, sys.argv[1])
from pipeline import workers
pool = ProcessPoolExecutor(2, initializer=workers.setup, initargs=(workers.Settings(),))
futures = [pool.submit(time.sleep, 60) for _ in range(2)]
time.sleep(1.0)
print(" ".join(str(p) for p in pool._processes), flush=True)
time.sleep(60)
"""


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    """Regression: killing the main process left both workers orphaned and blocked forever."""
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, root], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and
                 "zombie" not in Path(f"/proc/{p}/status").read_text(errors="replace").lower()]
        time.sleep(0.1)
    assert alive == []


TEMP_SEEN = "THAIREPORT_TEST_TEMP_SEEN"


def temp_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """Notes where the OCR code's temporary folder would go (tempfile's default folder)."""
    import tempfile

    folder = tempfile.mkdtemp(prefix="thaireport-ocr-")
    Path(os.environ[TEMP_SEEN]).write_text(folder, encoding="utf-8")
    return sample_document(doc_id, str(path))


def test_temporary_files_in_the_runs_folder_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: Ctrl-C and kills left thaireport-ocr-* folders in the system's temporary folder."""
    monkeypatch.setenv(TEMP_SEEN, str(tmp_path / "seen"))
    monkeypatch.setattr(api, "extract_document", temp_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    used = Path((tmp_path / "seen").read_text(encoding="utf-8"))
    assert used.parent.parent == out / ".thaireport" / "tmp"
    assert used.name.startswith("thaireport-ocr-")
    assert not (out / ".thaireport" / "tmp").exists()


@pytest.mark.usefixtures("fake_pipeline")
def test_ctrl_c_leaves_the_outputs_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "0"]
    assert main(argv) == 0
    before = outputs(out)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.cli.run_batch", interrupted)
    capsys.readouterr()
    assert main(argv) == 130
    assert capsys.readouterr().err == (
        "thaireport: interrupted; the outputs in --out are unchanged (documents done so far are cached: "
        "run the same command again to resume)\n")
    assert outputs(out) == before
    assert not (out / ".thaireport" / "tmp").exists()


# --- cache and resume -----------------------------------------------------------------------------

RAN_DIR = "THAIREPORT_TEST_RAN_DIR"


def counting_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """A fake extractor that notes each run."""
    with open(Path(os.environ[RAN_DIR]) / "ran", "a", encoding="utf-8") as f:
        f.write(path.name + "\n")
    return sample_document(doc_id, str(path))


def test_cache_rerun_only_changed_and_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RAN_DIR, str(tmp_path))
    monkeypatch.setattr(api, "extract_document", counting_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    for n in range(3):
        write(tmp_path / "in" / f"{n}.txt", GOOD + str(n))
    out = tmp_path / "out"
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "2"]

    def ran() -> list[str]:
        log = tmp_path / "ran"
        names = sorted(log.read_text(encoding="utf-8").split()) if log.exists() else []
        log.unlink(missing_ok=True)
        return names

    assert main(argv) == 0
    first = outputs(out)
    assert ran() == ["0.txt", "1.txt", "2.txt"]
    assert main(argv) == 0
    assert (ran(), outputs(out)) == ([], first)
    write(tmp_path / "in" / "1.txt", GOOD + "changed")
    assert main(argv) == 0
    assert ran() == ["1.txt"]
    assert main([*argv, "--force"]) == 0
    assert ran() == ["0.txt", "1.txt", "2.txt"]


@pytest.mark.usefixtures("fake_pipeline")
def test_a_cache_that_cannot_be_written_does_not_fail_the_run(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    write(out / ".thaireport" / "cache", "a file where the cache folder goes")
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "0"]
    assert main(argv) == 0
    assert [d["status"] for d in documents(out)] == ["ok"]


def test_interrupted_run_resumes_to_the_outputs_of_one_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RAN_DIR, str(tmp_path))
    monkeypatch.setattr(api, "extract_document", counting_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    inputs = [write(tmp_path / "in" / f"{n}.txt", GOOD + str(n)) for n in range(5)]
    clean = tmp_path / "clean"
    assert main(["run", str(tmp_path / "in"), "--out", str(clean), "--quiet", "--workers", "0"]) == 0
    (tmp_path / "ran").unlink()
    out = tmp_path / "out"
    from pipeline.cache import Cache

    def interrupt(done: int, total: int, result: object) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        out.mkdir()
        run_batch(inputs, 0, interrupt, cache=Cache(out / ".thaireport" / "cache"))
    assert len((tmp_path / "ran").read_text(encoding="utf-8").split()) == 2
    (tmp_path / "ran").unlink()
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    assert (tmp_path / "ran").read_text(encoding="utf-8").split() == ["2.txt", "3.txt", "4.txt"]
    assert outputs(out) == outputs(clean)


# --- scheduling -----------------------------------------------------------------------------------


def test_largest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RAN_DIR, str(tmp_path))
    monkeypatch.setattr(api, "extract_document", counting_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    inputs = [write(tmp_path / "in" / f"{n}.txt", GOOD + "x" * size) for n, size in enumerate([10, 3000, 50])]
    results = run_batch(inputs, 1)
    assert [Path(r.path).name for r in results] == ["0.txt", "1.txt", "2.txt"]  # input order kept
    assert (tmp_path / "ran").read_text(encoding="utf-8").split() == ["1.txt", "2.txt", "0.txt"]


# --- the writer registry (recipe: add an output format) -------------------------------------------


def write_toy(tables: object, folder: Path, schemas: object) -> list[str]:
    assert isinstance(tables, dict)
    (folder / "tables.toy").write_text(
        "".join(f"{name} {len(rows)}\n" for name, rows in tables.items()), encoding="utf-8")
    return ["tables.toy"]


@pytest.mark.usefixtures("fake_pipeline")
def test_a_toy_writer_registered_in_a_test(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    register(Writer("toy", write_toy))
    try:
        assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--format", "toy"]) == 0
    finally:
        unregister("toy")
    assert (out / "tables.toy").read_text(encoding="utf-8").splitlines() == [
        "documents 1", "indicators 6", "totals 4", "quantities 2", "dates 2", "narrative 1", "findings 2"]
    with pytest.raises(SystemExit):
        main(["run", str(tmp_path / "in"), "--out", str(out), "--format", "toy"])  # gone again


# --- Dask -----------------------------------------------------------------------------------------


def test_dask_local_cluster_writes_the_same_bytes(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from report_gen import generate, render

    for n in range(3):
        write(tmp_path / "in" / f"r{n}.txt", render(generate(n))[0])
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert main(["run", str(tmp_path / "in"), "--out", str(local), "--quiet", "--workers", "2"]) == 0
    assert main(["run", str(tmp_path / "in"), "--out", str(remote), "--quiet", "--workers", "2",
                 "--dask", "local"]) == 0
    assert outputs(remote) == outputs(local)


# --- kill at random instants and resume -----------------------------------------------------------


def _leftover_processes(marker: str) -> list[int]:
    """Processes whose command line holds ``marker`` (the run's unique --out path)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
                status = (proc / "status").read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if marker in cmdline and "zombie" not in status:
                found.append(int(proc.name))
    return found


def kill_and_resume(tmp_path: Path, kills: int, seed: int = 7) -> None:
    """Kill ``kills`` runs (SIGKILL of the main process) at random instants, then resume each time:
    outputs identical to one clean run, no process and no temporary file left."""
    import random

    sys.path.insert(0, str(Path(__file__).parent))
    from report_gen import generate, render

    folder = tmp_path / "in"
    for n in range(6):
        write(folder / f"r{n}.txt", render(generate(100 + n))[0])
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root}

    def command(out: Path) -> list[str]:
        return [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--quiet",
                "--workers", "2"]

    clean = tmp_path / "clean"
    t0 = time.perf_counter()
    subprocess.run(command(clean), env=env, cwd=root, check=True, capture_output=True)
    span = time.perf_counter() - t0
    expected = outputs(clean)
    rnd = random.Random(seed)
    for k in range(kills):
        out = tmp_path / f"out{k}"
        for _ in range(2):  # kill twice, then resume: a resumed run can be killed too
            proc = subprocess.Popen(command(out), env=env, cwd=root, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(rnd.uniform(0.2, span * 1.05))
            proc.kill()
            proc.wait()
        done = subprocess.run(command(out), env=env, cwd=root, capture_output=True)
        assert done.returncode == 0, done.stderr
        assert outputs(out) == expected
        state = out / ".thaireport"
        assert sorted(p.name for p in state.iterdir()) == sorted(
            ["cache", "current", os.readlink(state / "current"), "lock"])
        assert not list(state.glob("cache/*/*.tmp"))
        assert not [p for p in out.iterdir() if p.name.endswith(".new")]
        deadline = time.monotonic() + 5
        while _leftover_processes(str(out)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _leftover_processes(str(out)) == []


def test_kill_at_random_instants_and_resume(tmp_path: Path) -> None:
    kill_and_resume(tmp_path, kills=3)


@pytest.mark.slow
def test_kill_at_10_more_random_instants_and_resume(tmp_path: Path) -> None:
    kill_and_resume(tmp_path, kills=5, seed=11)  # two kills per round: 10 instants (and 6 above)


@pytest.mark.usefixtures("fake_pipeline")
def test_dask_scheduler_unreachable_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline import dask_run

    monkeypatch.setattr(dask_run, "CONNECT_TIMEOUT", 0.5)
    write(tmp_path / "in" / "a.txt", GOOD)
    out = tmp_path / "out"
    argv = ["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--dask", "tcp://127.0.0.1:9"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("thaireport: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert err.endswith("); start it with `dask scheduler`, or use --dask local\n")
    assert err.count("\n") == 1
    assert not (out / "documents.jsonl").exists()


def test_alarm_while_the_rows_are_made_is_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: the alarm rang after the stages, while the document's rows were made; the timeout
    # escaped the worker and was recorded as "internal error passing the result back"
    from pipeline import workers
    from pipeline.run import DocTimeout, Limits

    monkeypatch.setattr(api, "extract_document", sleepy_extract)
    monkeypatch.setattr(scoring, "run_checks", lambda doc: [])
    real, calls = workers.to_rows, []

    def late_alarm(result: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise DocTimeout(workers.timeout_error(5))
        return real(result)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "to_rows", late_alarm)
    write(tmp_path / "a.txt", GOOD)
    rows = workers.work(tmp_path / "a.txt", Limits(timeout=5))
    assert len(calls) == 2
    assert (rows.status, rows.failed_stage, rows.error) == (
        "failed", "timeout", workers.timeout_error(5))
    assert workers.timeout_error(5) == (
        "took longer than --timeout 5 s; raise the limit for long scans, or run this file alone")


def test_a_timeout_raised_out_of_the_worker_is_a_timeout_record(tmp_path: Path) -> None:
    # regression: an alarm that rang outside the document's own try ended as "internal error passing
    # the result back (DocTimeout: ...)"
    from concurrent.futures import Future

    from pipeline import batch, workers
    from pipeline.run import DocTimeout

    write(tmp_path / "a.txt", GOOD)
    fut: Future[object] = Future()
    fut.set_exception(DocTimeout(workers.timeout_error(5)))
    rows = batch._outcome(tmp_path / "a.txt", fut)  # type: ignore[arg-type]
    assert rows is not None
    assert (rows.status, rows.failed_stage, rows.error) == ("failed", "timeout", workers.timeout_error(5))


def test_memory_limit_counts_from_the_workers_own_size() -> None:
    """Regression: a worker forked from a process that had mapped more than --max-memory (the test
    runner after many tests) failed its first document ("SystemError" inside re.compile): the limit
    was the whole address space. Now it is what the worker may add to its size at start."""
    code = (
        "import mmap\n"
        "from pipeline.run import Limits\n"
        "from pipeline.workers import Settings, address_space, setup\n"
        "held = mmap.mmap(-1, 3 * 2**30)  # 3 GiB mapped, never touched\n"
        "assert address_space() > 3 * 2**30\n"
        "setup(Settings(limits=Limits(max_memory=256 * 2**20)))\n"
        "small = bytearray(64 * 2**20)\n"
        "try:\n"
        "    bytearray(512 * 2**20)\n"
        "    print('unbounded')\n"
        "except MemoryError:\n"
        "    print('bounded')\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": root}, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "bounded\n", "")


def test_a_worker_whose_parent_died_while_it_started_exits() -> None:
    """Regression: a worker forked as the main process was killed asked for its parent after being
    handed to another one, so it lived on (a process left behind in the 20-instant kill test). The
    pool now passes its own pid; a worker whose parent is not that pid exits at once."""
    root = str(Path(__file__).resolve().parents[2])
    code = "import os\nfrom pipeline.workers import _die_with_parent\n_die_with_parent({})\nprint('alive')\n"
    env = {**os.environ, "PYTHONPATH": root}
    gone = subprocess.run([sys.executable, "-c", code.format(1 if os.getpid() != 1 else 2)], cwd=root,
                          env=env, capture_output=True, text=True, timeout=60)
    here = subprocess.run([sys.executable, "-c", code.format(os.getpid())], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (gone.returncode, gone.stdout, here.returncode, here.stdout) == (1, "", 0, "alive\n")
