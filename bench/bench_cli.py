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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


#: runs thaireport's main() and reports its own CPU and its workers' (reaped children) on stderr
_WRAPPER = (
    "import resource, sys; from pipeline.cli import main; status = main(sys.argv[1:])\n"
    "me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print('cpu', me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, file=sys.stderr)\n"
    "sys.exit(status)"
)


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    #: CPU of the main process (serial: imports, walking, writing, report.html) and of its workers
    main_cpu: float
    workers_cpu: float

    def idle(self, workers: int) -> float:
        """The wall time on ``workers`` idle cores: the main process, then the workers side by side."""
        return self.main_cpu + self.workers_cpu / workers


def run(root: Path, inputs: Path, out: Path, workers: int, extra: list[str]) -> Timing:
    """One ``thaireport run`` (no cache: ``--force``).

    Bytecode is written and used (``PYTHONDONTWRITEBYTECODE`` dropped), as for an installed package:
    without it every run compiles ~65 modules from source, 0.2-0.35 s of serial start-up.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(root)
    t0 = time.perf_counter()
    argv = ["run", str(inputs), "--out", str(out), "--quiet", "--force", "--workers", str(workers), *extra]
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], cwd=root, env=env, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    _, me, kids = done.stderr.strip().splitlines()[-1].split()
    return Timing(wall, float(me), float(kids))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--root", type=Path, action="append", help="checkouts to time (default: this one)")
    ap.add_argument("extra", nargs="*", help="more options for thaireport run (after --)")
    a = ap.parse_args()
    roots = a.root or [ROOT]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = reports(Path(tmp) / "in")
        times: dict[tuple[Path, int], list[Timing]] = {(r, w): [] for r in roots for w in (1, 2)}
        for root in roots:  # a first run writes the bytecode
            run(root, inputs, Path(tmp) / "out", 1, a.extra)
        for _ in range(a.repeat):
            for root in roots:
                for workers in (1, 2):
                    times[(root, workers)].append(run(root, inputs, Path(tmp) / "out", workers, a.extra))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for root in roots:
        one, two = times[(root, 1)], times[(root, 2)]
        wall1, wall2 = (statistics.median(t.wall for t in ts) for ts in (one, two))
        main1, main2 = (statistics.median(t.main_cpu for t in ts) for ts in (one, two))
        work1, work2 = (statistics.median(t.workers_cpu for t in ts) for ts in (one, two))
        idle1 = statistics.median(t.idle(1) for t in one)
        idle2 = statistics.median(t.idle(2) for t in two)
        print(f"{root} (medians; 1 worker / 2 workers):")
        print(f"  wall {wall1:.2f} / {wall2:.2f} s, speed-up {wall1 / wall2:.2f} (depends on the load)")
        print(f"  CPU: main process {main1:.2f} / {main2:.2f} s, workers {work1:.2f} / {work2:.2f} s")
        print(f"  idle cores (main + workers / N): {idle1:.2f} / {idle2:.2f} s, speed-up {idle1 / idle2:.2f}")

if __name__ == "__main__":
    main()
