"""Output formats as a registry: one :class:`Writer` per format, registered in :data:`WRITERS`.

A writer gets every table (name -> rows, columns in :data:`pipeline.outputs.SCHEMAS` order) and a
folder, writes its files there and returns their names. JSON Lines is always written; the others
are chosen with ``--format``. Adding a format is one writer plus one :func:`register` call::

    def write_toy(tables, folder):
        (folder / "tables.toy").write_text(...)
        return ["tables.toy"]

    register(Writer("toy", write_toy))

The files land in a new generation folder that :mod:`pipeline.outdir` switches in all at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline.views import create_views

if TYPE_CHECKING:
    import pandas as pd

#: str: text; int / num: JSON numbers; bool; json: list or object (a JSON string in CSV/Parquet/DuckDB);
#: any: number or text (text in CSV/Parquet/DuckDB)
ColType = Literal["str", "int", "num", "bool", "json", "any"]
Row = dict[str, object]
Schema = tuple[tuple[str, ColType], ...]
Tables = Mapping[str, Sequence[Row]]

DUCKDB_FILE = "thaireport.duckdb"
#: CSV for Excel: a BOM makes Excel read UTF-8 (Thai) instead of the ANSI code page
CSV_ENCODING = "utf-8-sig"


@dataclass(frozen=True, slots=True)
class Writer:
    """One output format: ``write(tables, folder, schemas) -> file names written``.

    ``module``: a module the format needs (checked before the run, a usage error when missing).
    """

    name: str
    write: Callable[[Tables, Path, Mapping[str, Schema]], list[str]]
    module: str | None = None


#: format name -> writer, in the order the formats are written
WRITERS: dict[str, Writer] = {}


def register(writer: Writer) -> None:
    """Add (or replace) a format."""
    WRITERS[writer.name] = writer


def unregister(name: str) -> None:
    """Remove a format (tests undo their toy writer with this)."""
    WRITERS.pop(name, None)


def jsonl(rows: Sequence[Row]) -> str:
    """JSON Lines text: UTF-8 as is (ensure_ascii=False), numbers as numbers, no NaN."""
    return "".join(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n" for row in rows)


def frame(rows: Sequence[Row], schema: Schema) -> pd.DataFrame:
    """A typed DataFrame for one table (nullable dtypes, so empty tables keep their column types)."""
    import pandas as pd

    dtypes: dict[ColType, str] = {"str": "string", "any": "string", "json": "string",
                                  "int": "Int64", "num": "Float64", "bool": "boolean"}
    columns: dict[str, pd.Series] = {}
    for col, kind in schema:
        values: list[object] = [row.get(col) for row in rows]
        if kind == "json":
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        elif kind == "any":
            values = [None if v is None else str(v) for v in values]
        columns[col] = pd.Series(values, dtype=dtypes[kind])
    return pd.DataFrame(columns)


def write_jsonl(tables: Tables, folder: Path, schemas: Mapping[str, Schema]) -> list[str]:
    for name, rows in tables.items():
        (folder / f"{name}.jsonl").write_text(jsonl(rows), encoding="utf-8")
    return [f"{name}.jsonl" for name in tables]


def write_csv(tables: Tables, folder: Path, schemas: Mapping[str, Schema]) -> list[str]:
    for name, rows in tables.items():
        frame(rows, schemas[name]).to_csv(folder / f"{name}.csv", index=False, encoding=CSV_ENCODING,
                                          lineterminator="\n")
    return [f"{name}.csv" for name in tables]


def write_parquet(tables: Tables, folder: Path, schemas: Mapping[str, Schema]) -> list[str]:
    for name, rows in tables.items():
        frame(rows, schemas[name]).to_parquet(folder / f"{name}.parquet", index=False)
    return [f"{name}.parquet" for name in tables]


def write_duckdb(tables: Tables, folder: Path, schemas: Mapping[str, Schema]) -> list[str]:
    import duckdb

    con = duckdb.connect(str(folder / DUCKDB_FILE))
    try:
        for name, rows in tables.items():
            df = frame(rows, schemas[name])
            con.register("frame_view", df)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')
            con.unregister("frame_view")
        create_views(con)  # dashboard views (pipeline/views.py)
    finally:
        con.close()
    return [DUCKDB_FILE]


register(Writer("jsonl", write_jsonl))
register(Writer("csv", write_csv))
register(Writer("parquet", write_parquet, module="pyarrow"))
register(Writer("duckdb", write_duckdb, module="duckdb"))
