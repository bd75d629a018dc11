"""Scans of the seed's summary table and audit forms made the way an office makes them.

    python tests/extractors/make_office_scan.py OUT.pdf [--font Laksaman] [--thai-digits]
        [--dpi 200] [--angle 0.8] [--grey] [--jpeg 60] [--lines 376-480]

The seed's lines (tab-separated rows become ruled HTML tables with wrapped cells; the first column
of a table is merged down over the empty cells below it, a header cell over the empty cells right
of it) are printed to PDF by headless Chromium, rasterised by ``pdftoppm`` at ``dpi``, blurred,
tilted, speckled, thresholded to bilevel (or kept grey, optionally with JPEG artefacts) and
wrapped as an image-only PDF. Deterministic for a given seed of the random generator. Nothing is
committed: the tests render it (~3 s a variant).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"
#: the summary table and the audit forms of components 2 and 3 (1-based, inclusive)
LINES = (376, 480)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TAG = re.compile(r"</?p>")


@dataclass(frozen=True, slots=True)
class Scan:
    """How the page is scanned."""

    dpi: int = 200
    #: degrees, counter-clockwise
    angle: float = 0.8
    #: Gaussian blur radius in pixels
    blur: float = 0.7
    #: share of the page's pixels that become dark specks
    speckle: float = 0.0015
    #: bilevel (thresholded) or grey
    bilevel: bool = True
    #: JPEG quality of the grey page (0: none)
    jpeg: int = 0
    seed: int = 7


def available() -> bool:
    """Chromium and pdftoppm are installed."""
    return shutil.which("chromium") is not None and shutil.which("pdftoppm") is not None


def seed_lines(lines: tuple[int, int] = LINES, seed: Path = SEED) -> list[str]:
    return seed.read_text(encoding="utf-8").splitlines()[lines[0] - 1 : lines[1]]


def _cell(text: str) -> str:
    # cells of the seed that hold paragraphs keep them; everything else is escaped
    if "<p>" in text:
        return "".join(f"<p>{html.escape(p)}</p>" for p in _TAG.split(text) if p.strip())
    return html.escape(text.strip())


def _table(rows: list[list[str]]) -> str:
    """A ruled table of tab-separated rows: column 0 merged down, header cells merged right."""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # the last columns empty in every row are dropped
    while width > 1 and all(not r[width - 1].strip() for r in rows):
        width -= 1
    rows = [r[:width] for r in rows]
    out = ["<table>"]
    covered: set[tuple[int, int]] = set()
    for i, r in enumerate(rows):
        tds: list[str] = []
        for j, c in enumerate(r):
            if (i, j) in covered:
                continue
            attrs = ""
            if j == 0 and c.strip():
                span = 1
                while i + span < len(rows) and not rows[i + span][0].strip() and rows[i + span][1].strip():
                    covered.add((i + span, 0))
                    span += 1
                attrs += f' rowspan="{span}"' if span > 1 else ""
            if i == 0 and c.strip():
                span = 1
                while (j + span < width and not r[j + span].strip()
                       and (i + 1 >= len(rows) or rows[i + 1][j + span].strip())):
                    covered.add((i, j + span))
                    span += 1
                attrs += f' colspan="{span}"' if span > 1 else ""
            tds.append(f"<td{attrs}>{_cell(c)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def to_html(
    lines: list[str], *, font: str = "Laksaman", size_pt: float = 10.0, thai_digits: bool = False
) -> str:
    """The lines as an A4-landscape HTML page: paragraphs, and ruled tables of tab-separated rows."""
    if thai_digits:
        lines = [ln.translate(THAI_DIGITS) for ln in lines]
    css = (
        "@page { size: A4 landscape; margin: 12mm; }\n"
        f"body {{ font-family: '{font}'; font-size: {size_pt}pt; line-height: 1.4; }}\n"
        "table { border-collapse: collapse; width: 100%; margin: 6pt 0; }\n"
        "tr { page-break-inside: avoid; }\n"
        "td { border: 1pt solid black; padding: 2pt 3pt; vertical-align: top; }\n"
        "td p { margin: 0 0 3pt 0; } p { margin: 0 0 5pt 0; }\n"
    )
    body: list[str] = []
    table: list[list[str]] = []
    for ln in [*lines, ""]:
        if "\t" in ln:
            table.append(ln.split("\t"))
            continue
        if table:
            body.append(_table(table))
            table = []
        if ln.strip().isdigit():
            body.append('<div style="page-break-before: always"></div>')  # a page number: new page
        elif ln.strip():
            body.append(_cell(ln) if "<p>" in ln else f"<p>{html.escape(ln)}</p>")
    return (
        '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
        f"<style>{css}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def print_pdf(page_html: str, out: Path) -> None:
    """Chromium's ``--print-to-pdf`` of the page."""
    with tempfile.TemporaryDirectory(prefix="office-scan-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(page_html, encoding="utf-8")
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}",
             page.as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )


def rasterise(pdf: Path, dpi: int) -> list[Image.Image]:
    """Grey page images of a PDF by pdftoppm."""
    with tempfile.TemporaryDirectory(prefix="office-scan-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"],
                       check=True, timeout=120)
        pages = []
        for f in sorted(Path(tmp).glob("p-*.png")):
            with Image.open(f) as im:
                pages.append(im.convert("L"))
        return pages


def degrade(page: Image.Image, scan: Scan, k: int = 0) -> Image.Image:
    """One page as the scanner gives it back: blurred, tilted, speckled, bilevel or grey/JPEG."""
    rng = np.random.default_rng(scan.seed + k)
    img = page.filter(ImageFilter.GaussianBlur(scan.blur)) if scan.blur else page
    if scan.angle:
        img = img.rotate(scan.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img, dtype=np.float32).copy()
    a += rng.normal(0.0, 12.0, a.shape).astype(np.float32)  # sensor grain
    if scan.speckle:
        n = int(scan.speckle * a.size)
        ys, xs = rng.integers(0, a.shape[0] - 2, n), rng.integers(0, a.shape[1] - 2, n)
        a[ys, xs] = 0.0
        big = rng.random(n) < 0.3  # some specks two pixels across
        a[ys[big] + 1, xs[big]] = 0.0
        a[ys[big], xs[big] + 1] = 0.0
    a = np.clip(a, 0, 255)
    if scan.bilevel:
        return Image.fromarray(np.where(a < 150, 0, 255).astype(np.uint8)).convert("1")
    grey = Image.fromarray(a.astype(np.uint8))
    if scan.jpeg:
        buf = io.BytesIO()
        grey.save(buf, "JPEG", quality=scan.jpeg)
        buf.seek(0)
        with Image.open(buf) as im:
            grey = im.convert("L")
    return grey


def make(
    out: Path,
    *,
    font: str = "Laksaman",
    thai_digits: bool = False,
    scan: Scan = Scan(),
    lines: tuple[int, int] = LINES,
    text: list[str] | None = None,
) -> int:
    """Write the scan of the seed's ``lines`` (or of ``text``: lines in the seed's OCR-text format)
    to ``out``; the number of pages."""
    with tempfile.TemporaryDirectory(prefix="office-scan-") as tmp:
        text_pdf = Path(tmp) / "printed.pdf"
        source = seed_lines(lines) if text is None else text
        print_pdf(to_html(source, font=font, thai_digits=thai_digits), text_pdf)
        pages = [degrade(p, scan, k) for k, p in enumerate(rasterise(text_pdf, scan.dpi))]
    pages[0].save(out, "PDF", resolution=float(scan.dpi), save_all=True, append_images=pages[1:])
    return len(pages)


def _opt(args: list[str], name: str, default: str) -> str:
    return args[args.index(name) + 1] if name in args else default


if __name__ == "__main__":
    argv = sys.argv[1:]
    a, b = _opt(argv, "--lines", f"{LINES[0]}-{LINES[1]}").split("-")
    n = make(
        Path(argv[0]),
        font=_opt(argv, "--font", "Laksaman"),
        thai_digits="--thai-digits" in argv,
        scan=Scan(dpi=int(_opt(argv, "--dpi", "200")), angle=float(_opt(argv, "--angle", "0.8")),
                  bilevel="--grey" not in argv, jpeg=int(_opt(argv, "--jpeg", "0"))),
        lines=(int(a), int(b)),
    )
    print(f"{argv[0]}: {n} pages")
