"""``--dask ADDRESS``: the per-document function on a Dask distributed cluster.

Each task is one document, or a few short text files (:func:`chunks`, :func:`run_documents`), and
returns the same plain rows as the local pool; the parent collects them in input order and writes the
outputs itself, so the files are the same bytes whichever ran the work. ``local`` starts a
LocalCluster on this machine (one single-threaded worker process per ``--workers``). On a real
cluster every worker must see the input paths at the same place (a shared file system) and have
thaireport installed; the outputs and the cache stay on the machine that runs ``thaireport run``;
a worker running other code refuses its documents.

A Dask worker runs tasks in a thread of a process whose event loop, heartbeats and sampling
profiler share the GIL with the task, and no alarm reaches a thread. So the task does not read the
document itself: it hands it to a child process of its own (:class:`_Child`, one per worker thread,
started on the thread's first task and kept), which runs :func:`pipeline.workers.work` on its main
thread exactly as a local pool worker does: the same ``--timeout`` alarm and hard stop, the same
``--max-memory`` limit, the same records. A child that dies (hard stop past ``--timeout``, out of
memory, a fault in a PDF library) gives the local pool's timeout or crash record and is started
again for the next task, so the Dask worker stays usable.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline.cache import fingerprint
from pipeline.outputs import DocRows, to_rows
from pipeline.run import Limits
from pipeline.workers import HARD_STOP_EXIT, HARD_STOP_GRACE, Settings, failed, setup, timeout_error, work

CRASH_ERROR = "the Dask task failed ({}); see the worker's log"
VERSION_ERROR = ("this Dask worker runs other thaireport code (fingerprint {theirs}) than the machine "
                 "running thaireport run ({ours}); install the same version on every worker")
#: seconds to wait for the scheduler before giving up (a usage error, exit status 2)
CONNECT_TIMEOUT = 10.0
#: seconds past the child's own hard stop (``--timeout`` + HARD_STOP_GRACE) before it is killed
KILL_MARGIN = 10.0
#: Dask settings for the LocalCluster: the CPU its servers burn comes out of the cores reading the
#: documents. Measured idle (2 workers): 0.11 CPU-seconds per second by default, 0.02 with these. The
#: event-loop tick (every 20 ms in the scheduler, each nanny and worker, to warn of a blocked loop) is
#: most of it; then the sampling profiler (a thread walking every stack each 10 ms) and the system and
#: memory monitors. Work stealing is off: the scheduler queues tasks and hands one to each free worker.
LOCAL_CONFIG = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.scheduler.work-stealing": False,
}


class DaskUnavailable(Exception):
    """No cluster to run on; the message is the one-line error."""


def _serve(conn: Connection, settings: Settings) -> None:
    """The child's loop: set up as a local pool worker, then read (path, limits), send rows back.

    The child has a session of its own (Ctrl-C in the terminal does not reach it) and ignores SIGINT
    as well; it ends when its worker closes the connection, or dies (``PR_SET_PDEATHSIG``).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    setup(settings)
    while True:
        try:
            path, limits = conn.recv()
            conn.send(work(path, limits))
        except (EOFError, OSError):  # the Dask worker went away
            return


class _Child:
    """One process that reads documents for one Dask worker thread, on its own main thread.

    A plain subprocess (``python -m pipeline.dask_run FD``) talking over a socket pair:
    ``multiprocessing`` refuses to start children from a Dask worker, which is a daemonic process.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        #: True when it was killed for going past the time limit
        self.killed = False
        ours, theirs = socket.socketpair()
        root = str(Path(__file__).resolve().parents[1])  # this very copy of the package
        path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pipeline.dask_run", str(theirs.fileno())], env=env,
                stdin=subprocess.DEVNULL, pass_fds=[theirs.fileno()], start_new_session=True)
        self.conn = Connection(ours.detach())
        self.conn.send(settings)

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, path: Path, limits: Limits) -> DocRows | None:
        """The rows of ``path``; None when the child died (or was killed past the time limit)."""
        try:
            self.conn.send((path, limits))
            wait = limits.timeout + HARD_STOP_GRACE + KILL_MARGIN if limits.timeout > 0 else None
            if self.conn.poll(wait):
                rows: DocRows = self.conn.recv()
                return rows
        except (EOFError, OSError):
            return None
        self.process.kill()  # stuck where even the hard stop did not fire
        self.killed = True
        return None

    def stop(self) -> int:
        """End the child; its exit status (negative: killed by that signal)."""
        self.conn.close()
        try:
            return self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


_children = threading.local()


def run_document(path: Path, limits: Limits, settings: Settings) -> DocRows:
    """One document in this worker thread's child process; never raises on bad data."""
    from pipeline.batch import CRASH_ERROR as DIED  # the local pool's record of a dead worker

    child: _Child | None = getattr(_children, "child", None)
    if child is None or child.settings != settings or not child.alive():
        if child is not None:
            child.stop()
        child = _children.child = _Child(settings)
    rows = child.run(path, limits)
    if rows is not None:
        return rows
    _children.child = None
    code = child.stop()
    if limits.timeout > 0 and (code == HARD_STOP_EXIT or child.killed):
        return to_rows(failed(path, timeout_error(limits.timeout), "timeout"))
    return to_rows(failed(path, DIED, "worker"))


def run_documents(
    paths: list[Path], limits: Limits, settings: Settings, code: str | None = None
) -> list[DocRows]:
    """A Dask task: a few documents, one after another (:func:`run_document`).

    ``code``: the fingerprint of the code running ``thaireport run`` (:func:`pipeline.cache.fingerprint`);
    a worker with other code refuses (its rows would be cached under the other version's key).
    """
    if code is not None and code != fingerprint():
        error = VERSION_ERROR.format(theirs=fingerprint()[:12], ours=code[:12])
        return [to_rows(failed(path, error, "worker")) for path in paths]
    return [run_document(path, limits, settings) for path in paths]


#: most documents in one Dask task; tasks of several short text files share Dask's cost per task
#: (~5 ms in the worker and ~5 ms in the scheduler and client, measured, against ~50 ms to read one report)
MAX_CHUNK = 4
#: tasks per worker thread at least, so that the last tasks still spread over the workers
TASKS_PER_THREAD = 4
CHUNKED_SUFFIXES = frozenset({".txt"})


def chunks(items: Sequence[tuple[int, Path]], threads: int) -> list[list[tuple[int, Path]]]:
    """``items`` in tasks, in order: runs of up to k text files together, every other file alone.

    k = ``len(items) // (TASKS_PER_THREAD * threads)``, within 1 … :data:`MAX_CHUNK`. A PDF stays
    alone: its time ranges from a second (text) to minutes (a scan).

    >>> [[i for i, _ in c] for c in chunks([(i, Path(f"{i}.txt")) for i in range(10)], 1)]
    [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
    >>> [[i for i, _ in c] for c in chunks([(0, Path("a.txt")), (1, Path("b.pdf")), (2, Path("c.txt"))], 1)]
    [[0], [1], [2]]
    """
    k = max(1, min(MAX_CHUNK, len(items) // (TASKS_PER_THREAD * max(1, threads))))
    tasks: list[list[tuple[int, Path]]] = []
    run: list[tuple[int, Path]] = []
    for item in items:
        if item[1].suffix.lower() not in CHUNKED_SUFFIXES:
            if run:
                tasks.append(run)
                run = []
            tasks.append([item])
            continue
        run.append(item)
        if len(run) == k:
            tasks.append(run)
            run = []
    if run:
        tasks.append(run)
    return tasks


def _local_cluster(workers: int) -> Any:
    import dask
    from dask.distributed import LocalCluster

    # Ctrl-C in the terminal reaches the whole process group: workers started with SIGINT ignored keep
    # ignoring it (an ignored signal stays ignored across exec) instead of printing KeyboardInterrupt
    # tracebacks; the run itself stops them. (A Ctrl-C during these seconds of start-up is lost.)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None
    try:
        with dask.config.set(LOCAL_CONFIG), warnings.catch_warnings():
            # "Port 8787 is already in use … Hosting the HTTP server on port N instead": not for the user
            warnings.simplefilter("ignore", UserWarning)
            return LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=50)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def run_dask(
    address: str,
    items: Sequence[tuple[int, Path]],
    settings: Settings,
    workers: int,
    finish: Callable[[int, DocRows], None],
) -> None:
    """Run ``items`` ((index, path) pairs) on the cluster; ``finish(index, rows)`` as each is done."""
    from dask.distributed import Client, as_completed

    remote = replace(settings, isolate=True, pages=False)
    if address == "local":
        cluster = _local_cluster(workers)
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
        threads = sum(client.nthreads().values()) or workers  # type: ignore[no-untyped-call]
        tasks = chunks(items, threads)
        futures = {client.submit(run_documents, [path for _, path in task], settings.limits, remote,
                                 fingerprint(), pure=False, priority=len(tasks) - k): task
                   for k, task in enumerate(tasks)}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            task = futures[future]
            try:
                done: list[DocRows] = future.result()
            except Exception as exc:  # the Dask worker itself died, or the task raised
                error = CRASH_ERROR.format(f"{type(exc).__name__}: {exc}")
                done = [to_rows(failed(path, error, "worker")) for _, path in task]
            for (index, _), rows in zip(task, done, strict=True):
                finish(index, rows)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":  # a document child (:class:`_Child`): the socket's descriptor is the argument
    _connection = Connection(int(sys.argv[1]))
    _serve(_connection, _connection.recv())
