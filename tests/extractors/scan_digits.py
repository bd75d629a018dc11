"""Digit accuracy of the figures in numeric table cells of an office scan of the seed's lines.

    python tests/extractors/scan_digits.py SCAN.pdf [--lines 376-480] [--text TRUTH.txt] [--verbose]

Truth: the cells of the seed's tab-separated rows in those lines that are figures (digits and
separators), in reading order; ``--text``: of another text's lines (all of them by default), such
as the OCR text of a generated report that tests/extractors/gen_scan_measure.py --keep printed and
scanned. Read: the cells of the scan path's table lines that are figures,
in reading order (Thai digits compared as Arabic). The two sequences are aligned (difflib); a
truth figure's digits count as right when its aligned reading has them in place. Prints the cells
read exactly, the digit accuracy, and the cells read wrong with a certain confidence (at least
extractors.ocr_numbers.CERTAIN: the defect the certainty policy forbids).
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from extractors import ocr, ocr_numbers  # noqa: E402

SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"
LINES = (376, 480)
_FIGURE = re.compile(r"^[0-9๐-๙][0-9๐-๙.,]*$")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def truth(lines: tuple[int, int], text: Path = SEED) -> list[str]:
    rows = text.read_text(encoding="utf-8").splitlines()[lines[0] - 1 : lines[1]]
    return [c.strip() for r in rows if "\t" in r for c in r.split("\t") if _FIGURE.match(c.strip())]


def read(pdf: Path) -> list[str]:
    return [t for t, _ in read_sure(pdf)]


def read_sure(pdf: Path) -> list[tuple[str, float | None]]:
    """The figures of the scan's table cells with their confidences (0-1; None: not known)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        pages = ocr.ocr_pages(doc, list(range(1, len(doc) + 1)))
    finally:
        doc.close()
    out: list[tuple[str, float | None]] = []
    for p in sorted(pages):
        lines = pages[p]
        if isinstance(lines, ocr.OcrError):
            continue
        for ln in lines:
            if len(ln.cells) > 1:
                sure = list(ln.cell_confidences) + [None] * len(ln.cells)
                out.extend((c.strip().translate(_ARABIC), sure[k]) for k, c in enumerate(ln.cells)
                           if _FIGURE.match(c.strip()))
    return out


def certain_wrong(want: list[str], got: list[tuple[str, float | None]]) -> list[tuple[str, str, float]]:
    """(truth, reading, confidence) of each aligned cell read wrong with certainty."""
    sm = difflib.SequenceMatcher(a=want, b=[t for t, _ in got], autojunk=False)
    out = []
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "replace":
            for w, (g, c) in zip(want[a0:a1], got[b0:b1], strict=False):
                if w != g and c is not None and c >= ocr_numbers.CERTAIN:
                    out.append((w, g, c))
        elif op == "insert":
            out.extend(("", g, c) for g, c in got[b0:b1] if c is not None and c >= ocr_numbers.CERTAIN)
    return out


def score(want: list[str], got: list[str], verbose: bool = False) -> tuple[int, int, int, int]:
    """(cells exact, cells, digits right, digits); ``verbose``: print each cell not read exactly."""
    exact = right = 0
    total = sum(len(re.sub(r"\D", "", w)) for w in want)
    sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            exact += a1 - a0
            right += sum(len(re.sub(r"\D", "", w)) for w in want[a0:a1])
        elif verbose:
            print(f"  {op}: want {want[a0:a1]} got {got[b0:b1]}")
        if op == "replace":
            for w, g in zip(want[a0:a1], got[b0:b1], strict=False):
                dw, dg = re.sub(r"\D", "", w), re.sub(r"\D", "", g)
                m = difflib.SequenceMatcher(a=dw, b=dg, autojunk=False)
                right += sum(b.size for b in m.get_matching_blocks()) if w.replace(",", ".") != "" else 0
                exact += w == g
    return exact, len(want), right, total


def main(argv: list[str]) -> int:
    text = Path(argv[argv.index("--text") + 1]) if "--text" in argv else SEED
    n = len(text.read_text(encoding="utf-8").splitlines())
    default = f"{LINES[0]}-{LINES[1]}" if text == SEED else f"1-{n}"
    a, b = (argv[argv.index("--lines") + 1] if "--lines" in argv else default).split("-")
    want, sure = truth((int(a), int(b)), text), read_sure(Path(argv[0]))
    exact, cells, right, digits = score(want, [t for t, _ in sure], "--verbose" in argv)
    share = 100.0 * right / digits
    wrong = certain_wrong(want, sure)
    print(f"numeric cells read exactly {exact}/{cells}; digits {right}/{digits} = {share:.2f}%; "
          f"certain and wrong: {len(wrong)} {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
