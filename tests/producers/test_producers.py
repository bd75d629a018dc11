"""The producer corpus: one report excerpt printed by seven producers in two fonts (make_corpus.py).

Each PDF is run through the whole extraction and compared with the same excerpt read as OCR text
(``excerpt.txt``): facts (indicator values, totals, sub-scores, quantities, dates) and findings are
compared as values, never as lines. The expected figures are the measured ones (docs/pdf-engines.md);
where a producer loses facts, the reason is named next to it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402

from extractors import pdf as pdf_mod  # noqa: E402
from extractors import pdf_poppler  # noqa: E402
from extractors.pdf_poppler import Word, attach_marks, splits_after_am, word_runs  # noqa: E402
from normalizers.thai_layer import (  # noqa: E402
    judge_orthography,
    repair_layer,
    swap_marks,
    undo_am_for_aa,
    undo_mark_swap,
)

PDFS = HERE / "pdfs"
needs_poppler = pytest.mark.skipif(not pdf_poppler.available(), reason="poppler-utils not installed")

#: (facts found of 99, false facts, findings equal, CER after repair at most), by the poppler engine
EXPECTED: dict[str, tuple[int, int, bool, float]] = {
    "chromium-garuda": (99, 0, True, 0.001),
    "chromium-laksaman": (99, 0, True, 0.001),
    "fpdf2-garuda": (99, 0, True, 0.001),
    "fpdf2-laksaman": (99, 0, True, 0.001),
    # ้ and ู given each other's codes by its font map: undone by dictionary where the swap makes
    # words; the rest of the CER is ำ printed as า in words that are words either way (นา/นำ)
    "weasyprint-garuda": (99, 0, True, 0.02),
    "weasyprint-laksaman": (99, 0, True, 0.02),
    "wkhtmltopdf-garuda": (99, 0, True, 0.001),  # private-use glyphs mapped back
    "wkhtmltopdf-laksaman": (99, 0, True, 0.001),
    # rows split over page breaks: the text is right (no character wrong in any order), its page
    # order is not the row order of the reference; the rows are joined (continue_row)
    "libreoffice-garuda": (99, 0, True, 0.05),
    "libreoffice-laksaman": (99, 0, True, 0.05),
    "reportlab-garuda": (99, 0, True, 0.001),
    "reportlab-laksaman": (99, 0, True, 0.001),
}


@needs_poppler
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_producer_facts(name: str) -> None:
    m = measure.measure(PDFS / f"{name}.pdf")
    facts, false_facts, findings_equal, max_cer = EXPECTED[name]
    got = (m.facts_found, m.facts_ref, m.false_facts, m.findings_equal)
    assert got == (facts, 99, false_facts, findings_equal)
    assert m.cer_repaired <= max_cer
    assert m.sources.startswith("text_layer:")  # every page read from its text layer, none OCR'd


@needs_poppler
@pytest.mark.parametrize("font", ["garuda", "laksaman"])
def test_ghostscript_redistilled_pages_go_to_ocr(font: str) -> None:
    """pdfwrite cuts Thai code points to their low byte: every page is judged unusable."""
    read = pdf_mod.read_pdf(PDFS / f"gs-{font}.pdf", ocr=False)
    assert read.page_sources == ["empty"] * 5
    assert read.input_kind == "pdf-scanned"
    assert all("text layer unreadable" in w for w in read.warnings)


@needs_poppler
def test_weasyprint_map_is_undone_with_a_warning() -> None:
    read = pdf_mod.read_pdf(PDFS / "weasyprint-garuda.pdf", ocr=False)
    assert read.page_sources == ["text_layer"] * 5
    assert [w.split(":")[0] for w in read.warnings] == ["page 1", "page 2", "page 3", "page 4"]
    assert "MAI THO and SARA UU" in read.warnings[0]
    text = "\n".join(ln.text for ln in read.lines)
    assert "ร้อยละ" in text and "รูอยละ" not in text


def test_without_pdftotext_the_fallback_engine_reads_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_poppler, "binary", lambda: None)
    read = pdf_mod.read_pdf(PDFS / "fpdf2-garuda.pdf", ocr=False)
    assert read.page_sources == ["text_layer"] * 5
    assert read.warnings == [pdf_poppler.MISSING]
    assert "apt-get install poppler-utils" in read.warnings[0]


# --- units ----------------------------------------------------------------------------------------


def test_repair_layer() -> None:
    got = repair_layer("ผลการด\ufffdาเนินงาน(cid:7)\x01 ทํา นํ้า ชีว้ ัด เป้ าหมาย")
    assert got == "ผลการดาเนินงาน ทำ น้ำ ชี้วัด เป้าหมาย"
    assert repair_layer("ร\uf70bอยละ") == "ร้อยละ"  # wkhtmltopdf: private-use glyph


def test_fixed_maps() -> None:
    assert undo_am_for_aa("ผลกำรดํำเนินงำน") == "ผลการดำเนินงาน"
    assert swap_marks("รูอยละม้ลฝอยที่ใหูผลงาน") == ("ร้อยละมูลฝอยที่ให้ผลงาน", 3)
    assert swap_marks("ผู้บริหารให้ความสำคัญ") == ("ผู้บริหารให้ความสำคัญ", 0)
    assert undo_mark_swap("ใหู ที่ไดู รูอยละ") == ("ใหู ที่ไดู รูอยละ", False)  # too few to judge a page


def test_judge_orthography() -> None:
    good = judge_orthography("ผลการดำเนินงานของสำนักงานเขตบางรักตามแผนงานประจำปี " * 3)
    assert (good.verdict, good.problem) == ("usable", None)
    am = judge_orthography("ผลกำรดำเนินงำนของสำนักงำนเขตบำงรักตำมแผนงำนประจำปี " * 3)
    assert (am.verdict, am.problem) == ("repairable", "every SARA AA printed as SARA AM")
    assert judge_orthography("ผ ิ ล ั ก ่ ร ้ า น ี ม ื ด ุ ส ู " * 8).verdict == "unusable"
    junk = judge_orthography("ลกขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ " * 4)
    assert (junk.verdict, junk.problem) == ("unusable", "few dictionary words")
    assert judge_orthography("สั้น").verdict == "usable"  # too little Thai to judge


def test_word_runs_and_marks() -> None:
    words = [Word("ขึ", 0, 0, 5, 10, 0), Word("้", 5.4, 0, 5.4, 10, 1), Word("น", 5, 0, 10, 10, 2)]
    assert [w.text for w in attach_marks(words)] == ["ขึ้", "น"]
    assert [r.text for r in word_runs(words)] == ["ขึ้น"]
    row = [Word("ตัวชี้วัด", 0, 0, 30, 10, 0), Word("ระดับ", 33, 0, 50, 10, 1), Word("10", 90, 0, 95, 10, 2)]
    assert [r.text for r in word_runs(row)] == ["ตัวชี้วัด ระดับ\t10"]
    split = [Word(t, 20 * k, 0, 20 * k + 17, 10, k) for k, t in enumerate(["สำ", "นักงาน"] * 5)]
    assert splits_after_am(split)
    assert [r.text for r in word_runs(split, am_split=True)] == [" ".join(["สำนักงาน"] * 5)]
    assert [r.text for r in word_runs(split)] == [" ".join(["สำ นักงาน"] * 5)]


# --- the whole seed, printed by Chromium and LibreOffice (50+ pages each) --------------------------

CHECK = Path("/work/shared/acceptance/check.py")
EXPECTED_JSON = Path("/work/shared/corpus/bangrak_fy2564_ocr.expected.json")


def _shared(name: str) -> Path:
    for base in (HERE.parents[1].parent / "shared", Path("/work/shared")):
        if (base / name).exists():
            return base / name
    pytest.skip(f"shared/{name} not found")


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("producer", ["chromium", "libreoffice"])
def test_whole_seed_printed(producer: str, tmp_path: Path) -> None:
    """The seed printed whole passes the acceptance check (--no-lines) like the OCR text."""
    import make_corpus

    need = {"chromium": "chromium", "libreoffice": "soffice"}[producer]
    if shutil.which(need) is None:
        pytest.skip(f"{need} not installed")
    check, expected = _shared("acceptance/check.py"), _shared("corpus/bangrak_fy2564_ocr.expected.json")
    [pdf] = make_corpus.make_all(make_corpus.SEED.read_text(encoding="utf-8"), tmp_path / "pdf",
                                 {"laksaman": "Laksaman"}, (producer,), stem="seed-",
                                 size_pt=make_corpus.FULL_SIZE[producer])
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(pdf), "--out", str(out), "--quiet"],
                   check=True, cwd=HERE.parents[1], timeout=900)
    done = subprocess.run([sys.executable, str(check), str(expected), str(out), "--no-lines",
                           "--min-facts", "0.98"], capture_output=True, text=True, check=False)
    summary = done.stdout.strip().splitlines()[-1]
    doc = json.loads((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert doc["pages"] >= 50
    assert "findings recall 7/7, false positives 0" in summary, summary
    assert done.returncode == 0, summary


def test_tone_marks_as_latin_codes_are_seen() -> None:
    """A text layer that writes tone marks as Latin codes (PDFium keeps them, poppler drops them)."""
    from extractors.pdf_poppler import _SUBSTITUTE_IN_THAI

    assert len(_SUBSTITUTE_IN_THAI.findall("รวมทÊังสÊิน ขึ1นปีใหม่ ทีÉ")) == 3
    assert _SUBSTITUTE_IN_THAI.findall("ร้อยละ 10 ของ 2565 Élan") == []
