"""Thai-digit numbers on scanned pages, re-read from the glyph shapes.

Debian's Tesseract ``tha`` model has no ๔ ๖ ๗ ๘ ๙ in its character set: on a scan "๒๕๖๔" comes out
"๒๕๒๕", "๔๗" as "ee", "๑๖,๗๕๘" as "๑อ,ฒ๕๕". This module takes the words Tesseract gave that may hold
such a number (a Thai digit in the text, or a word of Latin letters only, which is what the model
writes for a digit it cannot name), cuts the word's box out of the page image, splits it into glyphs
(connected components) and classifies each glyph against templates rendered locally from Thai fonts
(TLWG: Laksaman, Garuda, Loma, Norasi): the Thai digits ๐-๙ and '/', with Thai letters and Latin
letters as rivals. The word's text is replaced only when every glyph is a confident digit (or '.',
',', '-', ':' judged by size and place) and the result is a Thai-digit number; otherwise Tesseract's
text stays. The caller keeps Tesseract's text as the line's raw text.

A page's numbers are read together (:func:`reread_all`): the page's template font is voted by all
their glyphs (a page is printed in one font), and glyphs read with certainty become exemplars for
the page's doubtful ones (an adaptive classifier). Touching digits are cut apart; specks by a
figure are told from its marks by size and place.

No fonts found: nothing is re-read (:func:`available` is False) and the caller warns.

Over 500 lines: one reader whose steps (segmentation, templates, the page's font and exemplars,
marks) share its private glyph structures; split apart they would only import each other.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from scipy import ndimage

FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"))
#: template fonts (Debian fonts-tlwg-*); Laksaman is the free twin of TH Sarabun New
TEMPLATE_FONTS = ("Laksaman", "Garuda", "Loma", "Norasi")
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
#: shapes a glyph may be; the rivals are letters a digit must not be mistaken for
SHAPES = THAI_DIGITS + "/"
RIVALS = "กขคฆงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาเแโใไๆฯ" + "abcdeghkmnpqrsuvwxyzABCDEGHKMNPQRSUVWXYZ&%@#"
ARABIC_DIGITS = "0123456789"
#: Arabic digits are read in cells the page pass already read as figures: their rivals are the
#: letters a digit may be confused with (not l I O o: in a figure they are 1 and 0)
ARABIC_SHAPES = ARABIC_DIGITS + "/"
ARABIC_RIVALS = "SBZGgqbdDTJ" + "ดอฮบรจชซ"
SCRIPTS = {"thai": (THAI_DIGITS, SHAPES, RIVALS), "arabic": (ARABIC_DIGITS, ARABIC_SHAPES, ARABIC_RIVALS)}
GRID = 20  # a glyph is compared on a GRID x GRID raster
BLUR = 1.5  # ... blurred by this radius
INK_LEVELS = (64, 128, 200)  # template gray levels counted as ink
#: ... and of the template blurred by SCAN_BLUR of the digit height (a 200 dpi office scan)
SMEAR_LEVELS = (150, 190)
SCAN_BLUR = 0.05
ASPECT_WEIGHT = 0.08  # weight of the difference of log aspect ratios
#: template digit heights in pixels; a glyph is compared with the templates of the nearest one
HEIGHTS = (10, 12, 14, 17, 20, 24, 28, 34, 40, 48, 58, 70)
MAX_DISTANCE = 0.3  # a glyph farther than this from every template is not recognised
MIN_MARGIN = 0.02  # nearest other shape must be at least this much farther
SMALL = 0.45  # a glyph shorter than this share of the digits' height is punctuation
#: pieces with fewer pixels than this share of the squared digit height are grain (a decimal point is
#: ~0.035 of it at 200 dpi, a speck of the scanner's grain at most ~0.02)
GRAIN = 0.012
#: a piece above the digits' middle smaller than this share of the squared digit height is a speck
SPECK = 0.06
MIN_HEIGHT = 8  # pixels: digits smaller than this are not re-read
MAX_WIDTH = 1.45  # a glyph wider than this many heights is touching digits: not re-read

_THAI_DIGIT = re.compile("[๐-๙]")
_LATIN_ONLY = re.compile(r"^[A-Za-z@«»()'\"|;:.,\-]+$")
_PUNCT_ONLY = re.compile(r"^[.,:;\-/'\"|()]+$")
_ARABIC = re.compile("[0-9]")

#: a grey page image and a pixel mask (shared by the scan modules: scan_grid, ocr_numbers)
Gray = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Glyph:
    """One connected ink piece (or pieces stacked over each other), box in crop pixels."""

    x0: int
    y0: int
    x1: int
    y1: int
    mask: Mask  # the glyph's own pixels inside its box

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0


def font_paths() -> list[Path]:
    """The template fonts found on this machine."""
    found: list[Path] = []
    for name in TEMPLATE_FONTS:
        for d in FONT_DIRS:
            hit = next((p for p in (d / f"{name}.ttf", d / f"{name}.otf") if p.exists()), None)
            if hit is not None:
                found.append(hit)
                break
    return found


def available() -> bool:
    """True when template fonts are installed (apt-get install fonts-tlwg-laksaman-ttf ...)."""
    return bool(font_paths())


def might_be_number(text: str) -> bool:
    """Could Tesseract's word be a Thai-digit number it misread?

    >>> [might_be_number(t) for t in ("๒๕๒๕", "ee", "๑อ,ฒ๕๕", "ตัวชี้วัด", "2564", "ข้อ")]
    [True, True, True, False, False, False]
    """
    if _ARABIC.search(text):
        return False
    return bool(_THAI_DIGIT.search(text)) or bool(_LATIN_ONLY.match(text)) or bool(_PUNCT_ONLY.match(text))


def has_digit_like(text: str) -> bool:
    """A run of candidate words that is more than punctuation.

    >>> has_digit_like(".:"), has_digit_like("ee."), has_digit_like("๒๕")
    (False, True, True)
    """
    return not _PUNCT_ONLY.match(text)


# --- features --------------------------------------------------------------------------------------


def feature(mask: Mask) -> npt.NDArray[np.float32]:
    """A glyph's raster and its log aspect ratio.

    The glyph is centred in a square, scaled to GRID x GRID, blurred a little (a stroke one pixel
    over still matches), centred on its mean and scaled to unit length, so that comparing two
    rasters is a correlation that does not mind stroke weight.
    """
    h, w = mask.shape
    side = max(h, w)
    square = np.zeros((side, side), np.uint8)
    oy, ox = (side - h) // 2, (side - w) // 2
    square[oy : oy + h, ox : ox + w] = mask.astype(np.uint8) * 255
    small = Image.fromarray(square).resize((GRID, GRID), Image.Resampling.BOX)
    grid = np.asarray(small.filter(ImageFilter.GaussianBlur(BLUR)), np.float32).ravel()
    grid = grid - grid.mean()
    norm = float(np.linalg.norm(grid)) or 1.0
    return np.concatenate([grid / norm, [np.float32(np.log(w / h))]]).astype(np.float32)


def _distances(feat: npt.NDArray[np.float32], bank: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """1 - correlation of the rasters, plus the weighted squared difference of log aspect ratios."""
    raster = feat.copy()
    raster[-1] = 0.0  # the whole contiguous bank times the raster: no copy of its columns
    # einsum, not BLAS: OpenBLAS's threads spin against the tesseract processes on a busy machine
    grid = 1.0 - np.einsum("ij,j->i", bank, raster)
    aspect = ASPECT_WEIGHT * (bank[:, -1] - feat[-1]) ** 2
    out: npt.NDArray[np.float32] = (grid + aspect).astype(np.float32)
    return out


@functools.lru_cache(maxsize=8)
def _digit_ratio(path: Path, digits: str = THAI_DIGITS) -> float:
    """Height of the font's digits as a share of the em (rendered at 100 pixels)."""
    font = ImageFont.truetype(str(path), 100)
    heights = [font.getbbox(ch)[3] - font.getbbox(ch)[1] for ch in digits]
    return float(np.median(heights)) / 100.0


@functools.lru_cache(maxsize=2 * len(HEIGHTS))
def _templates(
    height: int, script: str = "thai"
) -> tuple[npt.NDArray[np.float32], tuple[str, ...], npt.NDArray[np.int_]]:
    """Features of every shape and rival in every template font, its digits ``height`` pixels tall:
    (features, their labels, their fonts' indexes in :func:`font_paths`)."""
    digits, shapes, rivals = SCRIPTS[script]
    feats: list[npt.NDArray[np.float32]] = []
    labels: list[str] = []
    fonts: list[int] = []
    for k, path in enumerate(font_paths()):
        em = max(8, round(height / _digit_ratio(path, digits)))
        font = ImageFont.truetype(str(path), em)
        for ch in shapes + rivals:
            img = Image.new("L", (em * 3, em * 3), 255)
            ImageDraw.Draw(img).text((em, em // 2), ch, font=font, fill=0)
            sharp = np.asarray(img)
            # a scan's blur fills the small loops of ๑ ๓ ๕ ...: blurred renderings too, by height
            smeared = np.asarray(img.filter(ImageFilter.GaussianBlur(SCAN_BLUR * height)))
            smears = SMEAR_LEVELS if script == "thai" else ()  # Arabic 6 8 9 0 filled look alike
            for raster, level in [(sharp, lv) for lv in INK_LEVELS] + [(smeared, lv) for lv in smears]:
                glyphs = _merge(_components(raster < level))
                if len(glyphs) != 1:  # a letter with a separate piece (ฐ ญ): keep its main piece
                    glyphs = sorted(glyphs, key=lambda g: g.height * g.width)[-1:]
                if glyphs:
                    feats.append(feature(glyphs[0].mask))
                    labels.append(ch)
                    fonts.append(k)
    bank = np.stack(feats) if feats else np.zeros((0, GRID * GRID + 1), np.float32)
    return bank, tuple(labels), np.array(fonts, dtype=np.int_)


# --- segmentation ----------------------------------------------------------------------------------


def binarize(gray: Gray) -> Mask:
    """Ink of a crop: Otsu's threshold, kept between 70 and 200 gray levels."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return np.zeros(gray.shape, bool)
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (m0[-1] * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    t = int(np.clip(np.argmax(between), 70, 200))
    out: Mask = gray <= t
    return out


def _components(ink: Mask, *, diagonal: bool = True) -> list[Glyph]:
    """8-connected components of ``ink`` (4-connected without ``diagonal``), left to right (then top
    to bottom), each with its own pixels only (scipy's labelling, in C: this runs for every crop
    and every cut of a run)."""
    if not ink.size:
        return []
    labels, _ = ndimage.label(ink, structure=_EIGHT if diagonal else _FOUR)
    out: list[Glyph] = []
    for k, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is None:
            continue
        rows, cols = box
        out.append(Glyph(cols.start, rows.start, cols.stop, rows.stop, labels[box] == k))
    return sorted(out, key=lambda g: (g.x0, g.y0))


_EIGHT = np.ones((3, 3), dtype=bool)
_FOUR = ndimage.generate_binary_structure(2, 1)


def _merge(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Pieces stacked over each other (':', a broken stroke, a mark over a letter) as one glyph."""
    out: list[Glyph] = []
    for g in sorted(glyphs, key=lambda g: g.x0):
        if out:
            last = out[-1]
            overlap = min(last.x1, g.x1) - max(last.x0, g.x0)
            if overlap >= 0.5 * min(last.width, g.width):
                small, large = sorted((last, g), key=lambda p: int(p.mask.sum()))
                speck = small.mask.sum() < SPECK * large.height * large.height
                if speck and large.height >= 2 * small.height:
                    if _after(small, large):
                        out.append(g)  # a point under a digit's overhang (Garuda's ๗), not inside it
                    else:
                        out[-1] = large  # a speck over or inside a digit
                    continue
                x0, y0 = min(last.x0, g.x0), min(last.y0, g.y0)
                x1, y1 = max(last.x1, g.x1), max(last.y1, g.y1)
                mask = np.zeros((y1 - y0, x1 - x0), bool)
                for part in (last, g):
                    mask[part.y0 - y0 : part.y1 - y0, part.x0 - x0 : part.x1 - x0] |= part.mask
                out[-1] = Glyph(x0, y0, x1, y1, mask)
                continue
        out.append(g)
    return out


def _after(small: Glyph, large: Glyph) -> bool:
    """Does ``small`` sit on ``large``'s bottom, right of all its ink in its rows, under ink of
    ``large`` only in its upper half (a point under the rising stroke of the digit before it, not
    a speck in the corner of a ๐)?"""
    if small.y1 < large.y1 - 2 or small.x0 <= large.x0:
        return False
    rows = large.mask[max(0, small.y0 - large.y0) : max(0, small.y1 - large.y0)]
    cols = np.flatnonzero(rows.any(axis=0))
    if not len(cols) or large.x0 + int(cols[-1]) >= small.x0 - 1:
        return False
    over = large.mask[:, max(0, small.x0 - large.x0) : max(0, small.x1 - large.x0)]
    ink_rows = np.flatnonzero(over.any(axis=1))
    return not len(ink_rows) or int(ink_rows[-1]) < large.height // 2


# --- reading ---------------------------------------------------------------------------------------


def classify(
    mask: Mask, height: int, script: str = "thai", font: int | None = None
) -> tuple[str, float, float]:
    """Nearest shape of one glyph: (label, its distance, the nearest other label's distance);
    ``font``: among that template font's shapes only."""
    return _nearest(_glyph_distances(mask, height, script), height, script, font)


def _glyph_distances(mask: Mask, height: int, script: str) -> npt.NDArray[np.float32]:
    bank, _, _ = _templates(_height(height), script)
    return _distances(feature(mask), bank)


def _nearest(
    d: npt.NDArray[np.float32], height: int, script: str, font: int | None = None
) -> tuple[str, float, float]:
    _, labels, fonts = _templates(_height(height), script)
    if not labels:
        return "", float("inf"), float("inf")
    if font is not None:
        d = np.where(fonts == font, d, np.float32(np.inf))
    return _nearest_of(d, labels)


def _nearest_of(d: npt.NDArray[np.float32], labels: Sequence[str]) -> tuple[str, float, float]:
    order = np.argsort(d)
    best = labels[int(order[0])]
    other = next((float(d[i]) for i in order[1:] if labels[int(i)] != best), float("inf"))
    return best, float(d[order[0]]), other


def _height(height: int) -> int:
    return min(HEIGHTS, key=lambda t: abs(t - height))


def _font(dists: Sequence[npt.NDArray[np.float32]], height: int, script: str) -> int | None:
    """The template font whose digits fit the glyphs best (least summed distance; ``dists``: each
    glyph's distances to the templates): a number is printed in one font, and one font's ๒ may
    look like another's ๖. Voted by the glyphs nearest a digit other than zero, as the page's font
    (:func:`page_font`): a scan's thick ๐ fits another font's ring better than its own. None when
    fewer than two glyphs vote."""
    _, labels, fonts = _templates(_height(height), script)
    digits = SCRIPTS[script][0]
    names = np.array(labels)
    use = [d for d in dists if len(d) and names[int(np.argmin(d))] in digits[1:]]
    if len(use) < 2:
        return None  # one glyph alone would only vote for its own reading (see _shape)
    d = np.stack(use)[:, np.isin(names, list(digits))]  # glyphs x digit templates
    of = fonts[np.isin(names, list(digits))]
    totals = [float(d[:, of == k].min(axis=1).sum()) for k in range(int(fonts.max()) + 1)]
    return int(np.argmin(totals))


@dataclass(frozen=True, slots=True)
class _Pieces:
    """A number's crop cut into glyphs: the digit height, the digits' top and baseline, and each
    digit-sized glyph's distances to the templates."""

    glyphs: list[Glyph]
    height: int
    top: float
    base: float
    dists: dict[int, npt.NDArray[np.float32]]  # id(glyph) -> distances to the templates
    feats: dict[int, npt.NDArray[np.float32]]  # id(glyph) -> its feature
    parens: tuple[str, str] = ("", "")  # "(" before the number and ")" after it, when printed
    #: id(first part) -> (second part, the whole glyph) of each glyph :func:`_split` cut in two at its
    #: thinnest column
    joined: dict[int, tuple[Glyph, Glyph]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Page:
    """What a page's numbers say about its print: the template font, and the glyphs read with
    certainty, exemplars for the doubtful ones (an adaptive classifier, as Tesseract's)."""

    font: int | None
    feats: npt.NDArray[np.float32]  # exemplars x features
    labels: tuple[str, ...]
    owners: npt.NDArray[np.int_]  # id of each exemplar's glyph (a glyph is not its own exemplar)
    #: each digit's usual width in pixels, where the page has two exemplars of it or more (a cell's
    #: digit height is its digits': a cell of ๐ and ๓ only, with no rising tail, is shorter)
    widths: dict[str, float] = field(default_factory=dict)


def _pieces(gray: Gray, script: str, *, parens: bool = False) -> _Pieces | None:
    """Glyphs of a crop without grain: a speck inside or over a digit, a speck off the baseline;
    ``parens``: a parenthesis at either end is set apart (running text: "(๒๐ คะแนน)")."""
    ink = binarize(gray)
    if not ink.any() or ink.mean() > 0.6:
        return None
    glyphs = [g for g in _components(ink) if g.mask.sum() >= 2]
    if not glyphs:
        return None
    tallest = max(g.height for g in glyphs)
    # the finest grain goes first (half of GRAIN: a 200 dpi decimal point stays): a speck under a
    # full stop would be stacked with it into a comma
    glyphs = [g for g in glyphs if g.mask.sum() >= 0.5 * GRAIN * tallest * tallest]
    height = int(np.median([g.height for g in glyphs if g.height >= SMALL * tallest]))
    if height < MIN_HEIGHT:
        return None
    tall = [g for g in glyphs if g.height >= SMALL * tallest]
    band = (np.median([g.y0 for g in tall]) - 0.6 * height, np.median([g.y1 for g in tall]) + 0.4 * height)
    # specks well above or below the digits go before pieces are put together
    glyphs = _merge([g for g in glyphs if g.mask.sum() >= SPECK * height * height
                     or (g.y1 > band[0] and g.y0 < band[1])])
    big = [g for g in glyphs if g.height >= SMALL * height]
    if not big:
        return None
    height = int(np.median([g.height for g in big]))
    joined: dict[int, tuple[Glyph, Glyph]] = {}
    cut: list[Glyph] = []
    for g in glyphs:
        parts = _split(g, height)
        if len(parts) == 2:
            joined[id(parts[0])] = (parts[1], g)
        cut.extend(parts)
    glyphs = cut
    if script == "thai":
        # เลขไทยไม่มีตัวไหนผอมเป็นเส้น: a thin stroke at either end is a ruling's remnant or a scratch
        while glyphs and _stroke(glyphs[0], height):
            glyphs = glyphs[1:]
        while glyphs and _stroke(glyphs[-1], height):
            glyphs = glyphs[:-1]
    opening = closing = ""
    if parens and len(glyphs) >= 2 and _paren(glyphs[0], glyphs[1:], height) == "(":
        glyphs, opening = glyphs[1:], "("
    if parens and len(glyphs) >= 2 and _paren(glyphs[-1], glyphs[:-1], height) == ")":
        glyphs, closing = glyphs[:-1], ")"
    big = [g for g in glyphs if g.height >= SMALL * height]
    if opening or closing:
        height = int(np.median([g.height for g in big]))
    top = float(np.median([g.y0 for g in big]))
    base = float(np.median([g.y1 for g in big]))
    feats = {id(g): feature(g.mask) for g in big if g.width <= MAX_WIDTH * g.height}
    bank, _, _ = _templates(_height(height), script)
    dists = {k: _distances(f, bank) for k, f in feats.items()}
    return _Pieces(glyphs, height, top, base, dists, feats, (opening, closing), joined)


def _paren(g: Glyph, others: Sequence[Glyph], height: int) -> str | None:
    """'(' or ')' when a glyph at a number's end is one: thin, reaching over the other glyphs'
    top and down to their baseline, its middle bowed out to the left or right."""
    # the digits: shorter than the parenthesis (the other one of a pair is as tall)
    big = [o for o in others if SMALL * height <= o.height < 0.9 * g.height]
    if not big:
        return None
    height = int(np.median([o.height for o in big]))  # the digits', not swelled by the parentheses
    if g.height < 1.1 * height or g.width > 0.6 * height:
        return None
    if g.y0 > min(o.y0 for o in big) - 0.1 * height or g.y1 < np.median([o.y1 for o in big]):
        return None
    cols = np.arange(g.width)
    third = g.height // 3
    mean = [float((g.mask[a:b] * cols).sum() / max(1, g.mask[a:b].sum()))
            for a, b in ((0, third), (third, g.height - third), (g.height - third, g.height))]
    bow = mean[1] - (mean[0] + mean[2]) / 2
    if bow >= 0.15 * g.width:
        return ")"
    if bow <= -0.15 * g.width:
        return "("
    return None


def _stroke(g: Glyph, height: int) -> bool:
    """A thin light stroke of a digit's height (no Thai digit is so thin)."""
    return g.height >= SMALL * height and g.width < 0.25 * height and g.mask.sum() < SPECK * height * height


#: a glyph wider than MAX_WIDTH and at most this many digit heights may be two touching digits
MAX_PAIR = 2.6


def _may_be_pair(g: Glyph, height: int) -> bool:
    """Wider than one digit, no wider than two, of a digit's height."""
    return MAX_WIDTH * g.height < g.width <= MAX_PAIR * height and SMALL * height <= g.height <= 1.3 * height


def _split(g: Glyph, height: int) -> list[Glyph]:
    """Two digits that touch (a scan's blur joins ๕ to ๖) cut at the column of least ink in the
    glyph's middle third; any other glyph as it is."""
    if not _may_be_pair(g, height):
        return [g]
    ink = g.mask.sum(axis=0)
    lo, hi = g.width // 3, g.width - g.width // 3
    cut = lo + int(np.argmin(ink[lo:hi]))
    if ink[cut] > 0.25 * height:
        return [g]  # no thin join: not two digits side by side
    parts = []
    for a, b in ((0, cut), (cut + 1, g.width)):
        sub = g.mask[:, a:b]
        rows, cols = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
        if not len(rows):
            return [g]
        y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
        if y1 - y0 < SMALL * height or x1 - x0 < 0.4 * height:
            return [g]  # a mark touching a digit (a comma), not a second digit
        parts.append(Glyph(g.x0 + a + x0, g.y0 + y0, g.x0 + a + x1, g.y0 + y1, sub[y0:y1, x0:x1]))
    return parts


def read_number(
    gray: Gray, script: str = "thai", *, partial: bool = False, font: int | None = None
) -> str | None:
    """The number printed in a word's crop (``script``: "thai" or "arabic" digits), or None when
    any part of it is doubtful (``partial``: a glyph of a digit's size and no known shape is '?').

    ``gray``: the crop, a little wider and taller than the word's box; ``font``: the page's
    template font (:func:`page_font`), else the one that fits this number's glyphs best.
    """
    pieces = _pieces(gray, script)
    if pieces is None:
        return None
    page = _Page(font, np.zeros((0, GRID * GRID + 1), np.float32), (), np.zeros(0, np.int_))
    return _read(pieces, script, partial, page)


def _read(p: _Pieces, script: str, partial: bool, page: _Page) -> str | None:
    height, top, base, dists = p.height, p.top, p.base, p.dists
    font = page.font if page.font is not None else _font(list(dists.values()), height, script)
    out: list[str] = []
    placed: list[Glyph] = []
    dropped: list[Glyph] = []  # pieces dropped as specks, bigger than grain
    skip: set[int] = set()
    for g in p.glyphs:
        if id(g) in skip:
            continue
        second, whole = p.joined.get(id(g), (None, g))
        doubtful = second is not None \
            and any(_sure(part, p, script, font, page) is None for part in (g, second))
        if doubtful and (run := _cut_run(whole, p, script, font, page)) is not None:
            # ตัดที่คอลัมน์บางที่สุดแล้วอ่านไม่ได้แน่ทั้งสองข้าง: ตัดใหม่ตามการอ่าน (the thinnest column
            # was the wrong cut: Garuda's ๗ joins its rising stroke to its loop more thinly than the
            # stroke's top to the next digit; the pair is cut again where both parts read surely)
            out.extend(ch for ch, _ in run)
            placed.extend(part for _, part in run)
            skip.add(id(second))
            continue
        if doubtful and (one := _trimmed(whole, p, script, font, page)) is not None:
            # ไม่ใช่เลขสองตัวติดกัน: เลขตัวเดียวที่มีเม็ดฝุ่นติดข้าง (one digit with a speck stuck to
            # its side, which made it as wide as two: a ๐ with the speck of a full stop touching it)
            out.append(one[0])
            placed.append(one[1])
            skip.add(id(second))
            continue
        pieces = _components(g.mask)
        keep = max(pieces, key=lambda q: int(q.mask.sum()))
        other = int(g.mask.sum()) - int(keep.mask.sum())
        if len(pieces) == 2 and other < 0.5 * keep.mask.sum() and keep.height < SMALL * height:
            # a point with a speck over it is a point, not ":" (the two dots of ":" are alike); a
            # digit with a piece come loose is read whole below
            g = Glyph(g.x0 + keep.x0, g.y0 + keep.y0, g.x0 + keep.x1, g.y0 + keep.y1, keep.mask)
            pieces = [keep]
        if len(pieces) > 1:
            # ชิ้นซ้อนกัน: ":" ได้จากจุดเล็กสองจุดเท่านั้น เลขไทยทุกตัวเป็นเส้นเดียว แต่เส้นที่ขาด
            # (หางของ ๔ ที่หลุด) ยังอ่านเป็นตัวเลขได้ทั้งตัว
            # (stacked pieces: only two small dots make ":"; every Thai digit is one stroke, but a
            # stroke broken by the scan (the tail of a ๔ come loose) still reads as the whole digit)
            small = all(p.height < 0.35 * height and p.width < 0.5 * height for p in pieces)
            if len(pieces) == 2 and small:
                # ในช่องตัวเลขของตารางไม่มี ":" (เวลา) มีแต่จุดทศนิยมที่มีเม็ดฝุ่นซ้อน ("๒:๒" คือ ๒.๒)
                # (a table's figure has no ":": it is a point with a speck over it, "๒:๒" is ๒.๒)
                out.append("." if partial else ":")
                placed.append(g)
                continue
            if g.height < SMALL * height or id(g) not in dists:
                return None
        if g.height >= SMALL * height:
            ch = _shape(g, p, script, font, page if page.font is not None else None)
            if ch is None and (pair := _cut_run(g, p, script, font, page)) is not None:
                out.extend(ch for ch, _ in pair)
                placed.extend(part for _, part in pair)
                continue
            if ch is None and (fixed := _repaired(g, p, script, font, page))[0] is not None:
                ch, g = fixed  # ... else the glyph stays whole: a '?' of its own size below
            if ch is None and partial and g.width <= MAX_WIDTH * g.height and g.height <= 1.6 * height:
                ch = "?"
        else:
            speck = g.mask.sum() < SPECK * height * height
            ch = None if min(g.height, g.width) < 2 else _punctuation(g, height, top, base)
            if ch is None and speck:
                if not _grain(g, height):
                    dropped.append(g)
                continue  # เม็ดฝุ่น (grain: no mark of a figure is this small or sits there)
        if ch is None:
            return None
        out.append(ch)
        placed.append(g)
    if any(_in_separator_gap(d, out, placed, height) for d in dropped):
        return None  # a piece of no known mark where a separator would be: a doubtful comma
    roomy = _points_with_room(out, placed, height)
    if roomy is None:
        return None
    text = _comma_after_point(roomy)
    d = ("๐-๙" if script == "thai" else "0-9") + ("?" if partial else "")
    if not re.fullmatch(f"[{d}]+([.,/:\\-][{d}]+)*[.,]?", text):
        return None
    return p.parens[0] + text + p.parens[1]


#: a page's font must fit its glyphs better than the next font by this mean distance
FONT_MARGIN = 0.05
#: ... and fit them this well (mean distance): a page in a font that is no template font (a real
#: office's Angsana, Cordia) is read number by number
FONT_FIT = 0.2
#: glyphs enough to tell a page's font
FONT_GLYPHS = 4


def page_font(numbers: Sequence[_Pieces | None], script: str) -> int | None:
    """The template font of a page's numbers (ช่องตัวเลขทั้งหน้าพิมพ์ด้วยฟอนต์เดียว: a page is printed
    in one font): least mean distance over the glyphs whose nearest shape is a digit other than
    zero (๐ rings fit every font alike; a letter fits none). None when no font fits well, or
    clearly better than the next."""
    zero = SCRIPTS[script][0][0]
    digits = SCRIPTS[script][0][1:]
    use = []
    for p in (q for q in numbers if q is not None):
        for d in p.dists.values():
            _, labels, _ = _templates(_height(p.height), script)
            if labels[int(np.argmin(d))] in digits:
                use.append((d, p.height))
    fonts_n = len(font_paths())
    if len(use) < FONT_GLYPHS or fonts_n < 2:
        return None
    totals = np.zeros(fonts_n)
    for d, h in use:
        _, labels, fonts = _templates(_height(h), script)
        digit = np.isin(np.array(labels), list(digits + zero))
        totals += [float(d[digit & (fonts == k)].min()) for k in range(fonts_n)]
    means = totals / len(use)
    order = np.argsort(means)
    if means[order[0]] > FONT_FIT or means[order[1]] - means[order[0]] < FONT_MARGIN:
        return None
    return int(order[0])


def reread_all(
    gray: Gray, boxes: Sequence[tuple[int, int, int, int]], scripts: Sequence[str], *, partial: bool = False,
    font: int | None = None,
) -> list[str | None]:
    """The numbers in ``boxes`` of one page (see :func:`reread`), each in its ``scripts`` digits,
    all read in the page's template font (:func:`page_font`; ``font``: the one another reading of
    the page found, for when these numbers alone do not tell it)."""
    return read_page(gray, boxes, scripts, partial=partial, font=font)[0]


def read_page(
    gray: Gray, boxes: Sequence[tuple[int, int, int, int]], scripts: Sequence[str], *, partial: bool = False,
    font: int | None = None,
) -> tuple[list[str | None], int | None]:
    """:func:`reread_all`'s numbers and the page's template font for Thai digits (None: not known)."""
    cut = [_crop(gray, box) for box in boxes]
    # a number in running text may sit in parentheses; a table cell's figure does not
    pieces = [None if c is None else _pieces(c, s, parens=not partial)
              for c, s in zip(cut, scripts, strict=True)]
    pages = {s: _page([p for p, t in zip(pieces, scripts, strict=True) if t == s], s, font)
             for s in set(scripts)}
    texts = [None if p is None else _read(p, s, partial, pages[s])
             for p, s in zip(pieces, scripts, strict=True)]
    return texts, pages["thai"].font if "thai" in pages else font


#: a glyph becomes an exemplar of its page when its nearest template (over all fonts, and in the
#: page's font) is this near and the nearest other shape this much farther
EXEMPLAR_DISTANCE = 0.15
EXEMPLAR_MARGIN = 0.1


def _page(numbers: Sequence[_Pieces | None], script: str, known: int | None = None) -> _Page:
    """The page's font and exemplars (Thai digits only: Arabic digits are read number by number,
    their fonts' digits are too much alike for a page vote to help); ``known``: the font another
    reading of the page found, taken when these numbers do not tell one (a page's few table cells
    of blurred digits may fit another font as well, where all its numbers fit one clearly)."""
    font = page_font(numbers, script) if script == "thai" else None
    if font is None and script == "thai":
        font = known
    feats: list[npt.NDArray[np.float32]] = []
    labels: list[str] = []
    owners: list[int] = []
    widths: dict[str, list[float]] = {}
    if font is not None:
        for p in (q for q in numbers if q is not None):
            by_id = {id(g): g for g in p.glyphs}
            for k, d in p.dists.items():
                label, d1, d2 = _nearest(d, p.height, script)
                if (label in SCRIPTS[script][0] and d1 <= EXEMPLAR_DISTANCE and d2 - d1 >= EXEMPLAR_MARGIN
                        and _nearest(d, p.height, script, font)[0] == label):
                    feats.append(p.feats[k])
                    labels.append(label)
                    owners.append(k)
                    if k in by_id:
                        widths.setdefault(label, []).append(float(by_id[k].width))
    bank = np.stack(feats) if feats else np.zeros((0, GRID * GRID + 1), np.float32)
    usual = {ch: float(np.median(w)) for ch, w in widths.items() if len(w) >= 2}
    return _Page(font, bank, tuple(labels), np.array(owners, dtype=np.int_), usual)


def _points_with_room(chars: Sequence[str], glyphs: Sequence[Glyph], height: int) -> list[str] | None:
    """The characters without the specks taken for points: a point or comma between two digits
    takes its own room (the gap around it is wider than the gap between two digits by a fifth of
    the digits' height: :func:`_room`). A piece in a plain digit gap is a speck when grain-sized,
    or when another mark has room (a figure has one point); None when it is bigger (a doubtful
    mark). Of the marks after the last digit only the first may be kept, when it is a full stop; those
    before the first digit are specks."""
    def inner(k: int) -> bool:
        return 0 < k < len(chars) - 1 and chars[k - 1].isdigit() and chars[k + 1].isdigit()

    roomy = [k for k, ch in enumerate(chars)
             if ch in ".," and inner(k) and _room(k, chars, glyphs) >= 0.2 * height]
    end = max((k for k, ch in enumerate(chars) if ch.isdigit()), default=len(chars))  # the last digit
    first = min((k for k, ch in enumerate(chars) if ch.isdigit() or ch == "?"), default=0)  # the first digit
    out: list[str] = []
    for k, ch in enumerate(chars):
        pair = [j for j in (k - 1, k + 1) if 0 <= j < len(chars) and chars[j] in ".,"]
        if ch in ".," and pair and (_grain(glyphs[k], height) or _faint(glyphs[k], glyphs[pair[0]])) \
                and _lighter(glyphs[k], glyphs[pair[0]]):
            continue  # two marks side by side: the grain-sized one, or the much lighter, is a speck
        if ch in ".," and k > end + 1:
            continue  # a mark after the mark after the last digit: a figure ends in one full stop
        last = k == end + 1 and k > 0
        if ch in ".," and last and not _full_stop(glyphs[k], glyphs[k - 1], glyphs, height):
            continue  # a full stop sits on the baseline close after its digit: this is a speck
        if ch in ".," and k < first:
            continue  # no figure begins with a point: the specks before it
        if ch in ".," and inner(k) and k not in roomy:
            if not _grain(glyphs[k], height) and not roomy:
                return None
            continue  # grain, or a mark with no room where another has it (a figure has one point)
        out.append(ch)
    return out


def _comma_after_point(chars: Sequence[str]) -> str:
    """The figure without a comma after its decimal point that three digits do not end (a speck
    with room: no thousands separator follows a point).

    >>> [_comma_after_point(list(t)) for t in ("๘๐.๐๐,๐", "๑,๒๓๔.๕", "๑.๒,๓๔๕")]
    ['๘๐.๐๐๐', '๑,๒๓๔.๕', '๑.๒,๓๔๕']
    """
    text = "".join(chars)
    point = text.find(".")
    if point < 0:
        return text
    tail = text[point:]
    return text[:point] + re.sub(r",(?![0-9๐-๙]{3}$)", "", tail)


def _room(k: int, chars: Sequence[str], glyphs: Sequence[Glyph]) -> float:
    """How much wider the gap around the mark ``k`` is than the usual gap between two digits: the
    more of two measures, the digits' boxes and their ink in the mark's own rows. (หางของ ๔ ใน
    Garuda ยื่นเลยจุดทศนิยมทั้งด้านบนและตามเส้นฐาน: the tails of Garuda's ๔ reach over a point's
    column, so its box leaves the point no room; in the point's rows they do not.)"""
    y0, y1 = glyphs[k].y0, glyphs[k].y1

    def box(a: Glyph, b: Glyph) -> int | None:
        return b.x0 - a.x1

    def rows(a: Glyph, b: Glyph) -> int | None:
        ra, rb = a.mask[max(0, y0 - a.y0) : max(0, y1 - a.y0)], b.mask[max(0, y0 - b.y0) : max(0, y1 - b.y0)]
        ca, cb = np.flatnonzero(ra.any(axis=0)), np.flatnonzero(rb.any(axis=0))
        if not len(ca) or not len(cb):
            return None  # a digit with no ink in the mark's rows: no gap there to measure
        return (b.x0 + int(cb[0])) - (a.x0 + int(ca[-1]) + 1)

    pairs = [(a, b) for a, b, ca, cb in zip(glyphs, glyphs[1:], chars, chars[1:], strict=False)
             if ca.isdigit() and cb.isdigit()]
    out = -np.inf
    for gap in (box, rows):
        here = gap(glyphs[k - 1], glyphs[k + 1])
        usual = [g for g in (gap(a, b) for a, b in pairs) if g is not None]
        if here is not None and (usual or not pairs):
            out = max(out, here - (float(np.median(usual)) if usual else 0.0))
    return float(out)


def _in_separator_gap(g: Glyph, chars: Sequence[str], glyphs: Sequence[Glyph], height: int) -> bool:
    """Does ``g`` sit alone in a gap between two digits wide enough to hold a separator?"""
    gaps = [b.x0 - a.x1 for a, b, ca, cb in zip(glyphs, glyphs[1:], chars, chars[1:], strict=False)
            if ca.isdigit() and cb.isdigit()]
    usual = float(np.median(gaps)) if gaps else 0.0
    for a, b, ca, cb in zip(glyphs, glyphs[1:], chars, chars[1:], strict=False):
        if ca.isdigit() and cb.isdigit() and a.x1 <= g.x0 and g.x1 <= b.x0:
            return b.x0 - a.x1 >= usual + 0.2 * height
    return False


def _full_stop(g: Glyph, digit: Glyph, glyphs: Sequence[Glyph], height: int) -> bool:
    """A mark after a number's last digit is its full stop ("1.") when it sits on the digits'
    baseline and close by (at 200 dpi a full stop is a speck's size: place tells them apart)."""
    base = float(np.median([d.y1 for d in glyphs if d.height >= SMALL * height]))
    return g.x0 - digit.x1 <= 0.33 * height and g.y1 >= base - 0.08 * height


def _faint(a: Glyph, b: Glyph) -> bool:
    """Has ``a`` at most 60% of ``b``'s ink (a speck beside a point, not a point's twin)?"""
    return bool(a.mask.sum() <= 0.6 * b.mask.sum())


def _lighter(a: Glyph, b: Glyph) -> bool:
    return bool(a.mask.sum() < b.mask.sum())


def _grain(g: Glyph, height: int) -> bool:
    """Too small to be a decimal point: under GRAIN of the squared digit height, or one pixel
    thin."""
    return bool(g.mask.sum() < GRAIN * height * height or min(g.height, g.width) < 2)


def _shape(g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page | None) -> str | None:
    """The digit a glyph is, or None; ``page``: read in the page's font and against its exemplars
    (else: the nearest over all fonts, and ``font``, the number's, must agree)."""
    height, dist = p.height, p.dists.get(id(g))
    if g.width > MAX_WIDTH * g.height or dist is None:
        return None  # digits touching each other: not one digit
    if g.height > 1.6 * height and not _near_exemplar(g, p, page):
        # a tall letter; but ๕ ๖ ๗ ๘ ๙ rise over a cell's ๐ (its digit height), the more so with a
        # speck on the tail: such a digit is read when it is as near one of the page's own prints
        return None
    if page is not None:
        _, labels, fonts = _templates(_height(height), script)
        own = np.where(fonts == page.font, dist, np.float32(np.inf))
        if len(page.labels):
            ex = _exemplar_distances(g, p, page)
            label, d1, d2 = _nearest_of(np.concatenate([own, ex]), labels + page.labels)
        else:
            label, d1, d2 = _nearest_of(own, labels)
    else:
        label, d1, d2 = _nearest(dist, height, script)
    if page is not None and label in SCRIPTS[script][0] and d1 <= MAX_DISTANCE and d2 - d1 < MIN_MARGIN:
        # ใกล้อักษรของฟอนต์หน้าพอ ๆ กัน ("m" ของ Laksaman ใกล้ ๓ ที่เบลอ): the page font's letter is
        # about as near as its digit, but over all fonts the digit is near and clearly nearest
        a_label, a1, a2 = _nearest(dist, height, script)
        return label if a_label == label and a1 <= EXEMPLAR_DISTANCE and a2 - a1 >= FONT_MARGIN else None
    if label not in SCRIPTS[script][1] or d1 > MAX_DISTANCE or d2 - d1 < MIN_MARGIN:
        return None
    if page is not None:
        return label
    if font is None:
        # no font to check against: a digit other than zero must fit its shape closely (a ๐ with
        # a speck's tail is nearest ๕, far off)
        return label if label == SCRIPTS[script][0][0] or d1 <= FONT_FIT else None
    # ... and the number's own font must say the same (one font's ๒ is like another's ๖)
    return label if _nearest(dist, height, script, font)[0] == label else None


def _near_exemplar(g: Glyph, p: _Pieces, page: _Page | None) -> bool:
    """Is the glyph within :data:`EXEMPLAR_NEAR` of one of the page's exemplars (not itself)?"""
    if page is None or not len(page.labels) or id(g) not in p.feats:
        return False
    return bool(_exemplar_distances(g, p, page).min() <= EXEMPLAR_NEAR)


def _exemplar_distances(g: Glyph, p: _Pieces, page: _Page) -> npt.NDArray[np.float32]:
    """The glyph's distances to the page's exemplars (infinite to itself: no glyph is its own)."""
    return np.where(page.owners == id(g), np.float32(np.inf), _distances(p.feats[id(g)], page.feats))


def _in_band(g: Glyph, base: float, height: int) -> Glyph | None:
    """The largest piece of a glyph above the digits' baseline, when it reaches under it; else None.
    (Not cut at the top: the tails of ๖ ๘ ๙ rise over the other digits.)"""
    hi = round(base) - g.y0
    if hi >= g.height:
        return None
    rows = g.mask.copy()
    rows[max(0, hi):] = False
    big = _largest(g, rows)
    return big if big is not None and big.height >= SMALL * height else None


def _sure(g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page) -> tuple[str, float] | None:
    """The digit ``g`` is and how near it is to it, when read as surely as a page's exemplar (see
    :data:`EXEMPLAR_DISTANCE`) or as near one of the page's exemplars (:data:`EXEMPLAR_NEAR`, the
    same digit as the nearest template); None when not sure."""
    d = p.dists.get(id(g))
    if d is None or (ch := _shape(g, p, script, font, page if page.font is not None else None)) is None:
        return None
    label, d1, d2 = _nearest(d, p.height, script)
    if label not in SCRIPTS[script][0]:
        return None
    if d1 <= EXEMPLAR_DISTANCE and d2 - d1 >= EXEMPLAR_MARGIN:
        return ch, float(d1)
    if page.font is None or not len(page.labels) or ch != label:
        return None
    ex = _exemplar_distances(g, p, page)
    e_label, e1, e2 = _nearest_of(ex, page.labels)
    near = e_label == label and e1 <= EXEMPLAR_NEAR and e2 - e1 >= EXEMPLAR_MARGIN
    return (ch, float(e1)) if near else None


def _loose(g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page) -> tuple[str, float] | None:
    """A run's part read less surely, on a page printed in a template font: its shape's template
    near enough (:data:`RUN_LOOSE`) and every other shape far (:data:`RUN_LOOSE_MARGIN`): the ๑
    cut from a Garuda "๗๑" loses the join's ink and no cut leaves it as near as a page's exemplar."""
    d = p.dists.get(id(g))
    if page.font is None or d is None or (ch := _shape(g, p, script, font, page)) is None:
        return None  # only on a page in a template font
    label, d1, d2 = _nearest(d, p.height, script)
    ok = label == ch and d1 <= RUN_LOOSE and d2 - d1 >= RUN_LOOSE_MARGIN
    return (ch, float(d1) + RUN_LOOSE_COST) if ok else None


#: see :func:`_loose`
RUN_LOOSE = 0.2
RUN_LOOSE_MARGIN = 0.12
#: ... and costs this much more than its distance: a cut into sure parts wins
RUN_LOOSE_COST = 0.1


#: a glyph this near one of the page's exemplars (the same print, the same scan) is sure of it
EXEMPLAR_NEAR = 0.1


def _cut_run(
    g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page
) -> list[tuple[str, Glyph]] | None:
    """Two to four touching digits with no thin join (the tail of ๗ run into the ๐ after it, "๓๗๔"
    blurred into one piece) cut where every part reads best: cut columns through no more ink than a
    join, each part a digit read as surely as a page's exemplar, the least summed distance
    (segmentation by recognition); None when no cuts give such digits."""
    height = p.height
    wide = MAX_WIDTH * g.height < g.width <= MAX_RUN * height
    if not wide or not SMALL * height <= g.height <= 1.6 * height:  # the tails of ๖ ๗ ๘ ๙ rise
        return None
    ink = g.mask.sum(axis=0)
    sure: dict[tuple[int, int], tuple[str, Glyph, float] | None] = {}

    def digit(a: int, b: int) -> tuple[str, Glyph, float] | None:
        """The sure digit of the glyph's columns a..b, or None."""
        if (a, b) not in sure:
            part = _largest(g, g.mask[:, a:b], a)
            sure[(a, b)] = None
            if part is not None and part.height >= SMALL * height and part.width >= 0.4 * height:
                _measure(part, p, script)
                got = _sure(part, p, script, font, page) or _loose(part, p, script, font, page)
                if got is not None:
                    # ตัวเลขแบบเดียวกันในหน้าเดียวกันกว้างเท่ากัน: a part much wider or narrower
                    # than the page's own prints of its digit costs its difference
                    usual = page.widths.get(got[0])
                    off = 0.0 if usual is None else abs(part.width - usual) / height
                    sure[(a, b)] = (got[0], part, got[1] + RUN_WIDTH * off)
        return sure[(a, b)]

    # a cut drops a column through a join (little ink), or passes between two columns: two digits
    # blurred together side by side (the rising stroke of Garuda's ๗ against the next digit)
    cuts = [(c, c + 1) for c in range(1, g.width - 1) if ink[c] <= 0.5 * height] \
        + [(c, c) for c in range(1, g.width - 1)]

    # the run's first and last column may be left out when a speck's worth of ink: an edge column
    # of a digit's curve moves its box enough to cost a sure reading (Garuda "๘๗๓")
    edge = 0.25 * height
    starts = [0] + ([1] if ink[0] <= edge else [])
    ends = [g.width] + ([g.width - 1] if ink[-1] <= edge else [])

    Reading = tuple[float, tuple[tuple[str, Glyph], ...]]  # summed distance, the digits

    @functools.cache
    def best(a: int, parts: int) -> dict[str, Reading]:
        """The best reading of the columns from ``a`` as at most ``parts`` digits, by its text (the
        few best texts)."""
        found: dict[str, Reading] = {}

        def add(r: Reading) -> None:
            text = "".join(ch for ch, _ in r[1])
            if text not in found or r[0] < found[text][0]:
                found[text] = r

        for end in ends:
            whole = digit(a, end) if end - a <= MAX_WIDTH * g.height else None
            if whole:
                add((whole[2], ((whole[0], whole[1]),)))
        if parts > 1:
            for c, d in ((c, d) for c, d in cuts if 0.4 * height <= c - a <= MAX_WIDTH * g.height):
                if (head := digit(a, c)) is None:
                    continue
                for rest in best(d, parts - 1).values():
                    add((head[2] + rest[0], ((head[0], head[1]), *rest[1])))
        return dict(sorted(found.items(), key=lambda kv: kv[1][0])[:RUN_TEXTS])

    found: dict[str, Reading] = {}
    for start in starts:
        for text, r in best(start, 4).items():
            if len(r[1]) >= 2 and (text not in found or r[0] < found[text][0]):
                found[text] = r
    got = sorted(found.values(), key=lambda r: r[0])
    if not got or (len(got) > 1 and got[1][0] - got[0][0] < RUN_MARGIN):
        return None  # ตัดได้สองแบบพอ ๆ กัน (๗ ที่ตัดหางออกคือ ๓): two readings about as good
    return list(got[0][1])


#: the best cut of a run must beat the best cut that reads other digits by this summed distance
#: (Garuda's ๗ without its rising stroke is a sure ๓: "๗๗๖" cuts as "๓๗๖" almost as well)
RUN_MARGIN = 0.05
#: weight of a run's part's width off its digit's usual width on the page (in digit heights)
RUN_WIDTH = 0.4
#: readings kept per text while cutting a run
RUN_TEXTS = 6


#: a glyph at most this many digit heights wide may be touching digits cut by recognition
MAX_RUN = 4.6


def _trimmed(g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page) -> tuple[str, Glyph] | None:
    """The digit a glyph too wide for one is without its thin edge columns (a speck stuck to its
    side: at most :data:`SPECK_INK` of the digits' height in a column, over at most :data:`SPECK_SIDE`
    of it from either edge), when it then is as wide as one digit and read surely (:func:`_sure`)."""
    height, ink = p.height, g.mask.sum(axis=0)
    a, b = 0, g.width
    while b - a > 1 and ink[b - 1] <= SPECK_INK * height and g.width - b < SPECK_SIDE * height:
        b -= 1
    while b - a > 1 and ink[a] <= SPECK_INK * height and a < SPECK_SIDE * height:
        a += 1
    part = _largest(g, g.mask[:, a:b], a)
    if (a, b) == (0, g.width) or part is None or _may_be_pair(part, height) or part.height < SMALL * height:
        return None
    _measure(part, p, script)
    got = _sure(part, p, script, font, page)
    return (got[0], part) if got is not None else None


#: see :func:`_trimmed`
SPECK_INK = 0.25
SPECK_SIDE = 0.2


def _largest(g: Glyph, sub: Mask, dx: int = 0, *, diagonal: bool = True) -> Glyph | None:
    """The largest piece of ``sub`` (a part of the glyph's mask, its columns from ``dx``) as a glyph
    of the crop; ``diagonal``: pieces joined by a pixel's corner are one (see :func:`_components`)."""
    parts = _components(sub, diagonal=diagonal)
    if not parts:
        return None
    big = max(parts, key=lambda q: int(q.mask.sum()))
    return Glyph(g.x0 + dx + big.x0, g.y0 + big.y0, g.x0 + dx + big.x1, g.y0 + big.y1, big.mask)


def _measure(g: Glyph, p: _Pieces, script: str) -> None:
    """Add a glyph cut out of one of ``p``'s to ``p``: its feature and its distances to the templates."""
    p.feats[id(g)] = feature(g.mask)
    p.dists[id(g)] = _distances(p.feats[id(g)], _templates(_height(p.height), script)[0])


def _shape_of(g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page) -> str | None:
    """:func:`_shape` of a glyph cut out of one of ``p``'s (:func:`_measure`)."""
    _measure(g, p, script)
    return _shape(g, p, script, font, page if page.font is not None else None)


def _repaired(g: Glyph, p: _Pieces, script: str, font: int | None, page: _Page) -> tuple[str | None, Glyph]:
    """A glyph of no known shape read again without the specks a scan glued to it: (its digit or
    None, the glyph read). Tried in turn: the glyph above the digits' baseline (a speck touching
    from below); below the digits' top, then without a speck joined by one pixel's corner, kept
    only as a digit that never rises over the others (๐ ๑ ๒ ๓: the tails of ๖ ๗ ๘ ๙ do)."""
    height = p.height
    if (cut := _in_band(g, p.base, height)) is not None:
        # ink touching the digit from below (a speck): the digit without it
        ch = _shape_of(cut, p, script, font, page)
        if ch is not None:
            return ch, cut
        g = cut
    low = _under_top(g, p.top, height) or g
    for cut in (low, _without_corner_specks(low, height)):
        if cut is None or cut is g:
            continue
        if (ch := _shape_of(cut, p, script, font, page)) is not None and ch in LOW_DIGITS \
                and _nearest(p.dists[id(cut)], height, script)[0] == ch:
            # ... and the nearest shape of every font says so too: a Laksaman ๘ whose thin rising
            # tail was cut off is a far ๐ of its own font and nearest another font's ๓
            return ch, cut
    return None, g


def _without_corner_specks(g: Glyph, height: int) -> Glyph | None:
    """The glyph's largest 4-connected piece, when the pieces joined to it only by a pixel's corner
    are speck-sized; else None."""
    big = _largest(g, g.mask, diagonal=False)
    if big is None or big.mask.sum() == g.mask.sum() or big.height < SMALL * height:
        return None
    return big if int(g.mask.sum() - big.mask.sum()) <= SPECK * height * height else None


#: digits no higher than the others: the tails of ๔ ๕ ๖ ๗ ๘ ๙ may rise over the digits' top
LOW_DIGITS = "๐๑๒๓" + ARABIC_DIGITS


def _under_top(g: Glyph, top: float, height: int) -> Glyph | None:
    """The largest piece of a glyph below the digits' top, when thin ink of a speck's size rises
    over it (a speck's tail on a ๐); else None. The caller keeps it only when it is a digit that
    never rises."""
    lo = round(top - 0.1 * height) - g.y0
    if lo <= 0:
        return None
    over = np.flatnonzero(g.mask[:lo].any(axis=0))
    if g.mask[:lo].sum() > SPECK * height * height or over[-1] - over[0] + 1 > 0.3 * height:
        return None  # not a speck's thin tail: a curl of the digit itself (Kinnari's ๑)
    rows = g.mask.copy()
    rows[:lo] = False
    big = _largest(g, rows)
    return big if big is not None and big.height >= SMALL * height else None


def _core_height(g: Glyph) -> int:
    """A mark's height without a lone pixel at its top or bottom (a grain of the scan stuck to a
    point: "๘๐.๐๐๐" in Garuda, whose ๐ sets a short digit height, had a point five pixels tall)."""
    rows = g.mask.sum(axis=1)
    lo, hi = 0, len(rows)
    if hi - lo > 2 and rows[lo] <= 1:
        lo += 1
    if hi - lo > 2 and rows[hi - 1] <= 1:
        hi -= 1
    return hi - lo


def _punctuation(g: Glyph, height: int, top: float, base: float) -> str | None:
    """'.', ',', '-' or ':' by size and place against the digits' top and baseline."""
    h, w = g.height, g.width
    mid = (top + base) / 2
    if g.y0 >= base + 0.2 * height:
        return None  # wholly under the baseline: a comma's head and a point sit on it, a speck
    if g.y1 > base + 0.12 * height and g.y0 > mid and h >= 1.2 * w:
        return ","
    if g.y1 >= base - 0.2 * height and g.y0 > mid and w <= 2.0 * h and _core_height(g) <= 0.35 * height:
        return "."
    if w >= 1.8 * h and abs((g.y0 + g.y1) / 2 - mid) < 0.25 * height and h <= 0.25 * height:
        return "-"
    return None


def reread(
    gray: Gray, box: tuple[int, int, int, int], script: str = "thai", *, partial: bool = False
) -> str | None:
    """The number in ``box`` (left, top, right, bottom pixels) of a page, or None.

    The box is widened a little; a glyph that reaches the widened crop's left or right edge is cut
    by it, and the word is left alone.
    """
    return reread_all(gray, [box], [script], partial=partial)[0]


def _crop(gray: Gray, box: tuple[int, int, int, int]) -> Gray | None:
    """The ink of the glyphs inside ``box`` on white (see :func:`reread`), or None."""
    left, top, right, bottom = box
    h = bottom - top
    if h < MIN_HEIGHT or right <= left:
        return None
    for room in (0.35, 0.9):  # the tail of a ๖ ๗ ๘ ๙ may rise over Tesseract's box: more room once
        crop = _crop_with(gray, box, room)
        if not isinstance(crop, bool):
            return crop
        if not crop:
            return None
    return None


def _crop_with(gray: Gray, box: tuple[int, int, int, int], room: float) -> Gray | bool:
    """:func:`_crop` with ``room`` of the box's height above and below: the crop, or False when it
    has nothing of the number, or True when a glyph is cut at the crop's top or bottom."""
    left, top, right, bottom = box
    h = bottom - top
    px, py = max(3, round(0.6 * h)), max(2, round(room * h))
    y0, y1 = max(0, top - py), min(gray.shape[0], bottom + py)
    x0, x1 = max(0, left - px), min(gray.shape[1], right + px)
    crop = gray[y0:y1, x0:x1]
    ink = binarize(crop)
    # keep ink that belongs to glyphs centred inside the word's own box
    keep = np.zeros_like(ink)
    for g in _components(ink):
        cy = (g.y0 + g.y1) / 2 + y0
        # Tesseract's box may cut a digit's stem or tail off: a glyph a third inside belongs to it
        overlap = min(g.x1 + x0, right) - max(g.x0 + x0, left)
        if overlap < g.width / 3 or not top - 0.2 * h <= cy <= bottom + 0.2 * h:
            continue
        if g.x0 == 0 or g.x1 == ink.shape[1]:
            return False  # a glyph cut by the crop: a neighbour touches, or a line runs through
        if g.y0 == 0 or g.y1 == ink.shape[0]:
            return True  # cut at the top or bottom: a tail rising over the box (more room), or a line
        keep[g.y0 : g.y1, g.x0 : g.x1] |= g.mask
    if not keep.any():
        return False
    cols = np.flatnonzero(keep.any(axis=0))
    if (cols[-1] - cols[0] + 1) < 0.6 * (right - left):
        return False  # the glyphs do not fill the word's box: Tesseract's box is not this number's
    return np.where(keep, 0, 255).astype(np.uint8)


#: digits the tha model does know; where it printed one of these and we read another known one, the
#: two readings disagree and the word is left alone
KNOWN_DIGITS = "๐๑๒๓๕"


def agrees(ours: str, tesseract: str) -> bool:
    """Does our reading keep the digits Tesseract can read (๐ ๑ ๒ ๓ ๕) where both have one?

    Compared place by place only when both have the same length.

    >>> agrees("๒๕๖๔", "๒๕๒๕"), agrees("๐๑๒๐๔", "๐๑๒๓๕"), agrees("๔๗", "ee")
    (True, False, True)
    """
    if len(ours) != len(tesseract):
        return True
    pairs = zip(ours, tesseract, strict=True)
    return not any(a in KNOWN_DIGITS and b in KNOWN_DIGITS and a != b for a, b in pairs)
