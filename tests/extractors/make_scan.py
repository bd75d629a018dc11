"""Turn a text-layer PDF into an image-only PDF, the way a scanner would give it back.

    python tests/extractors/make_scan.py /tmp/seed.pdf /tmp/seed_scan.pdf [--pages 1,2,5] [--dpi 200]
        [--noise 6] [--angle 0.3]

Each page is rendered by PDFium in grayscale, optionally tilted by a small angle and given some
grain (deterministic: a seeded random generator), and the images are written as one PDF by Pillow.
The result has no text layer at all, so the reader must send every page to OCR.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image


def scan_image(page: pdfium.PdfPage, *, dpi: int, noise: int, angle: float, seed: int) -> Image.Image:
    """One page as a grayscale scan: ``noise`` is the grain's amplitude in gray levels."""
    image = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        grain = Image.frombytes(
            "L", image.size, rng.randbytes(image.size[0] * image.size[1])
        )
        # grain only darkens light pixels a little and lightens dark ones a little
        image = Image.blend(image, grain, noise / 255.0)
    return image


def make_scan(
    pdf_path: Path,
    out: Path,
    *,
    pages: Sequence[int] | None = None,
    dpi: int = 200,
    noise: int = 0,
    angle: float = 0.0,
) -> int:
    """Write the 1-based ``pages`` of ``pdf_path`` (all when None) as an image-only PDF at ``out``."""
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        chosen = list(pages) if pages is not None else list(range(1, len(doc) + 1))
        images = [scan_image(doc[p - 1], dpi=dpi, noise=noise, angle=angle, seed=p) for p in chosen]
    finally:
        doc.close()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return len(images)


def _opt(name: str, default: str) -> str:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


if __name__ == "__main__":
    positional = [a for i, a in enumerate(sys.argv[1:]) if not a.startswith("--") and (
        i == 0 or not sys.argv[i].startswith("--"))]
    page_opt = _opt("--pages", "")
    count = make_scan(
        Path(positional[0]),
        Path(positional[1]),
        pages=[int(p) for p in page_opt.split(",")] if page_opt else None,
        dpi=int(_opt("--dpi", "200")),
        noise=int(_opt("--noise", "0")),
        angle=float(_opt("--angle", "0")),
    )
    print(f"{positional[1]}: {count} pages")
