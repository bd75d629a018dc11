"""What the report shows, computed from the output tables alone (never by running extraction again).

:func:`load_tables` reads the JSON Lines of an output folder; :func:`build_model` turns the tables
into plain records for the template: the documents with their overall score printed vs recomputed,
per document the indicator table with the three sources side by side, the printed totals, and the
findings with their page crop (PDFs) or the reason there is none.

Marks in the score table come from the data, not from a judgement of ours: a cell is marked when
the sources print different values for it, or when a finding was raised at the row's page and line
(the rule says which cell: see :data:`RULE_CELL`).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.report.crops import Crop, PdfCropper

Row = Mapping[str, object]
Tables = Mapping[str, Sequence[Row]]

TABLES = ("documents", "indicators", "totals", "findings")
SOURCES = ("self_report", "audit", "summary")
SOURCE_LABELS = {
    "self_report": "Self-report (แบบฟอร์มการรายงาน)",
    "audit": "Audit (แบบสรุปผลการตรวจติดตามประเมินผล)",
    "summary": "Summary (ผลการประเมินผลการปฏิบัติราชการ)",
}
SEVERITIES = ("error", "warning", "info")
#: the fields of an indicator row shown per source, in order
FIELDS = ("result_value", "level", "score", "weighted_score")
FIELD_LABELS = {"result_value": "result", "level": "level", "score": "score", "weighted_score": "weighted"}
#: which cell of the row at the finding's page and line a rule is about
RULE_CELL = {
    "weighted-score": "weighted_score", "level-score": "score", "criteria-score": "score",
    "subscore-sum": "score", "subscore-max": "score", "weight-total": "weight",
}
PDF_KINDS = ("pdf-text", "pdf-scanned", "pdf-mixed")


def data_folder(folder: Path) -> Path:
    """Where to read an output folder's files: its current generation when it has one
    (``.thaireport/current``, resolved once, so every file comes from the same run), else itself."""
    current = folder / ".thaireport" / "current"
    return current.resolve() if current.is_dir() else folder


def load_tables(folder: Path) -> dict[str, list[dict[str, object]]]:
    """The tables the report needs, from ``folder/<table>.jsonl`` (a missing file is an empty table)."""
    folder = data_folder(folder)
    tables: dict[str, list[dict[str, object]]] = {}
    for name in TABLES:
        path = folder / f"{name}.jsonl"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        tables[name] = [json.loads(line) for line in text.splitlines() if line.strip()]
    return tables


def show(value: object) -> str:
    """A value as the JSON Lines hold it (numbers exactly as written there); "–" for null.

    >>> show(96.249), show(18.0), show(20), show(None), show("ปี 2560")
    ('96.249', '18.0', '20', '–', 'ปี 2560')
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return json.dumps(value)
    return str(value)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _key(indicator: str) -> tuple[int, ...]:
    """Sort key of an indicator id: "3.10" after "3.9"."""
    return tuple(int(p) for p in re.findall(r"\d+", indicator)) or (0,)


def _recomputed(score: object, weight: object) -> str:
    """score × weight / 100, to 4 decimals at most.

    >>> _recomputed(90.561, 10), _recomputed(100.0, 15), _recomputed(None, 10)
    ('9.0561', '15', '–')
    """
    s, w = _num(score), _num(weight)
    if s is None or w is None:
        return "–"
    value = round(s * w / 100, 4)
    return f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(slots=True)
class Cell:
    text: str
    marks: list[str] = field(default_factory=list)  # why the cell is marked (shown as its title)
    links: list[str] = field(default_factory=list)  # anchors of the findings about it

    @property
    def marked(self) -> bool:
        return bool(self.marks)


@dataclass(slots=True)
class ScoreRow:
    indicator: str
    name: str
    component: int | None
    is_group: bool
    weight: Cell
    cells: dict[str, dict[str, Cell]]  # source -> field -> cell
    recomputed: str
    recomputed_from: str
    findings: list[str]  # anchors of every finding about this indicator

    @property
    def marked(self) -> bool:
        return self.weight.marked or any(c.marked for f in self.cells.values() for c in f.values())


@dataclass(slots=True)
class TotalRow:
    source: str
    scope: str
    component: int | None
    weight: str
    reported: str
    recomputed: str
    where: str
    marks: list[str]
    links: list[str]


@dataclass(slots=True)
class FindingView:
    anchor: str
    doc_anchor: str
    rule: str
    severity: str
    indicator: str | None
    message: str
    reported: str
    expected: str
    where: str
    excerpt: str
    crop: Crop | None
    crop_note: str


@dataclass(slots=True)
class DocView:
    doc_id: str
    anchor: str
    title: str
    path: str
    status: str
    error: str | None
    input_kind: str
    pages: str
    agency: str
    fiscal_year: str
    template: str
    duplicate_of: str | None
    warnings: list[str]
    overall_source: str | None
    overall_reported: str
    overall_recomputed: str
    overall_mismatch: bool
    severity_counts: dict[str, int]
    rows: list[ScoreRow]
    totals: list[TotalRow]
    findings: list[FindingView]
    components: dict[int, float]  # component -> total, for the chart
    components_source: str | None


@dataclass(slots=True)
class Model:
    documents: list[DocView]
    rule_counts: dict[str, dict[str, int]]  # rule -> severity -> findings
    severity_counts: dict[str, int]
    findings: int
    run: dict[str, object]

    @property
    def rules(self) -> list[str]:
        return list(self.rule_counts)


def _where(row: Row) -> str:
    page, line = row.get("page"), row.get("line")
    parts = ([f"page {page}"] if page is not None else []) + ([f"line {line}"] if line is not None else [])
    return ", ".join(parts) or "–"


def _at(row: Row) -> tuple[object, object]:
    return row.get("page"), row.get("line")


def _score_rows(
    indicators: Sequence[Row], findings: Sequence[FindingView], raw: Sequence[Row]
) -> list[ScoreRow]:
    by_id: dict[str, dict[str, Row]] = defaultdict(dict)
    for ind in indicators:
        by_id[str(ind["indicator"])].setdefault(str(ind["source"]), ind)
    # ผลตรวจที่ตำแหน่ง (หน้า, บรรทัด) เดียวกับแถวตัวชี้วัด: ชี้ไปยังช่องของแหล่งนั้น
    # (a finding printed at a row's page and line is about that source's row)
    at: dict[tuple[object, object], list[tuple[Row, FindingView]]] = defaultdict(list)
    about: dict[str, list[str]] = defaultdict(list)
    for f, view in zip(raw, findings, strict=True):
        at[_at(f)].append((f, view))
        if f.get("indicator"):
            about[str(f["indicator"])].append(view.anchor)
    rows: list[ScoreRow] = []
    for ind_id in sorted(by_id, key=_key):
        per = by_id[ind_id]
        cells: dict[str, dict[str, Cell]] = {
            s: {k: Cell(show(per[s].get(k)) if s in per else "") for k in FIELDS} for s in SOURCES
        }
        for k in FIELDS:
            values = {s: _num(per[s].get(k)) for s in per if _num(per[s].get(k)) is not None}
            if len(set(values.values())) > 1:
                for s in values:
                    cells[s][k].marks.append("the sources print different values")
        weights = {s: _num(per[s].get("weight")) for s in per if _num(per[s].get("weight")) is not None}
        shown = {w: show(per[s].get("weight")) for s, w in reversed(weights.items())}  # first as printed
        weight = Cell(" / ".join(shown[w] for w in dict.fromkeys(weights.values())) or "–")
        if len(set(weights.values())) > 1:
            weight.marks.append("the sources print different weights")
        for s, row in per.items():
            if row.get("line") is None:
                continue
            for f, view in at[_at(row)]:
                if f.get("indicator") not in (None, ind_id):
                    continue
                cell_name = RULE_CELL.get(str(f["rule"]))
                cell = weight if cell_name == "weight" else cells[s].get(cell_name or "")
                if cell is not None:
                    cell.marks.append(f"{f['rule']} ({f['severity']})")
                    cell.links.append(view.anchor)
        source = next((s for s in reversed(SOURCES)
                       if s in per and _num(per[s].get("score")) is not None
                       and _num(per[s].get("weight")) is not None), None)
        first = next(iter(per.values()))
        name = next((str(per[s]["name"]) for s in reversed(SOURCES) if s in per and per[s].get("name")), "")
        component = first.get("component")
        rows.append(ScoreRow(
            indicator=ind_id, name=name, component=component if isinstance(component, int) else None,
            is_group=any(bool(r.get("is_group")) for r in per.values()), weight=weight, cells=cells,
            recomputed=_recomputed(per[source].get("score"), per[source].get("weight")) if source else "–",
            recomputed_from=source or "", findings=about.get(ind_id, []),
        ))
    return rows


def _total_rows(totals: Sequence[Row], raw: Sequence[Row], findings: Sequence[FindingView]) -> list[TotalRow]:
    at: dict[tuple[object, object], list[tuple[Row, FindingView]]] = defaultdict(list)
    for f, view in zip(raw, findings, strict=True):
        if f["rule"] in ("component-total", "overall-total", "weight-total"):
            at[_at(f)].append((f, view))
    order = {s: n for n, s in enumerate(SOURCES)}
    rows = []
    for t in sorted(totals, key=lambda t: (t.get("scope") != "component", _num(t.get("component")) or 0,
                                            order.get(str(t.get("source")), 9))):
        hits = at.get(_at(t), []) if t.get("line") is not None else []
        rows.append(TotalRow(
            source=str(t.get("source")), scope=str(t.get("scope")),
            component=_page_line(t, "component"), weight=show(t.get("weight")),
            reported=show(t.get("reported")), recomputed=show(t.get("recomputed")),
            where=_where(t), marks=[f"{f['rule']} ({f['severity']})" for f, _ in hits],
            links=[v.anchor for _, v in hits],
        ))
    return rows


def _overall(totals: Sequence[Row]) -> tuple[str | None, object, object]:
    for source in reversed(SOURCES):
        for t in totals:
            if t.get("scope") == "overall" and t.get("source") == source:
                return source, t.get("reported"), t.get("recomputed")
    return None, None, None


def _components(totals: Sequence[Row], indicators: Sequence[Row]) -> tuple[dict[int, float], str | None]:
    """Component totals for the chart, from one source (the summary, else the audit, else the
    self-report): its printed total per component (else the recomputed one), and for a component
    without a total the sum of its rows' weighted scores."""
    for source in reversed(SOURCES):
        comps: dict[int, float] = {}
        for t in totals:
            value = _num(t.get("reported"))
            value = value if value is not None else _num(t.get("recomputed"))
            comp = t.get("component")
            if t.get("source") == source and t.get("scope") == "component" and isinstance(comp, int) \
                    and value is not None:
                comps.setdefault(comp, value)
        sums: dict[int, float] = defaultdict(float)
        for i in indicators:
            value, comp = _num(i.get("weighted_score")), i.get("component")
            if i.get("source") == source and not i.get("is_group") and isinstance(comp, int) \
                    and value is not None and comp not in comps:
                sums[comp] += value
        comps.update({c: round(v, 6) for c, v in sums.items()})
        if comps:
            return dict(sorted(comps.items())), source
    return {}, None


CropperFactory = Callable[[Path, str], PdfCropper]


def build_model(
    tables: Tables,
    run: Mapping[str, object] | None = None,
    crops: bool = True,
    base: Path | None = None,
    cropper: CropperFactory = PdfCropper,
) -> Model:
    """The report's records from the tables; ``crops=False`` skips the PDFs (no crop, a note says so).

    ``base``: the folder relative input paths are resolved against (default: the current folder).
    """
    by_doc: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name in ("indicators", "totals", "findings"):
        for row in tables.get(name, ()):
            by_doc[str(row["doc_id"])][name].append(row)
    docs: list[DocView] = []
    rule_counts: dict[str, Counter[str]] = defaultdict(Counter)
    anchors: Counter[str] = Counter()
    finding_no = 0
    for d in tables.get("documents", ()):
        doc_id = str(d["doc_id"])
        anchors[doc_id] += 1
        anchor = f"doc-{doc_id}" + (f"-{anchors[doc_id]}" if anchors[doc_id] > 1 else "")
        dup = d.get("duplicate_of")
        data = by_doc.get(doc_id, {}) if anchors[doc_id] == 1 else {}
        raw_findings = list(data.get("findings", []))
        pdf: PdfCropper | None = None
        if crops and d.get("input_kind") in PDF_KINDS and raw_findings:
            pdf_path = Path(str(d["path"]))
            pdf = cropper(pdf_path if pdf_path.is_absolute() or base is None else base / pdf_path, doc_id)
        views: list[FindingView] = []
        try:
            for f in raw_findings:
                finding_no += 1
                rule_counts[str(f["rule"])][str(f["severity"])] += 1
                crop: Crop | None = None
                if d.get("input_kind") not in PDF_KINDS:
                    note = "text input: no page image"
                elif pdf is None:
                    note = "crops not made for this report"
                else:
                    got = pdf.crop(_page_line(f, "page"), _page_line(f, "line"), f.get("reported"),
                                   str(f.get("excerpt") or ""), _bbox(f, data))
                    crop, note = (got, "") if isinstance(got, Crop) else (None, f"no crop: {got}")
                views.append(FindingView(
                    anchor=f"f{finding_no}", doc_anchor=anchor, rule=str(f["rule"]),
                    severity=str(f["severity"]),
                    indicator=str(f["indicator"]) if f.get("indicator") else None,
                    message=str(f.get("message") or ""), reported=show(f.get("reported")),
                    expected=show(f.get("expected")), where=_where(f), excerpt=str(f.get("excerpt") or ""),
                    crop=crop, crop_note=note,
                ))
        finally:
            if pdf is not None:
                pdf.close()
        totals = data.get("totals", [])
        overall_source, reported, recomputed = _overall(totals)
        comps, comps_source = _components(totals, data.get("indicators", []))
        path = str(d.get("path") or "")
        docs.append(DocView(
            doc_id=doc_id, anchor=anchor, title=Path(path).name or doc_id, path=path,
            status=str(d.get("status")), error=str(d["error"]) if d.get("error") else None,
            input_kind=show(d.get("input_kind")), pages=show(d.get("pages")), agency=show(d.get("agency")),
            fiscal_year=show(d.get("fiscal_year")), template=show(d.get("template")),
            duplicate_of=str(dup) if dup else None,
            warnings=[str(w) for w in warnings] if isinstance(warnings := d.get("warnings"), list) else [],
            overall_source=overall_source, overall_reported=show(reported),
            overall_recomputed=show(recomputed),
            # ตัดสินโดยผลตรวจ overall-total ของ pipeline (ช่วงการปัดเศษ) ไม่ใช่เทียบค่าเอง
            # (the pipeline's overall-total finding judges it, with the printed rounding intervals)
            overall_mismatch=any(v.rule == "overall-total" for v in views),
            severity_counts={s: sum(v.severity == s for v in views) for s in SEVERITIES},
            rows=_score_rows(data.get("indicators", []), views, raw_findings),
            totals=_total_rows(totals, raw_findings, views), findings=views,
            components=comps, components_source=comps_source,
        ))
    rules = {r: {s: rule_counts[r][s] for s in SEVERITIES} for r in _rule_order(rule_counts)}
    severity = {s: sum(c[s] for c in rule_counts.values()) for s in SEVERITIES}
    return Model(docs, rules, severity, finding_no, dict(run or {}))


def _box(value: object) -> tuple[float, float, float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 4 and all(_num(v) is not None for v in value):
        x0, top, x1, bottom = (float(v) for v in value)
        return x0, top, x1, bottom
    return None


def _bbox(finding: Row, data: Mapping[str, Sequence[Row]]) -> tuple[float, float, float, float] | None:
    """A box for the finding from the outputs (their ``bbox`` field, null where unknown): the
    finding's own, else that of the indicator or total row printed at its page and line."""
    if (box := _box(finding.get("bbox"))) is not None:
        return box
    if finding.get("page") is None or finding.get("line") is None:
        return None
    for row in (*data.get("indicators", ()), *data.get("totals", ())):
        if _at(row) == _at(finding) and (box := _box(row.get("bbox"))) is not None:
            return box
    return None


def _page_line(row: Row, key: str) -> int | None:
    value = row.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _rule_order(counts: Mapping[str, object]) -> list[str]:
    """Rules in the catalogue's order (pipeline.findings.RULES), unknown ones after, by name."""
    from pipeline.findings import RULES

    known = [r for r in RULES if r in counts]
    return known + sorted(set(counts) - set(known))
