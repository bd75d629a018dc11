"""The seed's summary table and audit forms printed WITHOUT borders by real producers
(tests/extractors/make_unruled.py: Chromium from HTML, LibreOffice from a python-docx document),
read back through the text-layer path, and scored by the acceptance checker on the facts of those
pages (tests/extractors/scan_score.py). Before the column-alignment tables (extractors/unruled.py)
each physical line was a line and no indicator row survived: 24/76 (Chromium), 33/76 (LibreOffice).
Slow: one print and one run each (~10-20 s).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

CHECK = Path("/work/shared/acceptance/check.py")


@pytest.mark.slow
@pytest.mark.parametrize(("producer", "font"), [("chromium", "Laksaman"), ("libreoffice", "Garuda")])
def test_borderless_print_of_the_summary_and_audit_forms(tmp_path: Path, producer: str, font: str) -> None:
    import make_unruled
    import scan_score

    if not make_unruled.available(producer):
        pytest.skip(f"needs {producer} and pdftoppm")
    if not scan_score.EXPECTED.exists():
        pytest.skip("no acceptance corpus")
    pdf = tmp_path / "unruled.pdf"
    make_unruled.make(pdf, producer=producer, font=font, lines=scan_score.LINES)
    out = tmp_path / "out"
    assert main(["run", str(pdf), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    rows = map(json.loads, (out / "indicators.jsonl").read_text().splitlines())
    inds = {(r["source"], r["indicator"]): r for r in rows}
    # rows whose cells wrap over several lines come out whole; the first column merged down over
    # two rows ("องค์ประกอบที่ 2 …") still names the component of both
    for key, want in {
        ("summary", "2.1"): (2, 10, 100.0, 10.0),
        ("summary", "2.2"): (2, 10, 80.0, 8.0),
        ("summary", "3.2"): (3, 15, 100.0, 15.0),
        ("summary", "5.1"): (5, 10, 90.561, 9.056),
        ("audit", "2.1"): (2, 10, 100.0, 10.0),
        ("audit", "3.2"): (3, 15, 100.0, 15.0),
    }.items():
        r = inds[key]
        assert (r["component"], r["weight"], r["score"], r["weighted_score"]) == want, key
    sub = scan_score.subset(json.loads(scan_score.EXPECTED.read_text(encoding="utf-8")), scan_score.LINES,
                            "unruled.pdf")
    exp = tmp_path / "out.expected.json"
    exp.write_text(json.dumps(sub, ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, str(CHECK), str(exp), str(out), "--no-lines"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.stdout.splitlines()[-1] == (
        "acceptance: facts 76/76, provenance 0/0, findings recall 1/1, false positives 0 -> PASS")
