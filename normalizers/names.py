"""Agency canonical names and indicator-name similarity.

Agency names come from the table ``normalizers/data/agencies.txt`` (Bangkok's 50 district offices
and the BMA departments) and are matched by :func:`normalizers.text.fold`, so damaged spellings
(lost SARA AM, lost tone marks, stray spaces, zero-width characters) still resolve.

>>> canonical_agency("สานักงานเขต บางรัก.....")
'สำนักงานเขตบางรัก'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from typing import TypeVar

from normalizers.text import fold, fold_index

# คำนำหน้าชื่อสำนักงานเขต และชื่อย่อ "เขต..." (district office prefix and its short form)
DISTRICT_OFFICE_PREFIX = "สำนักงานเขต"
DISTRICT_SHORT_PREFIX = "เขต"

# Match tiers: a full name or alias beats the short form "เขต<district>".
_TIER_FULL = 0
_TIER_SHORT = 1


@dataclass(frozen=True, slots=True)
class Agency:
    """One row of the agency table."""

    kind: str
    canonical: str
    aliases: tuple[str, ...]

    @property
    def district(self) -> str | None:
        """The district's name for a district office (บางรัก for สำนักงานเขตบางรัก), else None."""
        if self.kind != "district":
            return None
        return self.canonical.removeprefix(DISTRICT_OFFICE_PREFIX)


def parse_agency_table(text: str) -> tuple[Agency, ...]:
    """Parse the agency table: ``kind<TAB>canonical<TAB>alias|alias`` per line, ``#`` comments.

    >>> parse_agency_table("# x\\ndepartment\\tสำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร\\tสำนักงาน ก.ก.\\n")
    (Agency(kind='department', canonical='สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร', aliases=('สำนักงาน ก.ก.',)),)
    """
    rows: list[Agency] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, canonical, *rest = [*line.split("\t"), ""][:3]
        aliases = tuple(a.strip() for a in rest[0].split("|") if a.strip())
        rows.append(Agency(kind.strip(), canonical.strip(), aliases))
    return tuple(rows)


@cache
def agencies() -> tuple[Agency, ...]:
    """The agency table shipped with the package (read once)."""
    data = resources.files("normalizers").joinpath("data/agencies.txt").read_text(encoding="utf-8")
    return parse_agency_table(data)


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[str, int]]]:
    """A regex over folded names, longest first, and folded name -> (canonical, tier)."""
    keys: dict[str, tuple[str, int]] = {}
    for agency in agencies():
        for name in (agency.canonical, *agency.aliases):
            keys.setdefault(fold(name), (agency.canonical, _TIER_FULL))
        if agency.district is not None:
            keys.setdefault(fold(DISTRICT_SHORT_PREFIX + agency.district), (agency.canonical, _TIER_SHORT))
    ordered = sorted(keys, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in ordered)), keys


def _find(text: str) -> list[tuple[str, int, int, int]]:
    pattern, keys = _matcher()
    index = fold_index(text)
    found: list[tuple[str, int, int, int]] = []
    for m in pattern.finditer(index.folded):
        canonical, tier = keys[m.group()]
        found.append((canonical, index.starts[m.start()], index.ends[m.end() - 1], tier))
    return found


#: a folded name shorter than this is not matched with a misread letter
NEAR_MIN_LEN = 12


def near_agency(text: str) -> str | None:
    """The canonical agency whose full name starts ``text`` but for one letter OCR misread
    (substituted), when exactly one agency is that near; for text after an agency label only.

    >>> near_agency("สำนักงานเขตป้อมปราบศัตรูฟ่าย"), near_agency("สำนักงานเขตบางรัก"), near_agency("ฝ่ายโยธา")
    ('สำนักงานเขตป้อมปราบศัตรูพ่าย', None, None)
    """
    # ชื่อเต็มที่ OCR อ่านผิดหนึ่งตัว (พ อ่านเป็น ฟ): ชื่อยาวพอและตรงกับหน่วยงานเดียวเท่านั้น
    # (a long full name with one letter misread, and only one agency that near)
    key = fold(text.strip())
    found = {canonical for name, canonical in _full_names()
             if len(name) >= NEAR_MIN_LEN and len(key) >= len(name)
             and sum(a != b for a, b in zip(key, name, strict=False)) == 1}
    return found.pop() if len(found) == 1 else None


@cache
def _full_names() -> tuple[tuple[str, str], ...]:
    """(folded full name or alias, canonical name) of every agency."""
    return tuple((fold(n), a.canonical) for a in agencies() for n in (a.canonical, *a.aliases))


def find_agencies(text: str) -> list[tuple[str, int, int]]:
    """Every agency named in ``text``: (canonical name, start, end in the original text).

    Full names and aliases match, and the short form "เขต<district>"; a bare district name does not.

    >>> find_agencies("ประสานสำนัก การระบายน้ำ และเขตบางกอกน้อย")
    [('สำนักการระบายน้ำ', 6, 23), ('สำนักงานเขตบางกอกน้อย', 27, 40)]
    """
    return [(canonical, start, end) for canonical, start, end, _ in _find(text)]


def canonical_agency(text: str) -> str | None:
    """The canonical name of the agency named in ``text``, or None.

    A full name (or alias) wins over the short form "เขต<district>"; among equals the first one.

    >>> canonical_agency("สำนักงานเขตบางรัก")
    'สำนักงานเขตบางรัก'
    >>> canonical_agency("ผู้อำนวยการเขตบางกอกนอย")
    'สำนักงานเขตบางกอกน้อย'
    >>> canonical_agency("บางรัก") is None
    True
    """
    found = _find(text)
    if not found:
        return None
    return min(found, key=lambda f: (f[3], f[1]))[0]


_LEADING_NUMBERING = re.compile(r"^[\d.()\-\s]+")

K = TypeVar("K")


@lru_cache(maxsize=4096)
def _folded_name(name: str) -> str:
    """The form names are compared in: :func:`fold`, a leading number ("2.1", "1)") dropped."""
    return _LEADING_NUMBERING.sub("", fold(name))


@lru_cache(maxsize=4096)  # layout asks for the same pairs again and again (every row of a form)
def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two indicator names, by :func:`fold` and a leading number dropped.

    The ratio of difflib's SequenceMatcher over the folded names (spaces, tone marks and SARA AM
    do not count).

    >>> round(name_similarity("ระดับความสำเร็จคล่องในพื้นที่", "ระดับความสำเร็จของคลองในพื้นที่"), 3)
    0.943
    >>> name_similarity("1. ร้อยละของ ขยะ", "ร้อยละของขยะ")
    1.0
    >>> round(name_similarity("ร้อยละของขยะ", "ระดับความสำเร็จ"), 3)
    0.16
    """
    return SequenceMatcher(None, _folded_name(a), _folded_name(b), autojunk=False).ratio()


def best_name_match(name: str, candidates: Iterable[tuple[K, str]], threshold: float) -> K | None:
    """The key of the candidate name most like ``name`` when its :func:`name_similarity` reaches
    ``threshold``, else None; of equal scores the first candidate wins.

    >>> best_name_match("2.1 ร้อยละของขยะ", [("1.1", "ระดับความสำเร็จ"), ("2.1", "ร้อยละของ ขยะ")], 0.55)
    '2.1'
    >>> best_name_match("ร้อยละของขยะ", [("1.1", "ระดับความสำเร็จ")], 0.55) is None
    True
    """
    best: tuple[float, K] | None = None
    for key, other in candidates:
        score = name_similarity(name, other)
        if best is None or score > best[0]:
            best = (score, key)
    return best[1] if best is not None and best[0] >= threshold else None
