"""Measure text fidelity and facts of the producer corpus, per producer and font.

    python tests/producers/measure.py [--engine current|poppler|auto] [PDF...]

For each PDF: the character error rate (CER) of the extracted text against the reference text
(whitespace removed, before and after the Thai repair pass), and the facts the pipeline finds in it
against the facts it finds in the reference text (``excerpt.txt``, the OCR-text path): indicator
values, totals, quantities and dates, compared as values, never as lines; findings likewise.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors import api  # noqa: E402
from extractors.ocr_text import cell_text  # noqa: E402
from extractors.pdf_poppler import ENGINE_VARIABLE  # noqa: E402
from extractors.records import Document, Figure  # noqa: E402
from normalizers.thai_layer import (  # noqa: E402
    judge_orthography,
    repair_layer,
    undo_am_for_aa,
    undo_mark_swap,
)
from pipeline.scoring import run_checks  # noqa: E402

EXCERPT = HERE / "excerpt.txt"
PDFS = HERE / "pdfs"

# --- CER ------------------------------------------------------------------------------------------


def levenshtein(a: str, b: str) -> int:
    """Edit distance by Myers' bit-parallel algorithm (Hyyrö's form): fast on pages of text.

    >>> levenshtein("ชี้วัด", "ชี้วัชี้วัด")
    5
    >>> levenshtein("", "abc"), levenshtein("kitten", "sitting")
    (3, 3)
    """
    if not a:
        return len(b)
    if not b:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    m = len(a)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
    return score


_PAGE_NO = re.compile(r"^\s*-\s*[0-9]{1,3}\s*-\s*$", re.M)


def squeeze(text: str) -> str:
    """Text without whitespace or footer page numbers, for CER."""
    return "".join(_PAGE_NO.sub("", text).split())


def reference_plain(text: str) -> str:
    """The reference text as printed: each cell's HTML made plain, separators and page numbers out."""
    out: list[str] = []
    for line in text.splitlines():
        cells = line.split("\t")
        if all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) or not c.strip() for c in cells):
            continue
        if re.fullmatch(r"\s*[0-9]{1,3}\s*", line):
            continue
        out.append(" ".join(cell_text(c) for c in cells))
    return "\n".join(out)


def bag_error(got: str, ref: str) -> float:
    """Characters wrong regardless of order (multiset difference over the reference's length):
    separates wrong text from text in another order (a row split over a page break).

    >>> bag_error("ขบก", "กขค")
    0.3333
    """
    g, r = Counter(squeeze(got)), Counter(squeeze(ref))
    return round(max(sum((g - r).values()), sum((r - g).values())) / max(sum(r.values()), 1), 4)


def cer(got: str, ref: str) -> float:
    """Character error rate of ``got`` against ``ref``, whitespace removed."""
    g, r = squeeze(got), squeeze(ref)
    return levenshtein(r, g) / max(len(r), 1)


# --- facts ----------------------------------------------------------------------------------------

Fact = tuple[object, ...]


def _v(f: Figure | None) -> float | None:
    return None if f is None else round(f.value, 6)


def facts(doc: Document) -> Counter[Fact]:
    """The checked values of a document, as a multiset of hashable tuples (no lines, no pages)."""
    out: Counter[Fact] = Counter()
    for i in doc.indicators:
        for name in ("weight", "result", "score", "weighted_score"):
            value = _v(getattr(i, name))
            if value is not None:
                out[("indicator", i.source, i.indicator, name, value)] += 1
        if i.level is not None:
            out[("indicator", i.source, i.indicator, "level", i.level)] += 1
    for t in doc.totals:
        out[("total", t.source, t.scope, t.component, _v(t.weight), _v(t.reported))] += 1
    for g in doc.subscores:
        out[("subscores", g.source, g.indicator, _v(g.total), tuple(_v(p.score) for p in g.parts))] += 1
    for q in doc.quantities:
        out[("quantity", q.kind, q.unit, round(q.value, 6))] += 1
    for d in doc.dates:
        out[("date", str(d.start), str(d.end))] += 1
    return out


def findings_key(doc: Document) -> Counter[Fact]:
    """Findings without their place: rule, severity, indicator, reported, expected."""
    return Counter(
        (f.rule, f.severity, f.indicator, str(f.reported), str(f.expected)) for f in run_checks(doc)
    )


@dataclass(slots=True)
class Measure:
    """One PDF measured against the reference."""

    name: str
    pages: int
    cer_raw: float
    cer_repaired: float
    bag_repaired: float
    facts_found: int
    facts_ref: int
    false_facts: int
    findings_equal: bool
    false_findings: int
    missed_findings: int
    sources: str
    seconds: float
    warnings: list[str]

    @property
    def share(self) -> float:
        return self.facts_found / max(self.facts_ref, 1)


_REF_CACHE: dict[str, tuple[Document, Counter[Fact], Counter[Fact]]] = {}


def reference(text_path: Path = EXCERPT) -> tuple[Document, Counter[Fact], Counter[Fact]]:
    """The reference text run through the OCR-text path: its document, facts and findings."""
    key = hashlib.sha256(text_path.read_bytes()).hexdigest()
    if key not in _REF_CACHE:
        doc = api.extract_document(text_path, "ref")
        _REF_CACHE[key] = (doc, facts(doc), findings_key(doc))
    return _REF_CACHE[key]


def measure(pdf: Path, text_path: Path = EXCERPT) -> Measure:
    """Run the whole extraction on ``pdf`` and compare it with the reference text's."""
    _, ref_facts, ref_findings = reference(text_path)
    ref_plain = reference_plain(text_path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    doc = api.extract_document(pdf, "pdf")
    got = findings_key(doc)
    seconds = time.perf_counter() - t0
    text_lines = [ln for ln in doc.lines if ln.source == "text_layer"] or doc.lines
    raw = "\n".join(ln.raw for ln in text_lines)
    if os.environ.get(ENGINE_VARIABLE, "").lower() == "pdfium":
        text = "\n".join(ln.text for ln in text_lines)  # its repair happens as lines are built
    else:  # the raw text in page order, repaired: rows joined over page breaks do not move text
        text = repair_layer(raw)
        verdict = judge_orthography(text).verdict
        text = undo_am_for_aa(text) if verdict == "repairable" else undo_mark_swap(text)[0]
    got_facts = facts(doc)
    sources = Counter(ln.source for ln in doc.lines)
    return Measure(
        pdf.stem,
        doc.pages or 0,
        round(cer(raw, ref_plain), 4),
        round(cer(text, ref_plain), 4),
        bag_error(text, ref_plain),
        sum((got_facts & ref_facts).values()),
        sum(ref_facts.values()),
        sum((got_facts - ref_facts).values()),
        got == ref_findings,
        sum((got - ref_findings).values()),
        sum((ref_findings - got).values()),
        ",".join(f"{k}:{v}" for k, v in sorted(sources.items())),
        round(seconds, 2),
        list(doc.warnings),
    )


def table(rows: Iterable[Measure]) -> str:
    """The measures as a Markdown table."""
    head = ("| PDF | pages | CER raw | CER repaired | chars wrong (any order) | facts | % | false facts | "
            "findings equal | false findings | missed findings | lines from | s |")
    out = [head, "|" + "---|" * 13]
    for m in rows:
        out.append(
            f"| {m.name} | {m.pages} | {m.cer_raw:.2%} | {m.cer_repaired:.2%} | {m.bag_repaired:.2%} | "
            f"{m.facts_found}/{m.facts_ref} | "
            f"{m.share:.1%} | {m.false_facts} | {'yes' if m.findings_equal else 'no'} | {m.false_findings} | "
            f"{m.missed_findings} | {m.sources} | {m.seconds} |"
        )
    return "\n".join(out)


def main(argv: list[str]) -> int:
    pdfs = [Path(a) for a in argv if not a.startswith("--")] or sorted(PDFS.glob("*.pdf"))
    rows = []
    for pdf in pdfs:
        m = measure(pdf)
        rows.append(m)
        print(table([m]).splitlines()[-1], flush=True)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
