"""Measure the pipeline on the hard-negative generator (``hardneg_gen.py``); the figures of
``docs/notes/i-hardneg.md``.

    /work/main/.venv/bin/python tests/pipeline/hardneg_measure.py [N_SEEDS]

For seeds 0..N-1: the consistent document's error and warning findings by rule, severity and table
family (all of them false), and for the corrupted document each table's expected finding: found
(rule, severity, line, reported and expected all equal), wrong (a finding at that row, but another
rule, severity or value) or missed; plus findings the corrupted document has beyond those.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import report_gen
from hardneg_gen import INTERPOLATION_NOTE, HDoc, corrupt, generate, method_stated_in_words, render

from extractors.api import extract_text
from pipeline.findings import Finding
from pipeline.scoring import run_checks


def serious(doc: HDoc) -> tuple[list[Finding], dict[str, int]]:
    """Error and warning findings of ``doc`` run through extraction and the checks."""
    text, where = render(doc)
    found = run_checks(extract_text(text, "hardneg", "hardneg.txt"))
    return [f for f in found if f.severity != "info"], where


def table_at(where: dict[str, int], line: int | None) -> int:
    """The index of the table whose rows hold ``line`` (or the nearest table above it); -1: none."""
    best = -1
    for key, at in sorted(where.items(), key=lambda kv: kv[1]):
        if line is not None and at <= line:
            best = int(key.split(":")[0][1:])
    return best


def family_at(doc: HDoc, where: dict[str, int], line: int | None) -> str:
    t = table_at(where, line)
    return doc.tables[t].family if t >= 0 else "?"


def column(f: Finding, doc: HDoc, where: dict[str, int]) -> str:
    """The generator's name of the column a count-total message names ("คอลัมน์ ที่ 2: ...")."""
    m = re.search(r"คอลัมน์ (.*?): ", f.message)
    if not m:
        return "-"
    k = re.fullmatch(r"ที่ ([0-9]+)", m.group(1))
    table = next((doc.tables[int(key.split(":")[0][1:])] for key, at in where.items() if at == f.line), None)
    if k and table is not None:
        j = int(k.group(1)) - table.numbered
        return table.cols[j].name if 0 <= j < len(table.cols) else m.group(1)
    return m.group(1)


def main(n: int) -> None:
    false: Counter[tuple[str, str, str, str]] = Counter()
    outcome: Counter[tuple[str, str]] = Counter()
    extra: Counter[tuple[str, str, str]] = Counter()
    tables: Counter[str] = Counter()
    noisy: Counter[str] = Counter()
    clean_docs = 0
    for seed in range(n):
        doc = generate(seed)
        found, where = serious(doc)
        clean_docs += not any(f.severity == "error" for f in found)
        for f in found:
            false[(f.rule, f.severity, family_at(doc, where, f.line), column(f, doc, where))] += 1
        for t in {table_at(where, f.line) for f in found if f.severity == "error"}:
            noisy[doc.tables[t].family if t >= 0 else "?"] += 1
        bad, expected = corrupt(doc, seed)
        got, where = serious(bad)
        matched: set[int] = set()
        for e in expected:
            fam = bad.tables[int(e.key.split(":")[0][1:])].family
            tables[fam] += 1
            line = where[e.key]
            exact = [k for k, f in enumerate(got) if (f.rule, f.severity, f.line, f.reported, f.expected)
                     == (e.rule, e.severity, line, e.reported, e.expected)]
            near = [k for k, f in enumerate(got) if f.line == line]
            if exact:
                outcome[(fam, "found")] += 1
                matched.update(exact)
            elif near:
                outcome[(fam, "wrong")] += 1
                matched.update(near)
            else:
                outcome[(fam, "missed")] += 1
        base = Counter((f.rule, f.severity, f.line) for f in found)
        for k, f in enumerate(got):
            if k not in matched and base[(f.rule, f.severity, f.line)] == 0:
                extra[(f.rule, f.severity, family_at(bad, where, f.line))] += 1
    print(f"consistent documents: {n}, without any error: {clean_docs}")
    print("false findings on consistent documents (rule, severity, family, column): count")
    for key, c in sorted(false.items()):
        print(f"  {key}: {c}")
    print("per family: consistent tables with a false error; corruptions found / wrong / missed")
    for fam in sorted(tables):
        print(f"  {fam}: {tables[fam]} tables, {noisy[fam]} with a false error;"
              f" {outcome[(fam, 'found')]} / {outcome[(fam, 'wrong')]} / {outcome[(fam, 'missed')]}")
    print("other findings on corrupted documents, not on the consistent ones:")
    for key3, c in sorted(extra.items()):
        print(f"  {key3}: {c}")


def method_in_words(n: int) -> None:
    """report_gen's interpolating reports with the method stated in words: their false findings."""
    for scheme in ("points-5", "points-100"):
        docs, found = 0, Counter[tuple[str, str]]()
        for seed in range(n):
            text, _ = report_gen.render(report_gen.generate(seed, scheme))
            if not INTERPOLATION_NOTE.search(text):
                continue
            docs += 1
            for f in run_checks(extract_text(method_stated_in_words(text), "m", "m.txt")):
                if f.severity != "info":
                    found[(f.rule, f.severity)] += 1
        print(f"method in words, {scheme}: {docs} interpolating reports, false findings {dict(found)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
    method_in_words(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
