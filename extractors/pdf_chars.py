"""Text-layer characters from PDFium, Thai marks re-attached by geometry, lines rebuilt from baselines.

PDFium gives every character with its box, fast (an 84-page budget bill in about a second). Shaped
Thai PDFs write marks out of stream order (``ผลสมฤทธ ั Í ิ`` for ผลสัมฤทธิ์), so each combining mark is
attached to the base character it sits over, and lines (:class:`TextRun`) are rebuilt from
baselines, with spaces and column breaks from the gaps (:func:`assemble_lines`).
:mod:`extractors.pdf_text` makes cells, paragraphs and pages of them.

Bounding boxes are ``(x0, top, x1, bottom)`` in PDF points from the top-left of the page, as in
pdfplumber.
"""

from __future__ import annotations

import bisect
import ctypes
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.records import BBox
from extractors.settings import LINES, LineSettings
from normalizers.text import PUA_MAP, THAI_MARKS

# --- Data tables ----------------------------------------------------------------------------------

# รหัสอักขระที่ฟอนต์บางตัว (ToUnicode ผิด) ส่งออกแทนวรรณยุกต์: ใช้เฉพาะเมื่ออักขระนั้นลอยอยู่เหนือ
# พยัญชนะ (ตำแหน่งของเครื่องหมาย) เท่านั้น เช่น งบประมาณ 2565: "ตัวชีÊวัด" = ตัวชี้วัด, "ทีÉ" = ที่;
# ระเบียบการเคหะฯ: "ที\x1a" = ที่, "ขึ1น" = ขึ้น.
# (Codes that broken ToUnicode maps emit for Thai marks; applied only to a character that floats
# over a base, where no real letter or digit can be.)
MARK_SUBSTITUTES: dict[str, str] = {
    "\u00c9": "่",  # É
    "\u00ca": "้",  # Ê
    "\u00cb": "๊",  # Ë
    "\u00cc": "๋",  # Ì
    "\u00cd": "์",  # Í
    "\x1a": "่",
    "1": "้",
}

# --- Characters -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Char:
    """One non-generated character of a text page; coordinates from the top-left, in points."""

    index: int
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    mark: bool = False


def _is_mark_code(ch: str) -> bool:
    mapped = PUA_MAP.get(ch, ch)
    return len(mapped) == 1 and mapped in THAI_MARKS


def page_chars(
    textpage: pdfium.PdfTextPage, page_height: float, settings: LineSettings = LINES
) -> list[Char]:
    """All characters PDFium reads on a page, generated spaces and line breaks left out."""
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    out: list[Char] = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0x0D, 0x0A, 0xFFFE) or pdfium_c.FPDFText_IsGenerated(raw, i):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
        ch = chr(code)
        out.append(
            Char(
                i,
                ch,
                rect.left,
                page_height - rect.top,
                rect.right,
                page_height - rect.bottom,
                page_height - oy.value,
                _is_mark_code(ch),
            )
        )
    _find_floating_substitutes(textpage, out, page_height, settings.float_above)
    return _drop_sara_am_pieces(textpage, out, page_height, settings.float_above)


def _floats(textpage: pdfium.PdfTextPage, c: Char, height: float, share: float) -> bool:
    """Whether the character's tight ink box lies well above its baseline (where marks are drawn)."""
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharBox(textpage.raw, c.index, left, right, bottom, top)
    ink_bottom = height - bottom.value
    line_height = max(c.bottom - c.top, 1.0)
    return c.baseline - ink_bottom > share * line_height and top.value > bottom.value


def _find_floating_substitutes(
    textpage: pdfium.PdfTextPage, chars: list[Char], height: float, float_above: float
) -> None:
    """Mark the substitute codes that float over a base (tight ink box well above the baseline)."""
    for c in chars:
        if c.ch in MARK_SUBSTITUTES and _floats(textpage, c, height, float_above):
            c.mark = True


SARA_AM = "ำ"
SARA_AM_FLOAT = 0.2  # a whole ำ glyph reaches the baseline; ink ending this far above it is a piece
SARA_AM_REACH = 2  # stream positions either side of ำ where its other glyph pieces are written


def _is_thai(ch: str) -> bool:
    return "฀" <= ch <= "๿"


def _drop_sara_am_pieces(
    textpage: pdfium.PdfTextPage, chars: list[Char], height: float, float_above: float
) -> list[Char]:
    """Leave out the unmapped glyph pieces of a shaped SARA AM whose text is already written.

    สระอำ ที่ถูก shape จะวาดเป็นสองกลีฟ (นิคหิต ลอยอยู่บนพยัญชนะ + สระอา บนเส้นฐาน) และอาจมีวรรณยุกต์
    ที่ยกสูงขึ้น; producer บางตัวใส่ข้อความ "ำ" ไว้กับกลีฟเดียว ส่วนกลีฟอื่นไม่มี ToUnicode จึงออกมาเป็น
    รหัสดิบ เช่น "น้Tำ\x17หนัก" = น้ำหนัก. ทิ้งเฉพาะอักขระที่ไม่ใช่อักษรไทย อยู่ติดกับ "ำ" ในลำดับ
    stream และชิดกันบนหน้า ซึ่งเป็นอักขระควบคุม (สระอาที่ไม่มีรหัส) หรือลอยอยู่ในตำแหน่งเครื่องหมาย.
    (A shaped ำ is drawn as two glyphs, and a producer may give the text "ำ" to one of them: the others
    come out as raw codes. Only non-Thai characters next to an ำ in the stream and on the page that
    are control codes or float where marks are drawn are left out.)
    """
    am = [c for c in chars if c.ch == SARA_AM]
    if not am:
        return chars
    by_index = {c.index: c for c in am}
    # "ำ" ที่ลอยอยู่ (ผูกกับกลีฟนิคหิต) ต้องมีกลีฟสระอาวาดแยกต่างหาก: อักขระที่ไม่ใช่ไทยตัวถัดไปคือสระอานั้น
    # (an ำ that floats carries the nikhahit glyph only: the next non-Thai character is its SARA AA,
    # whatever raw code it has, "ดำ%เนินการ")
    floating_am = {c.index for c in am if _floats(textpage, c, height, SARA_AM_FLOAT)}
    drop: set[int] = set()
    for c in chars:
        if c.mark or _is_thai(c.ch) or (c.ch.isspace() and ord(c.ch) >= 0x20):  # \x1c-\x1f are "space"
            continue
        after = [by_index[i] for i in range(c.index - SARA_AM_REACH, c.index) if i in floating_am]
        if any(abs(c.x0 - q.x1) < 0.5 * max(c.bottom - c.top, 1.0) for q in after):
            drop.add(c.index)
            q = after[-1]
            q.x0, q.x1 = min(q.x0, c.x0), max(q.x1, c.x1)
            continue
        near = [
            by_index[i]
            for i in range(c.index - SARA_AM_REACH, c.index + SARA_AM_REACH + 1)
            if i in by_index
        ]
        reach = 0.5 * max(c.bottom - c.top, 1.0)
        if not any(c.x0 < q.x1 + reach and c.x1 > q.x0 - reach for q in near):
            continue
        if ord(c.ch) < 0x20 or _floats(textpage, c, height, float_above):
            drop.add(c.index)
            q = min(near, key=lambda q: abs(q.index - c.index))
            q.x0, q.x1 = min(q.x0, c.x0), max(q.x1, c.x1)  # ำ covers its pieces: no gap, no space
    return [c for c in chars if c.index not in drop] if drop else chars


# --- Lines ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    base: Char
    marks: list[Char]


def _group_baselines(chars: Sequence[Char], tolerance: float) -> list[list[Char]]:
    """Characters grouped by baseline, top to bottom."""
    rows: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if rows:
            row = rows[-1]
            ref = row[0]
            tol = tolerance * max(ref.bottom - ref.top, c.bottom - c.top, 1.0)
            if abs(c.baseline - ref.baseline) <= tol:
                row.append(c)
                continue
        rows.append([c])
    return rows


def _attach_marks(row: list[Char], previous_overlap: float) -> list[_Cluster]:
    """Attach each mark to its base: the base just before it in the stream when they overlap
    (ordinary PDFs), else the base it overlaps most (shaped PDFs that write marks late)."""
    bases = sorted((c for c in row if not c.mark), key=lambda c: (c.x0, c.index))
    clusters = [_Cluster(b, []) for b in bases]
    by_stream = sorted(clusters, key=lambda cl: cl.base.index)
    stream_keys = [cl.base.index for cl in by_stream]
    loose: list[Char] = []
    placed: dict[int, tuple[Char, _Cluster]] = {}  # stream index of an attached mark -> its cluster
    for m in sorted((c for c in row if c.mark), key=lambda c: c.index):
        k = bisect.bisect_left(stream_keys, m.index) - 1
        previous = by_stream[k] if k >= 0 else None
        best: _Cluster | None = None
        stacked = placed.get(m.index - 1)
        if stacked is not None and min(m.x1, stacked[0].x1) > max(m.x0, stacked[0].x0):
            stacked[1].marks.append(m)  # a tone mark stacked on the vowel just before it
            placed[m.index] = (m, stacked[1])
            continue
        best_overlap = 0.0
        for cl in clusters:
            overlap = min(m.x1, cl.base.x1) - max(m.x0, cl.base.x0)
            if overlap <= 0 or not _carries_marks(cl.base.ch):
                continue
            # the base just before in the stream wins, unless the mark only grazes it (a shaped
            # "ครั้ง" writes ้ after ง although it sits over ร)
            if cl is previous and overlap >= previous_overlap * (m.x1 - m.x0):
                best = cl
                break
            if overlap > best_overlap:
                best, best_overlap = cl, overlap
        if best is None:
            loose.append(m)
        else:
            best.marks.append(m)
            placed[m.index] = (m, best)
    for m in loose:  # a mark over nothing: keep it after the base just left of it
        left = [cl for cl in clusters if cl.base.x0 <= m.x0]
        if left:
            left[-1].marks.append(m)
        else:
            clusters.insert(0, _Cluster(m, []))
    return clusters


def _carries_marks(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b" or ch in PUA_MAP


@dataclass(slots=True)
class TextRun:
    """One rebuilt line: raw text (characters as read), text with marks substituted, and its box."""

    raw: str
    text: str
    bbox: BBox


def assemble_lines(chars: Sequence[Char], settings: LineSettings = LINES) -> list[TextRun]:
    """Rebuild lines from characters: baselines, marks on their bases, spaces and tabs from gaps."""
    runs: list[TextRun] = []
    for row in _group_baselines(chars, settings.baseline_tolerance):
        clusters = _attach_marks(row, settings.previous_overlap)
        height = statistics.median(cl.base.bottom - cl.base.top for cl in clusters) or 1.0
        raw: list[str] = []
        text: list[str] = []
        prev_x1: float | None = None
        pending_space = False
        for cl in clusters:
            if cl.base.ch.isspace():
                pending_space = True
                continue
            if prev_x1 is not None:
                gap = cl.base.x0 - prev_x1
                space = pending_space or gap > settings.space_gap * height
                sep = "\t" if gap > settings.tab_gap * height else " " if space else ""
                raw.append(sep)
                text.append(sep)
            pending_space = False
            prev_x1 = cl.base.x1
            raw.append(cl.base.ch + "".join(m.ch for m in cl.marks))
            text.append(cl.base.ch + "".join(MARK_SUBSTITUTES.get(m.ch, m.ch) for m in cl.marks))
        if not text:
            continue
        runs.append(
            TextRun(
                "".join(raw),
                "".join(text),
                (
                    min(c.x0 for c in row),
                    min(c.top for c in row),
                    max(c.x1 for c in row),
                    max(c.bottom for c in row),
                ),
            )
        )
    return runs
