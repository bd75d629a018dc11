"""Office scans of generated reports, read by the scan path and compared with the OCR-text path.

    python tests/extractors/gen_scan_measure.py [--seeds 1-5] [--font Laksaman] [--thai-digits]
        [--dpi 200] [--grey] [--keep DIR] [--verbose]

Each seed's report (tests/pipeline/report_gen.py: another agency, year, indicators, digits, label
spellings) gives its summary table and audit forms as OCR text. That text is read by the OCR-text
path (the reference: that path is exact on such text) and printed by Chromium, scanned
(tests/extractors/make_office_scan.py) and read by the scan path. Facts: the agency, the fiscal
year, each indicator's weight, result, level, score and weighted score, and each printed total, as
the reference has them. Prints per seed the facts the scan path got, the facts it got wrong (a
value other than the reference's: a false fact) and its `error` findings the reference does not
have (false alarms), then the totals.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "tests" / "pipeline", ROOT / "tests" / "extractors"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import make_office_scan  # noqa: E402
import report_gen  # noqa: E402

FIELDS = ("weight", "result_value", "level", "score", "weighted_score")


def forms_text(seed: int) -> list[str]:
    """The summary table and audit forms of the generated report ``seed``, as OCR-text lines."""
    rep = report_gen.generate(seed)
    out = report_gen._Out()
    where: dict[str, int] = {}
    report_gen._summary(out, rep, where)
    if rep.audit:
        for comp in rep.comps:
            report_gen._audit(out, rep, comp, where)
    return list(out.lines)


def run(path: Path, out: Path) -> dict[str, list[dict[str, Any]]]:
    cmd = [sys.executable, "-m", "pipeline", "run", str(path), "--out", str(out), "--quiet", "--workers", "0"]
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
    return {n: [json.loads(x) for x in (out / f"{n}.jsonl").read_text(encoding="utf-8").splitlines()]
            for n in ("documents", "indicators", "totals", "findings")}


def facts(res: dict[str, list[dict[str, Any]]]) -> dict[tuple[Any, ...], Any]:
    doc = res["documents"][0] if res["documents"] else {}
    out: dict[tuple[Any, ...], Any] = {("agency",): doc.get("agency"),
                                       ("fiscal_year",): doc.get("fiscal_year")}
    for r in res["indicators"]:
        for f in FIELDS:
            out[(r["source"], r["indicator"], f)] = r[f]
    for t in res["totals"]:
        out[(t["source"], t["scope"], t["component"])] = t["reported"]
    return {k: v for k, v in out.items() if v is not None}


def errors(res: dict[str, list[dict[str, Any]]]) -> set[tuple[Any, ...]]:
    return {(f["rule"], f.get("indicator")) for f in res["findings"] if f["severity"] == "error"}


def measure(
    seed: int, tmp: Path, verbose: bool = False, **scan: Any
) -> tuple[int, int, int, list[tuple[Any, ...]]]:
    """(facts right, facts, false facts, false errors) of one seed; ``verbose``: print each miss."""
    lines = forms_text(seed)
    text = tmp / f"gen{seed}.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pdf = tmp / f"gen{seed}.pdf"
    make_office_scan.make(pdf, text=lines, font=scan["font"], thai_digits=scan["thai_digits"],
                          scan=make_office_scan.Scan(dpi=scan["dpi"], bilevel=not scan["grey"]))
    ref, got = run(text, tmp / f"ref{seed}"), run(pdf, tmp / f"scan{seed}")
    want, have = facts(ref), facts(got)
    right = sum(1 for k, v in want.items() if have.get(k) == v)
    for k, v in want.items():
        if verbose and have.get(k) != v:
            print(f"  miss {k}: want {v!r}, got {have.get(k)!r}")
    wrong = sum(1 for k, v in want.items() if k in have and have[k] != v)
    return right, len(want), wrong, sorted(errors(got) - errors(ref), key=str)


def main(argv: list[str]) -> int:
    def opt(name: str, default: str) -> str:
        return argv[argv.index(name) + 1] if name in argv else default

    a, b = opt("--seeds", "1-5").split("-")
    scan = {"font": opt("--font", "Laksaman"), "thai_digits": "--thai-digits" in argv,
            "dpi": int(opt("--dpi", "200")), "grey": "--grey" in argv}
    keep = opt("--keep", "")
    tot = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory(prefix="gen-scan-") as t:
        tmp = Path(keep) if keep else Path(t)
        tmp.mkdir(parents=True, exist_ok=True)
        for seed in range(int(a), int(b) + 1):
            right, n, wrong, false_errors = measure(seed, tmp, "--verbose" in argv, **scan)
            print(f"seed {seed}: facts {right}/{n}, false facts {wrong}, false errors {false_errors}")
            for k, v in enumerate((right, n, wrong, len(false_errors))):
                tot[k] += v
    print(f"total: facts {tot[0]}/{tot[1]} = {100.0 * tot[0] / max(1, tot[1]):.1f}%, "
          f"false facts {tot[2]}, false errors {tot[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
