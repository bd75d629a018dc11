"""Batch throughput: 24 distinct generated text reports on 1 and 2 workers, a LocalCluster, a 20 MB line.

    /work/main/.venv/bin/python bench/bench_batch.py [--repeat 3] [--no-dask] [--no-long]

Prints, per configuration, the best wall time of ``--repeat`` runs of :func:`pipeline.batch.run_batch`
(no cache: every document is computed), documents per second, and per worker; then the speed-up of
2 workers over 1. ``--dask`` runs the same 24 on a LocalCluster of 2 single-threaded workers
(cluster start-up counted apart). The long-line case times one 20 MB text file of a single line
(and a 5 MB one, to show the time grows linearly).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-long", action="store_true")
    parser.add_argument("--long", default="5,20", help="sizes in MB of the one-line files (default 5,20)")
    args = parser.parse_args()
    print(f"cores: {cores()}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = reports(Path(tmp))
        n = len(paths)
        reference = collect(run_batch(paths, 0))
        times: dict[str, float] = {}
        cpu: dict[int, float] = {}
        for workers in (1, 2):
            def once(w: int = workers) -> None:
                assert collect(run_batch(paths, w)) == reference

            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[f"pool-{workers}"] = best(once, args.repeat)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[workers] = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / args.repeat
        # the whole command, as a user runs it (start-up, hashing, writing included; --force: no cache)
        import subprocess

        for workers in (1, 2):
            cmd = [sys.executable, "-m", "pipeline", "run", tmp, "--out", f"{tmp}/out-{workers}", "--quiet",
                   "--force", "--workers", str(workers)]
            times[f"cli-{workers}"] = best(lambda c=cmd: subprocess.run(c, cwd=ROOT, check=True,
                                                                        capture_output=True), args.repeat)
        if not args.no_dask:
            from dask.distributed import Client, LocalCluster

            from pipeline import dask_run

            t0 = time.perf_counter()
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=50)
            client = Client(cluster)
            start = time.perf_counter() - t0

            # reuse the running cluster: point run_dask at its address
            def dask_once() -> None:
                assert collect(run_batch(paths, 2, dask=cluster.scheduler_address)) == reference

            dask_once()  # workers import the package on their first task
            times["dask-2"] = best(dask_once, args.repeat)
            client.close()
            cluster.close()
            print(f"LocalCluster start-up: {start:.2f} s (not counted below)")
            del dask_run
        for name, seconds in times.items():
            workers = int(name.rsplit("-", 1)[1])
            rate = n / seconds
            print(f"{name:8s} {seconds:6.2f} s  {rate:6.1f} docs/s  {rate / workers:6.1f} docs/s/worker")
        print(f"speed-up 2 workers / 1: {times['pool-1'] / times['pool-2']:.2f} (run_batch), "
              f"{times['cli-1'] / times['cli-2']:.2f} (thaireport run)")
        # on a machine shared with other work, wall time depends on the load; the workers' CPU time does not
        print(f"workers' CPU per run: 1 worker {cpu[1]:.2f} s, 2 workers {cpu[2]:.2f} s; speed-up on 2 idle "
              f"cores at most {cpu[1] / (cpu[2] / 2):.2f}")
        if "dask-2" in times:
            print(f"speed-up LocalCluster 2 / pool 1: {times['pool-1'] / times['dask-2']:.2f}")
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
