"""``--dask``: documents read in a child process of the Dask worker, timeouts, the same bytes as the pool.

A Dask worker hands each document to a child process (``python -m pipeline.dask_run``), so a test
cannot monkeypatch the extractor in its own process: it puts a ``sitecustomize.py`` on the
``PYTHONPATH`` that every interpreter started from the test (the CLI, Dask workers, their children)
runs at start-up, replacing ``extract_document`` with a fake from ``test_archive``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import sample_document
from test_archive import GOOD, documents, outputs, write

from extractors.records import Document
from pipeline import dask_run
from pipeline.cache import fingerprint
from pipeline.run import Limits
from pipeline.workers import Settings, timeout_error

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 3


def crash_extract(path: Path, doc_id: str, progress: object = None, settings: object = None) -> Document:
    """Stands in for a fault in a PDF library: the process dies at once."""
    if "CRASH" in path.read_text(encoding="utf-8"):
        os.kill(os.getpid(), signal.SIGSEGV)
    return sample_document(doc_id, str(path))


def hook(folder: Path, fake: str, grace: float = 0.5) -> dict[str, str]:
    """An environment whose interpreters replace the extractor by ``fake`` (module.function)."""
    paths = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "pipeline")]
    module, name = fake.split(".")
    write(folder / "sitecustomize.py", (
        f"import sys; sys.path[:0] = {paths!r}\n"
        f"import {module} as t\n"
        "from extractors import api; from pipeline import scoring, workers\n"
        f"api.extract_document = t.{name}; scoring.run_checks = lambda doc: []\n"
        f"workers.HARD_STOP_GRACE = {grace}\n"))
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}


def thaireport(argv: list[str], env: dict[str, str]) -> int:
    done = subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=ROOT, env=env, timeout=120,
                          capture_output=True, check=False)
    return done.returncode


def test_run_document_timeout_in_native_code_restarts_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document stuck where no alarm reaches it: the child stops itself past --timeout (the local
    pool's hard stop), the record is the pool's timeout record, and the next document gets a new child."""
    env = hook(tmp_path / "hook", "test_archive.stuck_extract")
    monkeypatch.setenv("PYTHONPATH", env["PYTHONPATH"])
    stuck = write(tmp_path / "stuck.txt", GOOD + "STUCK")
    good = write(tmp_path / "a.txt", GOOD)
    settings = Settings(limits=Limits(timeout=TIMEOUT), tmpdir=str(tmp_path / "tmp"))
    t0 = time.perf_counter()
    rows = dask_run.run_documents([stuck, good], settings.limits, settings)
    assert time.perf_counter() - t0 < TIMEOUT + 20
    assert [(r.path, r.status, r.failed_stage, r.error) for r in rows] == [
        (str(stuck), "failed", "timeout", timeout_error(TIMEOUT)),
        (str(good), "ok", None, None),
    ]
    child = dask_run._children.child
    assert child.alive()
    first = child.process.pid
    assert dask_run.run_document(good, settings.limits, settings).status == "ok"
    assert dask_run._children.child.process.pid == first  # kept for the next document
    child.stop()
    dask_run._children.child = None


def test_run_document_crash_and_memory_limit_are_the_pool_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that dies gives the local pool's crash record; --max-memory holds in the child."""
    from pipeline.batch import CRASH_ERROR

    env = hook(tmp_path / "hook", "test_dask.crash_extract")
    monkeypatch.setenv("PYTHONPATH", env["PYTHONPATH"])
    crash = write(tmp_path / "c.txt", GOOD + "CRASH")
    good = write(tmp_path / "a.txt", GOOD)
    settings = Settings(limits=Limits())
    rows = dask_run.run_documents([crash, good], settings.limits, settings)
    assert [(r.status, r.failed_stage, r.error) for r in rows] == [
        ("failed", "worker", CRASH_ERROR), ("ok", None, None)]
    dask_run._children.child.stop()

    env = hook(tmp_path / "hook", "test_archive.hungry_extract")
    monkeypatch.setenv("PYTHONPATH", env["PYTHONPATH"])
    settings = Settings(limits=Limits(max_memory=1024 * 2**20))
    rows = dask_run.run_documents([write(tmp_path / "b.txt", GOOD + "HUNGRY")], settings.limits, settings)
    assert [(r.status, r.error) for r in rows] == [
        ("failed", "out of memory reading this document (the per-worker limit is --max-memory); "
                   "raise the limit, or split or convert the file")]
    dask_run._children.child.stop()
    dask_run._children.child = None


def test_dask_timeout_writes_the_same_bytes_as_the_pool(tmp_path: Path) -> None:
    """--timeout on a LocalCluster: the slow document is the pool's timeout record, byte for byte."""
    env = hook(tmp_path / "hook", "test_archive.sleepy_extract")
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "slow.txt", GOOD + "SLEEP")
    write(tmp_path / "in" / "z.txt", GOOD + "\n")
    base = ["run", str(tmp_path / "in"), "--quiet", "--timeout", str(TIMEOUT), "--workers", "2"]
    t0 = time.perf_counter()
    assert thaireport([*base, "--out", str(tmp_path / "pool")], env) == 1
    assert thaireport([*base, "--out", str(tmp_path / "dask"), "--dask", "local"], env) == 1
    assert time.perf_counter() - t0 < 60
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "pool")
    assert [(d["status"], d["error"], d["failed_stage"]) for d in documents(tmp_path / "dask")] == [
        ("ok", None, None),
        ("failed", timeout_error(TIMEOUT), "extract"),
        ("ok", None, None),
    ]


def test_chunks_keep_order_and_leave_pdfs_alone() -> None:
    items = [(i, Path(f"{i}.txt")) for i in range(40)]
    assert [len(c) for c in dask_run.chunks(items, 2)] == [4] * 10
    assert [len(c) for c in dask_run.chunks(items, 8)] == [1] * 40  # fewer than 4 tasks per thread
    mixed = [(0, Path("a.txt")), (1, Path("b.txt")), (2, Path("c.PDF")), (3, Path("d.txt"))]
    assert [[i for i, _ in c] for c in dask_run.chunks(mixed, 0)] == [[0], [1], [2], [3]]
    assert [i for c in dask_run.chunks(items, 1) for i, _ in c] == list(range(40))


def test_a_worker_with_other_code_refuses(tmp_path: Path) -> None:
    """Its rows would be cached under this version's key: every document of the task is a failed record."""
    good = write(tmp_path / "a.txt", GOOD)
    settings = Settings()
    rows = dask_run.run_documents([good, good], settings.limits, settings, "0123456789abcdef")
    error = (f"this Dask worker runs other thaireport code (fingerprint {fingerprint()[:12]}) than the "
             "machine running thaireport run (0123456789ab); install the same version on every worker")
    assert [(r.status, r.failed_stage, r.error) for r in rows] == [("failed", "worker", error)] * 2
    assert getattr(dask_run._children, "child", None) is None  # no child started
