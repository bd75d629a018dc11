"""``thaireport run PATH... --out DIR``: the command line.

Exit status (CONTRACT.md): 0 when every document is ``ok``, 1 when any ``failed`` (the others are
still written), 2 for a usage error: argparse's own, a PATH that does not exist, an ``--out`` that is
a file or cannot be written, a ``--format`` whose module is not installed. These are checked before
any document is read. Should writing fail all the same (a full disk), the status is 2 too, with one
line on stderr; the previous outputs are left as they were. 130 when interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from pipeline.batch import default_workers, find_inputs, run_batch, stderr_progress
from pipeline.findings import RULES
from pipeline.outputs import FORMATS, duplicates, missing_modules, probe_out, write_outputs
from pipeline.stages import DocResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
SEVERITIES = ("error", "warning", "info")

log = logging.getLogger("thaireport")


def _formats(text: str) -> list[str]:
    """``--format csv,parquet`` (repeatable) -> ["csv", "parquet"]."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    bad = [n for n in names if n not in FORMATS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown format {bad[0]!r} (choose from {', '.join(FORMATS)})")
    return names


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


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
                     help="worker processes (default: min(2, CPUs)); 0 runs in this process")
    run.add_argument("--format", dest="formats", type=_formats, action="append", default=[],
                     metavar="FMT", help="also write csv, parquet and/or duckdb (jsonl is always written)")
    run.add_argument("--quiet", action="store_true",
                     help="no progress lines on stderr (per document, and per OCR page)")
    run.add_argument("--debug", action="store_true", help="log tracebacks of failed documents")
    run.set_defaults(handler=cmd_run, parser=run)
    return parser


def summary(results: Sequence[DocResult]) -> str:
    """Documents ok/failed, the failures, and findings per rule per severity."""
    ok = sum(r.status == "ok" for r in results)
    lines = [f"documents: {ok} ok, {len(results) - ok} failed"]
    lines += [f"  failed: {r.path}: {r.error}" for r in results if r.status == "failed"]
    # ผลของไฟล์ซ้ำ (ไบต์เดียวกัน) เขียนลงไฟล์ครั้งเดียว จึงนับครั้งเดียว ให้ตรงกับ findings.jsonl
    # (a duplicate's findings are written once, so they are counted once, as in findings.jsonl)
    written = [r for r, dup in zip(results, duplicates(results), strict=True) if dup is None]
    counts: Counter[tuple[str, str]] = Counter((f.rule, f.severity) for r in written for f in r.findings)
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
    names = ", ".join(str(p) for p in skipped[:shown]) + (", …" if len(skipped) > shown else "")
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
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file, not a folder")
    formats = sorted({f for group in args.formats for f in group})
    for fmt, module in missing_modules(formats).items():
        parser.error(f"--format {fmt} needs the {module} package: pip install 'thaireport[tables]'")
    try:
        probe_out(args.out)
    except OSError as exc:
        parser.error(f"cannot write to --out {args.out}: {exc.strerror or exc}")
    skipped: list[Path] = []
    inputs = find_inputs(args.paths, skipped)
    if skipped:
        print(skipped_note(skipped), file=sys.stderr)
    if not inputs:
        print("thaireport: no .pdf, .txt or .md files found in the given folders", file=sys.stderr)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    results = run_batch(inputs, args.workers, None if args.quiet else stderr_progress(), pages=not args.quiet)
    if args.debug:
        for r in results:
            if r.traceback:
                log.debug("%s failed in %s:\n%s", r.path, r.failed_stage, r.traceback.rstrip())
    run_info = {
        "thaireport": _version(), "python": platform.python_version(), "started": started_at,
        "seconds": round(time.perf_counter() - t0, 3), "workers": args.workers, "formats": formats,
        "skipped": [str(p) for p in skipped],
        "inputs": [{"path": r.path, "doc_id": r.doc_id, "status": r.status, "seconds": round(r.seconds, 3)}
                   for r in results],
    }
    try:
        write_outputs(results, args.out, formats, run_info)
    except OSError as exc:
        print(f"thaireport: cannot write the outputs into {args.out} ({exc.strerror or exc}); "
              "the previous outputs are unchanged", file=sys.stderr)
        return EXIT_USAGE
    print(summary(results))
    print(f"outputs: {os.path.normpath(args.out)}")
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
        print("thaireport: interrupted; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
