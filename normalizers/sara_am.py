"""Restore SARA AM (ำ) that a text layer or OCR lost entirely ("สานักงาน" for "สำนักงาน").

Some producers' PDFs and some OCR output print every ำ as า. Labels and names survive this through
:func:`normalizers.text.fold`, but narrative text handed to people should read as printed. The repair
is dictionary-driven and deliberately narrow:

- it runs only on text that *looks* SARA-AM-lost as a whole (:func:`sara_am_lost`): plenty of Thai,
  almost no ำ, and more words that are only words with ำ than words that still have ำ;
- a word is restored only when the tokenizer, given pythainlp's word list plus the "lost" spellings,
  picks the lost spelling as a whole token, and that spelling is not itself a word. So นา/ทา/น้า
  (real words) stay as printed: we never guess between two real words.

>>> restore_sara_am("สานักงานเขตบางรักดาเนินการตามแผน")
'สำนักงานเขตบางรักดำเนินการตามแผน'
>>> restore_sara_am("ทาให้")  # ทำให้ is a word, ทาให้ is not
'ทำให้'
>>> restore_sara_am("นาข้อมูลไปใช้")  # นา is a word as printed: never guess between two words
'นาข้อมูลไปใช้'
"""

from __future__ import annotations

from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

SARA_AM = "\u0e33"
SARA_AA = "\u0e32"
NIKHAHIT = "\u0e4d"

#: ไม่ถือว่าข้อความเสียถ้ามีอักษรไทยน้อยกว่านี้ (too little Thai to judge)
MIN_THAI_LETTERS = 400
#: ในเอกสารราชการ ำ พบราว 1 ใน 100 อักษร; ต่ำกว่า 1 ใน 1,000 ถือว่าสระอำหาย
MAX_AM_SHARE = 0.001


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], Trie]:
    """Lost spelling → real word (only where the lost spelling is no word), and the tokenizer's trie."""
    words = thai_words()
    lost = {}
    for word in words:
        if SARA_AM in word:
            key = word.replace(SARA_AM, SARA_AA)
            if key not in words and len(key) >= 3:
                lost[key] = word
    return lost, Trie([*words, *lost])


def _thai_letters(text: str) -> int:
    return sum(1 for ch in text if "\u0e01" <= ch <= "\u0e4e")


def sara_am_lost(text: str) -> bool:
    """Whether ``text`` as a whole reads as if every SARA AM was printed as SARA AA.

    >>> sara_am_lost("สำนักงานเขต " * 100)
    False
    >>> sara_am_lost("สานักงานเขตดาเนินการประจาปี " * 40)
    True
    """
    letters = _thai_letters(text)
    am = text.count(SARA_AM) + text.count(NIKHAHIT)
    if letters < MIN_THAI_LETTERS or am > letters * MAX_AM_SHARE:
        return False
    lost, trie = _lexicon()
    hits = sum(1 for tok in word_tokenize(text, custom_dict=trie, engine="newmm") if tok in lost)
    return hits >= 3 and hits > am


def restore_sara_am(text: str) -> str:
    """Put ำ back into every token that is a word only with ำ (see the module notes)."""
    if SARA_AA not in text:
        return text
    lost, trie = _lexicon()
    tokens = word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=True)
    return "".join(lost.get(tok, tok) for tok in tokens)
