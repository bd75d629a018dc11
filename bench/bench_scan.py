"""Scan path against bare Tesseract on the same page images, in one run, interleaved.

    python bench/bench_scan.py [--pages 5] [--workers 2] [--repeat 3] [--thai-digits]
        [--font Laksaman] [--subprocess] [--steps]

Makes the office scan of the seed's summary table and audit forms (tests/extractors/
make_office_scan.py: Chromium print, 200 dpi, blurred, tilted, speckled, bilevel), then times,
alternating (bare, scan, bare, scan, ...) so that both see the same load on a shared machine:

- bare: ``tesseract IMAGE stdout -l tha --psm 6`` on each page image (PDFium's rendering of the
  scan at its own resolution, as the scan path renders it), one single-threaded process per
  worker (``OMP_THREAD_LIMIT=1``), ``--workers`` at once;
- scan path: :func:`extractors.ocr.ocr_pages` on the image-only PDF with the same number of workers
  (render, prepare: binarise / despeckle / deskew, rulings, the page pass, the re-reads of
  numbers, rows). ``--subprocess``: one tesseract process per page (no in-process library).

The first scan-path run of the process also builds the glyph templates once (cold); it is shown
apart and the ratio is the median over the ``--repeat`` warm pairs (goal: at most 1.25), of wall
time and of CPU time (this process and its children: steadier than wall time on a loaded
machine). Load averages before and after are printed. ``--steps``: CPU seconds per page of each step (one
thread, this process and its children), which do not depend on the machine's load.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for p in (str(ROOT), str(ROOT / "tests" / "extractors")):
    if p not in sys.path:
        sys.path.insert(0, p)

import make_office_scan  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extractors import ocr, pdf_text, scan_grid  # noqa: E402
from extractors.settings import OCR, TABLES, OcrSettings  # noqa: E402


def _opt(name: str, default: str) -> str:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


def _cpu() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def timed(f: Callable[..., object], *args: Any) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children) of one call."""
    t, c = time.perf_counter(), _cpu()
    f(*args)
    return time.perf_counter() - t, _cpu() - c


def bare(images: list[Path], workers: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(img: Path) -> None:
        subprocess.run(["tesseract", str(img), "stdout", "-l", "tha", "--psm", "6"], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - t


def scan_path(pdf_path: Path, pages: list[int], settings: OcrSettings) -> float:
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        t = time.perf_counter()
        result = ocr.ocr_pages(doc, pages, settings=settings)
        took = time.perf_counter() - t
    finally:
        doc.close()
    bad = [p for p, r in result.items() if isinstance(r, ocr.OcrError)]
    if bad:
        raise SystemExit(f"pages failed: {bad}")
    return took


def steps(pdf_path: Path, pages: list[int], images: list[Path], settings: OcrSettings) -> None:
    """CPU seconds per page of each step of :func:`extractors.ocr.ocr_image` (warm: run twice)."""
    binary = ocr.tesseract_binary() or "tesseract"
    spent: dict[str, float] = {}

    def step(name: str, f: Callable[..., Any], *args: Any) -> Any:
        t = _cpu()
        out = f(*args)
        spent[name] = spent.get(name, 0.0) + _cpu() - t
        return out

    doc = pdfium.PdfDocument(str(pdf_path))
    for _ in range(2):
        spent.clear()
        for p in pages:
            dpi = ocr.page_dpi(doc[p - 1], settings)
            s, scale = replace(settings, dpi=dpi), 72.0 / dpi
            gray = step("render", ocr.render_gray, doc[p - 1], dpi)
            pr = step("prepare", scan_grid.prepare, gray, s)
            faint = replace(s, dark=s.faint_rule) if pr.binarised else s
            edges, mask = step("grid", scan_grid.find_rulings, pr.rules, dpi, faint)
            grids = step("grid", pdf_text.find_tables, edges, TABLES)
            cleaned = pr.gray.copy()
            cleaned[mask] = 255
            tsv = step("page pass", ocr.page_tsv, cleaned, binary, s)
            words = step("page pass", ocr.drop_junk, ocr.parse_tsv(tsv, s), s)
            if ocr._has_thai_digit(words):
                words = step("Thai digits", ocr.reread_digits, cleaned, words, s)
            figures = pr.figures.copy()
            figures[mask] = 255
            words = step("numeric cells", ocr.reread_numeric_cells, figures, words, grids, scale, binary, s)
            step("rows", ocr.words_to_lines, words, p, scale, grids, s)
    doc.close()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    t = _cpu()
    for img in images:
        subprocess.run(["tesseract", str(img), "stdout", "-l", "tha", "--psm", "6"], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = (_cpu() - t) / len(images)
    for name, v in spent.items():
        print(f"  {name:14s} {v / len(pages):.3f} s/page")
    total = sum(spent.values()) / len(pages)
    print(f"  {'total':14s} {total:.3f} s/page; bare tesseract -l tha {base:.3f} s/page; "
          f"CPU ratio {total / base:.2f}")


def main() -> int:
    workers = int(_opt("--workers", "2"))
    repeat = int(_opt("--repeat", "3"))
    settings = replace(OCR, workers=workers, in_process="--subprocess" not in sys.argv)
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        pdf_path = Path(tmp) / "scan.pdf"
        font, thai = _opt("--font", "Laksaman"), "--thai-digits" in sys.argv
        n = make_office_scan.make(pdf_path, font=font, thai_digits=thai)
        pages = list(range(1, min(n, int(_opt("--pages", str(n)))) + 1))
        doc = pdfium.PdfDocument(str(pdf_path))
        images = []
        for p in pages:
            dpi = ocr.page_dpi(doc[p - 1])
            img = Path(tmp) / f"page-{p}.png"
            doc[p - 1].render(scale=dpi / 72.0, grayscale=True).to_pil().save(img)
            images.append(img)
        doc.close()
        load0 = os.getloadavg()
        cold = scan_path(pdf_path, pages, settings)
        pairs = [(timed(bare, images, workers), timed(scan_path, pdf_path, pages, settings))
                 for _ in range(repeat)]
        load1 = os.getloadavg()
        how = "in-process" if settings.in_process else "subprocess"
        print(f"pages {len(pages)}, workers {workers}, {how} page pass; "
              f"load average {load0[0]:.1f} before, {load1[0]:.1f} after")
        print(f"cold scan path (glyph templates built) {cold:.2f} s")
        for (b, bc), (s, sc) in pairs:
            print(f"bare tesseract -l tha --psm 6 {b:.2f} s (CPU {bc:.2f} s), scan path {s:.2f} s "
                  f"(CPU {sc:.2f} s), ratio {s / b:.2f} (CPU {sc / bc:.2f})")
        print(f"median ratio {statistics.median(s / b for (b, _), (s, _) in pairs):.2f} "
              f"(CPU {statistics.median(sc / bc for (_, bc), (_, sc) in pairs):.2f})")
        if "--steps" in sys.argv:
            steps(pdf_path, pages, images, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
