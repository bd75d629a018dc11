"""The acceptance checker restricted to the facts of some seed lines (the pages that were scanned).

    python tests/extractors/scan_score.py OUT_DIR [--lines 376-480] [--input NAME]

Facts with a line keep it when it falls in the range; facts without one (quantities, dates,
narrative) when their raw text is printed in the range (narrative under a heading of its kind).
Required findings without a line that name an indicator (cross-source) become optional: whether
the range proves them depends on which sections are in it. Document facts are the agency and the
fiscal year (the input kind of a scan is ``pdf-scanned``). Totals: those the range prints (the
summary's overall and component totals, the audit forms' component totals). Required findings in
the range. Writes the subset next to OUT_DIR and runs /work/shared/acceptance/check.py on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"
EXPECTED = Path("/work/shared/corpus/bangrak_fy2564_ocr.expected.json")
CHECK = Path("/work/shared/acceptance/check.py")
LINES = (376, 480)
#: the totals printed on lines 376-480
TOTALS = {("summary", "overall", None), ("summary", "component", 2), ("summary", "component", 3),
          ("audit", "component", 2), ("audit", "component", 3)}


def subset(expected: dict[str, Any], lines: tuple[int, int], input_name: str) -> dict[str, Any]:
    seed = SEED.read_text(encoding="utf-8").splitlines()
    block = "\n".join(seed[lines[0] - 1 : lines[1]])

    def keep(e: dict[str, Any]) -> bool:
        ln = e.get("line")
        if ln is not None:
            return bool(lines[0] <= ln <= lines[1])
        raw = e.get("raw") or e.get("contains")
        return bool(raw) and raw in block

    from extractors.templates import load_templates

    headings = {h.kind: h.labels for t in load_templates() for h in t.narrative_headings}

    def narrated(e: dict[str, Any]) -> bool:
        # a narrative item is on these pages when its text is, under a heading of its kind (the
        # same text may be printed elsewhere under another heading: line 72's obstacle)
        rows = seed[lines[0] - 1 : lines[1]]
        for k, row in enumerate(rows):
            if e["contains"] in row:
                near = " ".join(rows[max(0, k - 3) : k + 1])
                if any(lab in near for lab in headings.get(e["kind"], ())):
                    return True
        return False

    out: dict[str, Any] = {"input": input_name}
    out["document"] = {k: v for k, v in expected["document"].items() if k in ("agency", "fiscal_year")}
    for key in ("indicators", "quantities", "dates", "narrative", "findings_required"):
        out[key] = [e for e in expected[key] if keep(e) and (key != "narrative" or narrated(e))]
    out["totals"] = [e for e in expected["totals"] if (e["source"], e["scope"], e["component"]) in TOTALS]
    out["not_dates"] = [s for s in expected.get("not_dates", []) if s in block]
    # a finding without a line that names an indicator (cross-source) may or may not be proved by the
    # range (it depends on which sections are in it): allowed, not required
    named = [e for e in expected["findings_required"] if e.get("line") is None and e.get("indicator")]
    out["findings_optional"] = expected["findings_optional"] + named
    return out


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0])
    a, b = (argv[argv.index("--lines") + 1] if "--lines" in argv else f"{LINES[0]}-{LINES[1]}").split("-")
    docs = [json.loads(x) for x in (out_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    name = argv[argv.index("--input") + 1] if "--input" in argv else Path(docs[0]["path"]).name
    sub = subset(json.loads(EXPECTED.read_text(encoding="utf-8")), (int(a), int(b)), name)
    exp = out_dir.parent / f"{out_dir.name}.expected.json"
    exp.write_text(json.dumps(sub, ensure_ascii=False, indent=1), encoding="utf-8")
    cmd = [sys.executable, str(CHECK), str(exp), str(out_dir), "--no-lines", "--verbose"]
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
