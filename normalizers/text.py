"""Thai text repair and lost-mark-tolerant matching.

:func:`clean` repairs what PDF text layers and OCR do to Thai (private-use glyphs, marks detached or
out of order, decomposed SARA AM, zero-width characters); :func:`fold` builds a comparison key that
survives lost SARA AM and lost tone marks; :func:`find_label` finds a label in text by that key and
returns the span in the original text.

>>> clean("การดํา\u200bเนินงาน")
'การดำเนินงาน'
>>> fold("สานักงานเขต บางรัก") == fold("สำนักงานเขตบางรัก")
True
>>> find_label("ผลการดาเนินงาน ปี 2564", "ผลการดำเนินงาน")
(0, 14)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import regex

from normalizers.digits import to_arabic

# --- Character tables -------------------------------------------------------------------------

# รูปอักขระในพื้นที่ใช้งานส่วนตัว (PUA) ของฟอนต์ไทยรุ่นเก่า -> อักขระจริง
# (Windows U+F700-U+F71A and Mac U+F884-U+F89E, after HarfBuzz's Thai PUA fallback tables).
# Each row: the real characters, their Windows PUA glyphs, their Mac PUA glyphs (same order).
_PUA_GROUPS: tuple[tuple[str, str, str], ...] = (
    # ฐ ญ ไม่มีเชิง (tail-less ฐ / ญ, used above a below-vowel)
    ("ฐญ", "\uf700\uf70f", "\uf89e\uf89a"),
    # สระบนเลื่อนซ้าย (left-shifted ิ ี ึ ื)
    ("ิีึื", "\uf701\uf702\uf703\uf704", "\uf885\uf886\uf887\uf888"),
    # วรรณยุกต์และทัณฑฆาต ต่ำและเลื่อนซ้าย (shifted down-left ่ ้ ๊ ๋ ์)
    ("่้๊๋์", "\uf705\uf706\uf707\uf708\uf709", "\uf88c\uf88f\uf892\uf895\uf898"),
    # วรรณยุกต์และทัณฑฆาต ต่ำ (shifted down ่ ้ ๊ ๋ ์)
    ("่้๊๋์", "\uf70a\uf70b\uf70c\uf70d\uf70e", "\uf88b\uf88e\uf891\uf894\uf897"),
    # ไม้หันอากาศ นิคหิต ไม้ไต่คู้ เลื่อนซ้าย (left-shifted ั ํ ็)
    ("ัํ็", "\uf710\uf711\uf712", "\uf884\uf899\uf889"),
    # วรรณยุกต์และทัณฑฆาต เลื่อนซ้าย (left-shifted ่ ้ ๊ ๋ ์)
    ("่้๊๋์", "\uf713\uf714\uf715\uf716\uf717", "\uf88a\uf88d\uf890\uf893\uf896"),
    # สระล่างและพินทุ ลดต่ำ (lowered ุ ู ฺ)
    ("ฺุู", "\uf718\uf719\uf71a", "\uf89b\uf89c\uf89d"),
)
PUA_MAP: dict[str, str] = {
    glyph: real
    for reals, windows, mac in _PUA_GROUPS
    for glyphs in (windows, mac)
    for glyph, real in zip(glyphs, reals, strict=True)
}
_PUA_TABLE = str.maketrans(PUA_MAP)

SARA_AM = "ำ"
SARA_AA = "า"
NIKHAHIT = "ํ"
TONE_MARKS = "่้๊๋"
ABOVE_VOWELS = "ัิีึื"
BELOW_VOWELS = "ฺุู"
# เครื่องหมายที่ซ้อนบน/ล่างพยัญชนะ (combining marks of the Thai block)
THAI_MARKS = ABOVE_VOWELS + BELOW_VOWELS + "็" + TONE_MARKS + "์ํ๎"

# ลำดับมาตรฐานของเครื่องหมายบนพยัญชนะตัวเดียว: สระบน/ล่าง ก่อนวรรณยุกต์ แล้ว ์ แล้ว ํ
# (canonical stream order of the marks on one base: vowel, tone, thanthakhat, nikhahit)
_MARK_RANK: dict[str, int] = {
    **dict.fromkeys(ABOVE_VOWELS + BELOW_VOWELS + "็", 0),
    **dict.fromkeys(TONE_MARKS, 1),
    "์": 2,
    "ํ": 3,
    "๎": 3,
}

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_TABLE = str.maketrans({**dict.fromkeys(ZERO_WIDTH), "\u00a0": " ", "\u202f": " "})
#: any character that _PUA_TABLE or _ZERO_WIDTH_TABLE changes
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(k)) for k in {**_PUA_TABLE, **_ZERO_WIDTH_TABLE}) + "]")

# Thai letters for join_wrapped: consonants, vowels and marks; not ฯ ๆ ฿ digits or ๏ ๚ ๛.
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]")

_MARKS_CLASS = f"[{THAI_MARKS}]"
_SPACE_BEFORE_MARK = re.compile(rf"(?<=[\u0e01-\u0e4e]) +(?=[{THAI_MARKS}{SARA_AM}])")
# "ชีว้ ัด" -> "ชี้วัด": วรรณยุกต์ที่มาก่อนสระบนของพยัญชนะถัดไป เป็นของพยางค์ก่อนหน้า
# (a tone mark before an above vowel on the next base belongs to the previous syllable when that
# syllable has an upper vowel and no tone mark: x-sorted shaped PDFs scramble it so)
_TONE_ON_WRONG_BASE = re.compile(rf"([ก-ฮ][ิีึื])([ก-ฮ])([{TONE_MARKS}])(?=[{ABOVE_VOWELS}])")
_MARK_RUN = re.compile(rf"{_MARKS_CLASS}{{2,}}")
# สระอำ ที่แยกเป็น ํ + า ทุกลำดับ (SARA AM split into nikhahit + sara aa, in either order)
_AM_SPLIT = re.compile(rf"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}|{SARA_AA}([{TONE_MARKS}]?){NIKHAHIT}")
_TONE_AFTER_AM = re.compile(rf"{SARA_AM}([{TONE_MARKS}])")
_AM_DOUBLED = re.compile(rf"{SARA_AM}[{SARA_AM}{SARA_AA}]+")
_MARK_DOUBLED = re.compile(rf"({_MARKS_CLASS})\1+")
# อักษรละตินหนึ่งถึงสามตัวระหว่างพยัญชนะไทยกับสระบน/ล่างหรือวรรณยุกต์ของมัน ("ทaี", "มwoั", "ไมicc่"):
# เครื่องหมายไทยไม่เคยตามหลังอักษรละติน จึงเป็นเศษที่ OCR อ่านจากวรรณยุกต์ (one to three Latin letters
# between a Thai consonant and its mark are OCR junk read from a mark: a Thai mark never follows a
# Latin letter)
_LATIN_IN_THAI = re.compile(rf"(?<=[ก-ฮ{THAI_MARKS}])(?:[A-Za-z«»|'`\"‘’“”]|[a-z]{{2,3}})(?={_MARKS_CLASS})")

# Leading decoration ignored by startswith_label: spaces, HTML tags, Markdown emphasis, and any bullet:
# symbols (■ ▪ ❖ ➢ ✓), punctuation (• · * # ?), dashes, private-use glyphs (Wingdings bullets in PDFs),
# format characters, and U+FFFD (a bullet a legacy encoding could not hold). Never letters, digits or "(".
_LEADING_MARKUP = regex.compile(r"(?:\s|<[^<>]*>|_{2}|[\p{So}\p{Po}\p{Pd}\p{Co}\p{Cf}\p{Sk}>])*")


# --- clean ------------------------------------------------------------------------------------


def _sort_marks(match: re.Match[str]) -> str:
    return "".join(sorted(match.group(), key=_MARK_RANK.__getitem__))


def _join_am(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2) or "") + SARA_AM


def _repair_once(text: str) -> str:
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _TONE_ON_WRONG_BASE.sub(r"\1\3\2", text)
    text = _TONE_AFTER_AM.sub(rf"\1{SARA_AM}", text)
    text = _MARK_RUN.sub(_sort_marks, text)
    text = _AM_SPLIT.sub(_join_am, text)
    text = _AM_DOUBLED.sub(SARA_AM, text)
    text = _MARK_DOUBLED.sub(r"\1", text)
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """Repair Thai text from PDF text layers and OCR; idempotent; never NFKC.

    Steps: private-use glyphs to real characters; zero-width characters and soft hyphens removed,
    NBSP to space (done first so that they cannot hide a mark from its base); spaces before marks
    dropped; marks put in order (vowel before tone mark); SARA AM rebuilt from ํ + า in either order
    and from "ำา"; doubled marks collapsed; NFC. Digits are left alone.

    >>> clean("ทํา น้ํา นํ้า จําแนก")
    'ทำ น้ำ น้ำ จำแนก'
    >>> clean("ชีว้ ัด")
    'ชี้วัด'
    >>> clean("ร\uf70bอยละ ๒๕๖๔")
    'ร้อยละ ๒๕๖๔'
    """
    if _TRANSLATED.search(text):  # str.translate is slow on long text: only when there is work
        text = text.translate(_PUA_TABLE).translate(_ZERO_WIDTH_TABLE)
    for _ in range(8):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text


def drop_latin_in_thai(text: str) -> str:
    """OCR text without the Latin letters (one, or two to three lower-case) or the one quote, guillemet
    or bar between a Thai consonant and its mark (Tesseract reads a mark or a speck so); for OCR words
    only: it changes letters, which :func:`clean` never does.

    >>> [drop_latin_in_thai(t) for t in ("องค์ประกอบทaี ๒", "มwoัก ทีay่ ไมicc่", "องค«์ประกอบ", "Area ทั่วไป")]
    ['องค์ประกอบที ๒', 'มัก ที่ ไม่', 'องค์ประกอบ', 'Area ทั่วไป']
    """
    return _LATIN_IN_THAI.sub("", text)


# --- fold and label matching --------------------------------------------------------------------

# อักขระที่ตัดทิ้งเมื่อเปรียบเทียบ: วรรณยุกต์ ์ ็ ํ ฺ ๎ และอักขระความกว้างศูนย์
# (dropped by fold: tone marks, thanthakhat, maitaikhu, nikhahit, phinthu, yamakkan, zero-width)
_FOLD_DROP = frozenset(TONE_MARKS + "์็ํฺ๎" + ZERO_WIDTH)
# Characters whose immediate repetition fold collapses (doubled marks, "ำา" -> "าา").
_FOLD_COLLAPSE = frozenset(ABOVE_VOWELS + BELOW_VOWELS + SARA_AA)


class FoldedText(NamedTuple):
    """A folded comparison key with, for each of its characters, the span it came from.

    ``starts[k]`` is the index in the original text of the character that produced ``folded[k]``;
    ``ends[k]`` is one past the last original character of that cluster (it takes in the marks
    that fold dropped right after it).
    """

    folded: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@lru_cache(maxsize=4096)  # a pure function of one character: a few hundred distinct ones per document
def _fold_char(ch: str) -> str:
    """The folded form of one character (context-free part of :func:`fold`)."""
    ch = PUA_MAP.get(ch, ch)
    if ch in _FOLD_DROP or ch.isspace():
        return ""
    if ch == SARA_AM:
        return SARA_AA
    if "๐" <= ch <= "๙":
        return to_arabic(ch)
    if ch.isascii() or "\u0e00" <= ch <= "\u0e7f":
        return ch.lower()
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) or "\u0e00" <= c <= "\u0e7f")


@lru_cache(maxsize=16384)
def fold_index(text: str) -> FoldedText:
    """Fold ``text`` and keep the map from folded positions back to the original text.

    >>> fold_index("ทํา ๑")
    FoldedText(folded='ทา1', starts=(0, 2, 4), ends=(2, 3, 5))
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        piece = _fold_char(ch)
        if not piece:
            # เครื่องหมายที่ถูกตัดทิ้ง นับเป็นส่วนของพยัญชนะก่อนหน้า
            # (a dropped mark or zero-width character extends the cluster before it)
            if ends and ends[-1] == i and not ch.isspace():
                ends[-1] = i + 1
            continue
        for c in piece:
            if out and c == out[-1] and c in _FOLD_COLLAPSE:
                if ends[-1] == i:
                    ends[-1] = i + 1
                continue
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return FoldedText("".join(out), tuple(starts), tuple(ends))


def fold(text: str) -> str:
    """A comparison key that survives lost SARA AM, lost tone marks and spacing.

    Repairs like :func:`clean`, then: Thai digits to Arabic, ำ to า, tone marks, ์ ็ ํ dropped,
    whitespace dropped, Latin case folded. Vowels (ั ิ ี ุ ...) are kept, so unrelated words differ.
    ``fold(clean(x)) == fold(x)``.

    >>> fold("ผลการดำเนินงาน ๒๕๖๔") == fold("ผลการดาเนินงาน 2564")
    True
    >>> fold("ตัวชี้วัด")
    'ตัวชีวัด'
    >>> fold("กิน") == fold("กัน")
    False
    """
    return fold_index(text).folded


@lru_cache(maxsize=4096)
def _fold_label(label: str) -> str:
    return fold_index(label).folded


def find_label(text: str, label: str) -> tuple[int, int] | None:
    """Span ``(start, end)`` in ``text`` of the first occurrence of ``label``, compared by :func:`fold`.

    >>> find_label("■ ตัวชี้ว ัดที่ 1", "ตัวชี้วัด")
    (2, 12)
    >>> find_label("ไม่มี", "ตัวชี้วัด") is None
    True
    """
    key = _fold_label(label)
    if not key:
        return None
    index = fold_index(text)
    k = index.folded.find(key)
    if k < 0:
        return None
    return index.starts[k], index.ends[k + len(key) - 1]


def contains_label(text: str, label: str) -> bool:
    """Whether ``label`` occurs in ``text``, compared by :func:`fold`.

    >>> contains_label("สานักงานเขตบางรัก", "สำนักงานเขต")
    True
    """
    key = _fold_label(label)
    return bool(key) and key in fold_index(text).folded


def strip_decoration(text: str) -> str:
    """``text`` without the bullets, markup and spaces it starts with (see ``_LEADING_MARKUP``).

    >>> strip_decoration("<p>■ **จุดอ่อน**")
    'จุดอ่อน**'
    >>> strip_decoration("? จุดแข็ง"), strip_decoration("\uf0d8 ข้อเสนอแนะ"), strip_decoration("(1) ก")
    ('จุดแข็ง', 'ข้อเสนอแนะ', '(1) ก')
    """
    markup = _LEADING_MARKUP.match(text)
    return text[markup.end() :] if markup else text


def startswith_label(text: str, label: str) -> bool:
    """Whether ``text`` starts with ``label`` (by :func:`fold`), past spaces, bullets and markup.

    >>> startswith_label("<p>■ **ปัจจัยสนับสนุน**", "ปัจจัยสนับสนุน")
    True
    >>> startswith_label("ไม่มีปัจจัยสนับสนุน", "ปัจจัยสนับสนุน")
    False
    """
    key = _fold_label(label)
    if not key:
        return False
    return fold_index(strip_decoration(text)).folded.startswith(key)


# --- mark-tolerant regex -------------------------------------------------------------------------

#: one horizontal space: never a tab (a cell break) or a newline
HSPACE = r"[ \u00a0\u2000-\u200a\u202f\u3000]"
# เครื่องหมายที่ fold ตัดทิ้ง จึงหายได้: วรรณยุกต์ ไม้ไต่คู้ ทัณฑฆาต
# (marks fold drops, so a tolerant pattern lets them be lost: tone marks, maitaikhu, thanthakhat)
_LOSABLE = TONE_MARKS + "็์"
# เครื่องหมายบน/ล่างทุกตัว (every combining mark: vowels above and below, tones, ์ ํ ๎)
ANY_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"


def tolerant_atoms(word: str, *, loose_vowels: bool = False) -> list[str]:
    """Regex pieces, one per character of ``word``, that survive what OCR and PDF fonts do to marks.

    By :func:`fold`'s rules: a tone mark, ็ or ์ may be lost; ำ may be ำ, ำา, ํา or lost to า; a space
    is any run of horizontal spaces. With ``loose_vowels`` every mark (vowels above and below too)
    may be lost, swapped or doubled: zero to two marks of any kind, for long distinctive words only
    (month names: "กุมภาพนธ").
    """
    out = []
    for ch in word:
        if ch == SARA_AM:  # ำ: ำ, ำา, ํ+า, หรือหายเหลือ า
            out.append(f"(?:{NIKHAHIT}?{SARA_AA}|{SARA_AM}{SARA_AA}?)")
        elif loose_vowels and regex.fullmatch(f"[{ANY_MARKS}]", ch):
            out.append(f"[{ANY_MARKS}]{{0,2}}")
        elif ch in _LOSABLE:
            out.append(re.escape(ch) + "?")
        elif ch == " ":
            out.append(HSPACE + "*")
        else:
            out.append(re.escape(ch))
    return out


def tolerant_pattern(word: str, *, loose_vowels: bool = False) -> str:
    """Regex for ``word`` tolerant of damaged marks (:func:`tolerant_atoms`): the one such matcher.

    A word of fewer than three letters besides its tone marks must match exactly ("ข้อ" is not "ขอ").

    >>> [bool(re.fullmatch(tolerant_pattern(w), t)) for w, t in [("ร้อยละ", "รอยละ"), ("ข้อ", "ขอ")]]
    [True, False]
    >>> [bool(re.fullmatch(tolerant_pattern("วันทำการ"), w)) for w in ("วันทาการ", "วันทําการ", "วนทำการ")]
    [True, True, False]
    >>> [bool(re.fullmatch(tolerant_pattern(w, loose_vowels=True), t))
    ...  for w, t in [("กุมภาพันธ์", "กุมภาพนธ"), ("ประจำ", "ประจํา"), ("ตัน", "ติน")]]
    [True, True, True]
    >>> bool(re.fullmatch(tolerant_pattern("ตัน"), "ติน"))  # vowels kept: another word
    False
    """
    if sum(1 for ch in word if ch not in TONE_MARKS + "์") < 3:
        return re.escape(word)
    return "".join(tolerant_atoms(word, loose_vowels=loose_vowels))


# --- spacing --------------------------------------------------------------------------------------


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of a wrapped cell: no space between Thai letters, one space otherwise.

    >>> join_wrapped("ระดับความสำเร็จของการ", "ดำเนินงาน")
    'ระดับความสำเร็จของการดำเนินงาน'
    >>> join_wrapped("ร้อยละ", "88.31")
    'ร้อยละ 88.31'
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left or right
    if _THAI_LETTER.match(left[-1]) and _THAI_LETTER.match(right[0]):
        return left + right
    return f"{left} {right}"


_WHITESPACE_RUN = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Every run of whitespace (tabs and newlines too) to one space, ends stripped.

    >>> collapse_spaces("  สำนักงาน \\u00a0 เขต\\tบางรัก ")
    'สำนักงาน เขต บางรัก'
    """
    return _WHITESPACE_RUN.sub(" ", text).strip()
