"""The dashboard views (pipeline/views.py): exact rows, the same over DuckDB tables, Parquet, JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report import AGENCY, DOC, small_tables

from pipeline.cli import main
from pipeline.views import VIEWS, create_views, table_refs

duckdb = pytest.importorskip("duckdb")
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"


def small_run(folder: Path) -> None:
    """The small tables as JSON Lines, Parquet and a DuckDB file with views, like a run writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in small_tables().items():
        (folder / f"{name}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    con = duckdb.connect(str(folder / "thaireport.duckdb"))
    try:
        for name, ref in table_refs("jsonl", folder).items():
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM {ref}')
            con.execute(f"COPY \"{name}\" TO '{folder / f'{name}.parquet'}' (FORMAT parquet)")
        create_views(con)
    finally:
        con.close()


EXPECTED = {
    "indicator_scores": [
        (AGENCY, 2564, DOC, 2, "2.1", "ร้อยละการเบิกจ่าย", False, 10.0,
         None, 5, 100.0, None,  # self-report: result, level, score, weighted
         95.592, None, 90.561, 9.1,  # audit
         95.592, None, 90.561, 9.056,  # summary
         9.0561, False, 2),  # recomputed (summary 90.561 × 10 / 100), scores agree, findings
    ],
    "component_totals": [
        (AGENCY, 2564, DOC, "overall", None, None, None, 9.056, None, None, 9.056),
        (AGENCY, 2564, DOC, "component", 2, None, None, 9.056, None, None, 9.056),
    ],
    "findings_per_rule": [("cross-source", "warning", 1, 1), ("date-range", "info", 1, 1),
                          ("weighted-score", "error", 1, 1)],
    "findings_per_document": [
        (DOC, "in/bangrak.txt", AGENCY, 2564, "cross-source", "warning", 1),
        (DOC, "in/bangrak.txt", AGENCY, 2564, "date-range", "info", 1),
        (DOC, "in/bangrak.txt", AGENCY, 2564, "weighted-score", "error", 1),
    ],
    "document_status": [
        (DOC, "in/bangrak.txt", "ok", None, "ocr-text", None, AGENCY, 2564, "bma", None, 1, 1, 1, 3,
         "summary", 9.056, 9.056),
        ("ffff000011112222", "in/bad.txt", "failed", "no indicator table found", "ocr-text", None, None, None,
         None, None, 0, 0, 0, 0, None, None, None),
    ],
}


def rows(con: object, view: str) -> list[tuple[object, ...]]:
    order = {"document_status": " ORDER BY status DESC, doc_id", "findings_per_document": ""}.get(view, "")
    return con.execute(f"SELECT * FROM {view}{order}").fetchall()  # type: ignore[attr-defined, no-any-return]


def test_views_exact_rows_in_duckdb_file(tmp_path: Path) -> None:
    small_run(tmp_path)
    con = duckdb.connect(str(tmp_path / "thaireport.duckdb"), read_only=True)
    try:
        for view, expected in EXPECTED.items():
            assert rows(con, view) == expected, view
        assert con.execute("SELECT rule, severity, indicator, reported, expected FROM findings_by_document "
                           "ORDER BY rule").fetchall() == [
            ("cross-source", "warning", "2.1", "self_report: คะแนน 100; audit: คะแนน 90.561", None),
            ("date-range", "info", None, "ปี 2560", "2020-10-01..2021-09-30"),
            ("weighted-score", "error", "2.1", "9.1", "9.056"),
        ]
    finally:
        con.close()


@pytest.mark.parametrize("source", ["parquet", "jsonl"])
def test_same_views_over_files(tmp_path: Path, source: str) -> None:
    small_run(tmp_path)
    con = duckdb.connect()
    create_views(con, table_refs(source, tmp_path))  # type: ignore[arg-type]
    for view, expected in EXPECTED.items():
        assert rows(con, view) == expected, (source, view)


def test_view_sql_names_the_files() -> None:
    assert table_refs("parquet", "/data/out")["documents"] == "read_parquet('/data/out/documents.parquet')"
    assert table_refs("jsonl", "o'dir")["findings"].startswith("read_json('o''dir/findings.jsonl'")


def test_run_with_duckdb_has_the_views(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["run", str(SEED), "--out", str(out), "--quiet", "--workers", "0", "--format", "duckdb"]) == 0
    con = duckdb.connect(str(out / "thaireport.duckdb"), read_only=True)
    try:
        names = con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' "
                            "ORDER BY table_name").fetchall()
        assert [n[0] for n in names] == sorted(VIEWS)
        assert con.execute("SELECT status, agency, fiscal_year, overall_source, overall_reported, "
                           "overall_recomputed FROM document_status").fetchall() == [
            ("ok", AGENCY, 2564, "summary", 96.249, 96.249)]
    finally:
        con.close()
