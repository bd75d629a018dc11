"""Batch throughput: 24 distinct generated text reports on 1 and 2 workers, a LocalCluster, a 20 MB line.

    /work/main/.venv/bin/python bench/bench_batch.py [--repeat 3] [--no-dask] [--no-long]

Runs :func:`pipeline.batch.run_batch` (no cache: every document is computed) as pool-1, pool-2,
LocalCluster-1 and LocalCluster-2 (both clusters started once, start-up printed apart, warmed by one
run), interleaved for ``--repeat`` rounds so that the machine's load hits each alike. Prints the best
wall time, documents per second and per worker, the speed-ups best against best and per round, and
the CPU time of every process per run (the parent, the Dask scheduler, nannies and workers, the
document processes), with a bound on the speed-up on idle cores from CPU time, which a shared
machine's load does not move much. Then the whole command (``thaireport run``, 1 and 2 workers), and
the long-line case: one text file of a single line of 5 and 20 MB (the time grows linearly).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "pipeline"))

from pipeline.batch import cores, run_batch  # noqa: E402
from pipeline.outputs import collect  # noqa: E402
from pipeline.run import Limits  # noqa: E402


def reports(folder: Path, n: int = 24) -> list[Path]:
    from report_gen import generate, render

    paths = []
    for k in range(n):
        path = folder / f"report_{k:02d}.txt"
        path.write_text(render(generate(k))[0], encoding="utf-8")
        paths.append(path)
    return paths


def best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def tree_cpu(proc: psutil.Process) -> tuple[float, float]:
    """CPU seconds of ``proc`` and every live descendant; and of the descendants that read documents."""
    total = docs = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            seconds = t.user + t.system
            total += seconds
            if "pipeline.dask_run" in " ".join(p.cmdline()):
                docs += seconds
        except psutil.NoSuchProcess:
            pass
    return total, docs


def median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-long", action="store_true")
    parser.add_argument("--long", default="5,20", help="sizes in MB of the one-line files (default 5,20)")
    args = parser.parse_args()
    print(f"cores: {cores()}; load average at start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = reports(Path(tmp))
        n = len(paths)
        reference = collect(run_batch(paths, 0))
        me = psutil.Process()
        clusters = {}
        if not args.no_dask:
            from pipeline import dask_run

            for workers in (1, 2):
                t0 = time.perf_counter()
                clusters[workers] = dask_run._local_cluster(workers)
                print(f"LocalCluster of {workers} started in {time.perf_counter() - t0:.2f} s (not counted)")

        def run(name: str) -> tuple[float, float, float]:
            """(wall, CPU of every process involved, CPU of the processes reading documents)"""
            kind, workers = name.split("-")
            address = clusters[int(workers)].scheduler_address if kind == "dask" else None
            before = tree_cpu(me), resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            results = run_batch(paths, int(workers), dask=address)
            wall = time.perf_counter() - t0
            after = tree_cpu(me), resource.getrusage(resource.RUSAGE_CHILDREN)
            assert collect(results) == reference  # the same rows whoever read them (not timed)
            if kind == "pool":  # the pool's workers have exited: their CPU is in RUSAGE_CHILDREN
                docs = (after[1].ru_utime + after[1].ru_stime) - (before[1].ru_utime + before[1].ru_stime)
                return wall, docs + after[0][0] - before[0][0], docs
            return wall, after[0][0] - before[0][0], after[0][1] - before[0][1]

        names = ["pool-1", "pool-2"] + ([] if args.no_dask else ["dask-1", "dask-2"])
        for name in names[2:]:
            run(name)  # warm the Dask workers (imports, document children)
        # interleaved rounds (A, B, C, D, A, B, ...): the machine's load hits every configuration alike
        got: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
        for _ in range(args.repeat):
            for name in names:
                got[name].append(run(name))
        times = {name: min(r[0] for r in rows) for name, rows in got.items()}
        # the whole command, as a user runs it (start-up, hashing, writing included; --force: no cache)
        import subprocess

        for workers in (1, 2):
            cmd = [sys.executable, "-m", "pipeline", "run", tmp, "--out", f"{tmp}/out-{workers}", "--quiet",
                   "--force", "--workers", str(workers)]
            times[f"cli-{workers}"] = best(lambda c=cmd: subprocess.run(c, cwd=ROOT, check=True,
                                                                        capture_output=True), args.repeat)
        for cluster in clusters.values():
            cluster.close()
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
        for name, seconds in times.items():
            workers = int(name.rsplit("-", 1)[1])
            rate = n / seconds
            print(f"{name:8s} {seconds:6.2f} s  {rate:6.1f} docs/s  {rate / workers:6.1f} docs/s/worker")

        def ratio(a: str, b: str) -> str:
            rounds = [x[0] / y[0] for x, y in zip(got[a], got[b], strict=True)]
            return f"{times[a] / times[b]:.2f} (best), per round {' '.join(f'{r:.2f}' for r in rounds)}"

        print(f"speed-up pool 2 / pool 1: {ratio('pool-1', 'pool-2')}")
        print(f"speed-up thaireport run 2 / 1: {times['cli-1'] / times['cli-2']:.2f}")
        for name, rows in got.items():
            # on a shared machine wall time depends on the load; CPU time much less
            print(f"{name}: CPU per run {median([r[1] for r in rows]):.2f} s, of which reading documents "
                  f"{median([r[2] for r in rows]):.2f} s")
        # on 2 idle cores: 1 worker reads the documents one after another; 2 workers share all the CPU
        for kind in ("pool", "dask")[: 1 if args.no_dask else 2]:
            one = median([r[2] for r in got[f"{kind}-1"]])
            two = median([r[1] for r in got[f"{kind}-2"]])
            print(f"{kind}: speed-up on 2 idle cores at most {one / (two / 2):.2f} "
                  f"(documents' CPU with 1 worker / half the CPU of every process with 2)")
        if not args.no_dask:
            print(f"speed-up LocalCluster 2 / LocalCluster 1: {ratio('dask-1', 'dask-2')}")
            print(f"speed-up LocalCluster 2 / pool 1: {ratio('pool-1', 'dask-2')}")
            print(f"LocalCluster 1 / pool 1 (time per document): {ratio('dask-1', 'pool-1')}")
        if not args.no_long:
            from pipeline.run import process

            line = ("ร้อยละ 85.13 จำนวน 624 ร้าน จาก 733 ร้าน พื้นที่ 1 ไร่ 2 งาน 30 ตารางวา "
                    "เมื่อวันที่ 15 กุมภาพันธ์ 2564 ")
            for mb in [int(x) for x in args.long.split(",")]:
                path = Path(tmp) / f"long_{mb}mb.txt"
                data = line.encode("utf-8")
                path.write_bytes(data * (mb * 2**20 // len(data)))
                t0 = time.perf_counter()
                result = process(path, Limits(max_bytes=0))
                print(f"one line of {mb} MB: {time.perf_counter() - t0:.1f} s ({result.status}"
                      f"{': ' + result.error if result.error else ''})")


if __name__ == "__main__":
    main()
