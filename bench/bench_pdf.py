"""Time of the whole pipeline on a 40-page text-layer PDF against bare pdfplumber; not a test.

The pipeline is ``extractors.api.extract_document`` (pdftotext, ruled tables, repair, judgement,
rows, layout, quantities, dates) plus ``pipeline.scoring.run_checks``: everything ``thaireport run``
does but writing the files. The bare read is pdfplumber's ``extract_text()`` and ``extract_tables()``
on every page of the same file. Both run in this process, best of N after one warm-up run each.

The PDF is the seed report printed by Chromium in Laksaman (tests/producers/make_corpus.py), cut to
its first 40 pages with pypdfium2; it is made into a temporary folder unless given.

    .venv/bin/python bench/bench_pdf.py [PDF] [--repeat N] [--pages 40]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (str(ROOT), str(ROOT / "tests" / "producers"), str(ROOT / "tests" / "extractors")):
    if p not in sys.path:
        sys.path.insert(0, p)

from extractors.api import extract_document  # noqa: E402
from pipeline.scoring import run_checks  # noqa: E402


def pipeline_run(path: Path) -> int:
    """The whole pipeline short of writing files; returns the number of findings."""
    return len(run_checks(extract_document(path, "bench")))


def bare_pdfplumber(path: Path) -> int:
    """pdfplumber's text and tables of every page; returns the number of characters read."""
    import pdfplumber

    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            n += sum(len(t) for t in page.extract_tables())
    return n


def best(fn: Callable[[Path], int], path: Path, repeat: int) -> float:
    fn(path)  # warm-up: imports, templates, the word list
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - t0)
    return min(times)


def make_pdf(dest: Path, pages: int) -> Path:
    """The seed printed by Chromium, cut to ``pages`` pages."""
    import make_corpus
    import pypdfium2 as pdfium

    seed = make_corpus.SEED.read_text(encoding="utf-8")
    [full] = make_corpus.make_all(seed, dest, {"laksaman": "Laksaman"}, ("chromium",), stem="seed-",
                                  size_pt=make_corpus.FULL_SIZE["chromium"])
    src = pdfium.PdfDocument(str(full))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, list(range(min(pages, len(src)))))
    cut = dest / f"seed-{pages}p.pdf"
    out.save(str(cut))
    return cut


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", type=int, default=40)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        path = a.pdf or make_pdf(Path(work), a.pages)
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(path)))
        ours = best(pipeline_run, path, a.repeat)
        bare = best(bare_pdfplumber, path, a.repeat)
    print(f"{path.name}: {pages} pages")
    print(f"pipeline (extract + checks): {ours:.3f} s ({1000 * ours / pages:.1f} ms/page)")
    print(f"pdfplumber extract_text + extract_tables: {bare:.3f} s ({1000 * bare / pages:.1f} ms/page)")
    print(f"ratio: {ours / bare:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
