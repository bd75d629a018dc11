"""Time of extracting the seed report, against the bare read of the same file; not a test.

Extraction is ``extractors.api.extract_document`` (read, decode, rows and cells, continuations,
template choice, layout, quantities and dates), the extract stage of ``thaireport run`` without the
scoring and the output files. The bare read is what any reader must do: read the bytes, decode them
(``extractors.ocr_text.decode``: UTF-8, else cp874) and split the lines. Both are timed best of N,
in one process after one warm-up run (imports, template loading, compiled regexes). The
label-matching caches (``normalizers.text.fold_index``) are cleared before every extraction, so each
run starts from what a new document sees; ``--warm-caches`` keeps them.

    .venv/bin/python bench/bench_extract.py [TEXT_FILE] [--repeat N] [--warm-caches]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.api import extract_document  # noqa: E402
from extractors.ocr_text import decode  # noqa: E402
from normalizers import text as text_module  # noqa: E402

SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"


def bare_read(path: Path) -> list[str]:
    """Read, decode and split into lines: the least any text reader does."""
    text, _encoding = decode(path.read_bytes())
    return text.splitlines()


def _clear_caches() -> None:
    for name in ("fold_index", "_fold_label"):
        fn = getattr(text_module, name, None)
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def best_of(fn: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> float:
    """Best wall time in seconds of ``repeat`` calls of ``fn`` (``before`` runs untimed first)."""
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("path", nargs="?", type=Path, default=SEED, help="an OCR text file (default: the seed)")
    ap.add_argument("--repeat", type=int, default=10, metavar="N", help="runs per measurement (best of N)")
    ap.add_argument("--warm-caches", action="store_true", help="keep the label caches between runs")
    a = ap.parse_args(argv)
    path: Path = a.path
    if not path.exists():
        print(f"bench_extract: no such file: {path}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    before = None if a.warm_caches else _clear_caches

    t0 = time.perf_counter()
    doc = extract_document(path, "bench")  # warm-up: imports, templates, compiled patterns
    first = time.perf_counter() - t0
    lines = bare_read(path)

    read_s = best_of(lambda: bare_read(path), a.repeat)
    extract_s = best_of(lambda: extract_document(path, "bench"), a.repeat, before)

    print(f"input: {path.name}: {len(data):,} bytes, {len(lines):,} lines")
    print(f"records: {len(doc.indicators)} indicators, {len(doc.totals)} totals, "
          f"{len(doc.quantities)} quantities, {len(doc.dates)} dates, {len(doc.narrative)} narrative")
    print(f"first extraction (cold process): {first * 1000:8.1f} ms")
    print(f"bare read (decode + lines), best of {a.repeat}: {read_s * 1000:8.2f} ms")
    caches = "warm caches" if a.warm_caches else "caches cleared"
    print(f"extraction ({caches}), best of {a.repeat}: {extract_s * 1000:8.1f} ms")
    print(f"ratio extraction / bare read: {extract_s / read_s:,.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
