"""``report.html``: an offline audit report of one output folder, built from its files alone.

:func:`write_report` reads ``documents``, ``indicators``, ``totals`` and ``findings`` (JSON Lines)
and ``run.json`` of an output folder and writes ``report.html`` beside them: one self-contained file
(styles, script, SVG charts and page crops inlined; no network), made with Jinja2 from
``templates/report.html.j2``. It never runs extraction again; the PDFs are opened only to render
the crops of their findings (:mod:`pipeline.report.crops`).

Modules: :mod:`~pipeline.report.model` (tables -> records), :mod:`~pipeline.report.charts` (chart
geometry), :mod:`~pipeline.report.crops` (page crops).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

import jinja2

from pipeline.report.charts import component_chart, rule_chart
from pipeline.report.model import (
    FIELD_LABELS,
    FIELDS,
    SEVERITIES,
    SOURCE_LABELS,
    SOURCES,
    Model,
    Tables,
    build_model,
    data_folder,
    load_tables,
)

REPORT_FILE = "report.html"
RUN_FILE = "run.json"

__all__ = ["REPORT_FILE", "build_html", "render", "write_report"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _version() -> str:
    try:
        return metadata.version("thaireport")
    except metadata.PackageNotFoundError:
        return "unknown"


def _run_line(run: Mapping[str, object]) -> str:
    """One line about the run from ``run.json``, without its timings (the report is reproducible).

    >>> _run_line({"started": "2026-12-02T00:50:00+00:00", "thaireport": "0.1.0", "skipped": ["a.docx"]})
    'thaireport 0.1.0; 1 file in the folders not read (not .pdf, .txt or .md)'
    """
    parts = []
    if run.get("thaireport"):
        parts.append(f"thaireport {run['thaireport']}")
    skipped = run.get("skipped")
    if isinstance(skipped, list) and skipped:
        files = "1 file" if len(skipped) == 1 else f"{len(skipped)} files"
        parts.append(f"{files} in the folders not read (not .pdf, .txt or .md)")
    return "; ".join(parts)


def render(model: Model, title: str = "thaireport: audit report") -> str:
    """The HTML text of a report model."""
    ok = sum(d.status == "ok" for d in model.documents)
    components = component_chart([(d.title, f"#{d.anchor}", d.components) for d in model.documents])
    sources = sorted({d.components_source for d in model.documents if d.components_source},
                     key=SOURCES.index)
    return _environment().get_template("report.html.j2").render(
        m=model, title=title, version=_version(), ok=ok, failed=len(model.documents) - ok,
        run_line=_run_line(model.run), severities=SEVERITIES, sources=SOURCES, fields=FIELDS,
        field_labels=FIELD_LABELS, labels=SOURCE_LABELS, components=components,
        components_note="from the " + ", ".join(sources) if sources else "",
        rules=rule_chart(model.rule_counts),
    )


def build_html(tables: Tables, run: Mapping[str, object] | None = None, *, crops: bool = True,
               base: Path | None = None) -> str:
    """The report of some output tables (``documents``, ``indicators``, ``totals``, ``findings``)."""
    return render(build_model(tables, run, crops=crops, base=base))


def write_report(out: Path, *, crops: bool = True, base: Path | None = None) -> Path:
    """Build ``out/report.html`` from the files in ``out`` alone; written atomically; its path.

    Relative input paths in ``documents.jsonl`` (for the PDFs' crops) are read from ``base``, by
    default the current folder.
    """
    out = Path(out)
    run_path = data_folder(out) / RUN_FILE
    try:
        run = json.loads(run_path.read_text(encoding="utf-8")) if run_path.exists() else {}
    except ValueError:
        run = {}
    html = build_html(load_tables(out), run if isinstance(run, dict) else {}, crops=crops, base=base)
    fd, tmp = tempfile.mkstemp(prefix=".report.", suffix=".tmp", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out / REPORT_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out / REPORT_FILE
