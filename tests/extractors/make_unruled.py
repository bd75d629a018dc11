"""The seed's tables printed WITHOUT ruling lines, by the real producers (tables by column alignment).

    python tests/extractors/make_unruled.py OUT.pdf [--producer chromium|libreoffice] [--font Laksaman]
        [--lines 376-420] [--scan] [--dpi 200]

- chromium: the seed's lines as HTML by :mod:`make_office_scan` (wrapped cells, first column
  merged down), with the cells' borders taken off, printed by headless Chromium.
- libreoffice: the lines as a .docx by :mod:`tests.producers.make_corpus` (python-docx), its tables
  given the borderless "Normal Table" style, converted by ``soffice --headless``.
- ``--scan``: the printed page rasterised and degraded as an office scanner does
  (:func:`make_office_scan.degrade`), wrapped as an image-only PDF.

Nothing is committed: the tests render it (~3-10 s).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT), str(HERE), str(ROOT / "tests" / "producers")):
    if p not in sys.path:
        sys.path.insert(0, p)

import make_office_scan as office  # noqa: E402

#: the summary table and the first audit form (1-based, inclusive)
LINES = (376, 420)
RULED = "border: 1pt solid black;"


def available(producer: str) -> bool:
    """The producer (and pdftoppm) is installed."""
    exe = "chromium" if producer == "chromium" else "soffice"
    return shutil.which(exe) is not None and shutil.which("pdftoppm") is not None


def chromium_html(lines: list[str], font: str) -> str:
    """make_office_scan's page with no borders on the cells."""
    page = office.to_html(lines, font=font)
    assert RULED in page
    return page.replace(RULED, "border: none;")


def libreoffice_pdf(lines: list[str], font: str, out: Path, size_pt: float = 9.0) -> None:
    """The lines as a .docx whose tables have no borders, converted by LibreOffice."""
    import make_corpus
    from docx import Document

    with tempfile.TemporaryDirectory(prefix="unruled-") as work:
        docx = Path(work) / "unruled.docx"
        make_corpus.to_docx("\n".join(lines) + "\n", font, docx, size_pt)
        doc = Document(str(docx))
        for table in doc.tables:
            table.style = doc.styles["Normal Table"]  # the default table style: no borders
        doc.save(str(docx))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", work, str(docx)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
        )
        shutil.move(str(Path(work) / "unruled.pdf"), out)


def make(
    out: Path, *, producer: str = "chromium", font: str = "Laksaman", lines: tuple[int, int] = LINES,
    scan: office.Scan | None = None,
) -> int:
    """Write the borderless print of the seed's ``lines`` to ``out`` (scanned when ``scan``); pages."""
    text = office.seed_lines(lines)
    with tempfile.TemporaryDirectory(prefix="unruled-") as tmp:
        printed = Path(tmp) / "printed.pdf"
        if producer == "chromium":
            office.print_pdf(chromium_html(text, font), printed)
        elif producer == "libreoffice":
            libreoffice_pdf(text, font, printed)
        else:
            raise ValueError(f"unknown producer {producer!r}")
        if scan is None:
            shutil.copyfile(printed, out)
            return len(office.rasterise(printed, 20))
        pages = [office.degrade(p, scan, k) for k, p in enumerate(office.rasterise(printed, scan.dpi))]
    pages[0].save(out, "PDF", resolution=float(scan.dpi), save_all=True, append_images=pages[1:])
    return len(pages)


def _opt(args: list[str], name: str, default: str) -> str:
    return args[args.index(name) + 1] if name in args else default


if __name__ == "__main__":
    argv = sys.argv[1:]
    a, b = _opt(argv, "--lines", f"{LINES[0]}-{LINES[1]}").split("-")
    n = make(
        Path(argv[0]), producer=_opt(argv, "--producer", "chromium"), font=_opt(argv, "--font", "Laksaman"),
        lines=(int(a), int(b)),
        scan=office.Scan(dpi=int(_opt(argv, "--dpi", "200"))) if "--scan" in argv else None,
    )
    print(f"{argv[0]}: {n} pages")
