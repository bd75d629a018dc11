"""Numeric table cells of a scan re-read by a constrained Tesseract pass, with a confidence.

The page's one Tesseract pass (``tha``) reads figures with a Thai model: "100.000" comes out
"100 000", "3.2" as "3 2", "5.2" as "5 >". A table cell whose text is a figure (digits, separators,
%, and the marks a misread leaves) is cut out of the cleaned page; all such cells of a page are
stacked into ONE strip image and read by ONE more ``tesseract -l eng --psm 6`` restricted to
``0-9 . , % -`` (a small image: a few percent of the page's pixels). Each figure keeps the
reading's confidence (0-1); a cell whose two readings disagree, or whose reading is not a well
formed number, is uncertain (:data:`extractors.records.Figure.confidence` below ``CERTAIN``).

Thai-digit cells are not re-read here: the ``eng`` model has no Thai digits and the ``tha`` model
lacks ๔ ๖ ๗ ๘ ๙; their glyphs are matched against templates (:mod:`extractors.ocr_digits`).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from extractors import ocr_digits
from extractors.ocr_digits import Gray
from extractors.settings import OCR, OcrSettings

#: a reading at least this confident is certain
CERTAIN = 0.8
#: confidence of a figure two readings agree on; of the glyph templates' reading alone (every glyph
#: matched a template closely: see extractors.ocr_digits); of any other single reading
AGREED = 0.95
#: the glyphs' reading whose digits another reading confirms (it alone saw a separator)
GLYPHS_CONFIRMED = 0.9
#: the page pass and the constrained pass agree, no glyph reading: both may drop the same point
TWO_PASSES = 0.85
#: both Tesseract passes agree on digits the glyph reading does not have
PASSES_OVER_GLYPHS = 0.75
GLYPHS_ALONE = 0.7
SAME_DIGITS = 0.6
ALONE = 0.5

#: a cell the page pass read as a figure, possibly with misread separators
_FIGURE_LIKE = re.compile(r"^[\s0-9๐-๙.,%:;'\"°>|\-_]+$")
_DIGIT = re.compile(r"[0-9๐-๙]")
_THAI_DIGIT = re.compile(r"[๐-๙]")
#: a well-formed figure: 1,234.56  100.000  95.5%  2.2  3.3.1  -
_NUMBER = re.compile(r"^-?(?:[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+|[0-9๐-๙]+)(?:\.[0-9๐-๙]+)*%?$")


@dataclass(frozen=True, slots=True)
class Reading:
    """A numeric cell's text after the constrained pass, and how sure it is (0-1)."""

    text: str
    confidence: float

    @property
    def certain(self) -> bool:
        return self.confidence >= CERTAIN


def is_figure_like(text: str) -> bool:
    """Whether the page pass's text of a cell looks like a figure (Arabic digits)."""
    return bool(_FIGURE_LIKE.match(text)) and bool(_DIGIT.search(text))


def is_thai_figure_like(text: str) -> bool:
    """On a page in Thai digits: a short cell of Thai digits, separators and what the tha model
    writes for ๔ ๖ ๗ ๘ ๙ (Latin letters, a Thai letter, two among three digits or more).

    >>> [is_thai_figure_like(t) for t in ("ส๐.๐๐๐", "ro", "๑๐๐.๐๐๐", "ร้อยละ", "ระดับ ๕", "สผ่.๐๐๐", "ข้อ ๑")]
    [True, True, True, False, False, True, False]
    >>> [is_thai_figure_like(t) for t in ("#0.000", "#.000", "๑๓.๕็๐๐", "#", "ที่ ๑")]
    [True, True, True, False, False]
    """
    t = "".join(text.split())
    if not t or len(t) > 12 or not _THAI_OR_LATIN.match(t):
        return False
    letters = len(_THAI_LETTER.findall(t))
    if letters > 1 and not (letters == 2 and len(_THAI_DIGIT.findall(t)) >= 3):
        return False
    # ... or digits behind one mark for a blurred first digit ("#0.000", "#.000" for ๙๐.๐๐๐, ๙.๐๐๐)
    return bool(_THAI_DIGIT.search(t)) or (t.isascii() and t.isalpha() and len(t) <= 4) \
        or bool(re.fullmatch(r"[#@A-Za-z]?[.,]?[0-9][0-9.,]*", t))


def may_be_figure(text: str) -> bool:
    """A short cell that may be a figure OCR damaged (letters for digits, a mark glued on): some
    digits or Latin letters, at most three Thai letters and marks, and mostly not Thai. Taken as a
    figure only in a column of figures, and only when the glyphs read it as one.

    >>> [may_be_figure(t) for t in ("@.000", "๑ณั๐๐", "ใ๒๒๐.๐๐๐", "om.", "ณ")]
    [True, True, True, True, True]
    >>> [may_be_figure(t) for t in ("ส.๔ต", "ส ๓ร", "สต. ส่อ๘ ด", "สต. ต๓๐")]
    [True, True, True, True]
    >>> [may_be_figure(t) for t in ("ร้อยละ", "ระดับ ๕", "-", "ค่าคะแนน", "ไม่มี", "ร้อยละ ๕๐")]
    [False, False, False, False, False, False]
    """
    t = "".join(text.split())
    if len(t) == 1 and _THAI_LETTER.match(t):
        return True  # one digit the tha model wrote as a letter ("ณ" for ๕)
    if not t or len(t) > 12 or not re.search(r"[0-9๐-๙A-Za-z@]", t):
        return False
    thai = len(_THAI_LETTER_OR_MARK.findall(t))
    if thai <= 3 and 2 * thai < len(t):
        return True
    # ตัวเลขไทยที่ tha อ่านเป็นอักษร ("ส.๔ต" for ๔.๔๙๗): a point or a digit among letters that
    # make no word (no more than three Thai letters and marks in a row)
    runs = _THAI_LETTER_OR_MARK_RUN.findall(t)
    return bool(re.search(r"[.0-9๐-๙]", t)) and max(map(len, runs), default=0) <= 3


_THAI_LETTER_OR_MARK = re.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]")
_THAI_LETTER_OR_MARK_RUN = re.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]+")
# '#' '@' and mai taikhu (็) are what the tha model writes for a blurred digit or a speck over one
_THAI_OR_LATIN = re.compile(r"^[๐-๙0-9A-Za-z.,%:;'\"|#@\-\u0e01-\u0e2e\u0e47-\u0e4b]+$")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")


def well_formed(text: str) -> bool:
    return bool(_NUMBER.match(text))


Box = tuple[int, int, int, int]


def strip_spacing(settings: OcrSettings = OCR) -> tuple[int, int]:
    """(pad, gap) in pixels of a strip of cell crops: the margin around each crop, the white between."""
    return max(2, settings.dpi // 60), max(12, settings.dpi // 8)


def strip(gray: Gray, boxes: Sequence[Box], pad: int, gap: int) -> tuple[Gray, list[int]]:
    """The cells' crops stacked top to bottom on white; the top of each crop in the strip."""
    h, w = gray.shape
    crops = []
    for x0, y0, x1, y1 in boxes:
        crops.append(gray[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - pad) : min(w, x1 + pad)])
    width = max(c.shape[1] for c in crops) + 2 * gap
    height = sum(c.shape[0] for c in crops) + gap * (len(crops) + 1)
    strip = np.full((height, width), 255, np.uint8)
    tops: list[int] = []
    y = gap
    for c in crops:
        strip[y : y + c.shape[0], gap : gap + c.shape[1]] = c
        tops.append(y)
        y += c.shape[0] + gap
    return strip, tops


def read_strip(strip: Gray, binary: str, settings: OcrSettings = OCR) -> str:
    """TSV of the constrained pass over a strip (one single-threaded process); '' on failure."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="thaireport-num-") as tmp:
        path = Path(tmp) / "strip.png"
        Image.fromarray(strip).save(path)
        cmd = [binary, str(path), "stdout", "-l", settings.number_lang, "--psm", "6",
               "--dpi", str(settings.dpi), "-c", f"tessedit_char_whitelist={settings.number_chars}", "tsv"]
        try:
            done = subprocess.run(cmd, capture_output=True, env=env, timeout=settings.timeout_s, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return ""
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def reread(
    gray: Gray,
    boxes: Sequence[tuple[int, int, int, int]],
    originals: Sequence[str],
    binary: str,
    settings: OcrSettings = OCR,
    font: int | None = None,
    words: Sequence[str | None] | None = None,
) -> list[Reading]:
    """Readings of the numeric cells at ``boxes`` (pixels) whose page-pass texts are ``originals``
    (``font``: the page's template font where known, see :func:`extractors.ocr_digits.reread_all`;
    ``words``: a cell's figure as the glyph reader read it in the page's words, or None: it fills
    the glyphs this reading does not know, and is no vote).

    Three readings vote: the page pass, the glyph templates (:func:`extractors.ocr_digits.reread`)
    and, for Arabic digits, the constrained pass over all the cells at once (:func:`read_strip`).
    """
    if not boxes:
        return []
    # Thai digits where the cell has more of them than Arabic digits, or no digit (Thai digits
    # misread as letters);
    # on a page of Thai-digit cells, a cell tha read in Arabic digits is a Thai one misread too
    thai = [len(_THAI_DIGIT.findall(t)) >= len(re.findall("[0-9]", t)) for t in originals]
    thai_page = 2 * sum(thai) > len(thai)
    thai = [t or thai_page for t in thai]
    arabic = [k for k, t in enumerate(thai) if not t]
    found = _constrained([boxes[k] for k in arabic], gray, binary, settings)
    constrained = dict(zip(arabic, found, strict=True))
    scripts = ["thai" if t else "arabic" for t in thai]
    if ocr_digits.available():
        glyphs = ocr_digits.reread_all(gray, boxes, scripts, partial=True, font=font)
    else:
        glyphs = [None] * len(boxes)
    others = list(words) if words is not None else [None] * len(boxes)
    out = [judge(originals[k], constrained.get(k), glyphs[k], others[k]) for k in range(len(boxes))]
    # an Arabic-digit figure on a Thai-digit page is a misreading: never certain
    return [Reading(r.text, min(r.confidence, SAME_DIGITS)) if thai_page and re.search("[0-9]", r.text) else r
            for r in out]


def _constrained(
    boxes: Sequence[tuple[int, int, int, int]], gray: Gray, binary: str, settings: OcrSettings
) -> list[tuple[str, float]]:
    """(text, confidence 0-1) of each box from one constrained pass over their strip."""
    if not boxes:
        return []
    pad, gap = strip_spacing(settings)
    image, tops = strip(gray, boxes, pad, gap)
    words: list[tuple[int, int, str, float]] = []  # (middle y, left, text, conf)
    for row in read_strip(image, binary, settings).splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            words.append((int(cols[7]) + int(cols[9]) // 2, int(cols[6]), cols[11].strip(), float(cols[10])))
    out: list[tuple[str, float]] = []
    for top, box in zip(tops, boxes, strict=True):
        bottom = top + (box[3] - box[1]) + 2 * pad
        mine = sorted((w for w in words if top - gap // 2 <= w[0] < bottom + gap // 2), key=lambda w: w[1])
        out.append(("".join(w[2] for w in mine), min((w[3] for w in mine), default=0.0) / 100.0))
    return out


def _digits(text: str) -> str:
    return re.sub(r"[^0-9๐-๙]", "", text)


def _fill(page: str | None, glyph: str) -> str | None:
    """The glyphs' reading with each unknown glyph ('?') filled by the page pass's digit in its
    place, where both have the same marks in the same places; None otherwise.

    >>> _fill("๑๐", "?๐"), _fill("๑", "?"), _fill("๑๐", "?.๐"), _fill(None, "?๐")
    ('๑๐', '๑', None, None)
    """
    if page is None or len(page) != len(glyph):
        return None
    out = []
    for a, b in zip(page, glyph, strict=True):
        unsure = not a.isdigit() or (_THAI_DIGIT.match(a) is not None and a not in THA_SURE)
        if (b == "?" and unsure) or (b != "?" and a.isdigit() != b.isdigit()):
            return None
        out.append(a if b == "?" else b)
    return "".join(out)


def _fill_parts(page: str, glyph: str) -> str | None:
    """:func:`_fill` part by part about the decimal point, where the page pass's text is no figure
    as a whole but its part holding the unknown glyphs is: "๑๕.๕6แห" fills "?๘.๘๗๓" (its ๑).

    When the page pass lost the point, its digits fill the glyphs' digits place by place, if as
    many: "๑๐๐๐๐" fills "?๖.๐๐๐". So do the Arabic digits of the constrained pass, which drops
    points ("91929" fills "?1.?2?"), where they agree with every digit the glyphs know.

    >>> _fill_parts("๑๕.๕6แห", "?๘.๘๗๓"), _fill_parts("๕๕.x", "?๘.๘๗๓"), _fill_parts("๑๕", "?๘.๘")
    ('๑๘.๘๗๓', None, None)
    >>> _fill_parts("๑๐๐๐๐", "?๖.๐๐๐"), _fill_parts("๑๐๐๐", "?๖.๐๐๐")
    ('๑๖.๐๐๐', None)
    >>> _fill_parts("91929", "?1.?2?"), _fill_parts("97929", "?1.?2?")
    ('91.929', None)
    """
    a, b = page.split("."), glyph.split(".")
    if len(a) == 1 and len(b) > 1 and re.fullmatch("[๐-๙]+|[0-9]+", page):
        # the page pass's digits only, as many as the glyphs' digits and unknowns
        slots = [k for k, ch in enumerate(glyph) if ch == "?" or ch.isdigit()]
        digits = _digits(page)
        if len(digits) != len(slots):
            return None
        out = list(glyph)
        for k, d in zip(slots, digits, strict=True):
            if d.isascii() and glyph[k] not in ("?", d):
                return None  # an Arabic reading that disagrees with a digit the glyphs know
            if glyph[k] == "?":
                if _THAI_DIGIT.match(d) and d not in THA_SURE:
                    return None
                out[k] = d
        return "".join(out)
    return _by_parts(page, glyph, _fill) if len(b) >= 2 else None


def _by_parts(source: str, glyph: str, fill: Callable[[str, str], str | None]) -> str | None:
    """The glyphs' reading with each part about the decimal point that holds an unknown glyph
    filled from ``source``'s part in its place (``fill``); None when the parts do not pair up or
    one cannot be filled."""
    a, b = source.split("."), glyph.split(".")
    if len(a) != len(b):
        return None
    out = []
    for x, y in zip(a, b, strict=True):
        if "?" not in y:
            out.append(y)
        elif (got := fill(x, y)) is not None:
            out.append(got)
        else:
            return None
    return ".".join(out)


#: Thai digits the tha model reads reliably (it writes ๕ for ๘ or ๔, ๒ for ๖, ๓ for ๙, letters
#: for ๔ ๖ ๗ ๘ ๙): a glyph of no known shape is filled from these only; where the glyphs read
#: another digit, theirs wins (tha writes ๑ for ๐ and ๓, ๓ for ๑: "๑๑๐.๐๐๐" for ๑๐๐.๐๐๐)
THA_SURE = "๐๑"


def _fill_from(other: str | None, glyph: str) -> str | None:
    """The glyphs' reading with each unknown glyph filled by the digit in its place in ``other``, the
    glyph reader's own reading of the same figure in another crop (the page's words), part by part
    about the decimal point; None where the parts' lengths differ or a place is no digit there.

    >>> _fill_from("๑.๐๕๙", "๘๑.๐๕?"), _fill_from("๑.๐๕", "๘๑.๐๕?"), _fill_from(None, "?")
    ('๘๑.๐๕๙', None, None)
    >>> _fill_from("๑.๐", "?๑.๐")
    """
    if other is None:
        return None

    def fill(x: str, y: str) -> str | None:
        if len(x) != len(y) or any(q == "?" and not d.isdigit() for d, q in zip(x, y, strict=True)):
            return None
        return "".join(d if q == "?" else q for d, q in zip(x, y, strict=True))

    return _by_parts(other.strip().strip(".,"), glyph, fill)


def judge(
    original: str, constrained: tuple[str, float] | None, glyphs: str | None, other: str | None = None
) -> Reading:
    """The cell's figure by vote of up to three readings; two that agree make it certain.

    Readings are compared without a leading or trailing mark (a speck by the figure, or the full
    stop of an item number "1.", which is put back when the page pass saw it). The glyph
    templates' reading wins when well formed (it sees every mark; Tesseract drops decimal points);
    without it, two passes that agree are trusted, and two with the same digits give the one with
    more separators, uncertain.

    >>> judge("100 000", ("100.000", 0.9), "100.000")
    Reading(text='100.000', confidence=0.95)
    >>> judge("1.", ("1", 0.9), "1.")
    Reading(text='1.', confidence=0.95)
    >>> judge("1", ("1", 0.9), "1.")
    Reading(text='1.', confidence=0.7)
    >>> judge("10.", ("10", 0.9), "10"), judge("@.1", None, "1.")
    (Reading(text='10.', confidence=0.7), Reading(text='1.', confidence=0.7))
    >>> judge("2.2", ("22", 0.9), None)
    Reading(text='2.2', confidence=0.6)
    >>> judge("32", ("3.2", 0.9), "3.2")
    Reading(text='3.2', confidence=0.95)
    >>> judge("32", ("32", 0.9), "3.2")
    Reading(text='32', confidence=0.6)
    >>> judge("๓๒", None, "๓.๒")
    Reading(text='๓.๒', confidence=0.9)
    >>> judge("100.000", ("100.000", 0.8), "140.000")
    Reading(text='100.000', confidence=0.75)
    >>> judge("100 000", ("10000", 0.9), None).certain
    False
    """
    page_raw = original.strip()
    page_dot = dot = page_raw.endswith(".")
    glyph_dot = False

    def norm(t: str | None) -> str | None:
        t = (t or "").strip().strip(".,")
        return t if t and well_formed(t) else None

    def done(t: str, conf: float) -> Reading:
        if not (dot and not re.search(r"[.,]", t)):
            return Reading(t, conf)
        # a full stop one reading alone saw (the page pass, or the glyphs) may be a speck of its
        # size by the digit: not certain
        both = page_dot and (glyph is None or glyph_dot)
        return Reading(t + ".", conf if both else min(conf, GLYPHS_ALONE))

    page, filled = norm(page_raw), False
    if glyphs and "?" in glyphs:
        # glyphs of no known shape: the page pass's digits fill them in, or the reading is dropped
        end = "." if glyphs.strip().endswith(".") else ""
        bare = glyphs.strip().strip(".,")
        # ... or the glyph reader's digits where it read the same figure surely in the page's words
        # (``other``: a glyph touched by a speck in one crop is clear of it in the other)
        filled_in = _fill(page, bare) or _fill_parts(page_raw, bare) or _fill_from(other, bare) \
            or (_fill_parts(constrained[0].strip().strip(".,"), bare) if constrained else None)
        glyphs, filled = (filled_in + end if filled_in else None), True
    cons, glyph = norm(constrained[0] if constrained else None), norm(glyphs)
    if glyph and glyphs and glyphs.strip().endswith("."):
        glyph_dot = dot = True  # the glyphs saw the full stop of an item number "1." (see done)
    if filled and glyph:
        # only what the page pass read: never certain
        return done(glyph, SAME_DIGITS)
    others = [t for t in (page, cons) if t]
    if glyph and page and page == cons and _digits(page) != _digits(glyph):
        # both Tesseract passes read other digits than the glyphs: theirs, but not certain
        return done(page, PASSES_OVER_GLYPHS)
    if glyph:
        # the glyphs see every mark; another reading with the same digits confirms them
        same = [t for t in others if _digits(t) == _digits(glyph)]
        longer = [t for t in same if len(t) > len(glyph) and not t.startswith("-")]  # a speck reads '-'
        if longer:
            return done(max(longer, key=len), SAME_DIGITS)  # a point the glyphs took for grain
        if glyph in others:
            return done(glyph, AGREED)
        if same and page == cons:
            # a mark both Tesseract passes agree is not there: theirs when the glyphs' extra mark is
            # a point inside the figure (a speck between two digits reads as one), else the glyphs'
            inner = re.sub(r"[.,]", "", glyph[1:-1]) != glyph[1:-1]
            return done(page if inner and page else glyph, SAME_DIGITS)
        if same:
            return done(glyph, GLYPHS_CONFIRMED)
        return done(glyph, GLYPHS_ALONE)
    if page and cons:
        if page == cons:
            return done(page, TWO_PASSES)
        if _digits(page) == _digits(cons):
            # same digits: the reading with more separators (a dropped point), else the page pass's
            return done(page if len(page) >= len(cons) else cons, SAME_DIGITS)
    if page:
        return done(page, ALONE)
    if cons:
        return done(cons, min(constrained[1] if constrained else 0.0, ALONE))
    return Reading(page_raw, 0.0)
