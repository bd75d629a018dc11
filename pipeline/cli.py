"""``thaireport run PATH... --out DIR``: the command line.

Exit status (CONTRACT.md): 0 when every document is ``ok``, 1 when any ``failed`` (the others are
still written; a folder that cannot be read counts as a failed record), 2 for a usage error:
argparse's own, a PATH that does not exist, an ``--out`` that is a file or cannot be written, a
``--format`` whose module is not installed, an ``--out`` locked by another run (refused at once,
one line). These are checked before any document is read. Should writing fail all the same (a full
disk), the status is 2 too, with one line on stderr; the previous outputs are left as they were.
130 when interrupted (Ctrl-C): nothing is switched in, the documents done so far are in the cache.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from pipeline import outdir
from pipeline.batch import default_workers, find_inputs, run_batch, stderr_progress, unreadable_folder
from pipeline.cache import Cache
from pipeline.dask_run import DaskUnavailable
from pipeline.findings import RULES
from pipeline.names import printable
from pipeline.outputs import DocRows, duplicates, missing_modules, probe_out, to_rows, write_outputs
from pipeline.report_cli import add_report_command, write_report_or_warn
from pipeline.run import Limits
from pipeline.stages import DocResult
from pipeline.writers import WRITERS

DEFAULT_LIMITS = Limits()
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: stdout closed by its reader, as a shell reports a process ended by SIGPIPE (128 + 13)
EXIT_BROKEN_PIPE = 141
SEVERITIES = ("error", "warning", "info")

log = logging.getLogger("thaireport")


def _formats(text: str) -> list[str]:
    """``--format csv,parquet`` (repeatable) -> ["csv", "parquet"]."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    bad = [n for n in names if n not in WRITERS]
    if bad:
        choices = ", ".join(n for n in WRITERS if n != "jsonl")
        raise argparse.ArgumentTypeError(f"unknown format {bad[0]!r} (choose from {choices})")
    return names


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thaireport",
        description="Structured records and recomputed scores from Thai government performance reports.",
    )
    parser.add_argument("--version", action="version", version=f"thaireport {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="extract, score and write the output files",
                         description="Read PDFs and OCR text (.txt/.md) and write JSON Lines into --out.")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="input files or folders (walked)")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created)")
    run.add_argument("--workers", type=_workers, default=default_workers(), metavar="N",
                     help="worker processes (default: one per CPU); 0 runs in this process")
    run.add_argument("--format", dest="formats", type=_formats, action="append", default=[],
                     metavar="FMT", help="also write csv, parquet and/or duckdb (jsonl is always written)")
    run.add_argument("--quiet", action="store_true",
                     help="no progress lines on stderr (per document, and per OCR page)")
    run.add_argument("--debug", action="store_true", help="log tracebacks of failed documents")
    run.add_argument("--timeout", type=_positive, default=0.0, metavar="S",
                     help="wall time per document in seconds; a document past it fails (default: none)")
    run.add_argument("--max-size", type=_positive, default=DEFAULT_LIMITS.max_bytes / 2**20, metavar="MB",
                     help="refuse input files larger than this (default: %(default)g MB; 0: no limit)")
    run.add_argument("--max-memory", type=_positive, default=DEFAULT_LIMITS.max_memory / 2**20, metavar="MB",
                     help="address space a worker may add to its size at start "
                          "(default: %(default)g MB; 0: none)")
    run.add_argument("--max-inflate", type=_positive, default=DEFAULT_LIMITS.max_inflate / 2**20,
                     metavar="MB", help="refuse a PDF with a compressed stream inflating beyond this "
                                        "(a decompression bomb; default: %(default)g MB; 0: no check)")
    run.add_argument("--force", action="store_true",
                     help="recompute every document, ignoring the cache of earlier results in DIR")
    run.add_argument("--dask", metavar="ADDRESS",
                     help="run the documents on a Dask scheduler (tcp://host:8786), or 'local' for a "
                          "LocalCluster of --workers processes")
    run.set_defaults(handler=cmd_run, parser=run)
    add_report_command(sub)  # thaireport report DIR (pipeline/report_cli.py)
    return parser


def summary(results: Sequence[DocResult | DocRows]) -> str:
    """Documents ok/failed, the failures, and findings per rule per severity.

    Names and errors are :func:`~pipeline.names.printable`: one line each, whatever their bytes.
    """
    rows = [to_rows(r) for r in results]
    ok = sum(r.status == "ok" for r in rows)
    lines = [f"documents: {ok} ok, {len(rows) - ok} failed"]
    lines += [f"  failed: {printable(r.path)}: {printable(r.error or '')}"
              for r in rows if r.status == "failed"]
    # ผลของไฟล์ซ้ำ (ไบต์เดียวกัน) เขียนลงไฟล์ครั้งเดียว จึงนับครั้งเดียว ให้ตรงกับ findings.jsonl
    # (a duplicate's findings are written once, so they are counted once, as in findings.jsonl)
    written = [r for r, dup in zip(rows, duplicates(rows), strict=True) if dup is None]
    counts: Counter[tuple[str, str]] = Counter(f for r in written for f in r.findings)
    if counts:
        width = 2 + max(len(rule) for rule in RULES)
        lines.append(f"{'findings:':<{width}}" + "".join(f" {s:>7}" for s in SEVERITIES))
        for rule in [r for r in RULES if any((r, s) in counts for s in SEVERITIES)]:
            lines.append(f"  {rule:<{width - 2}}" + "".join(f" {counts[(rule, s)]:>7}" for s in SEVERITIES))
    else:
        lines.append("findings: none")
    return "\n".join(lines)


def skipped_note(skipped: Sequence[Path], shown: int = 5) -> str:
    """One line naming the files of other types found in the folders; they get no record.

    >>> skipped_note([Path("in/notes.docx")])
    'thaireport: 1 file in the folders not read (not .pdf, .txt or .md): in/notes.docx'
    """
    names = ", ".join(printable(p) for p in skipped[:shown]) + (", …" if len(skipped) > shown else "")
    files = "1 file" if len(skipped) == 1 else f"{len(skipped)} files"
    return f"thaireport: {files} in the folders not read (not .pdf, .txt or .md): {names}"


def _version() -> str:
    try:
        return metadata.version("thaireport")
    except metadata.PackageNotFoundError:
        return "unknown"


def cmd_run(args: argparse.Namespace) -> int:
    """``thaireport run``: walk, process, write, summarise; the exit status."""
    parser: argparse.ArgumentParser = args.parser
    missing = [printable(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {printable(args.out)} is a file, not a folder")
    formats = sorted({f for group in args.formats for f in group})
    for fmt, module in missing_modules(formats).items():
        parser.error(f"--format {fmt} needs the {module} package: pip install 'thaireport[tables]'")
    if args.dask is not None and find_spec("distributed") is None:
        parser.error("--dask needs the distributed package: pip install 'dask[distributed]'")
    try:
        probe_out(args.out)
    except OSError as exc:
        parser.error(f"cannot write to --out {printable(args.out)}: {printable(exc.strerror or str(exc))}")
    try:
        with outdir.lock(args.out):
            return _run_locked(args, formats)
    except outdir.Busy as exc:
        print(f"thaireport: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # stdout closed by its reader, after the outputs were written: main() ends quietly
    except OSError as exc:  # e.g. the state folder (lock, leftovers, temporary folder) cannot be used
        print(f"thaireport: cannot run ({printable(exc.strerror or str(exc))}: "
              f"{printable(exc.filename or args.out)}); the previous outputs in --out are unchanged",
              file=sys.stderr)
        return EXIT_USAGE


def _run_locked(args: argparse.Namespace, formats: list[str]) -> int:
    """The run proper, with ``--out`` locked: leftovers cleaned, temporary folder removed on exit."""
    outdir.clean_leftovers(args.out)
    skipped: list[Path] = []
    unreadable: list[Path] = []
    inputs = find_inputs(args.paths, skipped, unreadable)
    if skipped:
        print(skipped_note(skipped), file=sys.stderr)
    for folder in unreadable:
        print(f"thaireport: cannot read the folder {printable(folder)} (no permission, or it vanished)",
              file=sys.stderr)
    if not inputs and not unreadable:
        print("thaireport: no .pdf, .txt or .md files found in the given folders", file=sys.stderr)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    limits = Limits(timeout=args.timeout, max_bytes=int(args.max_size * 2**20),
                    max_memory=int(args.max_memory * 2**20), max_inflate=int(args.max_inflate * 2**20))
    tmp = outdir.temp_folder(args.out)
    try:
        results = run_batch(inputs, args.workers, None if args.quiet else stderr_progress(),
                            pages=not args.quiet, limits=limits, tmpdir=tmp,
                            cache=Cache(outdir.state(args.out) / "cache"), force=args.force, dask=args.dask)
    except DaskUnavailable as exc:
        print(f"thaireport: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with contextlib.suppress(OSError):
            tmp.parent.rmdir()  # tmp/ itself when no other run's folder is in it
    results += [unreadable_folder(folder) for folder in unreadable]
    if args.debug:
        for r in results:
            if r.traceback:
                log.debug("%s failed in %s:\n%s", printable(r.path), r.failed_stage, r.traceback.rstrip())
    run_info = {
        "thaireport": _version(), "python": platform.python_version(), "started": started_at,
        "seconds": round(time.perf_counter() - t0, 3), "workers": args.workers, "formats": formats,
        "dask": args.dask, "timeout": args.timeout,
        "skipped": [str(p) for p in skipped],
        "inputs": [{"path": r.path, "doc_id": r.doc_id, "status": r.status, "seconds": round(r.seconds, 3),
                    "cached": r.cached} for r in results],
    }
    try:
        write_outputs(results, args.out, formats, run_info)
    except OSError as exc:
        print(f"thaireport: cannot write the outputs into {printable(args.out)} ({exc.strerror or exc}); "
              "the previous outputs are unchanged", file=sys.stderr)
        return EXIT_USAGE
    write_report_or_warn(args.out)  # report.html, under the lock (pipeline/report_cli.py)
    print(summary(results))
    print(f"outputs: {printable(os.path.normpath(args.out))}")
    return EXIT_OK if all(r.status == "ok" for r in results) else EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``thaireport`` console script and ``python -m pipeline``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    log.handlers = [handler]  # our own handler: a host's logging setup (pytest, an app) stays untouched
    log.propagate = False
    log.setLevel(logging.DEBUG if args.debug else logging.WARNING)
    try:
        status: int = args.handler(args)
        return status
    except KeyboardInterrupt:
        print("thaireport: interrupted; the outputs in --out are unchanged (documents done so far are "
              "cached: run the same command again to resume)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout closed early (`thaireport run ... | head`): the outputs are written; no traceback, and
        # no second error when Python flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
