"""Image pages: render with PDFium, recognise with the Tesseract command line, rebuild lines.

One single-threaded ``tesseract`` process per page (``OMP_THREAD_LIMIT=1``), a small pool of them:
on 2 cores this is ~10x faster than letting Tesseract thread itself. Output is TSV (one row per
word with its box), grouped into lines by Tesseract's own block / paragraph / line numbers; words
are joined by their gaps (Thai words touch, a real space is a visible gap, a wide gap is a column).

Known limits of Debian's ``tha`` model: its character set has no ๔ ๖ ๗ ๘ ๙, so Thai-digit numbers
on scans come out wrong; it drops tone marks and writes SARA AM decomposed (repaired by ``clean``).

Bounding boxes are ``(x0, top, x1, bottom)`` in PDF points from the top-left of the page, like the
text layer's.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from extractors.records import Line
from normalizers.text import clean

DPI = 300
PSM = 6  # one uniform block of text: keeps table rows on one line
TIMEOUT_S = 120.0  # per page
WORKERS = 2
SPACE_GAP = 0.3  # word gap wider than this share of the line height is a space
# tha กลับคำเป็นตัวอักษรทีละตัว ช่องว่างภายในคำกว้างได้ถึงราว 0.55 เท่าความสูงบรรทัด
# (the tha model gives one "word" per glyph cluster, gaps inside a Thai word reach ~0.55 height)
THAI_SPACE_GAP = 0.6
TAB_GAP = 2.5  # wider than this is a column break
MIN_CONFIDENCE = 0.0  # Tesseract's -1 marks non-word rows
MISSING_DIGITS = "๔๖๗๘๙"  # not in the tha model's character set

BBox = tuple[float, float, float, float]
_THAI = re.compile(r"[\u0e01-\u0e4e]")


class OcrError(Exception):
    """Tesseract failed on a page; the message is one line."""


def tesseract_binary() -> str | None:
    """Path of the ``tesseract`` command, or None when it is not installed."""
    return shutil.which("tesseract")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of Tesseract's TSV, box in pixels."""

    key: tuple[int, int, int]
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str


def parse_tsv(tsv: str) -> list[Word]:
    """Words of a Tesseract TSV (level 5 rows with text).

    >>> rows = "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\t"
    >>> rows += "left\\ttop\\twidth\\theight\\tconf\\ttext\\n"
    >>> rows += "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t40\\t91.5\\tตัวชี้วัด\\n"
    >>> parse_tsv(rows)[0].text, parse_tsv(rows)[0].key
    ('ตัวชี้วัด', (1, 1, 1))
    """
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        conf = float(cols[10])
        if conf < MIN_CONFIDENCE:
            continue
        words.append(
            Word(
                (int(cols[2]), int(cols[3]), int(cols[4])),
                int(cols[6]),
                int(cols[7]),
                int(cols[8]),
                int(cols[9]),
                conf,
                cols[11].strip(),
            )
        )
    return words


def words_to_lines(words: Sequence[Word], page: int, scale: float) -> list[Line]:
    """Group words into lines (Tesseract's line numbers), join by gaps, boxes scaled to points.

    ``scale`` is points per pixel (72 / dpi).

    >>> w = [Word((1, 1, 1), 0, 0, 100, 40, 90, "ร้อย"), Word((1, 1, 1), 102, 0, 60, 40, 90, "ละ"),
    ...      Word((1, 1, 1), 190, 0, 50, 40, 90, "80"), Word((1, 1, 1), 400, 0, 50, 40, 90, "80")]
    >>> [(l.text, l.bbox) for l in words_to_lines(w, 1, 0.24)]
    [('ร้อยละ 80\\t80', (0.0, 0.0, 108.0, 9.6))]
    """
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(w.key, []).append(w)
    ordered = sorted(groups.values(), key=lambda ws: (min(w.top for w in ws), min(w.left for w in ws)))
    lines: list[Line] = []
    for ws in ordered:
        ws = sorted(ws, key=lambda w: w.left)
        height = statistics.median(w.height for w in ws) or 1
        parts: list[str] = []
        for prev, w in zip([None, *ws[:-1]], ws, strict=True):
            if prev is not None:
                gap = w.left - (prev.left + prev.width)
                thai = _THAI.match(prev.text[-1]) is not None and _THAI.match(w.text[0]) is not None
                space = (THAI_SPACE_GAP if thai else SPACE_GAP) * height
                parts.append("\t" if gap > TAB_GAP * height else " " if gap > space else "")
            parts.append(w.text)
        raw = "".join(parts)
        box = (
            min(w.left for w in ws) * scale,
            min(w.top for w in ws) * scale,
            max(w.left + w.width for w in ws) * scale,
            max(w.top + w.height for w in ws) * scale,
        )
        text = "\t".join(clean(cell) for cell in raw.split("\t"))
        lines.append(
            Line(page=page, line=len(lines) + 1, text=text, raw=raw, bbox=round_box(box), source="ocr")
        )
    return lines


def round_box(box: BBox) -> BBox:
    """A box rounded to 1/100 point."""
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def run_tesseract(image: Path, lang: str, binary: str, timeout: float = TIMEOUT_S) -> str:
    """TSV of one image from a single-threaded tesseract process; raises OcrError."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [binary, str(image), "stdout", "-l", lang, "--psm", str(PSM), "--dpi", str(DPI), "tsv"]
    try:
        done = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as e:
        raise OcrError(f"tesseract timed out after {timeout:.0f} s") from e
    except OSError as e:
        raise OcrError(f"tesseract could not start: {e}") from e
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"tesseract failed: {msg[-1] if msg else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def ocr_image(image: Path, page: int, *, lang: str, binary: str, scale: float) -> list[Line]:
    """Lines of one page image (``scale``: points per pixel); raises OcrError."""
    return words_to_lines(parse_tsv(run_tesseract(image, lang, binary)), page, scale)


def ocr_pages(
    pdf: pdfium.PdfDocument,
    pages: Sequence[int],
    *,
    lang: str = "tha+eng",
    dpi: int = DPI,
    workers: int = WORKERS,
    binary: str | None = None,
) -> dict[int, list[Line] | OcrError]:
    """OCR the given 1-based pages: lines per page, or the error that page hit.

    Pages are rendered one by one in this thread (PDFium is not thread-safe) and handed to a pool
    of ``workers`` tesseract processes as soon as each image is written.
    """
    binary = binary or tesseract_binary()
    if binary is None:
        return {p: OcrError("tesseract is not installed") for p in pages}
    found = binary
    scale = 72.0 / dpi
    results: dict[int, list[Line] | OcrError] = {}
    with tempfile.TemporaryDirectory(prefix="thaireport-ocr-") as tmp:
        pool = ThreadPoolExecutor(workers)
        try:
            futures: dict[int, Future[list[Line]]] = {}
            for p in pages:
                image = Path(tmp) / f"page-{p:04d}.png"
                try:
                    bitmap = pdf[p - 1].render(scale=dpi / 72.0, grayscale=True)
                    bitmap.to_pil().save(image)
                except Exception as e:  # PDFium/Pillow errors on a damaged page
                    results[p] = OcrError(f"page could not be rendered: {e}")
                    continue
                futures[p] = pool.submit(ocr_image, image, p, lang=lang, binary=found, scale=scale)
            for p, fut in futures.items():
                try:
                    results[p] = fut.result()
                except OcrError as e:
                    results[p] = e
        finally:
            # on Ctrl-C (or any error) queued pages are dropped, not OCR'd to the end
            pool.shutdown(wait=True, cancel_futures=True)
    return {p: results[p] for p in pages}
