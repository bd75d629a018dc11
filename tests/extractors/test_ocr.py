"""OCR pool behaviour that does not need tesseract itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import ocr as ocr_mod
from extractors import tess_api
from extractors.pdf import read_pdf
from extractors.records import Line
from extractors.settings import OcrSettings


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
        ocr_mod.ocr_pages(pdf, list(range(1, 9)), settings=OcrSettings(workers=1, dpi=10), binary="tesseract")
    # page 2 may or may not have been taken by the worker before the interrupt; pages 3-8 never are
    assert seen in ([1], [1, 2])


def _fake_ocr(image: Path, page: int, **_: object) -> list[Line]:
    """Stands in for ``ocr_image``: one line naming the page."""
    text = f"หน้า {page} ตัวชี้วัด"
    return [Line(page=page, line=1, text=text, raw=text, source="ocr")]


def test_ocr_pages_reports_progress_in_page_order(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = pdfium.PdfDocument.new()
    for _ in range(5):
        pdf.new_page(100, 100)
    monkeypatch.setattr(ocr_mod, "ocr_image", _fake_ocr)
    calls: list[tuple[int, int]] = []
    got = ocr_mod.ocr_pages(pdf, [2, 4, 5], settings=OcrSettings(dpi=10), binary="tesseract",
                            progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert got == {p: _fake_ocr(Path(), p) for p in (2, 4, 5)}


def _scan_pdf(path: Path, pages: list[bool]) -> Path:
    """A PDF whose pages are a page-size image (True: OCR needed) or blank (False: no OCR)."""
    pdf = pdfium.PdfDocument.new()
    for scanned in pages:
        page = pdf.new_page(100, 100)
        if scanned:
            image = pdfium.PdfImage.new(pdf)
            image.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("L", (20, 20), 200)))
            image.set_matrix(pdfium.PdfMatrix().scale(100, 100))
            page.insert_obj(image)
            page.gen_content()
    pdf.save(str(path))
    return path


def test_read_pdf_reports_ocr_page_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _scan_pdf(tmp_path / "scan.pdf", [True, False, True, True])
    monkeypatch.setattr(ocr_mod, "ocr_image", _fake_ocr)
    monkeypatch.setattr(ocr_mod, "tesseract_binary", lambda: "tesseract")
    calls: list[tuple[int, int]] = []
    got = read_pdf(path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]  # the 3 image pages; the blank page needs no OCR
    assert got == read_pdf(path)  # progress only reports: the same lines and warnings without it
    assert [(ln.page, ln.text) for ln in got.lines] == [
        (1, "หน้า 1 ตัวชี้วัด"), (3, "หน้า 3 ตัวชี้วัด"), (4, "หน้า 4 ตัวชี้วัด")]
    assert (got.input_kind, got.page_sources) == ("pdf-scanned", ["ocr", "empty", "ocr", "ocr"])


def test_read_pdf_without_ocr_pages_reports_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _scan_pdf(tmp_path / "scan.pdf", [True, False])
    calls: list[tuple[int, int]] = []
    read_pdf(path, ocr=False, progress=lambda done, total: calls.append((done, total)))
    read_pdf(_scan_pdf(tmp_path / "blank.pdf", [False, False]),
             progress=lambda done, total: calls.append((done, total)))
    assert calls == []


def test_pages_are_rendered_just_ahead_of_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: every page was rendered before OCR caught up (429 MB of images for 2,000 pages);
    # now at most 2 × workers page images wait, each dropped once read
    pdf = pdfium.PdfDocument.new()
    for _ in range(12):
        pdf.new_page(100, 100)
    rendered: list[int] = []
    waiting: list[int] = []
    render = ocr_mod.render_gray

    def counting(page: pdfium.PdfPage, dpi: int) -> npt.NDArray[np.uint8]:
        rendered.append(dpi)
        return render(page, dpi)

    def fake(image: npt.NDArray[np.uint8], page: int, **_: object) -> list[Line]:
        assert image.shape == (14, 14)  # 100 pt at 10 dpi, grey, in memory
        waiting.append(len(rendered) - page + 1)  # rendered and not yet read, this page included
        return _fake_ocr(Path(), page)

    monkeypatch.setattr(ocr_mod, "render_gray", counting)
    monkeypatch.setattr(ocr_mod, "ocr_image", fake)
    got = ocr_mod.ocr_pages(pdf, list(range(1, 13)), settings=OcrSettings(workers=1, dpi=10),
                            binary="tesseract")
    assert sorted(got) == list(range(1, 13))
    assert len(waiting) == 12 and max(waiting) <= 2


def test_blank_pdf_says_blank_when_tesseract_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # regression: a blank PDF said "is tesseract installed?" when it was
    from extractors.api import extract_pdf
    from extractors.readers import ExtractionError

    monkeypatch.setattr(ocr_mod, "tesseract_binary", lambda: "tesseract")
    with pytest.raises(ExtractionError) as err:
        extract_pdf(_scan_pdf(tmp_path / "blank.pdf", [False, False, False]), "d")
    assert str(err.value) == (
        "no text found: none of the 3 pages has a usable text layer and OCR read nothing on them "
        "(blank pages, or images too faint to read); check the file opens with text")
    monkeypatch.setattr(ocr_mod, "tesseract_binary", lambda: None)
    with pytest.raises(ExtractionError) as err:
        extract_pdf(_scan_pdf(tmp_path / "blank2.pdf", [True]), "d")
    assert str(err.value) == (
        "no text found: the PDF has no usable text layer and tesseract is not installed "
        "(apt-get install tesseract-ocr tesseract-ocr-tha)")


# --- the page pass in this process (extractors.tess_api) and its subprocess fallback ---------------

_TESSERACT = shutil.which("tesseract") is not None


def _two_lines() -> npt.NDArray[np.uint8]:
    """A small rendered image: a Thai line with figures, a Latin line (300 dpi)."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/tlwg/Laksaman.ttf", 36)
    img = Image.new("L", (520, 120), 255)
    draw = ImageDraw.Draw(img)
    draw.text((10, 10), "ตัวชี้วัดที่ 2.1 ร้อยละ 95.50", font=font, fill=0)
    draw.text((10, 62), "Budget 1,250,000 baht", font=font, fill=0)
    return np.asarray(img)


@pytest.mark.skipif(not _TESSERACT or not tess_api.available(), reason="tesseract / libtesseract missing")
def test_in_process_page_pass_gives_the_commands_words(tmp_path: Path) -> None:
    gray = _two_lines()
    settings = OcrSettings(dpi=300)
    inside = ocr_mod.page_tsv(gray, "tesseract", settings)
    Image.fromarray(gray).save(tmp_path / "p.png")
    assert inside == ocr_mod.run_tesseract(tmp_path / "p.png", "tesseract", settings)  # the file
    assert inside == ocr_mod.page_tsv(gray, "tesseract", replace(settings, in_process=False))  # stdin
    assert [w.text for w in ocr_mod.parse_tsv(inside)] == [
        "ต", "ั", "ว", "ชี", "้", "ว", "ั", "ด", "ท", "ี", "่", "2.1", "ร", "้", "อ", "ย", "ล", "ะ", "95.50",
        "Budget", "1,250,000", "baht"]
    threads = _os_threads()
    assert ocr_mod.page_tsv(gray, "tesseract", settings) == inside  # the engine kept loaded: the same
    # ไม่มีเธรด OpenMP เพิ่ม: Tesseract stays single-threaded in this process, like the command
    # (libgomp keeps the threads of a parallel region alive; with OMP_THREAD_LIMIT=1 it starts none)
    assert _os_threads() == threads


def _os_threads() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("Threads:")[1].split()[0])


@pytest.mark.skipif(not _TESSERACT or not tess_api.available(), reason="tesseract / libtesseract missing")
def test_in_process_constrained_pass_gives_the_commands_words(tmp_path: Path) -> None:
    gray = _two_lines()[60:, :]
    chars = "0123456789.,%-"
    got = tess_api.recognise(gray, "eng", 6, 300, (("tessedit_char_whitelist", chars),))
    Image.fromarray(gray).save(tmp_path / "s.png")
    cmd = ["tesseract", str(tmp_path / "s.png"), "stdout", "-l", "eng", "--psm", "6", "--dpi", "300",
           "-c", f"tessedit_char_whitelist={chars}", "tsv"]
    assert got == subprocess.run(cmd, capture_output=True, check=True,
                                 env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout.decode("utf-8")
    assert all(set(w.text) <= set(chars) for w in ocr_mod.parse_tsv(got))
    # another key (languages, variables) is another engine: the page pass is not constrained
    assert "Budget" in [w.text for w in ocr_mod.parse_tsv(tess_api.recognise(gray, "eng", 6, 300))]


@pytest.mark.skipif(not tess_api.available(), reason="libtesseract missing")
def test_in_process_timeout_is_an_ocr_error() -> None:
    page = np.tile(_two_lines(), (12, 3))
    with pytest.raises(ocr_mod.OcrError, match=r"^tesseract timed out after 0 s$"):
        ocr_mod.page_tsv(page, "tesseract", OcrSettings(dpi=300, timeout_s=0.05))
