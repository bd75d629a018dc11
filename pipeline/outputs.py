"""The output files of CONTRACT.md: the rows of every table, and writing them into ``--out``.

Every table's columns are declared once in :data:`SCHEMAS` (the contract's fields first, then our
extras), so JSON Lines, CSV, Parquet and DuckDB agree, and an empty table still has its columns.
A worker turns its :class:`~pipeline.stages.DocResult` into :class:`DocRows` (plain rows: cheap to
send back, to cache and to ship through Dask); :func:`collect` assembles the tables in input order;
the formats are writers in :mod:`pipeline.writers`; :mod:`pipeline.outdir` switches the new set of
files in all at once. The data files are a pure function of the inputs; ``run.json`` holds timings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from extractors.records import BBox, Document, Figure, Indicator, Provenance, Total
from pipeline import outdir
from pipeline.findings import exact_sum
from pipeline.names import json_safe, name_warning
from pipeline.rules.weights import component_parts
from pipeline.stages import DocResult, Status
from pipeline.writers import CSV_ENCODING, DUCKDB_FILE, WRITERS, ColType, Row, Schema

__all__ = ["CSV_ENCODING", "DUCKDB_FILE", "ColType", "DocRows", "Row", "Schema", "collect", "to_rows"]

_WHERE: Schema = (("page", "int"), ("line", "int"))
_PROV: Schema = (("raw", "str"), ("source_kind", "str"))
#: where the record is printed on its page (PDF points from the top-left), for PDFs and scans
_BBOX: tuple[str, ColType] = ("bbox", "json")

#: table name -> columns in order: CONTRACT.md's fields, then extras
SCHEMAS: dict[str, Schema] = {
    "documents": (
        ("doc_id", "str"), ("path", "str"), ("status", "str"), ("error", "str"), ("input_kind", "str"),
        ("pages", "int"), ("agency", "str"), ("fiscal_year", "int"),
        ("template", "str"), ("scheme", "str"), ("group", "str"), ("agency_type", "str"),
        ("failed_stage", "str"), ("duplicate_of", "str"), ("warnings", "json"),
    ),
    "indicators": (
        ("doc_id", "str"), ("source", "str"), ("indicator", "str"), ("name", "str"), ("unit", "str"),
        ("weight", "num"), ("result_text", "str"), ("result_value", "num"), ("level", "int"),
        ("score", "num"), ("weighted_score", "num"), *_WHERE,
        ("component", "int"), ("is_group", "bool"), *_PROV, _BBOX,
    ),
    "totals": (
        ("doc_id", "str"), ("source", "str"), ("scope", "str"), ("component", "int"), ("weight", "num"),
        ("reported", "num"), ("recomputed", "num"), *_WHERE,
        ("recomputed_from", "str"), *_PROV, _BBOX,
    ),
    "quantities": (
        ("doc_id", "str"), ("kind", "str"), ("unit", "str"), ("raw", "str"), ("value", "num"), *_WHERE,
        ("decimals", "int"), ("parts", "json"), ("suspicious", "str"), ("likely_value", "num"),
        ("source_kind", "str"), _BBOX,
    ),
    "dates": (
        ("doc_id", "str"), ("raw", "str"), ("start", "str"), ("end", "str"), ("precision", "str"), *_WHERE,
        ("valid", "bool"), ("source_kind", "str"), _BBOX,
    ),
    "narrative": (
        ("doc_id", "str"), ("source", "str"), ("component", "int"), ("indicator", "str"), ("kind", "str"),
        ("text", "str"), *_WHERE, ("source_kind", "str"), _BBOX,
    ),
    "findings": (
        ("doc_id", "str"), ("rule", "str"), ("severity", "str"), ("indicator", "str"), ("message", "str"),
        ("reported", "any"), ("expected", "any"), *_WHERE, ("excerpt", "str"), _BBOX,
    ),
}

TABLES: tuple[str, ...] = tuple(SCHEMAS)
RUN_FILE = "run.json"
#: the fields of a ``documents`` record that come from the Document (the rest from the result)
_DOC_FIELDS = ("pages", "agency", "fiscal_year", "template", "scheme", "group", "agency_type")


@dataclass(slots=True)
class DocRows:
    """One input's outcome as plain rows: what a worker sends back and the cache keeps.

    ``fields``: the ``documents`` fields taken from the Document; ``tables``: the data rows per table
    (without ``doc_id``); ``findings``: (rule, severity) per finding, for the summary.
    """

    path: str
    doc_id: str
    status: Status = "ok"
    error: str | None = None
    input_kind: str | None = None
    failed_stage: str | None = None
    traceback: str | None = None
    seconds: float = 0.0
    fields: Row = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tables: dict[str, list[Row]] = field(default_factory=dict)
    findings: list[tuple[str, str]] = field(default_factory=list)
    #: True when the rows came from the cache of an earlier run
    cached: bool = False


# --- values ---------------------------------------------------------------------------------------


def number(value: float | None, decimals: int | None = None) -> int | float | None:
    """A JSON number: an int when printed without decimals; None for a missing or non-finite value.

    >>> number(20.0, 0), number(88.314, 3), number(float("nan")), number(2400.0)
    (20, 88.314, None, 2400.0)
    """
    if value is None or not math.isfinite(value):
        return None
    if decimals == 0 and float(value).is_integer():
        return int(value)
    return float(value)


def figure(fig: Figure | None) -> int | float | None:
    """A printed figure as a JSON number (its value, at its printed precision)."""
    return None if fig is None else number(fig.value, fig.decimals)


def figure_sum(figs: Sequence[Figure]) -> int | float | None:
    """Exact decimal sum of printed figures (no float noise: 60 + 28.31 is 88.31); None if none.

    >>> figure_sum([Figure(60, 0, "60"), Figure(28.31, 2, "28.31")])
    88.31
    >>> figure_sum([Figure(20, 0, "20"), Figure(30, 0, "30")])
    50
    """
    if not figs:
        return None
    return number(exact_sum(figs), max(f.decimals for f in figs))


def _reported(value: float | str | None) -> float | str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _where(prov: Provenance) -> Row:
    return {"page": prov.page, "line": prov.line}


def _bbox(box: BBox | None) -> list[float] | None:
    """A box as ``[x0, top, x1, bottom]`` in PDF points, to 0.01 pt (None where unknown)."""
    return None if box is None else [round(v, 2) for v in box]


# --- rows per table -------------------------------------------------------------------------------


def to_rows(result: DocResult | DocRows) -> DocRows:
    """The plain rows of one result (a DocRows is returned as is)."""
    if isinstance(result, DocRows):
        return result
    doc = result.document
    fields: Row = {name: getattr(doc, name) if doc else None for name in _DOC_FIELDS}
    tables = {name: [{k: v for k, v in row.items() if k != "doc_id"} for row in rows]
              for name, rows in data_rows(result).items()}
    return DocRows(
        path=result.path, doc_id=result.doc_id, status=result.status, error=result.error,
        input_kind=result.input_kind, failed_stage=result.failed_stage, traceback=result.traceback,
        seconds=result.seconds, fields=fields, warnings=list(doc.warnings) if doc else [], tables=tables,
        findings=[(f.rule, f.severity) for f in result.findings])


def document_row(result: DocResult | DocRows, duplicate_of: str | None = None) -> Row:
    """The ``documents.jsonl`` record of one input (written for every input, ok or failed).

    A name that is not UTF-8 is written with ``\\xNN`` escapes, and its bytes are named in
    ``warnings`` (:mod:`pipeline.names`).
    """
    rows = to_rows(result)
    note = name_warning(rows.path)
    return {
        "doc_id": rows.doc_id,
        "path": rows.path,
        "status": rows.status,
        "error": rows.error,
        "input_kind": rows.input_kind,
        **{name: rows.fields.get(name) for name in _DOC_FIELDS},
        "failed_stage": rows.failed_stage,
        "duplicate_of": duplicate_of,
        "warnings": [*rows.warnings, *([note] if note else [])],
    }


def indicator_row(ind: Indicator) -> Row:
    return {
        "source": ind.source, "indicator": ind.indicator, "name": ind.name, "unit": ind.unit,
        "weight": figure(ind.weight), "result_text": ind.result_text, "result_value": figure(ind.result),
        "level": ind.level, "score": figure(ind.score), "weighted_score": figure(ind.weighted_score),
        **_where(ind.prov), "component": ind.component, "is_group": ind.is_group,
        "raw": ind.prov.raw, "source_kind": ind.prov.source, "bbox": _bbox(ind.prov.bbox),
    }


def recompute(total: Total, doc: Document) -> tuple[int | float | None, str | None]:
    """What a printed total should be, from the same source's figures, and what it was summed from.

    A component total: the weighted scores of the rows the component-total rule adds up
    (:func:`pipeline.rules.weights.component_parts`: no group rows, marked or not) (``"rows"``).
    The overall total: per component, the source's component total as printed
    (``"component_totals"``), else that component's rows; ``"component_totals+rows"`` when mixed.
    """
    if total.scope == "component":
        if total.component is None:
            return None, None
        scores = component_parts(doc, total.source, total.component).scores
        return (figure_sum(scores), "rows") if scores else (None, None)
    printed = {t.component: t.reported for t in doc.totals
               if t.source == total.source and t.scope == "component" and t.component is not None
               and t.reported is not None}
    parts: list[Figure] = []
    used: set[str] = set()
    rows = {i.component for i in doc.indicators if i.source == total.source}
    for component in sorted(set(printed) | rows):
        if component in printed:
            parts.append(printed[component])
            used.add("component_totals")
        elif scores := component_parts(doc, total.source, component).scores:
            parts.extend(scores)
            used.add("rows")
    return (figure_sum(parts), "+".join(sorted(used))) if parts else (None, None)


def total_row(total: Total, doc: Document) -> Row:
    recomputed, source = recompute(total, doc)
    return {
        "source": total.source, "scope": total.scope, "component": total.component,
        "weight": figure(total.weight), "reported": figure(total.reported), "recomputed": recomputed,
        **_where(total.prov), "recomputed_from": source, "raw": total.prov.raw,
        "source_kind": total.prov.source, "bbox": _bbox(total.prov.bbox),
    }


def data_rows(result: DocResult) -> dict[str, list[Row]]:
    """The rows of every table but ``documents`` for one result, each carrying ``doc_id``."""
    doc = result.document
    tables: dict[str, list[Row]] = {name: [] for name in TABLES if name != "documents"}
    if doc is not None:
        tables["indicators"] = [indicator_row(i) for i in doc.indicators]
        tables["totals"] = [total_row(t, doc) for t in doc.totals]
        tables["quantities"] = [
            {"kind": q.kind, "unit": q.unit, "raw": q.raw, "value": number(q.value, q.decimals),
             **_where(q.prov), "decimals": q.decimals, "parts": dict(q.parts), "suspicious": q.suspicious,
             "likely_value": number(q.likely_value, q.decimals), "source_kind": q.prov.source,
             "bbox": _bbox(q.prov.bbox)}
            for q in doc.quantities
        ]
        tables["dates"] = [
            {"raw": d.raw,
             "start": d.start.isoformat() if d.valid and d.start else None,
             "end": d.end.isoformat() if d.valid and d.end else None,
             "precision": d.precision, **_where(d.prov), "valid": d.valid, "source_kind": d.prov.source,
             "bbox": _bbox(d.prov.bbox)}
            for d in doc.dates
        ]
        tables["narrative"] = [
            {"source": n.source, "component": n.component, "indicator": n.indicator, "kind": n.kind,
             "text": n.text, **_where(n.prov), "source_kind": n.prov.source, "bbox": _bbox(n.prov.bbox)}
            for n in doc.narrative
        ]
    tables["findings"] = [
        {"rule": f.rule, "severity": f.severity, "indicator": f.indicator, "message": f.message,
         "reported": _reported(f.reported), "expected": _reported(f.expected), "page": f.page,
         "line": f.line, "excerpt": f.excerpt, "bbox": _bbox(f.bbox)}
        for f in result.findings
    ]
    return {name: [{"doc_id": result.doc_id, **row} for row in rows] for name, rows in tables.items()}


def duplicates(results: Iterable[DocResult | DocRows]) -> list[str | None]:
    """Per result, the path of an earlier ``ok`` result with the same ``doc_id`` (same bytes), else None.

    A duplicate's data rows are not written again; the CLI's summary counts its findings once too.
    """
    first_path: dict[str, str] = {}
    out: list[str | None] = []
    for result in results:
        duplicate_of = first_path.get(result.doc_id) if result.status == "ok" else None
        if duplicate_of is None and result.status == "ok":
            first_path[result.doc_id] = result.path
        out.append(duplicate_of)
    return out


def collect(results: Sequence[DocResult | DocRows]) -> dict[str, list[Row]]:
    """All tables for a batch, in input order, columns in :data:`SCHEMAS` order, text UTF-8-safe.

    Two inputs with the same bytes share a ``doc_id``: both get a ``documents`` record (the second
    with ``duplicate_of``), the data rows are written once.
    """
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for result, duplicate_of in zip(results, duplicates(results), strict=True):
        rows = to_rows(result)
        tables["documents"].append(document_row(rows, duplicate_of))
        if duplicate_of is not None:
            continue
        for name, data in rows.tables.items():
            tables[name].extend({"doc_id": rows.doc_id, **row} for row in data)
    return {name: [{col: _safe(row.get(col)) for col, _ in SCHEMAS[name]} for row in rows]
            for name, rows in tables.items()}


# --- files ----------------------------------------------------------------------------------------


def _safe(value: object) -> object:
    """Text made UTF-8-safe (:func:`pipeline.names.json_safe`), lists and dicts walked."""
    if isinstance(value, str):
        return json_safe(value)
    if isinstance(value, list):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {json_safe(str(k)): _safe(v) for k, v in value.items()}
    return value


def missing_modules(formats: Iterable[str]) -> dict[str, str]:
    """Format -> the module it needs that is not installed (Parquet: pyarrow, DuckDB: duckdb).

    Checked before a run starts, so a missing extra is a usage error, not a crash after the work.
    """
    return {fmt: module for fmt in sorted(set(formats))
            if (module := WRITERS[fmt].module) is not None and find_spec(module) is None}


def probe_out(out: Path) -> None:
    """Raise OSError when ``out`` cannot receive the outputs (its parent is a file, no permission, ...)."""
    outdir.probe(out)


def write_tables(tables: Mapping[str, Sequence[Row]], folder: Path, formats: Iterable[str]) -> list[str]:
    """JSON Lines and each chosen format into ``folder``; the file names written."""
    unknown = set(formats) - set(WRITERS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    names: list[str] = []
    for fmt in ["jsonl", *sorted(set(formats) - {"jsonl"})]:
        names += WRITERS[fmt].write(tables, folder, SCHEMAS)
    return names


def write_outputs(
    results: Sequence[DocResult | DocRows],
    out: Path,
    formats: Iterable[str] = (),
    run_info: Mapping[str, object] | None = None,
) -> list[Path]:
    """Write every table into a new generation of ``out`` and switch it in (:func:`outdir.commit`).

    Returns the files written (``run.json`` last). Call with ``out`` locked (:func:`outdir.lock`).
    """
    tables = collect(results)
    formats = list(formats)

    def write(folder: Path) -> list[str]:
        names = write_tables(tables, folder, formats)
        if run_info is not None:
            text = json.dumps(_safe(dict(run_info)), ensure_ascii=False, indent=2, default=str) + "\n"
            (folder / RUN_FILE).write_text(text, encoding="utf-8")
            names.append(RUN_FILE)
        return names

    return outdir.commit(Path(out), write)
