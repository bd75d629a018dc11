"""The glyph reader alone on many rendered Thai numbers: how many it reads right, leaves unread, and
reads wrong (the readings that matter: a wrong one may be taken when no other reading disagrees).

    python tests/extractors/glyph_stress.py [--count 120] [--seed 7]

Random numbers (1-3 digits, then 0-3 decimals) in Laksaman, Garuda (template fonts), Kinnari and
Waree (not template fonts: leave-one-font-out), each drawn plain, bold (a 3-pixel minimum filter)
and, for the template fonts, as a grainy office scan (test_ocr_digits.office_scan). No Tesseract.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "tests" / "extractors"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import numpy as np  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402
from test_ocr_digits import _glyphs, office_scan  # noqa: E402

from extractors import ocr_digits  # noqa: E402

DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def numbers(count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        whole = "".join(rng.choice(list(DIGITS), int(rng.integers(1, 4))))
        if len(whole) > 1 and whole[0] == "๐":
            whole = "๑" + whole[1:]
        decimals = int(rng.integers(0, 4))
        out.append(whole + ("." + "".join(rng.choice(list(DIGITS), decimals)) if decimals else ""))
    return out


def main(argv: list[str]) -> int:
    count = int(argv[argv.index("--count") + 1]) if "--count" in argv else 120
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    right = unread = 0
    wrong: list[tuple[str, str, str, str]] = []
    for font in ("Laksaman", "Garuda", "Kinnari", "Waree"):
        for k, text in enumerate(numbers(count, seed)):
            for mode in ("plain", "bold", "scan"):
                if mode == "scan":
                    if font in ("Kinnari", "Waree"):
                        continue
                    got = ocr_digits.reread(*office_scan(text, font, k))
                else:
                    gray = np.array(_glyphs(text, font, 30 if k % 2 else 40))
                    if mode == "bold":
                        gray = np.asarray(Image.fromarray(gray).filter(ImageFilter.MinFilter(3)))
                    got = ocr_digits.read_number(gray)
                if got is None:
                    unread += 1
                elif got == text:
                    right += 1
                else:
                    wrong.append((font, mode, text, got))
    print(f"right {right}, unread {unread}, wrong {len(wrong)}")
    for w in wrong:
        print("  wrong:", *w)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
