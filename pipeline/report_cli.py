"""``thaireport report DIR`` and the report step of ``thaireport run`` (kept out of cli.py).

``run`` writes ``report.html`` after the outputs; a report that cannot be written is one line on
stderr and never changes the run's exit status. ``report DIR`` rebuilds ``DIR/report.html`` from the
files in DIR alone: exit 0, or 2 (a usage error) when DIR holds no ``documents.jsonl`` or cannot be
written, or a run holds DIR's lock (it takes the lock too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline import outdir
from pipeline.names import printable
from pipeline.report import write_report

EXIT_OK, EXIT_USAGE = 0, 2


def write_report_or_warn(out: Path, base: Path | None = None) -> Path | None:
    """Write ``out/report.html``; on failure one line on stderr and None (the run's data stand)."""
    try:
        return write_report(out, base=base)
    except Exception as exc:  # the report is a view of the outputs: never fail the run for it
        print(f"thaireport: report.html not written ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None


def add_report_command(sub: Any) -> None:
    """Add ``report DIR [--no-crops] [--base FOLDER]`` to the subcommands."""
    report = sub.add_parser(
        "report", help="rebuild DIR/report.html from the output files",
        description="Rebuild the HTML report of an output folder from its files alone (no extraction).",
    )
    report.add_argument("out", type=Path, metavar="DIR", help="an output folder of thaireport run")
    report.add_argument("--no-crops", dest="crops", action="store_false",
                        help="do not open the PDFs for page crops of the findings")
    report.add_argument("--base", type=Path, default=None, metavar="FOLDER",
                        help="folder the relative input paths of documents.jsonl are read from "
                             "(default: the current folder)")
    report.set_defaults(handler=cmd_report, parser=report, debug=False)


def cmd_report(args: argparse.Namespace) -> int:
    """``thaireport report DIR``: the exit status."""
    parser: argparse.ArgumentParser = args.parser
    if not (args.out / "documents.jsonl").is_file():
        parser.error(f"{args.out} is not an output folder of thaireport run (no documents.jsonl)")
    try:
        with outdir.lock(args.out):  # not while a run writes into DIR
            path = write_report(args.out, crops=args.crops, base=args.base)
    except outdir.Busy as exc:
        print(f"thaireport: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"thaireport: cannot write {args.out / 'report.html'} ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_USAGE
    print(f"report: {path}")
    return EXIT_OK
