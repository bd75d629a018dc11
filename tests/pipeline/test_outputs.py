"""The output files: exact rows, JSON numbers, atomic and idempotent writes, CSV/Parquet/DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AGENCY, fake_checks, fig, sample_document

from extractors.records import Figure, Provenance
from pipeline.outputs import (
    CSV_ENCODING,
    SCHEMAS,
    TABLES,
    collect,
    figure_sum,
    missing_modules,
    number,
    probe_out,
    recompute,
    write_outputs,
)
from pipeline.stages import DocResult


def visible(out: Path) -> list[Path]:
    """The entries of an output folder a user sees (not our ``.thaireport`` state folder)."""
    return sorted(p for p in out.iterdir() if not p.name.startswith("."))

def ok_result(doc_id: str = "a1b2c3d4e5f60718", path: str = "raw_docs/bangrak.txt") -> DocResult:
    doc = sample_document(doc_id, path)
    return DocResult(path=path, doc_id=doc_id, input_kind="ocr-text", document=doc, findings=fake_checks(doc))


def failed_result() -> DocResult:
    return DocResult(path="raw_docs/empty.txt", doc_id="e3b0c44298fc1c14", status="failed",
                     error="empty file (0 bytes); export or copy the report again", failed_stage="read")


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_number_keeps_printed_ints_and_drops_non_finite() -> None:
    assert [number(20.0, 0), number(20.0, 1), number(88.314, 3), number(None), number(float("inf"), 0)] == [
        20, 20.0, 88.314, None, None]
    assert isinstance(number(20.0, 0), int)


def test_figure_sum_is_exact_decimal() -> None:
    assert figure_sum([fig("0.1"), fig("0.2")]) == 0.3  # not 0.30000000000000004
    assert figure_sum([fig("13,942.592"), fig("3,015.865")]) == 16958.457
    assert figure_sum([]) is None


def test_recompute_component_overall_and_group_rows() -> None:
    doc = sample_document("d", "p")
    by_key = {(t.source, t.scope, t.component): recompute(t, doc) for t in doc.totals}
    assert by_key == {
        ("summary", "component", 2): (26.163, "rows"),          # 17.663 + 8.5
        ("summary", "component", 3): (16.31, "rows"),           # 12.31 + 4, group row 3.3 left out
        ("summary", "overall", None): (42.473, "component_totals"),  # 26.163 + 16.31 as printed
        ("audit", "overall", None): (17.663, "rows"),            # no audit component totals
    }


def test_recompute_overall_falls_back_to_rows_per_component() -> None:
    doc = sample_document("d", "p")
    doc.totals = [t for t in doc.totals if t.component != 3]  # component 3's total not found
    overall = next(t for t in doc.totals if t.source == "summary" and t.scope == "overall")
    assert recompute(overall, doc) == (42.473, "component_totals+rows")  # 26.163 printed + 12.31 + 4


def test_documents_rows_ok_and_failed() -> None:
    tables = collect([ok_result(), failed_result()])
    assert tables["documents"] == [
        {"doc_id": "a1b2c3d4e5f60718", "path": "raw_docs/bangrak.txt", "status": "ok", "error": None,
         "input_kind": "ocr-text", "pages": None, "agency": AGENCY, "fiscal_year": 2564,
         "template": "bma_2564", "scheme": "points-100", "group": None, "agency_type": None,
         "failed_stage": None, "duplicate_of": None, "warnings": []},
        {"doc_id": "e3b0c44298fc1c14", "path": "raw_docs/empty.txt", "status": "failed",
         "error": "empty file (0 bytes); export or copy the report again", "input_kind": None,
         "pages": None, "agency": None, "fiscal_year": None, "template": None, "scheme": None,
         "group": None, "agency_type": None, "failed_stage": "read", "duplicate_of": None, "warnings": []},
    ]


def test_data_rows_exact() -> None:
    tables = collect([ok_result("abc")])
    assert tables["indicators"][0] == {
        "doc_id": "abc", "source": "summary", "indicator": "2.1", "name": "ตัวชี้วัด 2.1", "unit": "ร้อยละ",
        "weight": 20, "result_text": "ร้อยละ 88.314 (ระดับ 5)", "result_value": 88.314, "level": 5,
        "score": 88.314, "weighted_score": 17.663, "page": None, "line": 10, "component": 2,
        "is_group": False, "raw": "2.1\t17.663", "source_kind": "ocr_text", "bbox": None,
    }
    assert tables["totals"][2] == {
        "doc_id": "abc", "source": "summary", "scope": "overall", "component": None, "weight": 50,
        "reported": 42.474, "recomputed": 42.473, "page": None, "line": 17,
        "recomputed_from": "component_totals", "raw": "รวมเฉลี่ย\t42.474", "source_kind": "ocr_text",
        "bbox": None,
    }
    assert tables["quantities"][0] == {
        "doc_id": "abc", "kind": "area", "unit": "m2", "raw": "1 ไร่ 2 งาน", "value": 2400, "page": None,
        "line": 20, "decimals": 0, "parts": {"ไร่": 1.0, "งาน": 2.0}, "suspicious": None,
        "likely_value": None, "source_kind": "ocr_text", "bbox": None,
    }
    assert [(d["start"], d["end"], d["valid"]) for d in tables["dates"]] == [
        ("2021-02-15", "2021-02-25", True), (None, None, False)]
    assert tables["narrative"] == [
        {"doc_id": "abc", "source": "self_report", "component": 2, "indicator": "2.1", "kind": "support",
         "text": "ได้รับความร่วมมือจากชุมชน", "page": None, "line": 24, "source_kind": "ocr_text",
         "bbox": None}]
    assert tables["findings"][1] == {
        "doc_id": "abc", "rule": "date-invalid", "severity": "warning", "indicator": None,
        "message": "วันที่ไม่มีอยู่จริง", "reported": "31 เมษายน 2564", "expected": None, "page": None,
        "line": 23, "excerpt": "31 เมษายน 2564", "bbox": None}
    for name, rows in tables.items():
        assert all(list(row) == [c for c, _ in SCHEMAS[name]] for row in rows), name


def test_same_bytes_twice_written_once() -> None:
    tables = collect([ok_result("same", "a/x.txt"), ok_result("same", "b/x.txt")])
    assert [(d["path"], d["duplicate_of"]) for d in tables["documents"]] == [
        ("a/x.txt", None), ("b/x.txt", "a/x.txt")]
    assert len(tables["indicators"]) == 6
    assert len(tables["findings"]) == 2


def test_jsonl_numbers_are_numbers_and_thai_is_not_escaped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs([ok_result()], out)
    text = (out / "indicators.jsonl").read_text(encoding="utf-8")
    assert "\\u0e" not in text and "ตัวชี้วัด 2.1" in text
    first = read_jsonl(out / "indicators.jsonl")[0]
    assert [type(first[k]).__name__ for k in ("weight", "score", "weighted_score", "level", "line")] == [
        "int", "float", "float", "int", "int"]
    assert '"weight": 20,' in text.splitlines()[0]
    totals = read_jsonl(out / "totals.jsonl")
    assert [(t["reported"], t["recomputed"]) for t in totals] == [
        (26.163, 26.163), (16.31, 16.31), (42.474, 42.473), (17.663, 17.663)]


def test_write_is_atomic_idempotent_and_drops_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    results = [ok_result(), failed_result()]
    first = write_outputs(results, out, ["csv"], {"seconds": 1.0})
    snapshot = {p.name: p.read_bytes() for p in visible(out) if p.name != "run.json"}
    assert sorted(snapshot) == sorted([f"{t}.jsonl" for t in TABLES] + [f"{t}.csv" for t in TABLES])
    assert first[-1].name == "run.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left behind
    write_outputs(results, out, ["csv"], {"seconds": 2.0})
    assert {p.name: p.read_bytes() for p in visible(out) if p.name != "run.json"} == snapshot
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_outputs(results, out)  # jsonl only now: our stale CSVs and run.json go, the user's file stays
    assert sorted(p.name for p in visible(out)) == sorted([f"{t}.jsonl" for t in TABLES] + ["notes.txt"])
    assert (out / "documents.jsonl").read_bytes() == snapshot["documents.jsonl"]


def test_failed_write_leaves_previous_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_outputs([ok_result()], out)
    before = (out / "documents.jsonl").read_bytes()
    with pytest.raises(ValueError, match="unknown output format"):
        write_outputs([failed_result()], out, ["xlsx"])
    assert (out / "documents.jsonl").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_csv_has_bom_and_thai_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs([ok_result(), failed_result()], out, ["csv"])
    data = (out / "documents.csv").read_bytes()
    assert CSV_ENCODING == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("doc_id,path,status,error,input_kind,pages,agency,fiscal_year,template,scheme,"
                        "group,agency_type,failed_stage,duplicate_of,warnings")
    assert lines[1] == (f"a1b2c3d4e5f60718,raw_docs/bangrak.txt,ok,,ocr-text,,{AGENCY},2564,bma_2564,"
                        "points-100,,,,,[]")
    quantities = (out / "quantities.csv").read_text(encoding="utf-8-sig").splitlines()
    assert quantities[1] == ('a1b2c3d4e5f60718,area,m2,1 ไร่ 2 งาน,2400.0,,20,0,"{""ไร่"": 1.0, ""งาน"": 2.0}",'
                             ",,ocr_text,")


def test_parquet_and_duckdb_tables(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    write_outputs([ok_result(), failed_result()], out, ["parquet", "duckdb"])
    con = duckdb.connect(str(out / "thaireport.duckdb"), read_only=True)
    try:
        names = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()
        assert sorted(r[0] for r in names) == sorted(TABLES)
        assert con.execute("SELECT agency, fiscal_year FROM documents WHERE status = 'ok'").fetchall() == [
            (AGENCY, 2564)]
        summed = "SELECT sum(weighted_score) FROM indicators WHERE NOT is_group AND source = 'summary'"
        assert con.execute(summed).fetchone() == (pytest.approx(42.473),)
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'narrative'").fetchall())
        assert (types["component"], types["text"]) == ("BIGINT", "VARCHAR")
        parquet = con.execute(f"SELECT count(*), min(text) FROM '{out / 'narrative.parquet'}'").fetchone()
        assert parquet == (1, "ได้รับความร่วมมือจากชุมชน")
    finally:
        con.close()


def test_empty_batch_writes_empty_files(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    write_outputs([], out)
    assert {p.name: p.read_bytes() for p in visible(out)} == {f"{t}.jsonl": b"" for t in TABLES}


def test_figure_helpers_match_records() -> None:
    assert fig("1,234.50") == Figure(1234.5, 2, "1,234.50")


def test_rerun_parquet_bytes_and_duckdb_tables_identical(tmp_path: Path) -> None:
    """Parquet files are byte-identical on a rerun; a DuckDB file carries a random database id in
    its header, so only its tables are compared (README: Outputs)."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    results = [ok_result(), failed_result()]

    def tables(out: Path) -> dict[str, list[tuple[object, ...]]]:
        con = duckdb.connect(str(out / "thaireport.duckdb"), read_only=True)
        try:
            return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in TABLES}
        finally:
            con.close()

    runs = []
    for name in ("one", "two"):
        out = tmp_path / name
        write_outputs(results, out, ["parquet", "duckdb"])
        runs.append(({p.name: p.read_bytes() for p in out.glob("*.parquet")}, tables(out)))
    assert sorted(runs[0][0]) == sorted(f"{t}.parquet" for t in TABLES)
    assert runs[0] == runs[1]
    assert [len(runs[0][1][t]) for t in TABLES] == [2, 6, 4, 2, 2, 1, 2]


def test_probe_out_and_missing_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        probe_out(blocker / "out")
    probe_out(tmp_path / "new" / "out")  # out made, with only our state folder in it (for the lock)
    assert [p.relative_to(tmp_path).as_posix() for p in sorted((tmp_path / "new").rglob("*"))] == [
        "new/out", "new/out/.thaireport"]
    monkeypatch.setattr("pipeline.outputs.find_spec", lambda name: None)
    assert missing_modules(["csv", "duckdb", "parquet", "csv"]) == {"duckdb": "duckdb", "parquet": "pyarrow"}


def test_agency_type_is_written() -> None:
    """Regression: the form's ประเภทหน่วยงาน (Line / Staff) was extracted but never written."""
    result = ok_result()
    assert result.document is not None
    result.document.agency_type = "Staff"
    assert [d["agency_type"] for d in collect([result, failed_result()])["documents"]] == ["Staff", None]


def test_bbox_of_pdf_records_and_findings_is_written_to_two_decimals() -> None:
    """PDF and scan records carry their box ([x0, top, x1, bottom] in points); text inputs null."""
    from dataclasses import replace

    from pipeline.findings import make_finding

    doc = sample_document("box", "a.pdf")
    box = (56.6929, 100.004, 300.5, 112.126)
    first = doc.indicators[0]
    doc.indicators[0] = replace(first, prov=replace(first.prov, bbox=box, source="text_layer", page=2))
    found = make_finding("component-total", "error", "m", reported=1.0, expected=2.0,
                         prov=Provenance("a.pdf", 2, 7, "รวม\t1", "text_layer", box))
    tables = collect([DocResult(path="a.pdf", doc_id="box", input_kind="pdf-text", document=doc,
                                findings=[found])])
    assert tables["indicators"][0]["bbox"] == [56.69, 100.0, 300.5, 112.13]
    assert [r["bbox"] for r in tables["indicators"][1:]] == [None] * (len(tables["indicators"]) - 1)
    assert tables["findings"] == [{
        "doc_id": "box", "rule": "component-total", "severity": "error", "indicator": None, "message": "m",
        "reported": 1.0, "expected": 2.0, "page": 2, "line": 7, "excerpt": "รวม\t1",
        "bbox": [56.69, 100.0, 300.5, 112.13]}]
