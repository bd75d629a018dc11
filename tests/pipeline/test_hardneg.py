"""Hard negatives (issue 10): tables that naive column sums get wrong, through the real pipeline.

The documents of ``hardneg_gen.py`` are consistent by construction; :func:`test_generated_tables_
are_consistent` recomputes that from the rendered text alone (sums of child rows or of the leaves,
percentages of two columns, weighted means, means, ratios, each within the rounding of the printed
figures). The pipeline must then raise no error on them, and exactly one finding per corrupted table.
Cases the pipeline gets wrong today are marked ``xfail(strict=True)`` with the measured cause
(``docs/notes/i-hardneg.md``), so the suite stays green and the fix flips them. Likewise the department
report ``tests/fixtures/dept_points5_2566.txt`` (1-5 points, มิติที่, one scoring-method line) and the
real PDFs of ``../shared/realdocs``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import report_gen
from conftest import ROOT
from hardneg_gen import (
    FAMILIES,
    INTERPOLATION_NOTE,
    METHOD_LINE,
    HDoc,
    Table,
    corrupt,
    generate,
    level_word,
    method_stated_in_words,
    render,
    render_html,
)

from extractors import ocr
from extractors.api import extract_text
from extractors.records import Document
from pipeline.findings import Finding
from pipeline.run import process
from pipeline.scoring import run_checks

SEEDS = (0, 1, 2)
FIXTURE = Path(ROOT) / "tests" / "fixtures" / "dept_points5_2566.txt"
#: ../shared/realdocs beside the main checkout (a worktree under wt/ looks two levels up)
_REAL_PLACES = (Path(ROOT).parent / "shared" / "realdocs", Path(ROOT).parents[1] / "shared" / "realdocs")
REALDOCS = next((p for p in _REAL_PLACES if p.is_dir()), _REAL_PLACES[0])

Key = tuple[str, str, int | None, object, object]


def serious(doc: HDoc) -> tuple[list[Key], dict[str, int]]:
    """(rule, severity, line, reported, expected) of the error and warning findings of ``doc``."""
    text, where = render(doc)
    found = run_checks(extract_text(text, "hardneg", "hardneg.txt"))
    return sorted(((f.rule, f.severity, f.line, f.reported, f.expected) for f in found
                   if f.severity != "info"), key=repr), where


# ---------------------------------------------------------------------------------------------
# the generator: consistent by construction, recomputed from the text
# ---------------------------------------------------------------------------------------------

#: what a printed cell stands for: (value in base units, half of its last printed unit in base units)
Num = tuple[Decimal, Decimal]
MILLION = Decimal(1_000_000)


def parse(cell: str, scale: Decimal) -> Num | None:
    """ "1,234.50" / "7.6799 ล้านบาท" / "1,234 ราย" / "-" (zero) → value and half-unit; text → None."""
    s = cell.strip()
    if s == "-":
        return Decimal(0), Decimal(0)
    m = re.fullmatch(r"([0-9][0-9,]*(?:\.([0-9]+))?)(?:\s+(\S+))?", s)
    if not m:
        return None
    if m.group(3) == "ล้านบาท":
        scale = MILLION
    value = Decimal(m.group(1).replace(",", ""))
    half = Decimal(5).scaleb(-len(m.group(2) or "") - 1)
    return value * scale, half * scale


def printed(table: Table, text_rows: list[list[str]]) -> list[list[Num | None]]:
    """Every row's value cells read back from the rendered text (the label cells dropped)."""
    skip = 2 if table.numbered else 1
    out = []
    for cells in text_rows:
        vals = cells[skip:]
        out.append([parse(c, table.cols[j + 1].scale) if j + 1 < len(table.cols) else None
                    for j, c in enumerate(vals)])
    return out


def within(value: Num, lo: Decimal, hi: Decimal) -> bool:
    return value[0] + value[1] >= lo and value[0] - value[1] <= hi


def check_table(table: Table, text_rows: list[list[str]], either: bool = False) -> list[str]:
    """Every derived cell of ``table`` recomputed from the printed cells; the disagreements.

    A sum row must equal both the sum of its child rows and the sum of its leaves; with ``either``,
    one of them is enough (the policy of issue 10: a total agrees with the group rows or the leaves).
    """
    vals = printed(table, text_rows)
    bad: list[str] = []

    def parts(k: int, j: int, leaves: bool) -> list[Num]:
        """Row k's children in column j (heading rows stand for their children; leaves: go down)."""
        out: list[Num] = []
        for c in table.children(k):
            v = vals[c][j - 1] if vals[c] else None
            if v is not None and not (leaves and table.children(c)):
                out.append(v)
            else:
                out.extend(parts(c, j, leaves))
        return out

    for k in range(len(table.rows)):
        kids = table.children(k)
        for j, col in enumerate(table.cols[1:], 1):
            v = vals[k][j - 1] if j - 1 < len(vals[k]) else None
            if v is None:
                continue
            if col.kind == "sum" and kids:
                wrong = []
                for leaves in (False, True):  # the group rows, the leaves
                    ps = parts(k, j, leaves)
                    s, h = sum((p[0] for p in ps), Decimal(0)), sum((p[1] for p in ps), Decimal(0))
                    if not within(v, s - h, s + h):
                        wrong.append(f"{table.title} row {k} col {col.name}: {v[0]} != {s} ± {h}")
                if len(wrong) == 2 or (wrong and not either):
                    bad.extend(wrong)
            elif col.kind == "pct":
                a, b = (vals[k][i - 1] for i in col.of)
                assert a is not None and b is not None
                lo = 100 * (a[0] - a[1]) / (b[0] + b[1])
                hi = 100 * (a[0] + a[1]) / (b[0] - b[1])
                if not within(v, lo, hi):
                    bad.append(f"{table.title} row {k} {col.name}: {v[0]} not in {lo}..{hi}")
            elif col.kind == "wmean" and kids:
                w = col.of[0]
                pairs = [(vals[c][j - 1], vals[c][w - 1]) for c in kids]
                n = sum((p[1][0] for p in pairs if p[1]), Decimal(0))
                lo = sum((p[0][0] - p[0][1]) * p[1][0] for p in pairs if p[0] and p[1]) / n
                hi = sum((p[0][0] + p[0][1]) * p[1][0] for p in pairs if p[0] and p[1]) / n
                if not within(v, lo, hi):
                    bad.append(f"{table.title} row {k} {col.name}: {v[0]} not in {lo}..{hi}")
            elif col.kind == "mean" and kids:
                ms = [vals[c][j - 1] for c in kids]
                lo = sum(m[0] - m[1] for m in ms if m) / len(ms)
                hi = sum(m[0] + m[1] for m in ms if m) / len(ms)
                if not within(v, lo, hi):
                    bad.append(f"{table.title} row {k} {col.name}: {v[0]} not in {lo}..{hi}")
        for j, col in enumerate(table.cols[1:], 1):
            cell = text_rows[k][(2 if table.numbered else 1) + j - 1]
            if col.kind == "ratio":
                m = re.fullmatch(r"1 : ([0-9.]+)", cell)
                a, b = (vals[k][i - 1] for i in col.of)
                assert m and a is not None and b is not None
                x = parse(m.group(1), Decimal(1))
                assert x is not None
                if not within(x, (a[0] - a[1]) / (b[0] + b[1]), (a[0] + a[1]) / (b[0] - b[1])):
                    bad.append(f"{table.title} row {k} {col.name}: {cell}")
            if col.kind == "word" and table.family == "survey":
                mean = vals[k][0]
                assert mean is not None
                if cell != level_word(mean[0]):
                    bad.append(f"{table.title} row {k}: {cell} for {mean[0]}")
    return bad


def text_tables(doc: HDoc) -> list[list[list[str]]]:
    """Each table's rows as rendered, cut back into cells."""
    text, where = render(doc)
    lines = text.split("\n")
    return [[lines[where[f"t{t}:r{k}"] - 1].split("\t") for k in range(len(table.rows))]
            for t, table in enumerate(doc.tables)]


@pytest.mark.parametrize("seed", range(40))
def test_generated_tables_are_consistent(seed: int) -> None:
    doc = generate(seed)
    for table, rows in zip(doc.tables, text_tables(doc), strict=True):
        assert check_table(table, rows) == []


@pytest.mark.parametrize("seed", range(40))
def test_corruption_breaks_one_sum_per_table(seed: int) -> None:
    """Each corrupted table differs from the consistent one on one line, and the recomputation now
    disagrees there (and only there, for the cell the corruption names)."""
    doc = generate(seed)
    bad, expected = corrupt(doc, seed)
    before, _ = render(doc)
    after, where = render(bad)
    changed = [k for k, (a, b) in enumerate(zip(before.split("\n"), after.split("\n"), strict=True), 1)
               if a != b]
    assert changed == sorted(where[e.key] for e in expected)
    for table, rows, e in zip(bad.tables, text_tables(bad), expected, strict=True):
        problems = check_table(table, rows, either=True)
        row = int(e.key.split(":r")[1])
        assert problems and all(f"row {row} " in p for p in problems), problems
        assert e.reported != e.expected


def test_generator_is_deterministic() -> None:
    assert render(generate(11)) == render(generate(11))
    assert corrupt(generate(11), 11) == corrupt(generate(11), 11)
    assert render(generate(11))[0] != render(generate(12))[0]


def test_every_family_is_drawn_and_html_has_every_table() -> None:
    seen = {t.family for s in range(10) for t in generate(s).tables}
    assert seen == set(FAMILIES)
    doc = generate(4)
    page = render_html(doc)
    assert page.count("<table>") == len(doc.tables)
    assert all(t.title in page for t in doc.tables)


# ---------------------------------------------------------------------------------------------
# the pipeline on the generator's documents
# ---------------------------------------------------------------------------------------------

#: families the pipeline misreads (issue 10 fixed every family: hierarchy, units, column kinds, totals first)
WRONG_TODAY: dict[str, str] = {}


#: seeds per family; budget seeds cover total first / last, ที่ column / inline numbering, บาท / ล้านบาท /
#: rows in บาท under a total in ล้านบาท, group label rows and "รวม" subtotal rows below their rows
CASES: dict[str, tuple[int, ...]] = {f: SEEDS for f in FAMILIES}
CASES["budget"] = (0, 1, 2, 3, 7, 9, 11)

#: budget tables whose total is printed first: checked against the rows below it since issue 10
BUDGET_UNCHECKED_TODAY: tuple[int, ...] = ()


def _cases(corrupted: bool) -> list[object]:
    out = []
    for family in sorted(CASES):
        for seed in CASES[family]:
            reason = WRONG_TODAY.get(family)
            if family == "budget" and seed in BUDGET_UNCHECKED_TODAY:
                # รวมทั้งสิ้น ก่อนแถวรายการ: ไม่มีแถวเหนือแถวรวม วันนี้จึงไม่ตรวจเลย (ไม่เตือนผิด แต่พลาดการแก้ตัวเลข)
                reason = None if not corrupted else (
                    "the total printed first (รวมทั้งสิ้น above its rows, as the budget book prints it):"
                    " nothing is checked, the corruption is missed")
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(family, seed, marks=marks, id=f"{family}-{seed}"))
    return out


@pytest.mark.parametrize(("family", "seed"), _cases(corrupted=False))
def test_consistent_table_raises_no_error(family: str, seed: int) -> None:
    found, _ = serious(generate(seed, (family,)))
    assert [f for f in found if f[1] == "error"] == []


@pytest.mark.parametrize(("family", "seed"), _cases(corrupted=True))
def test_corrupted_table_raises_exactly_its_finding(family: str, seed: int) -> None:
    bad, expected = corrupt(generate(seed, (family,)), seed)
    found, where = serious(bad)
    assert found == sorted(((e.rule, e.severity, where[e.key], e.reported, e.expected) for e in expected),
                           key=repr)


def test_mixed_documents_raise_no_error() -> None:
    for seed in range(5):
        found, _ = serious(generate(seed))
        assert [f for f in found if f[1] == "error"] == []


# ---------------------------------------------------------------------------------------------
# the scoring method stated in words (report_gen's reports, the "+/-" note replaced)
# ---------------------------------------------------------------------------------------------

#: report_gen seeds whose reports interpolate (print the "+/- x ต่อ 1 ระดับคะแนน" note)
METHOD_SEEDS = (0, 3, 7)


def _method_text(seed: int, scheme: str) -> str:
    text, _ = report_gen.render(report_gen.generate(seed, scheme))
    assert INTERPOLATION_NOTE.search(text), "the report interpolates"
    out = method_stated_in_words(text)
    assert METHOD_LINE in out and not INTERPOLATION_NOTE.search(out)
    return out


@pytest.mark.parametrize("scheme", ["points-5", "points-100"])
@pytest.mark.parametrize("seed", METHOD_SEEDS)
def test_linear_method_stated_in_words_raises_nothing(seed: int, scheme: str) -> None:
    found = run_checks(extract_text(_method_text(seed, scheme), "m", "method.txt"))
    assert [(f.rule, f.indicator, f.line) for f in found if f.severity != "info"] == []


# ---------------------------------------------------------------------------------------------
# the department report (1-5 points, มิติที่, one scoring-method line)
# ---------------------------------------------------------------------------------------------


def expected_facts() -> dict[str, object]:
    facts: dict[str, object] = json.loads(FIXTURE.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return facts


def q4(x: Decimal) -> Decimal:
    from hardneg_gen import q
    return q(x, 4)


def linear(r: Decimal, ts: list[Decimal]) -> Decimal:
    """1-5 points, linear between the thresholds (เทียบเกณฑ์แบบเส้นตรง), 1 below level 1, 5 above 5."""
    if r < ts[0]:
        return Decimal(1)
    n = max(i for i in range(5) if r >= ts[i])
    return Decimal(5) if n == 4 else n + 1 + (r - ts[n]) / (ts[n + 1] - ts[n])


def test_department_fixture_is_consistent_under_the_linear_method() -> None:
    """The expected facts recomputed (linear scores, weighted = score × weight / 100, dimension and
    overall totals, weights adding to 100), and every figure printed on its summary row."""
    facts = expected_facts()
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    assert "เทียบเกณฑ์แบบเส้นตรง" in lines[int(str(facts["scoring_method_line"])) - 1]
    inds = facts["indicators"]
    assert isinstance(inds, list)
    by_dim: dict[int, list[Decimal]] = {}
    weights: dict[int, int] = {}
    for ind in inds:
        ts = [Decimal(str(t)) for t in ind["thresholds"]] if ind["thresholds"] else None
        score = q4(linear(Decimal(str(ind["result_value"])), ts)) if ts else Decimal(ind["level"])
        assert score == Decimal(str(ind["score"])), ind["indicator"]
        weighted = q4(score * ind["weight"] / 100)
        assert weighted == Decimal(str(ind["weighted_score"])), ind["indicator"]
        by_dim.setdefault(ind["component"], []).append(weighted)
        weights[ind["component"]] = weights.get(ind["component"], 0) + ind["weight"]
        row = next(x for x in lines if x.startswith(f"{ind['indicator']} ") and "\t" in x).split("\t")
        assert row[2:] == [str(ind["weight"]), f"{ind['result_value']:.2f}" if ts else str(ind["level"]),
                           f"{score:.4f}", f"{weighted:.4f}"]
    dims = facts["dimensions"]
    assert isinstance(dims, list)
    for d in dims:
        assert sum(by_dim[d["dimension"]], Decimal(0)) == Decimal(str(d["weighted_total"]))
        assert weights[d["dimension"]] == d["weight"]
        assert lines[d["summary_line"] - 1].split("\t")[2] == str(d["weight"])
        assert lines[d["summary_line"] - 1].split("\t")[5] == f"{Decimal(str(d['weighted_total'])):.4f}"
    total = facts["total"]
    assert isinstance(total, dict)
    assert sum(d["weight"] for d in dims) == total["weight"] == 100
    dim_sum = sum((Decimal(str(d["weighted_total"])) for d in dims), Decimal(0))
    assert dim_sum == Decimal(str(total["weighted_total"]))
    assert lines[total["summary_line"] - 1].split("\t") == ["รวม", "", "100", "", "", "4.0358"]


def _fixture_doc() -> tuple[Document, list[Finding]]:
    doc = extract_text(FIXTURE.read_text(encoding="utf-8"), "dept", str(FIXTURE))
    return doc, run_checks(doc)


def test_department_fixture_fiscal_year_and_indicator_weights() -> None:
    """What today's pipeline already reads right: the fiscal year, the indicator ids, names' units and
    weights of the summary table (not the dimension rows)."""
    doc, _ = _fixture_doc()
    facts = expected_facts()
    inds = facts["indicators"]
    assert isinstance(inds, list)
    assert doc.fiscal_year == facts["fiscal_year"]
    got = [(i.indicator, i.unit, i.weight.value if i.weight else None)
           for i in doc.indicators if i.source == "summary"]
    assert got == [(i["indicator"], i["unit"], i["weight"]) for i in inds]


def test_department_fixture_agency_and_no_template() -> None:
    doc, _ = _fixture_doc()
    assert (doc.agency, doc.template) == ("กรมควบคุมโรค", None)


def test_department_fixture_scores() -> None:
    doc, _ = _fixture_doc()
    inds = expected_facts()["indicators"]
    assert isinstance(inds, list)
    got = [(i.indicator, i.result.value if i.result else None, i.score.value if i.score else None,
            i.weighted_score.value if i.weighted_score else None)
           for i in doc.indicators if i.source == "summary"]
    assert got == [(i["indicator"], i["result_value"] if i["thresholds"] else i["level"], i["score"],
                    i["weighted_score"]) for i in inds]


def test_department_fixture_no_false_finding() -> None:
    _, found = _fixture_doc()
    assert [(f.rule, f.severity, f.line) for f in found if f.severity != "info"] == []


# ---------------------------------------------------------------------------------------------
# real PDFs (not in the repository): every error there is false
# ---------------------------------------------------------------------------------------------

#: text-layer PDFs of ../shared/realdocs that had false errors before issue 10, and why (now 0 errors:
#: the budget book's 2 warnings at p31 are a nested hierarchy shown only by indentation; yaha's 4 at p15
#: are a table continued from p14)
REAL_WRONG = {
    "budget_fy2565_vol3_book17.pdf": "23 count-total errors: indicator target rows (ราย, ร้อยละ, ฉบับ, ขวด,"
                                     " เรื่อง) summed against a รวมทั้งสิ้น in ล้านบาท whose parts are below it",
    "yaha_hospital_ER_SAR_2567.pdf": "4 count-total errors: a staffing table continued over a page break is"
                                     " checked on its last row only, its cells out of column",
}


@pytest.mark.slow  # ~10 s: 175 text-layer pages
@pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} is absent")
@pytest.mark.parametrize("name", sorted(REAL_WRONG))
def test_real_pdf_has_no_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = REALDOCS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    monkeypatch.setattr(ocr, "tesseract_binary", lambda: None)
    result = process(path)
    assert result.status == "ok"
    assert [(f.rule, f.page, f.line) for f in result.findings if f.severity == "error"] == []
