"""OCR pool behaviour that does not need tesseract itself."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors import ocr as ocr_mod
from extractors.records import Line


def test_interrupt_drops_queued_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: after Ctrl-C the pool went on to OCR every queued page before exiting
    pdf = pdfium.PdfDocument.new()
    for _ in range(8):
        pdf.new_page(100, 100)
    seen: list[int] = []

    def fake(image: Path, page: int, **_: object) -> list[Line]:
        seen.append(page)
        if page == 1:
            raise KeyboardInterrupt
        time.sleep(0.5)  # slow pages: without cancelling, all 8 would run
        return []

    monkeypatch.setattr(ocr_mod, "ocr_image", fake)
    with pytest.raises(KeyboardInterrupt):
        ocr_mod.ocr_pages(pdf, list(range(1, 9)), workers=1, binary="tesseract", dpi=10)
    # page 2 may or may not have been taken by the worker before the interrupt; pages 3-8 never are
    assert seen in ([1], [1, 2])
