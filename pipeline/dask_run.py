"""``--dask ADDRESS``: the per-document function on a Dask distributed cluster.

Each document is one task, :func:`pipeline.workers.work_remote`, which returns the same plain rows
as the local pool; the parent collects them in input order and writes the outputs itself, so the
files are the same bytes whichever ran the work. ``local`` starts a LocalCluster on this machine
(one single-threaded worker process per ``--workers``). On a real cluster every worker must see the
input paths at the same place (a shared file system) and have thaireport installed; the outputs and
the cache stay on the machine that runs ``thaireport run``. ``--timeout`` is not enforced on Dask
workers (tasks run in worker threads, where no alarm can interrupt them); ``--max-memory`` is
left to the Dask worker's own ``--memory-limit``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.outputs import DocRows, to_rows
from pipeline.workers import Settings, failed, work_remote

CRASH_ERROR = "the Dask task failed ({}); see the worker's log"
#: seconds to wait for the scheduler before giving up (a usage error, exit status 2)
CONNECT_TIMEOUT = 10.0


class DaskUnavailable(Exception):
    """No cluster to run on; the message is the one-line error."""


def run_dask(
    address: str,
    items: Sequence[tuple[int, Path]],
    settings: Settings,
    workers: int,
    finish: Callable[[int, DocRows], None],
) -> None:
    """Run ``items`` ((index, path) pairs) on the cluster; ``finish(index, rows)`` as each is done."""
    from dask.distributed import Client, LocalCluster, as_completed

    remote = replace(settings, isolate=False, pages=False)
    if address == "local":
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50)
        client = Client(cluster)  # type: ignore[no-untyped-call]
    else:
        cluster = None
        remote = replace(remote, tmpdir=None)  # the out folder is not on the workers' machines
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: "
                                  f"{exc}); start it with `dask scheduler`, or use --dask local") from None
    try:
        futures = {client.submit(work_remote, path, settings.limits, remote, pure=False,
                                 priority=len(items) - k): index
                   for k, (index, path) in enumerate(items)}
        paths = dict(items)
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            index = futures[future]
            try:
                rows: DocRows = future.result()
            except Exception as exc:  # a worker died or the task raised
                rows = to_rows(failed(paths[index], CRASH_ERROR.format(f"{type(exc).__name__}: {exc}"),
                                      "worker"))
            finish(index, rows)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
