"""Scan path against bare Tesseract on the same page images, in one run.

    python bench/bench_scan.py [--pages 5] [--workers 2] [--thai-digits] [--font Laksaman] [--repeat 1]

Makes the office scan of the seed's summary table and audit forms (tests/extractors/
make_office_scan.py: Chromium print, 200 dpi, blurred, tilted, speckled, bilevel), then times

- bare: ``tesseract IMAGE stdout -l tha --psm 6`` on each page image (PDFium's rendering of the
  scan at its own resolution, as the scan path renders it), one single-threaded process per
  worker (``OMP_THREAD_LIMIT=1``), ``--workers`` at once;
- scan path: :func:`extractors.ocr.ocr_pages` on the image-only PDF with the same number of workers
  (render, prepare: binarise / despeckle / deskew, rulings, the page pass, the batched constrained
  pass over numeric cells, rows).

Prints both wall times and their ratio (goal: at most 1.25).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (str(ROOT), str(ROOT / "tests" / "extractors")):
    if p not in sys.path:
        sys.path.insert(0, p)

import make_office_scan  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extractors import ocr  # noqa: E402
from extractors.settings import OCR  # noqa: E402


def _opt(name: str, default: str) -> str:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


def bare(images: list[Path], workers: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(img: Path) -> None:
        subprocess.run(["tesseract", str(img), "stdout", "-l", "tha", "--psm", "6"], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - t


def scan_path(pdf_path: Path, pages: list[int], workers: int) -> float:
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        t = time.perf_counter()
        result = ocr.ocr_pages(doc, pages, settings=replace(OCR, workers=workers))
        took = time.perf_counter() - t
    finally:
        doc.close()
    bad = [p for p, r in result.items() if isinstance(r, ocr.OcrError)]
    if bad:
        raise SystemExit(f"pages failed: {bad}")
    return took


def main() -> int:
    workers = int(_opt("--workers", "2"))
    repeat = int(_opt("--repeat", "1"))
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
        b = min(bare(images, workers) for _ in range(repeat))
        s = min(scan_path(pdf_path, pages, workers) for _ in range(repeat))
    print(f"pages {len(pages)}, workers {workers}: bare tesseract -l tha --psm 6 {b:.2f} s, "
          f"scan path {s:.2f} s, ratio {s / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
