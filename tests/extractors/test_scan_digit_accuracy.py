"""Digit accuracy of the figures in numeric table cells on office scans of the seed's summary table
and audit forms (tests/extractors/make_office_scan.py, tests/extractors/scan_digits.py), in Thai
digits and Arabic digits, in Laksaman and Garuda: at least 99.5% of the digits right, and no
figure read wrong with a certain confidence. Slow (~15 s a scan on 2 cores): a scan is printed,
rasterised and read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.mark.slow
@pytest.mark.parametrize(("font", "thai_digits"), [
    ("Laksaman", True), ("Laksaman", False), ("Garuda", True), ("Garuda", False),
])
def test_digit_accuracy_of_an_office_scan(tmp_path: Path, font: str, thai_digits: bool) -> None:
    import make_office_scan
    import scan_digits

    if not make_office_scan.available() or shutil.which("tesseract") is None:
        pytest.skip("needs chromium, pdftoppm and tesseract")
    scan = tmp_path / "scan.pdf"
    assert make_office_scan.make(scan, font=font, thai_digits=thai_digits) == 5
    want, sure = scan_digits.truth(scan_digits.LINES), scan_digits.read_sure(scan)
    _, cells, right, digits = scan_digits.score(want, [t for t, _ in sure])
    assert (cells, digits) == (93, 324)
    assert right >= 0.995 * digits
    # a grade "D" printed in the 5.1 row reads "0" (a cell the truth has no figure for)
    assert [w for w in scan_digits.certain_wrong(want, sure) if w[0]] == []
