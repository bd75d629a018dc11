"""report.html without a browser: the builder's exact contents, the crops, the command."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import report_dom as dom

from pipeline import outdir
from pipeline.cli import main
from pipeline.report import REPORT_FILE, build_html, write_report
from pipeline.report.crops import PdfCropper
from pipeline.report.model import build_model

AGENCY = "สำนักงานเขตบางรัก"
DOC = "a1b2c3d4e5f60718"


def ind(source: str, indicator: str, line: int, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "doc_id": DOC, "source": source, "indicator": indicator, "name": "ร้อยละการเบิกจ่าย", "unit": None,
        "weight": 10, "result_text": None, "result_value": None, "level": None, "score": None,
        "weighted_score": None, "page": None, "line": line, "component": 2, "is_group": False,
    }
    row.update(values)
    return row


def small_tables() -> dict[str, list[dict[str, object]]]:
    """One ok text document (one indicator in three sources, a wrong weighted score) and one failed."""
    return {
        "documents": [
            {"doc_id": DOC, "path": "in/bangrak.txt", "status": "ok", "error": None, "input_kind": "ocr-text",
             "pages": None, "agency": AGENCY, "fiscal_year": 2564, "template": "bma", "warnings": []},
            {"doc_id": "ffff000011112222", "path": "in/bad.txt", "status": "failed",
             "error": "no indicator table found", "input_kind": "ocr-text", "pages": None, "agency": None,
             "fiscal_year": None, "template": None, "warnings": []},
        ],
        "indicators": [
            ind("self_report", "2.1", 5, level=5, score=100),
            ind("audit", "2.1", 20, result_value=95.592, score=90.561, weighted_score=9.1),
            ind("summary", "2.1", 30, result_value=95.592, score=90.561, weighted_score=9.056),
        ],
        "totals": [
            {"doc_id": DOC, "source": "summary", "scope": "overall", "component": None, "weight": None,
             "reported": 9.056, "recomputed": 9.056, "page": None, "line": 31},
            {"doc_id": DOC, "source": "summary", "scope": "component", "component": 2, "weight": 10,
             "reported": 9.056, "recomputed": 9.056, "page": None, "line": 30},
        ],
        "findings": [
            {"doc_id": DOC, "rule": "weighted-score", "severity": "error", "indicator": "2.1",
             "message": "คะแนนถ่วงน้ำหนัก 9.1 ไม่เท่ากับ 90.561 × 10 / 100 = 9.056", "reported": 9.1,
             "expected": 9.056, "page": None, "line": 20, "excerpt": "10\t95.592\t90.561\t9.1"},
            {"doc_id": DOC, "rule": "cross-source", "severity": "warning", "indicator": "2.1",
             "message": "ตัวชี้วัด 2.1: คะแนน ไม่ตรงกัน", "reported": "self_report: คะแนน 100; audit: คะแนน 90.561",
             "expected": None, "page": None, "line": 20, "excerpt": "10\t95.592\t90.561\t9.1"},
            {"doc_id": DOC, "rule": "date-range", "severity": "info", "indicator": None,
             "message": "ปี \"ปี 2560\" อยู่ห่างจากปีงบประมาณ", "reported": "ปี 2560",
             "expected": "2020-10-01..2021-09-30", "page": None, "line": 7, "excerpt": "เทียบกับปี 2560"},
        ],
    }


def test_builder_exact_contents() -> None:
    root = dom.parse(build_html(small_tables(), {"thaireport": "0.1.0"}, crops=False))
    assert dom.documents(root) == [
        ["bangrak.txt", "ok", "ocr-text", AGENCY, "2564", "9.056", "9.056", "1", "1", "1"],
        ["bad.txt", "failed: no indicator table found", "ocr-text", "–", "–", "–", "–", "0", "0", "0"],
    ]
    doc = f"doc-{DOC}"
    # ตัวชี้วัดเดียว สามแหล่งเรียงกัน: ผล ระดับ คะแนน คะแนนถ่วงน้ำหนัก แล้วคะแนนถ่วงน้ำหนักที่คำนวณใหม่
    # (one indicator, three sources side by side, then score × weight / 100 from the summary)
    assert dom.score_rows(root, doc) == [[
        "2.1", "ร้อยละการเบิกจ่าย", "10",
        "–", "5", "100", "–",
        "95.592", "–", "90.561", "9.1 f1",
        "95.592", "–", "90.561", "9.056",
        "9.0561", "f1 f2",
    ]]
    assert dom.marked_cells(root, doc) == [
        ("2.1", "self_report score", "the sources print different values"),
        ("2.1", "audit score", "the sources print different values"),
        ("2.1", "audit weighted_score", "the sources print different values; weighted-score (error)"),
        ("2.1", "summary score", "the sources print different values"),
        ("2.1", "summary weighted_score", "the sources print different values"),
    ]
    assert [(f["id"], f["rule"], f["severity"], f["doc"], f["reported"], f["expected"], f["note"])
            for f in dom.findings(root)] == [
        ("f1", "weighted-score", "error", doc, "9.1", "9.056", "text input: no page image"),
        ("f2", "cross-source", "warning", doc, "self_report: คะแนน 100; audit: คะแนน 90.561", "–",
         "text input: no page image"),
        ("f3", "date-range", "info", doc, "ปี 2560", "2020-10-01..2021-09-30", "text input: no page image"),
    ]
    assert [o.text() for o in root.one("select", None, name="rule").all("option")] == [
        "all rules", "weighted-score", "date-range", "cross-source"]
    assert root.one("output", id="filter-count").text() == "3 of 3 findings shown"
    assert [o.text() for o in root.one("select", None, name="doc").all("option")] == [
        "all documents", "bangrak.txt", "bad.txt"]
    rule_rows = [[c.text() for c in tr.all("th") + tr.all("td")]
                 for tr in root.one("table", id="rule-counts").one("tbody").all("tr")]
    assert rule_rows == [["weighted-score", "1", "0", "0", "1"], ["date-range", "0", "0", "1", "1"],
                         ["cross-source", "0", "1", "0", "1"]]
    # two inline SVG charts, one bar per component of the ok document and per severity of each rule
    charts = root.all("svg")
    assert [c.all("title")[0].text() for c in charts] == [
        "Component scores per document", "Findings per rule"]
    assert [r.one("title").text() for r in charts[0].all("rect") if r.all("title")] == [
        "bangrak.txt: องค์ประกอบที่ 2 = 9.056"]
    assert [r.one("title").text() for r in charts[1].all("rect") if r.all("title")] == [
        "weighted-score: 1 error", "date-range: 1 info", "cross-source: 1 warning"]


def test_offline_self_contained_printable() -> None:
    html = build_html(small_tables(), crops=False)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # nothing fetched
    assert "<link" not in html and "@import" not in html
    assert '"TH Sarabun New", "Sarabun", "Laksaman", "Garuda", "Loma", sans-serif' in html
    assert "@page { size: A4;" in html and "@media print" in html
    assert ":focus-visible" in html
    root = dom.parse(html)
    assert root.one("html").attrs["lang"] == "th"
    assert [a.attrs["href"] for a in root.all("a", "skip")] == ["#documents"]
    # the filters are form controls with labels, the script is inline
    severity = root.all("input", None, name="severity")
    assert [i.attrs["value"] for i in severity] == ["error", "warning", "info"]
    assert len(root.all("script")) == 1 and "src" not in root.one("script").attrs


def test_text_is_escaped() -> None:
    tables = small_tables()
    tables["findings"][0]["message"] = "<script>alert(1)</script> & ต่อ"
    html = build_html(tables, crops=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ต่อ" in html
    assert dom.findings(dom.parse(html))[0]["message"] == "<script>alert(1)</script> & ต่อ"


def test_duplicate_and_empty_run() -> None:
    tables = small_tables()
    dup = dict(tables["documents"][0], path="in/copy.txt", duplicate_of="in/bangrak.txt")
    tables["documents"].append(dup)
    root = dom.parse(build_html(tables, crops=False))
    assert [s.attrs["id"] for s in root.all("section", "doc")] == [f"doc-{DOC}", "doc-ffff000011112222",
                                                                    f"doc-{DOC}-2"]
    assert dom.documents(root)[2][1] == "ok (same bytes as in/bangrak.txt)"
    empty = dom.parse(build_html({}, crops=False))
    assert dom.documents(empty) == [] and dom.findings(empty) == []
    assert "No findings to chart." in empty.text()


# --- crops ----------------------------------------------------------------------------------------


def tiny_pdf(path: Path) -> str:
    """A one-page text PDF of three lines; its doc_id."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for text in ("Score table", "10    95.592    90.561    9.1", "Total    9.1"):
        pdf.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_creation_date(__import__("datetime").datetime(2021, 10, 1, tzinfo=__import__("datetime").UTC))
    pdf.output(str(path))
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def test_crop_boxes_the_figure_or_says_why_not(tmp_path: Path) -> None:
    pdf = tmp_path / "t.pdf"
    doc_id = tiny_pdf(pdf)
    cropper = PdfCropper(pdf, doc_id)
    try:
        crop = cropper.crop(1, 2, 90.561)
        assert not isinstance(crop, str)
        assert (crop.page, crop.box, crop.src[:23]) == (1, "figure", "data:image/jpeg;base64,")
        assert (crop.width, crop.height) == (827, 204)  # 100 dpi: the page's width, the figure ± 1 inch
        assert crop.bbox[0] > 50 and crop.bbox[2] - crop.bbox[0] < 50  # the figure, not the line
        # 9.1 is printed on line 2 only once: the figure; on line 3 too, each line its own
        assert not isinstance(cropper.crop(1, 3, 9.1), str)
        # two figures of one line (cross-source): the line is boxed
        both = cropper.crop(1, 2, "audit: คะแนน 90.561; summary: คะแนน 9.1")
        assert not isinstance(both, str) and both.box == "line"
        assert cropper.crop(1, 2, 61.929) == "the printed figure is not on line 2 of page 1 of the text layer"
        assert cropper.crop(1, 9, 1.0) == "line 9 of page 1 is not in the PDF's text layer"
        assert cropper.crop(2, 1, 1.0) == "page 2 is not in the PDF"
        assert cropper.crop(None, 2, 1.0) == "the finding has no page and line"
    finally:
        cropper.close()
    assert PdfCropper(pdf, "0" * 16).crop(1, 2, 90.561) == f"the PDF at {pdf} has changed since the run"
    assert PdfCropper(tmp_path / "gone.pdf", doc_id).crop(1, 2, 1.0) == (
        f"the PDF is not at {tmp_path / 'gone.pdf'} any more")


def test_model_crops_pdf_findings(tmp_path: Path) -> None:
    pdf = tmp_path / "t.pdf"
    doc_id = tiny_pdf(pdf)
    tables = {
        "documents": [
            {"doc_id": doc_id, "path": "t.pdf", "status": "ok", "input_kind": "pdf-text", "pages": 1}],
        "findings": [
            {"doc_id": doc_id, "rule": "weighted-score", "severity": "error", "indicator": None,
             "message": "m", "reported": 9.1, "expected": 9.056, "page": 1, "line": line, "excerpt": "x"}
            for line in (2, None)
        ],
    }
    views = build_model(tables, base=tmp_path).documents[0].findings
    assert [(v.crop is not None, v.crop_note) for v in views] == [
        (True, ""), (False, "no crop: the finding has no page and line")]
    # a bbox in the outputs (none carry one yet) is used as it is: the finding's own, else its row's
    tables["findings"][1]["bbox"] = [100.0, 60.0, 140.0, 75.0]
    tables["findings"].append(dict(tables["findings"][0], line=9))
    tables["indicators"] = [{"doc_id": doc_id, "source": "summary", "indicator": "2.1", "page": 1, "line": 9,
                             "bbox": [30.0, 90.0, 90.0, 105.0]}]
    boxed = build_model(tables, base=tmp_path).documents[0].findings
    assert [(v.crop.bbox if v.crop else None, v.crop_note) for v in boxed[1:]] == [
        ((100.0, 60.0, 140.0, 75.0), ""), ((30.0, 90.0, 90.0, 105.0), "")]
    # relative paths are read from the current folder unless a base is given
    missing = build_model(tables, base=tmp_path / "elsewhere").documents[0].findings[0]
    assert missing.crop_note == f"no crop: the PDF is not at {tmp_path / 'elsewhere' / 't.pdf'} any more"


# --- the command ----------------------------------------------------------------------------------


def test_report_command_rebuilds_from_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, rows in small_tables().items():
        (out / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                           encoding="utf-8")
    assert main(["report", str(out)]) == 0
    assert capsys.readouterr().out == f"report: {out / REPORT_FILE}\n"
    first = (out / REPORT_FILE).read_bytes()
    assert first.decode("utf-8") == build_html(small_tables())
    assert write_report(out).read_bytes() == first  # reproducible
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".thaireport", *(f"{t}.jsonl" for t in small_tables()), REPORT_FILE])  # no temporary file left
    with outdir.lock(out):  # a run in progress: the report waits for no one, it refuses
        assert main(["report", str(out)]) == 2
    assert "is in use by another thaireport run" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(tmp_path / "nothing")])
    assert exit_.value.code == 2
    assert "is not an output folder of thaireport run (no documents.jsonl)" in capsys.readouterr().err


def test_reads_one_generation(tmp_path: Path) -> None:
    """An output folder with generations (.thaireport/current -> gen-N) is read from the current one."""
    out = tmp_path / "out"
    gen = out / ".thaireport" / "gen-2"
    gen.mkdir(parents=True)
    for name, rows in small_tables().items():
        (gen / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                           encoding="utf-8")
        (out / f"{name}.jsonl").write_text("", encoding="utf-8")  # a stale top-level file is not read
    (out / ".thaireport" / "current").symlink_to("gen-2")
    assert write_report(out).read_text(encoding="utf-8") == build_html(small_tables())
