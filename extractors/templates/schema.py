"""The typed shape of a report template: one frozen dataclass per JSON object.

Every key of a template JSON file is a field here, with its type; :mod:`extractors.templates` turns
the JSON into these records and rejects unknown keys, wrong types, missing keys and bad regular
expressions at load time. A field with a default may be left out of the JSON.

Regular expressions are compiled at load; ``metadata={"groups": (...)}`` names the groups a pattern
must have (the layout code reads them by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from extractors.records import NarrativeKind

#: the sections a title can open (self-report and audit forms, summary table, reports without rows)
SectionName = Literal["self_report", "summary", "audit", "audit_report", "appeals"]
#: the columns of a form's results table
ResultsField = Literal["weighted_score", "weight", "score", "result", "index"]
#: what the cells after the unit cell of a summary row hold (t1-t5: the targets of levels 1-5)
SummaryColumn = Literal[
    "weight", "t1", "t2", "t3", "t4", "t5", "result", "score", "weighted_score", "component_total", "note"
]


@dataclass(frozen=True, slots=True)
class Section:
    """A short line (not a table row) starting with one of ``titles`` opens section ``source``."""

    source: SectionName
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResultsColumn:
    """A results-table field and the header labels of its column."""

    field: ResultsField
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResultsHeader:
    """The results table of a self-report or audit form."""

    #: labels that must all be in the header row
    require: tuple[str, ...]
    #: labels that must not be in it
    exclude: tuple[str, ...]
    #: each field takes the first header cell not yet taken holding one of its labels, in this order
    columns: tuple[ResultsColumn, ...]
    #: a row with no index holding one of these is the component total
    total_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummaryHeader:
    """The summary table (one row per indicator, the targets of levels 1-5, the component totals)."""

    require: tuple[str, ...]
    columns_after_unit: tuple[SummaryColumn, ...]
    #: a row whose first cell starts with one of these is the overall total (รวมเฉลี่ย)
    overall_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubscoreTableHeader:
    """Part-score tables: a maximum column, a score column, a total row (คะแนนรวม)."""

    require: tuple[str, ...]
    #: the maximum column's header (the whole cell)
    max_labels: tuple[str, ...]
    score_labels: tuple[str, ...]
    total_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubscoreText:
    """Part scores written as text: "(ร้อยละ 15) ร้อยละ 15.50", "(3 คะแนน) ผลงาน 3 คะแนน"."""

    percent_words: tuple[str, ...]
    percent_signs: tuple[str, ...]
    point_words: tuple[str, ...]
    score_prefixes: tuple[str, ...]
    split_words: tuple[str, ...]
    total_prefixes: tuple[str, ...]
    #: the unit written to a part read as a percentage / as points (subscores.jsonl ``unit``)
    percent_unit: str
    point_unit: str


@dataclass(frozen=True, slots=True)
class CountTable:
    """Tables whose numeric columns end in a printed total row (appeals tables)."""

    total_labels: tuple[str, ...]
    #: cells that mean 0 ("-")
    zero_marks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NarrativeHeading:
    """A heading that starts narrative items of ``kind``."""

    kind: NarrativeKind
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """One form family's labels, titles, headers and patterns (see bma_2564.json for every key)."""

    #: the template's id, written to documents.jsonl as ``template``
    name: str
    #: how levels score: a scheme of extractors/templates/schemes.json
    scheme: str
    #: labels that identify the form family among the first rows of a document
    signature: tuple[str, ...]
    #: Buddhist Era years the form was used; break ties between templates
    fiscal_years: tuple[int, ...]
    component_labels: tuple[str, ...]
    agency_labels: tuple[str, ...]
    fiscal_year_labels: tuple[str, ...]
    group_label: str | None
    agency_type_label: str | None
    sections: tuple[Section, ...]
    indicator_title_labels: tuple[str, ...]
    indicator_reason_label: str | None
    criteria_level_header: re.Pattern[str] = field(metadata={"groups": ("level", "score")})
    interpolation_note: re.Pattern[str] = field(metadata={"groups": ("step",)})
    floor_note: tuple[str, ...]
    results_header: ResultsHeader
    summary_header: SummaryHeader
    units: tuple[str, ...]
    level_word: str
    subscore_table_header: SubscoreTableHeader
    subscore_text: SubscoreText
    count_table: CountTable
    narrative_headings: tuple[NarrativeHeading, ...]
    narrative_stop_labels: tuple[str, ...]
    #: "1.2 NAME" / "ตัวชี้วัดที่ 1.2 NAME" heading a one-indicator form (``sub`` may not match)
    explicit_indicator_id: re.Pattern[str] = field(
        metadata={"groups": ("component", "number", "sub", "name")}
    )
    #: one group letter (กลุ่มหน่วยงาน A-D / ก-ง): a regex of one character class
    group_letter: re.Pattern[str] = field(metadata={"groups": ()})
    #: a narrative item that says there is nothing ("ไม่มี", "-") is not an item
    narrative_empty_marks: tuple[str, ...]
    description: str = ""
    agency_types: tuple[str, ...] = ()
    #: labels only this form family prints: the template is named in documents.jsonl only when one
    #: occurs (signature labels such as มิติที่ or เกณฑ์การให้คะแนน are words any family uses)
    form_labels: tuple[str, ...] = ()
    #: what a scan may leave of a component label ("องค์ประกอบ 3": OCR lost ที่); a row's component is
    #: read from one only where the row's indicator id confirms the number (the summary table)
    component_short_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scheme:
    """How levels 1-5 score when no criteria header prints it (extractors/templates/schemes.json)."""

    name: str
    description: str
    level_scores: tuple[tuple[int, float], ...]

    def scores(self) -> dict[int, float]:
        """Level → score."""
        return dict(self.level_scores)
