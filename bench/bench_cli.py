"""``thaireport run`` as a user runs it: 24 distinct text reports, 1 worker against 2, whole command.

Unlike ``bench_batch.py`` (the pool alone), this times the command from ``python -m pipeline`` to
exit, so the serial parts count: imports, walking, the writers, report.html. Runs are interleaved
(1, 2, 1, 2, ...) so that a load from other processes touches both alike; ``--root`` runs another
checkout's code (e.g. an export of main) for a before/after figure in the same session.

    python bench/bench_cli.py [--repeat 5] [--root PATH ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reports(folder: Path, n: int = 24) -> Path:
    """``n`` distinct text reports from the tests' generator (tests/pipeline/report_gen.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "pipeline"))
    from report_gen import generate, render

    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (folder / f"report_{k:02d}.txt").write_text(render(generate(k))[0], encoding="utf-8")
    return folder


def run(root: Path, inputs: Path, out: Path, workers: int, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (all processes) of one ``thaireport run`` (no cache: ``--force``).

    Bytecode is written and used (``PYTHONDONTWRITEBYTECODE`` dropped), as for an installed package:
    without it every run compiles ~65 modules from source, 0.2-0.35 s of serial start-up.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(root)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out), "--quiet",
                    "--force", "--workers", str(workers), *extra], cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--root", type=Path, action="append", help="checkouts to time (default: this one)")
    ap.add_argument("extra", nargs="*", help="more options for thaireport run (after --)")
    a = ap.parse_args()
    roots = a.root or [ROOT]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = reports(Path(tmp) / "in")
        times: dict[tuple[Path, int], list[tuple[float, float]]] = {(r, w): [] for r in roots for w in (1, 2)}
        for root in roots:  # a first run writes the bytecode
            run(root, inputs, Path(tmp) / "out", 1, a.extra)
        for _ in range(a.repeat):
            for root in roots:
                for workers in (1, 2):
                    times[(root, workers)].append(run(root, inputs, Path(tmp) / "out", workers, a.extra))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for root in roots:
        one = [w for w, _ in times[(root, 1)]]
        two = [w for w, _ in times[(root, 2)]]
        cpu1 = statistics.median(c for _, c in times[(root, 1)])
        cpu2 = statistics.median(c for _, c in times[(root, 2)])
        print(f"{root}: wall 1 worker best {min(one):.2f} s median {statistics.median(one):.2f} s; "
              f"2 workers best {min(two):.2f} s median {statistics.median(two):.2f} s; speed-up best "
              f"{min(one) / min(two):.2f}, median {statistics.median(one) / statistics.median(two):.2f}; "
              f"CPU (all processes, median) {cpu1:.2f} s and {cpu2:.2f} s")


if __name__ == "__main__":
    main()
