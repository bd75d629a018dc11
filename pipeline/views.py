"""Dashboard views over the output tables, in DuckDB SQL: the same views over DuckDB tables or files.

:func:`view_sql` returns ``CREATE OR REPLACE VIEW`` statements whose table references are given, so
the one SQL text serves three sources:

- the tables of ``thaireport.duckdb`` (:func:`create_views` is called when that file is written);
- the Parquet files of ``--format parquet``: ``read_parquet('DIR/documents.parquet')``;
- the JSON Lines files that every run writes: ``read_json('DIR/documents.jsonl', columns = {...})``.

Views (one row per ...):

- ``indicator_scores``: document × indicator; agency, fiscal year and, per source (self_report,
  audit, summary), the result, level, score and weighted score side by side; ``recomputed_weighted``
  (score × weight / 100 from the summary, else the audit, else the self-report); ``scores_agree``
  (the non-null scores of the sources are equal); ``findings`` about the indicator.
- ``component_totals``: document × scope × component; the printed total of each source and its
  recomputation.
- ``findings_by_document``: one finding with the document's path, agency and fiscal year.
- ``findings_per_rule``: rule × severity; findings and documents.
- ``findings_per_document``: document × rule × severity; findings.
- ``document_status``: one document; status, error, kind, findings per severity, indicator rows,
  and the overall score printed vs recomputed (from the summary table, else the audit, else the
  self-report: ``overall_source``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

Source = Literal["tables", "parquet", "jsonl"]
SOURCES = ("self_report", "audit", "summary")
#: the tables the views read
TABLES = ("documents", "indicators", "totals", "findings")
VIEWS = (
    "indicator_scores", "component_totals", "findings_by_document", "findings_per_rule",
    "findings_per_document", "document_status",
)
#: outputs' column kinds -> DuckDB types (for reading JSON Lines with fixed columns)
_DUCK_TYPES = {"str": "VARCHAR", "any": "VARCHAR", "json": "VARCHAR", "int": "BIGINT", "num": "DOUBLE",
               "bool": "BOOLEAN"}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def table_refs(
    source: Source = "tables",
    folder: str | Path | None = None,
    schemas: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> dict[str, str]:
    """How the views name each table: a table name, or a ``read_parquet`` / ``read_json`` call.

    >>> table_refs("parquet", "out")["findings"]
    "read_parquet('out/findings.parquet')"
    >>> table_refs()["documents"]
    '"documents"'
    """
    if source == "tables":
        return {t: f'"{t}"' for t in TABLES}
    base = Path(folder if folder is not None else ".")
    if source == "parquet":
        return {t: f"read_parquet({_quote(str(base / f'{t}.parquet'))})" for t in TABLES}
    if schemas is None:
        from pipeline.outputs import SCHEMAS

        schemas = SCHEMAS
    refs: dict[str, str] = {}
    for t in TABLES:
        # ค่า reported/expected เป็นได้ทั้งตัวเลขและข้อความ จึงอ่านเป็นข้อความเหมือนใน Parquet/DuckDB
        # (reported/expected are numbers or text: read as text, as in Parquet and DuckDB)
        cols = ", ".join(f"{_quote(c)}: {_quote(_DUCK_TYPES[k])}" for c, k in schemas[t])
        refs[t] = (f"read_json({_quote(str(base / f'{t}.jsonl'))}, format = 'newline_delimited', "
                   f"columns = {{{cols}}})")
    return refs


def _per_source(column: str, alias: str) -> str:
    return ",\n  ".join(
        f"first(i.{column} ORDER BY i.page NULLS FIRST, i.line) FILTER (WHERE i.source = '{s}')"
        f" AS {s}_{alias}"
        for s in SOURCES
    )


def view_sql(refs: Mapping[str, str] | None = None) -> list[str]:
    """The ``CREATE OR REPLACE VIEW`` statements, reading the tables named by ``refs``."""
    r = dict(refs if refs is not None else table_refs())
    d, i, t, f = r["documents"], r["indicators"], r["totals"], r["findings"]
    measures = ",\n  ".join(
        _per_source(col, alias)
        for col, alias in (("result_value", "result"), ("level", "level"), ("score", "score"),
                           ("weighted_score", "weighted"))
    )
    weights = _per_source("weight", "weight")
    recomputed = ", ".join(f"{s}_score * {s}_weight" for s in reversed(SOURCES))
    scores = f"""CREATE OR REPLACE VIEW indicator_scores AS
WITH per AS (
 SELECT i.doc_id, i.indicator, min(i.component) AS component, bool_or(i.is_group) AS is_group,
  coalesce({", ".join(f"first(i.name) FILTER (WHERE i.source = '{s}')" for s in reversed(SOURCES))}) AS name,
  {weights},
  {measures},
  count(DISTINCT i.score) AS distinct_scores
 FROM {i} AS i GROUP BY i.doc_id, i.indicator
), fc AS (
 SELECT doc_id, indicator, count(*) AS findings FROM {f} WHERE indicator IS NOT NULL GROUP BY ALL
)
SELECT d.agency, d.fiscal_year, per.doc_id, per.component, per.indicator, per.name, per.is_group,
 coalesce(summary_weight, audit_weight, self_report_weight) AS weight,
 {", ".join(f"{s}_result, {s}_level, {s}_score, {s}_weighted" for s in SOURCES)},
 round(coalesce({recomputed}) / 100, 6) AS recomputed_weighted,
 distinct_scores <= 1 AS scores_agree,
 coalesce(fc.findings, 0) AS findings
FROM per JOIN {d} AS d USING (doc_id) LEFT JOIN fc USING (doc_id, indicator)
ORDER BY d.agency, d.fiscal_year, per.doc_id, per.indicator"""
    totals = f"""CREATE OR REPLACE VIEW component_totals AS
SELECT d.agency, d.fiscal_year, t.doc_id, t.scope, t.component,
 {", ".join(f"first(t.reported ORDER BY t.line) FILTER (WHERE t.source = '{s}') AS {s}_reported"
            for s in SOURCES)},
 {", ".join(f"first(t.recomputed ORDER BY t.line) FILTER (WHERE t.source = '{s}') AS {s}_recomputed"
            for s in SOURCES)}
FROM {t} AS t JOIN {d} AS d USING (doc_id)
GROUP BY d.agency, d.fiscal_year, t.doc_id, t.scope, t.component
ORDER BY d.agency, d.fiscal_year, t.doc_id, t.scope DESC, t.component"""
    by_doc = f"""CREATE OR REPLACE VIEW findings_by_document AS
SELECT d.agency, d.fiscal_year, d.path, f.doc_id, f.rule, f.severity, f.indicator, f.message,
 f.reported, f.expected, f.page, f.line, f.excerpt
FROM {f} AS f JOIN {d} AS d USING (doc_id)"""
    per_rule = f"""CREATE OR REPLACE VIEW findings_per_rule AS
SELECT rule, severity, count(*) AS findings, count(DISTINCT doc_id) AS documents
FROM {f} GROUP BY rule, severity ORDER BY rule, severity"""
    per_doc = f"""CREATE OR REPLACE VIEW findings_per_document AS
SELECT f.doc_id, d.path, d.agency, d.fiscal_year, f.rule, f.severity, count(*) AS findings
FROM {f} AS f JOIN {d} AS d USING (doc_id)
GROUP BY f.doc_id, d.path, d.agency, d.fiscal_year, f.rule, f.severity
ORDER BY f.doc_id, f.rule, f.severity"""
    rank = "CASE t.source WHEN 'summary' THEN 0 WHEN 'audit' THEN 1 ELSE 2 END"
    status = f"""CREATE OR REPLACE VIEW document_status AS
WITH o AS (
 SELECT t.doc_id, arg_min(t.source, {rank}) AS overall_source,
  arg_min(t.reported, {rank}) AS overall_reported, arg_min(t.recomputed, {rank}) AS overall_recomputed
 FROM {t} AS t WHERE t.scope = 'overall' GROUP BY t.doc_id
), fc AS (
 SELECT doc_id, count(*) FILTER (WHERE severity = 'error') AS errors,
  count(*) FILTER (WHERE severity = 'warning') AS warnings,
  count(*) FILTER (WHERE severity = 'info') AS infos
 FROM {f} GROUP BY doc_id
), ic AS (
 SELECT doc_id, count(*) AS indicator_rows FROM {i} GROUP BY doc_id
)
SELECT d.doc_id, d.path, d.status, d.error, d.input_kind, d.pages, d.agency, d.fiscal_year, d.template,
 d.duplicate_of, coalesce(fc.errors, 0) AS errors, coalesce(fc.warnings, 0) AS warnings,
 coalesce(fc.infos, 0) AS infos, coalesce(ic.indicator_rows, 0) AS indicator_rows,
 o.overall_source, o.overall_reported, o.overall_recomputed
FROM {d} AS d LEFT JOIN o USING (doc_id) LEFT JOIN fc USING (doc_id) LEFT JOIN ic USING (doc_id)"""
    return [scores, totals, by_doc, per_rule, per_doc, status]


def create_views(con: Any, refs: Mapping[str, str] | None = None) -> None:
    """Create every view on a DuckDB connection (over its tables unless ``refs`` says otherwise)."""
    for statement in view_sql(refs):
        con.execute(statement)
