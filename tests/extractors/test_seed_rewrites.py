"""The seed report, rewritten the ways real OCR output differs, must give the same facts.

Each rewrite is deterministic (a seeded ``random.Random``). The rewritten text is written into
``tmp_path`` under the seed's file name, the pipeline runs on it exactly as the CLI does
(``pipeline.cli.main``), and the acceptance checker (``../shared/acceptance/check.py``) scores the
outputs. None of the rewrites adds or removes a line, so line numbers (provenance) stay the same.

The checker compares narrative text with ``norm`` (NFC, Thai digits, zero-width, ํา→ำ), which cannot
see through a lost SARA AM: for that rewrite the extractor restores ำ by dictionary
(normalizers.sara_am), and the narrative is also compared with the un-rewritten run by ``fold``.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT

from normalizers.text import fold
from pipeline.cli import main

SEED = Path(ROOT) / "raw_docs" / "bangrak_fy2564_ocr.txt"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CHECKER = SHARED / "acceptance" / "check.py"
EXPECTED = SHARED / "corpus" / "bangrak_fy2564_ocr.expected.json"

THAI_LETTERS = "\u0e01-\u0e4e"

# --- the rewrites ---------------------------------------------------------------------------------


def thai_digits(text: str, rng: random.Random) -> str:
    """Every Arabic digit as a Thai digit (๐-๙)."""
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def decompose_sara_am(text: str, rng: random.Random) -> str:
    """SARA AM decomposed at random: ำ → ํ + า; after a tone mark also the order ํ + tone + า (นํ้า)."""

    def one(m: re.Match[str]) -> str:
        tone = m.group(1)
        if tone:
            return rng.choice([tone + "ำ", tone + "ํา", "ํ" + tone + "า"])
        return rng.choice(["ำ", "ํา"])

    return re.sub("([่้๊๋]?)ำ", one, text)


def zero_width_spaces(text: str, rng: random.Random) -> str:
    """U+200B inserted at random between Thai characters (inside words, also before marks)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        out.append(ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if re.match(f"[{THAI_LETTERS}]", ch) and re.match(f"[{THAI_LETTERS}]", nxt) and rng.random() < 0.2:
            out.append("\u200b")
    return "".join(out)


def abbreviate_units(text: str, rng: random.Random) -> str:
    """ตารางวา → ตร.ว., ตารางเมตร → ตร.ม., ร้อยละ X → X%."""
    text = text.replace("ตารางวา", "ตร.ว.").replace("ตารางเมตร", "ตร.ม.")
    return re.sub(r"ร้อยละ *([0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?)", r"\1%", text)


def lose_sara_am(text: str, rng: random.Random) -> str:
    """Every SARA AM lost (สำ → สา), also a decomposed one (ํา → า)."""
    return re.sub("ํ([่้๊๋]?)า", r"\1า", text).replace("ำ", "า")


def all_rewrites(text: str, rng: random.Random) -> str:
    """Everything at once, SARA AM decomposed rather than lost."""
    for rewrite in (abbreviate_units, decompose_sara_am, thai_digits, zero_width_spaces):
        text = rewrite(text, rng)
    return text


# --- the same tables as Markdown pipe rows and as HTML <table> blocks ------------------------------


def _tables(lines: list[str]) -> list[list[int]]:
    """Runs of consecutive tab-separated lines (0-based), each one table as the OCR model wrote it;
    a "--" row (the seed's page-break separator) is left out of the runs."""
    runs: list[list[int]] = []
    for k, line in enumerate(lines):
        if "\t" not in line or not line.strip() or _dashes(line):
            continue
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _dashes(line: str) -> bool:
    return bool(line.strip()) and all(re.fullmatch(r"\s*-*\s*", c) for c in line.split("\t"))


def _pipe_row(line: str, rng: random.Random) -> str:
    cells = [c.replace("|", "\\|") for c in line.split("\t")]
    pad = rng.choice(["", " "])
    row = "|" + "|".join(f"{pad}{c}{pad}" for c in cells)
    # the closing "|" is optional, but only a non-empty last cell can do without it
    return row + "|" if not cells[-1] or rng.random() < 0.7 else row


def pipe_tables(text: str, rng: random.Random) -> str:
    """Every tab-separated line as a Markdown pipe row (the "--" rows become alignment rows)."""
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if "\t" in line and line.strip():
            lines[k] = _pipe_row(line, rng)
    return "\n".join(lines) + "\n"


def _alignment_row(width: int, rng: random.Random) -> str:
    return "|" + "|".join(rng.choice(["---", ":---", ":---:", "---:", "-----"]) for _ in range(width)) + "|"


def pipe_tables_aligned(text: str, rng: random.Random) -> tuple[str, dict[int, int]]:
    """:func:`pipe_tables` with an alignment row after the first row of each table, as Markdown has it.

    The inserted rows move the lines below them: also returns each new line's seed line (1-based).
    """
    lines = pipe_tables(text, rng).splitlines()
    firsts = {run[0] for run in _tables(text.splitlines())}
    out: list[str] = []
    seed_line: dict[int, int] = {}
    for k, line in enumerate(lines):
        out.append(line)
        seed_line[len(out)] = k + 1
        if k in firsts:
            out.append(_alignment_row(len(text.splitlines()[k].split("\t")), rng))
    return "\n".join(out) + "\n", seed_line


def _html_row(cells: list[str], rng: random.Random, tag: str, skip_first: bool, rowspan: bool) -> str:
    out: list[str] = []
    k = 1 if skip_first else 0
    while k < len(cells):
        attrs = ' rowspan="2"' if k == 0 and rowspan else ""
        # a cell followed by empty cells may be written as one cell spanning them (colspan)
        span = 1
        if cells[k] and not attrs and rng.random() < 0.5:
            while k + span < len(cells) and not cells[k + span]:
                span += 1
        if span > 1:
            attrs += f' colspan="{span}"'
        if rng.random() < 0.2:
            attrs += ' style="text-align: center"'
        out.append(f"<{tag}{attrs}>{cells[k]}</{tag}>")
        k += span
    return "<tr>" + "".join(out) + "</tr>"


def html_tables(text: str, rng: random.Random) -> str:
    """Every table as an HTML <table>, one <tr> per line: <table> opens on the first row's line and
    </table> closes on the last row's, so no line moves. The first row's cells are <th> at random;
    empty cells after a cell are taken into its colspan at random, and a first cell above an empty
    one gets rowspan="2" at random (the cell below is then left out). The seed's "--" rows, which
    an HTML table has no need of, become blank lines (a page break either way)."""
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if _dashes(line):
            lines[k] = ""
    for run in _tables(text.splitlines()):
        rows = [lines[k].split("\t") for k in run]
        spanned = False
        for j, k in enumerate(run):
            cells = rows[j]
            below = rows[j + 1] if j + 1 < len(rows) else None
            rowspan = (
                not spanned and bool(cells[0].strip()) and below is not None and len(below) > 1
                and not below[0] and rng.random() < 0.5
            )
            tag = "th" if j == 0 and rng.random() < 0.5 else "td"
            lines[k] = _html_row(cells, rng, tag, skip_first=spanned, rowspan=rowspan)
            spanned = rowspan
        lines[run[0]] = "<table>" + lines[run[0]]
        lines[run[-1]] += "</table>"
    return "\n".join(lines) + "\n"


def test_table_rewrites() -> None:
    assert _pipe_row("ตัวชี้วัด\tน้ำหนัก\t", random.Random(0)) == "| ตัวชี้วัด | น้ำหนัก |  |"
    assert _pipe_row("a|b\t5", random.Random(0)) == "| a\\|b | 5 "  # no closing "|"
    assert _html_row(["1.", "", "x", "", ""], random.Random(3), "td", skip_first=False, rowspan=True) == (
        '<tr><td rowspan="2">1.</td><td></td><td colspan="3">x</td></tr>'
    )
    seed = SEED.read_text(encoding="utf-8")
    tables = _tables(seed.splitlines())
    assert (len(tables), sum(map(len, tables))) == (35, 240)
    pipes, html = _rewritten(pipe_tables), _rewritten(html_tables)
    assert len(pipes.splitlines()) == len(html.splitlines()) == len(seed.splitlines())
    for rewritten in (pipes, html):
        assert [ln for ln in rewritten.splitlines() if "\t" in ln and ln.strip()] == []
    assert (html.count("<table>"), html.count("</table>"), html.count("<tr>")) == (35, 35, 240)
    assert (html.count("rowspan"), html.count("colspan"), html.count("<th>")) == (7, 86, 65)
    aligned, seed_line = pipe_tables_aligned(seed, random.Random(2564))
    assert len(aligned.splitlines()) == len(seed.splitlines()) + len(tables) == len(seed_line) + len(tables)


def test_table_rewrites_read_as_the_seed_rows() -> None:
    """The rows (merged over page breaks) of each table rewrite are the seed's, line for line."""
    from extractors.ocr_text import merge_continuations, read_rows

    def rows(text: str, line: Callable[[int], int] = lambda n: n) -> list[tuple[Any, ...]]:
        return [(line(r.line), [line(n) for n in r.continued], r.cells, r.is_table, r.after_break)
                for r in merge_continuations(read_rows(text).rows)]

    seed = SEED.read_text(encoding="utf-8")
    expected = rows(seed)
    assert len(expected) == 612
    assert rows(_rewritten(pipe_tables)) == expected
    assert rows(_rewritten(html_tables)) == expected
    aligned, seed_line = pipe_tables_aligned(seed, random.Random(2564))
    assert rows(aligned, seed_line.__getitem__) == expected


def test_rewrites_keep_the_lines_and_change_the_text() -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert thai_digits("ปี 2564 ข้อ 1.5", random.Random(0)) == "ปี ๒๕๖๔ ข้อ ๑.๕"
    assert lose_sara_am("สำนัก น้ำ สํารวจ", random.Random(0)) == "สานัก น้า สารวจ"
    assert abbreviate_units("57.50 ตารางวา 2,162.40 ตารางเมตร ร้อยละ 85.13 ร้อยละ", random.Random(0)) == (
        "57.50 ตร.ว. 2,162.40 ตร.ม. 85.13% ร้อยละ"
    )
    decomposed = decompose_sara_am("น้ำ " * 60 + "ทำ " * 60, random.Random(1))
    assert {"น้ำ", "น้ํา", "นํ้า", "ทำ", "ทํา"} == set(decomposed.split())
    zw = zero_width_spaces("ตัวชี้วัด", random.Random(3))
    assert zw.replace("\u200b", "") == "ตัวชี้วัด"
    assert zw != "ตัวชี้วัด"
    for rewrite in (thai_digits, decompose_sara_am, zero_width_spaces, abbreviate_units, lose_sara_am,
                    all_rewrites):
        out = rewrite(seed, random.Random(2564))
        assert out != seed
        assert len(out.splitlines()) == len(seed.splitlines())


# --- running the pipeline and the checker ---------------------------------------------------------


@cache
def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("acceptance_check", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(text: str, folder: Path) -> Path:
    """Write ``text`` under the seed's name and run the pipeline on it as the CLI does."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SEED.name
    path.write_text(text, encoding="utf-8")
    out = folder / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    return out


def _check(out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """The checker's summary line (``acceptance: facts ..., provenance ... -> PASS``) and misses."""
    if not CHECKER.exists() or not EXPECTED.exists():
        pytest.skip("../shared/acceptance/check.py or the seed's expected.json is absent")
    capsys.readouterr()
    argv = sys.argv
    sys.argv = ["check.py", str(EXPECTED), str(out), "--verbose", *extra]
    try:
        _checker().main()
    finally:
        sys.argv = argv
    return capsys.readouterr().out.rstrip()


PASS = "acceptance: facts 155/155, provenance 38/38, findings recall 7/7, false positives 0 -> PASS"


def _rewritten(rewrite: Callable[[str, random.Random], str], seed: int = 2564) -> str:
    return rewrite(SEED.read_text(encoding="utf-8"), random.Random(seed))


# --- comparing against the un-rewritten run -------------------------------------------------------


def _rows(out: Path, name: str) -> list[dict[str, Any]]:
    text = (out / f"{name}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


_VALUE_FIELDS = {
    "documents": ("status", "agency", "fiscal_year", "template", "group"),
    "indicators": ("source", "indicator", "weight", "result_value", "level", "score", "weighted_score",
                   "line"),
    "totals": ("source", "scope", "component", "weight", "reported", "recomputed", "line"),
    "quantities": ("kind", "unit", "value", "line"),
    "dates": ("start", "end", "precision", "line"),
    "findings": ("rule", "severity", "indicator", "reported", "expected", "line"),
}


def _values(out: Path, name: str) -> list[tuple[Any, ...]]:
    """The normalised values of a table; text ("reported" of a date finding) compared by ``fold``."""
    return [tuple(fold(v) if isinstance(v, str) else v for v in (r.get(f) for f in _VALUE_FIELDS[name]))
            for r in _rows(out, name)]


def _narrative(out: Path, text: bool = True) -> list[tuple[Any, ...]]:
    return [(r["source"], r["component"], r["indicator"], r["kind"], r["line"])
            + ((fold(r["text"]),) if text else ()) for r in _rows(out, "narrative")]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's outputs on the seed as it is."""
    return _run(SEED.read_text(encoding="utf-8"), tmp_path_factory.mktemp("seed"))


@pytest.mark.parametrize(
    "rewrite",
    [thai_digits, decompose_sara_am, zero_width_spaces, abbreviate_units, all_rewrites, pipe_tables,
     html_tables],
    ids=lambda f: f.__name__,
)
def test_rewritten_seed_passes_acceptance(
    rewrite: Callable[[str, random.Random], str], tmp_path: Path, baseline: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _run(_rewritten(rewrite), tmp_path)
    assert _check(out, capsys) == _check(baseline, capsys) == PASS
    # and every value and line is the seed's own, not only those the checker looks at
    for name in _VALUE_FIELDS:
        assert _values(out, name) == _values(baseline, name), name
    # "ร้อยละ 5" written "5%" changes the narrative's words, not its items
    words_kept = rewrite not in (abbreviate_units, all_rewrites)
    assert _narrative(out, text=words_kept) == _narrative(baseline, text=words_kept)


def test_sara_am_lost(tmp_path: Path, baseline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every ำ written า: the checker passes (narrative ำ restored by dictionary), same values as the seed.

    The checker compares narrative text exactly (its ``norm`` keeps ำ and า apart); the expected item
    "...อย่างสม่ำเสมอ" is found only because the extractor restores ำ where the lost spelling is no
    word. The narrative is also compared with the seed's run by source, kind, line and folded text.
    """
    out = _run(_rewritten(lose_sara_am), tmp_path)
    for name in _VALUE_FIELDS:
        assert _values(out, name) == _values(baseline, name), name
    assert _narrative(out) == _narrative(baseline)
    assert _check(out, capsys) == PASS


def test_pipe_tables_with_alignment_rows(
    tmp_path: Path, baseline: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markdown tables with their alignment rows: the rows inserted move the lines below them, so the
    outputs' lines are mapped back to the seed's before the checker and the comparison."""
    aligned, seed_line = pipe_tables_aligned(SEED.read_text(encoding="utf-8"), random.Random(2564))
    out = _run(aligned, tmp_path)
    mapped = tmp_path / "mapped"
    mapped.mkdir()
    for path in out.glob("*.jsonl"):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for row in rows:
            if row.get("line") is not None:
                row["line"] = seed_line[row["line"]]  # an alignment row holds no data: KeyError if so
        (mapped / path.name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                        encoding="utf-8")
    assert _check(mapped, capsys) == PASS
    for name in _VALUE_FIELDS:
        assert _values(mapped, name) == _values(baseline, name), name
    assert _narrative(mapped) == _narrative(baseline)


def test_baseline_passes_acceptance(baseline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(baseline, capsys) == PASS


# --- regressions the rewrites revealed in the normalizers -----------------------------------------


def test_unit_word_with_lost_sara_am() -> None:
    # regression: "๒ วันทาการ" (วันทำการ with its SARA AM lost) was read as 2 "day", not "workday"
    from normalizers.quantities import find_quantities

    assert [(q.kind, q.unit, q.value, q.raw) for q in find_quantities("ภายใน ๒ วันทาการ นับถัดจาก")] == [
        ("duration", "workday", 2.0, "๒ วันทาการ")
    ]


def test_percent_before_a_closing_bracket_is_no_list_number() -> None:
    # regression: "ถึงร้อยละ 100)" whose "(" is on an earlier line was taken for a list number "100)"
    from normalizers.quantities import find_quantities

    found = find_quantities("ตั้งแต่ ร้อยละ 80 แต่ไม่ ถึงร้อยละ 100) ระดับ 5")
    assert [(q.kind, q.value, q.raw) for q in found] == [
        ("percent", 80.0, "ร้อยละ 80"), ("percent", 100.0, "ร้อยละ 100")
    ]
    assert [q.raw for q in find_quantities("1) คัดแยก 5 ตัน")] == ["5 ตัน"]


def test_seed_saved_as_cp874(tmp_path: Path, baseline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The seed saved in the legacy Thai code page: symbols cp874 cannot hold (■ ▪ ≤) become "?".

    Regression: a heading "■ จุดอ่อน" saved as "? จุดอ่อน" was no heading any more, so three narrative
    items lost their kind; any leading symbol or punctuation is now a bullet.
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp874", errors="replace"))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    assert _check(out, capsys) == PASS
    for name in ("indicators", "totals"):
        assert _values(out, name) == _values(baseline, name), name
