"""Repair and judge the Thai text of one PDF page's text layer.

:func:`repair_layer` undoes what text extraction leaves in Thai text (private-use glyphs, control
characters, U+FFFD and ``(cid:N)``, ํ+า for ำ, tone marks before upper vowels, doubled marks) on top of
:func:`normalizers.text.clean`. :func:`judge_orthography` scores the repaired text by Thai orthography
(dangling marks, impossible mark order, the balance of ำ and า, the share of Thai text that is
dictionary words, Latin junk over Thai) and says whether the page is ``usable``, ``repairable`` by a
fixed map (a producer that maps every า glyph to ำ: :func:`undo_am_for_aa`) or ``unusable`` (OCR it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from normalizers.text import clean

# อักขระควบคุม, U+FFFD และ (cid:N) ของ pdfminer ไม่ใช่ข้อความ: ทิ้ง (tab and newline are kept)
_DROP = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]|\(cid:\d+\)")

# สระที่ขึ้นต้นคำไม่ได้ (ะ า ำ ๅ): ช่องว่างหน้าสระเหล่านี้เกิดจากการแยกคำผิดที่ (poppler "เป้ าหมาย")
# (a space before a vowel no word starts with is an extraction artefact)
_SPACE_BEFORE_VOWEL = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e30\u0e32\u0e33\u0e45])")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# เครื่องหมายที่ไม่มีพยัญชนะรองรับ (a mark after no Thai base: start, space, Latin, digit)
#: the pieces of Thai orthography a sound text layer never breaks (regex fragments, shared with the
#: PDFium page judge in extractors/pdf_text.py)
#: เครื่องหมายที่ไม่มีพยัญชนะรองรับ (a mark after no Thai base: start, space, Latin, digit)
DANGLING_MARK = r"(?:^|(?<=[^\u0e01-\u0e4e]))[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
#: วรรณยุกต์ซ้อนวรรณยุกต์ (two tone marks)
TWO_TONES = r"[\u0e48-\u0e4b][\u0e48-\u0e4b]"
#: สระหน้าไม่ตามด้วยพยัญชนะ (a leading vowel followed by no consonant)
LEADING_VOWEL_ALONE = r"[\u0e40-\u0e44](?![\u0e01-\u0e2e])"
#: สระบนสองตัว (two upper vowels)
TWO_UPPER_VOWELS = r"[\u0e31\u0e34-\u0e37\u0e47][\u0e31\u0e34-\u0e37\u0e47]"

_DANGLING = re.compile(DANGLING_MARK)
# ลำดับที่ไม่มีในภาษาไทย: วรรณยุกต์ซ้อนวรรณยุกต์, สระบน/ล่างหลังวรรณยุกต์ (หรือการันต์), สระบนสองตัว,
# สระหน้าไม่ตามด้วยพยัญชนะ (two tone marks; an upper or lower vowel after a tone mark or thanthakhat;
# two upper vowels; a leading vowel followed by no consonant)
_BAD_ORDER = re.compile(
    TWO_TONES
    + r"|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a\u0e47]"
    + "|" + TWO_UPPER_VOWELS
    + "|" + LEADING_VOWEL_ALONE
)
SARA_AM = "\u0e33"
SARA_AA = "\u0e32"
NIKHAHIT = "\u0e4d"

MIN_THAI = 60  # fewer Thai letters: too little to judge by orthography (the page passes)
MAX_DANGLING = 0.02  # dangling marks per Thai letter
MAX_BAD_ORDER = 0.02  # impossible sequences per Thai letter
MIN_DICTIONARY = 0.55  # share of Thai letters inside dictionary words (real pages: 0.85-0.98)
MAX_LATIN_IN_THAI = 0.02  # Latin letters wedged between Thai letters, per Thai letter
AM_FOR_AA = 0.6  # ำ over ำ+า: above, every า was mapped to ำ (WeasyPrint); normal Thai ~0.1
MIN_AM_FOR_AA = 10  # and at least this many ำ

Verdict = Literal["usable", "repairable", "unusable"]


def repair_layer(text: str) -> str:
    """Thai repair of extracted text: drop controls, U+FFFD and (cid:N), then :func:`clean`.

    >>> repair_layer("ผลการด\\ufffdาเนินงาน(cid:7) ทํา ชีว้ ัด\\x03 เป้ าหมาย")
    'ผลการดาเนินงาน ทำ ชี้วัด เป้าหมาย'
    """
    return clean(_SPACE_BEFORE_VOWEL.sub("", _DROP.sub("", text)))


def undo_am_for_aa(text: str) -> str:
    """Undo a producer map that writes every า as ำ: a real ำ drawn as ํ+า comes out as ํำ.

    >>> undo_am_for_aa("ผลกำรดํำเนินงำน")
    'ผลการดำเนินงาน'
    """
    return text.replace(NIKHAHIT + SARA_AM, "\0").replace(SARA_AM, SARA_AA).replace("\0", SARA_AM)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], object]:
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    words = thai_words()
    return frozenset(words), Trie(words)


def dictionary_share(text: str) -> float:
    """Share of the Thai letters of ``text`` that lie in words of pythainlp's word list (newmm).

    >>> dictionary_share("สำนักงานเขตบางรักดำเนินการตามแผน")
    1.0
    >>> dictionary_share("") == 1.0
    True
    """
    from pythainlp.tokenize import word_tokenize

    words, trie = _dictionary()
    total = hit = 0
    for run in _THAI_RUN.findall(text):
        for tok in word_tokenize(run, custom_dict=trie, engine="newmm"):  # type: ignore[arg-type]
            total += len(tok)
            if len(tok) > 1 and tok in words:
                hit += len(tok)
    return hit / total if total else 1.0


#: สลับ ้ กับ ู: WeasyPrint ให้รหัสของรูปวรรณยุกต์โท (แบบต่ำ) เป็น ู และรูป ู เป็น ้ ในฟอนต์ TLWG
#: ("รูอยละ" = ร้อยละ, "ม้ล" = มูล); ตัดสินทีละตัวด้วยพจนานุกรม
#: (WeasyPrint gives the lowered MAI THO glyph the code of SARA UU and the reverse, in TLWG fonts)
MARK_SWAPS = {"\u0e49": "\u0e39", "\u0e39": "\u0e49"}
MIN_FLIPS = 5  # a page needs this many dictionary-confirmed swaps to be judged mapped wrongly
MIN_FLIP_SHARE = 0.1  # and this share of its ้ and ู


def _coverage(run: str) -> tuple[int, int]:
    """Letters in dictionary words, then fewer tokens: the better reading scores higher."""
    from pythainlp.tokenize import word_tokenize

    words, trie = _dictionary()
    tokens = word_tokenize(run, custom_dict=trie, engine="newmm")  # type: ignore[arg-type]
    return sum(len(t) for t in tokens if len(t) > 1 and t in words), -len(tokens)


def swap_marks(text: str) -> tuple[str, int]:
    """Swap ้ and ู where the swap makes more of the Thai run dictionary words; the count swapped.

    >>> swap_marks("รูอยละม้ลฝอยที่ใหูผลงานเพิ่มขึ้น")
    ('ร้อยละมูลฝอยที่ให้ผลงานเพิ่มขึ้น', 3)
    """
    flips = 0
    out: list[str] = []
    last = 0
    for m in _THAI_RUN.finditer(text):
        run = m.group()
        if "\u0e49" in run or "\u0e39" in run:
            best = _coverage(run)
            for k, ch in enumerate(run):
                if ch in MARK_SWAPS:
                    trial = run[:k] + MARK_SWAPS[ch] + run[k + 1 :]
                    score = _coverage(trial)
                    if score > best:
                        run, best, flips = trial, score, flips + 1
        out.append(text[last : m.start()] + run)
        last = m.end()
    out.append(text[last:])
    return "".join(out), flips


def undo_mark_swap(text: str) -> tuple[str, bool]:
    """:func:`swap_marks` applied only when the page is clearly mapped wrongly (enough swaps)."""
    marks = text.count("\u0e49") + text.count("\u0e39")
    if marks < MIN_FLIPS:
        return text, False
    fixed, flips = swap_marks(text)
    if flips >= MIN_FLIPS and flips >= MIN_FLIP_SHARE * marks:
        return fixed, True
    return text, False


@dataclass(frozen=True, slots=True)
class Orthography:
    """Orthography scores of one page's repaired text, and the verdict."""

    thai: int
    dangling: float
    bad_order: float
    am_share: float
    dictionary: float
    latin_in_thai: float
    verdict: Verdict
    problem: str | None


def judge_orthography(text: str) -> Orthography:
    """Judge repaired page text by Thai orthography (see the module notes).

    >>> judge_orthography("ผลการดำเนินงานของสำนักงานเขตบางรักตามแผนงานประจำปี " * 3).verdict
    'usable'
    >>> judge_orthography("ผลกำรดำเนินงำนของสำนักงำนเขตบำงรักตำมแผนงำนประจำปี " * 3).verdict
    'repairable'
    >>> judge_orthography("ผ ิ ล ั ก ่ ร ้ า น ี ม ื ด ุ ส ู " * 8).problem
    'dangling marks'
    """
    thai = len(_THAI.findall(text))
    if thai < MIN_THAI:
        return Orthography(thai, 0.0, 0.0, 0.0, 1.0, 0.0, "usable", None)
    dangling = len(_DANGLING.findall(text)) / thai
    bad = len(_BAD_ORDER.findall(text)) / thai
    am, aa = text.count(SARA_AM), text.count(SARA_AA)
    am_share = am / (am + aa) if am + aa else 0.0
    latin = len(re.findall(r"(?<=[\u0e01-\u0e4e])[A-Za-z\u00c0-\u024f]+(?=[\u0e01-\u0e4e])", text)) / thai
    problem: str | None = None
    verdict: Verdict = "usable"
    if dangling > MAX_DANGLING:
        problem = "dangling marks"
    elif bad > MAX_BAD_ORDER:
        problem = "marks in impossible order"
    elif latin > MAX_LATIN_IN_THAI:
        problem = "Latin junk inside Thai words"
    if problem is None and am >= MIN_AM_FOR_AA and am_share > AM_FOR_AA:
        verdict, problem = "repairable", "every SARA AA printed as SARA AM"
        share = dictionary_share(undo_am_for_aa(text))
    else:
        share = dictionary_share(text) if problem is None else 0.0
    if problem is None and share < MIN_DICTIONARY:
        problem = "few dictionary words"
    if problem is not None and verdict != "repairable":
        verdict = "unusable"
    elif verdict == "repairable" and share < MIN_DICTIONARY:
        verdict = "unusable"
    return Orthography(
        thai, round(dangling, 4), round(bad, 4), round(am_share, 3), round(share, 3), round(latin, 4),
        verdict, problem,
    )
