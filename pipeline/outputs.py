"""The output files of CONTRACT.md: JSON Lines always; CSV, Parquet and DuckDB on request.

Every table's columns are declared once in :data:`SCHEMAS` (the contract's fields first, then our
extras), so JSON Lines, CSV, Parquet and DuckDB agree, and an empty table still has its columns.
Writing is atomic per file and the data files are a pure function of the inputs: everything is
written into a temporary folder beside ``--out`` and moved in with :func:`os.replace`; ``run.json``
(timings, the only non-reproducible file) is moved in last and marks a completed run.
"""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extractors.records import Document, Figure, Indicator, Provenance, Total
from pipeline.findings import exact_sum
from pipeline.rules.weights import component_parts
from pipeline.stages import DocResult

if TYPE_CHECKING:
    import pandas as pd

#: str: text; int / num: JSON numbers; bool; json: list or object (a JSON string in CSV/Parquet/DuckDB);
#: any: number or text (text in CSV/Parquet/DuckDB)
ColType = Literal["str", "int", "num", "bool", "json", "any"]
Row = dict[str, object]
Schema = tuple[tuple[str, ColType], ...]

_WHERE: Schema = (("page", "int"), ("line", "int"))
_PROV: Schema = (("raw", "str"), ("source_kind", "str"))

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
        ("component", "int"), ("is_group", "bool"), *_PROV,
    ),
    "totals": (
        ("doc_id", "str"), ("source", "str"), ("scope", "str"), ("component", "int"), ("weight", "num"),
        ("reported", "num"), ("recomputed", "num"), *_WHERE,
        ("recomputed_from", "str"), *_PROV,
    ),
    "quantities": (
        ("doc_id", "str"), ("kind", "str"), ("unit", "str"), ("raw", "str"), ("value", "num"), *_WHERE,
        ("decimals", "int"), ("parts", "json"), ("suspicious", "str"), ("likely_value", "num"),
        ("source_kind", "str"),
    ),
    "dates": (
        ("doc_id", "str"), ("raw", "str"), ("start", "str"), ("end", "str"), ("precision", "str"), *_WHERE,
        ("valid", "bool"), ("source_kind", "str"),
    ),
    "narrative": (
        ("doc_id", "str"), ("source", "str"), ("component", "int"), ("indicator", "str"), ("kind", "str"),
        ("text", "str"), *_WHERE, ("source_kind", "str"),
    ),
    "findings": (
        ("doc_id", "str"), ("rule", "str"), ("severity", "str"), ("indicator", "str"), ("message", "str"),
        ("reported", "any"), ("expected", "any"), *_WHERE, ("excerpt", "str"),
    ),
}

TABLES: tuple[str, ...] = tuple(SCHEMAS)
#: optional formats besides JSON Lines -> the file suffix they write per table
FORMATS: dict[str, str] = {"csv": ".csv", "parquet": ".parquet", "duckdb": ".duckdb"}
#: the module each optional format needs (the ``tables`` extra); CSV needs only pandas
FORMAT_MODULES: dict[str, str] = {"parquet": "pyarrow", "duckdb": "duckdb"}
DUCKDB_FILE = "thaireport.duckdb"
RUN_FILE = "run.json"
#: CSV for Excel: a BOM makes Excel read UTF-8 (Thai) instead of the ANSI code page
CSV_ENCODING = "utf-8-sig"


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


# --- rows per table -------------------------------------------------------------------------------


def document_row(result: DocResult, duplicate_of: str | None = None) -> Row:
    """The ``documents.jsonl`` record of one input (written for every input, ok or failed)."""
    doc = result.document
    return {
        "doc_id": result.doc_id,
        "path": result.path,
        "status": result.status,
        "error": result.error,
        "input_kind": result.input_kind,
        "pages": doc.pages if doc else None,
        "agency": doc.agency if doc else None,
        "fiscal_year": doc.fiscal_year if doc else None,
        "template": doc.template if doc else None,
        "scheme": doc.scheme if doc else None,
        "group": doc.group if doc else None,
        "agency_type": doc.agency_type if doc else None,
        "failed_stage": result.failed_stage,
        "duplicate_of": duplicate_of,
        "warnings": list(doc.warnings) if doc else [],
    }


def indicator_row(ind: Indicator) -> Row:
    return {
        "source": ind.source, "indicator": ind.indicator, "name": ind.name, "unit": ind.unit,
        "weight": figure(ind.weight), "result_text": ind.result_text, "result_value": figure(ind.result),
        "level": ind.level, "score": figure(ind.score), "weighted_score": figure(ind.weighted_score),
        **_where(ind.prov), "component": ind.component, "is_group": ind.is_group,
        "raw": ind.prov.raw, "source_kind": ind.prov.source,
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
        "source_kind": total.prov.source,
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
             "likely_value": number(q.likely_value, q.decimals), "source_kind": q.prov.source}
            for q in doc.quantities
        ]
        tables["dates"] = [
            {"raw": d.raw,
             "start": d.start.isoformat() if d.valid and d.start else None,
             "end": d.end.isoformat() if d.valid and d.end else None,
             "precision": d.precision, **_where(d.prov), "valid": d.valid, "source_kind": d.prov.source}
            for d in doc.dates
        ]
        tables["narrative"] = [
            {"source": n.source, "component": n.component, "indicator": n.indicator, "kind": n.kind,
             "text": n.text, **_where(n.prov), "source_kind": n.prov.source}
            for n in doc.narrative
        ]
    tables["findings"] = [
        {"rule": f.rule, "severity": f.severity, "indicator": f.indicator, "message": f.message,
         "reported": _reported(f.reported), "expected": _reported(f.expected), "page": f.page,
         "line": f.line, "excerpt": f.excerpt}
        for f in result.findings
    ]
    return {name: [{"doc_id": result.doc_id, **row} for row in rows] for name, rows in tables.items()}


def duplicates(results: Iterable[DocResult]) -> list[str | None]:
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


def collect(results: Sequence[DocResult]) -> dict[str, list[Row]]:
    """All tables for a batch, in input order, columns in :data:`SCHEMAS` order.

    Two inputs with the same bytes share a ``doc_id``: both get a ``documents`` record (the second
    with ``duplicate_of``), the data rows are written once.
    """
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for result, duplicate_of in zip(results, duplicates(results), strict=True):
        tables["documents"].append(document_row(result, duplicate_of))
        if duplicate_of is not None:
            continue
        for name, rows in data_rows(result).items():
            tables[name].extend(rows)
    return {name: [{col: row.get(col) for col, _ in SCHEMAS[name]} for row in rows]
            for name, rows in tables.items()}


# --- files ----------------------------------------------------------------------------------------


def jsonl(rows: Iterable[Row]) -> str:
    """JSON Lines text: UTF-8 as is (ensure_ascii=False), numbers as numbers, no NaN."""
    return "".join(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n" for row in rows)


def frame(name: str, rows: Sequence[Row]) -> pd.DataFrame:
    """A typed DataFrame for one table (nullable dtypes, so empty tables keep their column types)."""
    import pandas as pd

    dtypes: dict[ColType, str] = {"str": "string", "any": "string", "json": "string",
                                  "int": "Int64", "num": "Float64", "bool": "boolean"}
    columns: dict[str, pd.Series] = {}
    for col, kind in SCHEMAS[name]:
        values: list[object] = [row.get(col) for row in rows]
        if kind == "json":
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        elif kind == "any":
            values = [None if v is None else str(v) for v in values]
        columns[col] = pd.Series(values, dtype=dtypes[kind])
    return pd.DataFrame(columns)


def _write_tabular(tables: Mapping[str, Sequence[Row]], folder: Path, formats: Iterable[str]) -> None:
    formats = set(formats)
    unknown = formats - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    if not formats:
        return
    frames = {name: frame(name, rows) for name, rows in tables.items()}
    for name, df in frames.items():
        if "csv" in formats:
            df.to_csv(folder / f"{name}.csv", index=False, encoding=CSV_ENCODING, lineterminator="\n")
        if "parquet" in formats:
            df.to_parquet(folder / f"{name}.parquet", index=False)
    if "duckdb" in formats:
        import duckdb

        con = duckdb.connect(str(folder / DUCKDB_FILE))
        try:
            for name, df in frames.items():
                con.register("frame_view", df)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')
                con.unregister("frame_view")
        finally:
            con.close()


def missing_modules(formats: Iterable[str]) -> dict[str, str]:
    """Format -> the module it needs that is not installed (Parquet: pyarrow, DuckDB: duckdb).

    Checked before a run starts, so a missing extra is a usage error, not a crash after the work.
    """
    return {fmt: module for fmt in sorted(set(formats))
            if (module := FORMAT_MODULES.get(fmt)) is not None and find_spec(module) is None}


def probe_out(out: Path) -> None:
    """Raise OSError when ``out`` cannot receive the outputs (its parent is a file, no permission, ...).

    Creates the missing parents of ``out`` (as the write does) and a temporary folder beside it,
    removed at once; ``out`` itself is not created, so a run that stops early leaves nothing.
    """
    out = Path(os.path.abspath(out))
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a folder", str(folder))
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    os.rmdir(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    if out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "permission denied", str(out))


def managed_names() -> set[str]:
    """Every file name this module may write into ``--out`` (stale ones are removed on rerun)."""
    names = {f"{t}.jsonl" for t in TABLES} | {DUCKDB_FILE, RUN_FILE}
    return names | {f"{t}{FORMATS[f]}" for t in TABLES for f in ("csv", "parquet")}


def write_outputs(
    results: Sequence[DocResult],
    out: Path,
    formats: Iterable[str] = (),
    run_info: Mapping[str, object] | None = None,
) -> list[Path]:
    """Write every table into ``out`` atomically; return the files written (``run.json`` last).

    Files of ours left by an earlier run in another format are removed, so ``out`` never mixes runs.
    """
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tables = collect(results)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for name, rows in tables.items():
            (tmp / f"{name}.jsonl").write_text(jsonl(rows), encoding="utf-8")
        _write_tabular(tables, tmp, formats)
        if run_info is not None:
            text = json.dumps(dict(run_info), ensure_ascii=False, indent=2, default=str) + "\n"
            (tmp / RUN_FILE).write_text(text, encoding="utf-8")
        names = sorted(p.name for p in tmp.iterdir())
        names.sort(key=lambda n: n == RUN_FILE)  # run.json last: marks a complete run
        out.mkdir(exist_ok=True)
        for name in names:
            os.replace(tmp / name, out / name)
        for stale in sorted(managed_names() - set(names)):
            (out / stale).unlink(missing_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out / name for name in names]
