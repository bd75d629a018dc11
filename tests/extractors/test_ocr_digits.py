"""Thai-digit numbers re-read from glyph images (extractors/ocr_digits.py), no Tesseract needed.

Numbers are rendered with Pillow in TLWG fonts, blurred a little like a scan. Laksaman, Loma and
Garuda are template fonts; Kinnari and Waree are not (leave-one-font-out): there a number is read
right or not at all, never wrong. Skipped when the fonts are absent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extractors import ocr, ocr_digits
from extractors.ocr import Word

TLWG = Path("/usr/share/fonts/truetype/tlwg")
NUMBERS = ("๒๕๖๔", "๑๖,๗๕๘.๔๕๗", "๓๑/๑๒/๒๕๖๓", "๔๗", "๐๑๒๓๔", "๕๖๗๘๙", "๙๘.๗๖", "๑๒:๓๐", "๒๕๖๓-๒๕๖๔")
WORDS = ("ตัวชี้วัด", "ข้อ", "ผลการ", "ร้อยละ", "องค์ประกอบที่", "Line", "Staff", "eee", "ระดับ", "บาท", "เขต",
         "ดอ", "๒๕๖๔ปี")


def _font(name: str) -> Path:
    path = TLWG / f"{name}.ttf"
    if not path.exists():
        pytest.skip(f"font {name} missing (apt-get install fonts-tlwg-{name.lower()}-ttf)")
    if not ocr_digits.available():
        pytest.skip("no template fonts (apt-get install fonts-tlwg-laksaman-ttf ...)")
    return path


def render(text: str, font: str, size: int) -> npt.NDArray[np.uint8]:
    """``text`` in black on white, ``size`` pixels to the em, blurred like a 300 dpi scan."""
    face = ImageFont.truetype(str(_font(font)), size)
    image = Image.new("L", (size * len(text) + 40, size * 2 + 20), 255)
    ImageDraw.Draw(image).text((20, 10), text, font=face, fill=0)
    return np.asarray(image.filter(ImageFilter.GaussianBlur(0.7)))


# the readings per font: a doubtful number is None (Tesseract's text stays), never a wrong one
READINGS = {
    ("Laksaman", 50): ["๒๕๖๔", "๑๖,๗๕๘.๔๕๗", None, "๔๗", "๐๑๒๓๔", "๕๖๗๘๙", "๙๘.๗๖", "๑๒:๓๐", "๒๕๖๓-๒๕๖๔"],
    ("Laksaman", 33): ["๒๕๖๔", "๑๖,๗๕๘.๔๕๗", None, "๔๗", "๐๑๒๓๔", None, "๙๘.๗๖", "๑๒:๓๐", None],
    ("Loma", 50): list(NUMBERS),
    ("Garuda", 50): ["๒๕๖๔", None, None, "๔๗", "๐๑๒๓๔", "๕๖๗๘๙", None, "๑๒:๓๐", "๒๕๖๓-๒๕๖๔"],
    # not template fonts
    ("Kinnari", 50): [None, None, None, "๔๗", "๐๑๒๓๔", None, None, "๑๒:๓๐", None],
    ("Waree", 50): ["๒๕๖๔", None, None, "๔๗", None, None, None, None, None],
}


@pytest.mark.parametrize(("font", "size"), list(READINGS))
def test_numbers_read_right_or_not_at_all(font: str, size: int) -> None:
    assert [ocr_digits.read_number(render(n, font, size)) for n in NUMBERS] == READINGS[(font, size)]


@pytest.mark.parametrize("font", ["Laksaman", "Garuda", "Kinnari"])
def test_words_are_never_read_as_numbers(font: str) -> None:
    assert [ocr_digits.read_number(render(w, font, 50)) for w in WORDS] == [None] * len(WORDS)


def test_candidates_and_agreement() -> None:
    assert [ocr_digits.might_be_number(t) for t in ("๒๕๒๕", "ee", "(«๐", "ตัวชี้วัด", "2564", ":")] == [
        True, True, True, False, False, True
    ]
    # Norasi's ๓ read ๐ (a misreading) where Tesseract had ๓: the word is left alone
    assert (ocr_digits.agrees("๐๑๒๐๔", "๐๑๒๓๕"), ocr_digits.agrees("๒๕๖๔", "๒๕๒๕")) == (False, True)


def _page(items: list[tuple[str, int]], font: str = "Laksaman") -> npt.NDArray[np.uint8]:
    face = ImageFont.truetype(str(_font(font)), 50)
    image = Image.new("L", (1200, 120), 255)
    draw = ImageDraw.Draw(image)
    for text, x in items:
        draw.text((x, 30), text, font=face, fill=0)
    return np.asarray(image)


def test_reread_words_keeps_tesseract_text_as_raw() -> None:
    # "ปี ๒๕๖๔" as Tesseract's tha model gives it: the year cut into glyph words with loose boxes,
    # ๖ and ๔ (not in its character set) written ๒ and ๕; "ปี" is not a candidate and stays
    gray = _page([("ปี", 20), ("๒๕๖๔", 200)])
    ink = np.flatnonzero((gray < 128)[:, 200:].any(axis=0)) + 200
    rows = np.flatnonzero((gray < 128)[:, 200:].any(axis=1))
    x0, x1, top, height = int(ink[0]), int(ink[-1]) + 1, int(rows[0]), int(rows[-1] - rows[0] + 1)
    step = (x1 - x0) // 4
    year = [Word((1, 1, 1), x0 + 2 + k * step, top, step - 4, height, 80.0, t) for k, t in enumerate("๒๕๒๕")]
    words = [Word((1, 1, 1), 20, top - 10, 60, height + 10, 90.0, "ปี"), *year]
    got = ocr.reread_digits(gray, words)
    assert [(w.text, w.raw) for w in got] == [("ปี", ""), ("๒๕๖๔", "๒๕๒๕")]
    (line,) = ocr.words_to_lines(got, 1, 0.24)
    assert (line.text, line.raw) == ("ปี\t๒๕๖๔", "ปี\t๒๕๒๕")  # a wide gap: a column break


def test_reread_leaves_words_alone_when_a_glyph_is_no_digit() -> None:
    # "๒๕ก" : a Thai letter among the digits, the run is not a number
    gray = _page([("๒๕ก", 200)])
    cols = np.flatnonzero((gray < 128).any(axis=0))
    rows = np.flatnonzero((gray < 128).any(axis=1))
    w = Word((1, 1, 1), int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1),
             70.0, "๒๕๓")
    assert ocr.reread_digits(gray, [w]) == [w]


def test_without_fonts_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_digits, "FONT_DIRS", ())
    gray = np.full((60, 200), 255, np.uint8)
    words = [Word((1, 1, 1), 10, 10, 80, 30, 80.0, "๒๕๒๕")]
    assert ocr_digits.available() is False
    assert ocr.reread_digits(gray, words) == words


def office_scan(text: str, font: str, seed: int) -> tuple[npt.NDArray[np.uint8], tuple[int, int, int, int]]:
    """``text`` at 10 pt / 200 dpi as tests/extractors/make_office_scan.py degrades a page: blurred,
    tilted 0.8° and turned back, sensor noise, specks (some two pixels), bilevel. Returns the page
    and the ink box of the clean text (Tesseract's word box)."""
    em = 28
    face = ImageFont.truetype(str(_font(font)), em)
    clean = Image.new("L", (em * len(text) + 60, em * 3), 255)
    ImageDraw.Draw(clean).text((30, em), text, font=face, fill=0)
    rng = np.random.default_rng(seed)
    img = clean.filter(ImageFilter.GaussianBlur(0.7))
    img = img.rotate(0.8, resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(img, np.float32) + rng.normal(0, 12, (img.height, img.width))
    n = int(0.0015 * a.size)
    ys, xs = rng.integers(0, a.shape[0] - 2, n), rng.integers(0, a.shape[1] - 2, n)
    a[ys, xs] = 0
    big = rng.random(n) < 0.3
    a[ys[big] + 1, xs[big]] = 0
    a[ys[big], xs[big] + 1] = 0
    page = Image.fromarray(np.where(a < 175, 0, 255).astype(np.uint8))
    gray = np.asarray(page.rotate(-0.8, resample=Image.Resampling.NEAREST, fillcolor=255))
    rows, cols = np.nonzero(np.asarray(clean) < 128)
    return gray, (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)


SCANNED = ("๑๐๐.๐๐๐", "๙๕.๕๙๒", "๙๐.๕๖๑", "๘๐.๐๐๐", "๒.๒", "๓.๓.๑", "๑๕", "๒๐", "๑๒,๔๕๖", "๗๘.๖๔")


@pytest.mark.parametrize(("font", "want"), [
    ("Laksaman", [*SCANNED[:8], None, "๗๘.๖๔"]),
    ("Garuda", ["๑๐๐.๐๐๐", None, None, None, "๒.๒", "๓.๓.๑", "๑๕", "๒๐", None, None]),
])
def test_grainy_office_scan_figures(font: str, want: list[str | None]) -> None:
    # grain by the digits, a speck over a decimal point or inside a ๐, filled loops of ๑ ๓ ๕:
    # read right or not at all
    assert [ocr_digits.reread(*office_scan(t, font, k)) for k, t in enumerate(SCANNED)] == want


def test_unknown_glyphs_are_filled_only_from_the_page_pass_sure_digits() -> None:
    from extractors.ocr_numbers import judge

    # ๑ of a grainy scan matches no template ('?'): tha's own ๑ fills it in, never certain
    assert judge("๑๐", None, "?๐") == ocr_numbers_reading("๑๐", 0.6)
    # tha writes ๖ for ๒ and ๕ for ๘: those never fill a '?'; tha's ๑ beats a glyph ๓
    assert judge("๖๐", None, "?๐") == ocr_numbers_reading("๖๐", 0.5)
    assert judge("๑๐๐", None, "๓๐๐") == ocr_numbers_reading("๑๐๐", 0.6)
    assert judge("๕๐", None, "๘๐") == ocr_numbers_reading("๘๐", 0.7)
    # the glyphs saw the full stop of an item number the page pass lost
    assert judge("1", ("1", 0.9), "1.") == ocr_numbers_reading("1.", 0.95)


def ocr_numbers_reading(text: str, confidence: float) -> object:
    from extractors.ocr_numbers import Reading

    return Reading(text, confidence)
