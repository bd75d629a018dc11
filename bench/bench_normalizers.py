"""Throughput of the text normalizers on the seed report (MB/s of UTF-8 input); not a test.

Prints, for each finder, MB/s on the whole seed text and line by line, and the ratio to a bare
baseline: one ``regex`` pass that finds every run of Arabic or Thai digits (the least any finder
must do). ``pythainlp.util.normalize`` (one cleaning pass over Thai text) is printed beside it as a
second reference point. The finders are imported lazily and skipped while they do not exist.

    .venv/bin/python bench/bench_normalizers.py [TEXT_FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (
    ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt",
    ROOT.parent / "shared" / "corpus" / "bangrak_fy2564_ocr.txt",
)
_DIGITS = regex.compile(r"[0-9๐-๙]+")


def baseline(text: str) -> list[str]:
    """Bare baseline: every run of digits."""
    runs: list[str] = _DIGITS.findall(text)
    return runs


def _finder(module: str, name: str) -> Callable[[str], object] | None:
    try:
        fn: Callable[[str], object] = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return fn


def _best(fn: Callable[[str], object], inputs: list[str], repeat: int) -> float:
    """Best wall time of ``repeat`` runs of ``fn`` over every input."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for piece in inputs:
            fn(piece)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="?", type=Path, default=next((p for p in SEEDS if p.exists()), None))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    if a.text is None or not a.text.exists():
        print("no seed text found; pass a text file", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    text = a.text.read_text(encoding="utf-8")
    mb = len(text.encode("utf-8")) / 1e6
    lines = text.splitlines()
    finders: dict[str, Callable[[str], object] | None] = {
        "baseline (regex digit runs)": baseline,
        "ref: pythainlp normalize": _finder("pythainlp.util", "normalize"),
        "find_dates": _finder("normalizers.dates", "find_dates"),
        "find_quantities": _finder("normalizers", "find_quantities"),
    }
    print(f"{a.text.name}: {mb:.3f} MB, {len(lines)} lines, best of {a.repeat}")
    base: dict[str, float] = {}
    for name, fn in finders.items():
        if fn is None:
            print(f"{name:30s} skipped (not importable yet)")
            continue
        row = []
        for mode, inputs in (("whole", [text]), ("lines", lines)):
            rate = mb / _best(fn, inputs, a.repeat)
            base.setdefault(mode, rate)
            row.append(f"{mode} {rate:8.2f} MB/s (x{base[mode] / rate:6.1f} slower than baseline)")
        print(f"{name:30s} " + "  ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
