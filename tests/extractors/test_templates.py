"""Templates as typed, validated records: load-time errors name the file and the key; schemes are data;
a new template in a folder of its own is picked for its form family (the "how to add a template" recipe).
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from extractors.api import extract_text
from extractors.layout import choose_template, extract_layout
from extractors.ocr_text import merge_continuations, read_rows
from extractors.records import Document
from extractors.templates import (
    ENV_VAR,
    NarrativeHeading,
    ResultsColumn,
    Template,
    TemplateError,
    load_schemes,
    load_templates,
    parse_schemes,
    parse_template,
)
from extractors.templates.schema import Section

TEMPLATES = Path(__file__).resolve().parents[2] / "extractors" / "templates"
KNOWN = ", ".join(sorted(f.name for f in dataclasses.fields(Template)))


def shipped(name: str = "bma_2564") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TEMPLATES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def write(folder: Path, data: dict[str, Any], file: str = "mine.json") -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(folder / file)


def load_error(tmp_path: Path, data: dict[str, Any]) -> tuple[str, str]:
    """(the file written, the message of the TemplateError its loading raised)."""
    data = {**data, "name": "mine"}
    path = write(tmp_path / "bad", data)
    with pytest.raises(TemplateError) as e:
        load_templates([tmp_path / "bad"])
    return path, str(e.value)


# --- the shipped templates, typed ------------------------------------------------------------------


def test_shipped_templates_are_typed_records() -> None:
    by_name = {t.name: t for t in load_templates()}
    t = by_name["bma-performance-agreement-2561"]
    assert (t.scheme, t.fiscal_years, t.component_labels, t.agency_type_label, t.agency_types) == (
        "points-100", (2559, 2560, 2561), ("มิติที่",), "ประเภทหน่วยงาน", ("Line", "Staff"))
    assert t.sections[0] == Section("self_report", ("แบบฟอร์มการรายงาน",))
    assert t.results_header.columns[:2] == (
        ResultsColumn("weighted_score", ("ถ่วงน้ำหนัก", "คะแนนถ่วง")), ResultsColumn("weight", ("น้ำหนัก",)))
    assert t.narrative_headings[-1] == NarrativeHeading("explanation", ("คำชี้แจง", "เหตุผลของคะแนน"))
    assert t.criteria_level_header.pattern == (
        r"ระดับ\s*(?P<level>[1-5])\s*\(\s*(?P<score>\d+(?:\.\d+)?)\s*คะแนน\s*\)")
    assert (t.subscore_text.percent_unit, t.subscore_text.point_unit, t.narrative_empty_marks) == (
        "ร้อยละ", "คะแนน", ("ไม่มี", "-"))
    assert by_name["department-self-assessment-points5"].scheme == "points-5"
    # every key of every shipped file is a field (nothing is read untyped)
    for path in sorted(TEMPLATES.glob("*.json")):
        if path.name != "schemes.json":
            assert set(json.loads(path.read_text(encoding="utf-8"))) <= set(KNOWN.split(", ")), path.name


def test_templates_are_loaded_once() -> None:
    assert load_templates() is load_templates()
    assert load_templates([]) is load_templates(())


# --- a bad template fails at load, naming the file and the key ----------------------------------------


def test_unknown_key(tmp_path: Path) -> None:
    path, msg = load_error(tmp_path, {**shipped(), "agency_lables": ["หน่วยงาน"]})
    assert msg == f"{path}: key 'agency_lables': unknown key (known: {KNOWN})"


def test_unknown_nested_key(tmp_path: Path) -> None:
    data = shipped()
    data["results_header"] = {**data["results_header"], "colums": []}
    path, msg = load_error(tmp_path, data)
    assert msg == (f"{path}: key 'results_header.colums': unknown key "
                   "(known: columns, exclude, require, total_labels)")


def test_wrong_type(tmp_path: Path) -> None:
    path, msg = load_error(tmp_path, {**shipped(), "fiscal_years": "2564"})
    assert msg == f"{path}: key 'fiscal_years': expected a list, got str"
    path, msg = load_error(tmp_path, {**shipped(), "fiscal_years": [2564, "2565"]})
    assert msg == f"{path}: key 'fiscal_years[1]': expected int, got str"
    path, msg = load_error(tmp_path, {**shipped(), "group_label": ["กลุ่มหน่วยงาน"]})
    assert msg == f"{path}: key 'group_label': expected str, got list"


def test_value_outside_its_set(tmp_path: Path) -> None:
    data = shipped()
    data["narrative_headings"][1] = {"kind": "obstacles", "labels": ["อุปสรรค"]}
    path, msg = load_error(tmp_path, data)
    assert msg == (f"{path}: key 'narrative_headings[1].kind': expected one of support, obstacle, evidence, "
                   "strength, weakness, recommendation, explanation, got 'obstacles'")


def test_missing_required_key(tmp_path: Path) -> None:
    data = shipped()
    del data["units"]
    path, msg = load_error(tmp_path, data)
    assert msg == f"{path}: key 'units': missing required key"
    data = shipped()
    del data["count_table"]["zero_marks"]
    path, msg = load_error(tmp_path, data)
    assert msg == f"{path}: key 'count_table.zero_marks': missing required key"


def test_regex_that_does_not_compile(tmp_path: Path) -> None:
    path, msg = load_error(tmp_path, {**shipped(), "criteria_level_header": "ระดับ\\s*(?P<level>[1-5]"})
    assert msg == (f"{path}: key 'criteria_level_header': regular expression does not compile: "
                   "missing ), unterminated subpattern at position 8")


def test_regex_without_its_named_groups(tmp_path: Path) -> None:
    path, msg = load_error(tmp_path, {**shipped(), "interpolation_note": r"±\s*(\d+)\s*ต่อ\s*1\s*ระดับ"})
    assert msg == f"{path}: key 'interpolation_note': regular expression lacks the named group(s) step"
    two_groups = r"^(?P<component>\d+)\.(?P<number>\d+)"
    path, msg = load_error(tmp_path, {**shipped(), "explicit_indicator_id": two_groups})
    assert msg == (f"{path}: key 'explicit_indicator_id': "
                   "regular expression lacks the named group(s) sub, name")


def test_misspelt_scheme_fails_at_load(tmp_path: Path) -> None:
    # regression: a misspelt scheme silently switched the level-score check off
    path, msg = load_error(tmp_path, {**shipped(), "scheme": "points-10"})
    assert msg == f"{path}: key 'scheme': unknown scheme 'points-10' (known: points-100, points-5)"


def test_duplicate_name_and_bad_json(tmp_path: Path) -> None:
    path = write(tmp_path / "dup", shipped())
    with pytest.raises(TemplateError) as e:
        load_templates([tmp_path / "dup"])
    assert str(e.value) == (f"{path}: key 'name': duplicate template name 'bma-performance-agreement-2564' "
                            "(also in extractors/templates/bma_2564.json)")
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "x.json").write_text('{"name": ', encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        load_templates([tmp_path / "json"])
    assert str(e.value) == (f"{tmp_path / 'json' / 'x.json'}: "
                            "not valid JSON: Expecting value: line 1 column 10 (char 9)")


def test_parse_template_names_the_file() -> None:
    with pytest.raises(TemplateError) as e:
        parse_template([], "user.json")
    assert (str(e.value), e.value.file, e.value.key) == (
        "user.json: expected an object, got list", "user.json", "")


# --- schemes are data --------------------------------------------------------------------------------


def test_schemes_table() -> None:
    schemes = load_schemes()
    assert (schemes.default, schemes.names()) == ("points-100", ("points-100", "points-5"))
    assert schemes.get("points-100").scores() == {n: 50.0 + 10 * n for n in range(1, 6)}
    assert schemes.get("points-5").scores() == {n: float(n) for n in range(1, 6)}
    # a document built by hand scores levels by the default scheme, as one no template matched
    assert Document("d", "p", "ocr-text").level_scores == schemes.get(schemes.default).scores()


def test_bad_scheme_file() -> None:
    levels = {"1": 60, "2": 70}
    with pytest.raises(TemplateError) as e:
        parse_schemes({"default": "points-10", "schemes": {"points-100": {"level_scores": levels}}}, "s.json")
    assert str(e.value) == "s.json: key 'default': unknown scheme 'points-10' (known: points-100)"
    with pytest.raises(TemplateError) as e:
        parse_schemes({"default": "p", "schemes": {"p": {"level_scores": {"one": 60}}}}, "s.json")
    assert str(e.value) == "s.json: key 'schemes.p.level_scores.one': a level is a digit 1-9"
    with pytest.raises(TemplateError) as e:
        parse_schemes({"default": "p", "schemes": {"p": {"level_scores": {"1": "60"}}}}, "s.json")
    assert str(e.value) == "s.json: key 'schemes.p.level_scores.1': expected a number, got str"
    with pytest.raises(TemplateError) as e:
        parse_schemes({"default": "p", "schemes": {"p": {"levels": levels}}}, "s.json")
    assert str(e.value) == "s.json: key 'schemes.p.levels': unknown key (known: description, level_scores)"


def test_level_scores_follow_the_chosen_template() -> None:
    fixture = Path(__file__).resolve().parent / "fixtures" / "bma_2561_sample.txt"
    rows = merge_continuations(read_rows(fixture.read_text(encoding="utf-8")).rows)
    points5 = next(t for t in load_templates() if t.scheme == "points-5")
    doc = extract_layout(Document("d", "p", "ocr-text"), rows, points5)
    assert (doc.scheme, doc.level_scores) == ("points-5", {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 5.0})
    memo = extract_text("บันทึกข้อความ\nเรื่อง ขอส่งผล\n", "m", "memo.txt")
    assert (memo.scheme, memo.level_scores) == ("points-100", load_schemes().get("points-100").scores())


# --- how to add a template: one JSON file in a folder, nothing else ------------------------------------

#: a district KPI report whose components are ประเด็นยุทธศาสตร์ที่ and whose form has its own title
SAMPLE = "\n".join([
    "แบบรายงานผลตัวชี้วัดระดับสำนักงานเขต",
    "ประจำปีงบประมาณ พ.ศ. 2567",
    "หน่วยงาน : สำนักงานเขตบางรัก",
    "ประเด็นยุทธศาสตร์ที่ 3 : เมืองสะอาด",
    "ตัวชี้วัด : ร้อยละของขยะที่ได้รับการคัดแยก",
    "ตัวชี้วัด\tน้ำหนัก (ร้อยละ)\tผลการดำเนินการ\tค่าคะแนนที่ได้\tค่าคะแนนถ่วงน้ำหนัก",
    "1.\t20\tร้อยละ 92.40\t4.5000\t0.9000",
    "\t20\t\tคะแนนที่ได้\t0.9000",
]) + "\n"


def district_kpi_template() -> dict[str, Any]:
    """Step 1 of the recipe: copy the closest template, rename it, change what the form spells differently."""
    data = shipped("dept_points5")
    data.update(
        name="bma-district-kpi-2567",
        description="district KPI report, fiscal 2567: ประเด็นยุทธศาสตร์ที่ for components",
        signature=["แบบรายงานผลตัวชี้วัดระดับสำนักงานเขต", "ประเด็นยุทธศาสตร์ที่"],
        fiscal_years=[2567],
        component_labels=["ประเด็นยุทธศาสตร์ที่"],
        agency_labels=["หน่วยงาน :"],
        sections=[{"source": "self_report", "titles": ["แบบรายงานผลตัวชี้วัดระดับสำนักงานเขต"]}],
    )
    return data


def test_recipe_a_new_template_in_its_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = merge_continuations(read_rows(SAMPLE).rows)
    assert choose_template(rows).name != "bma-district-kpi-2567"
    write(tmp_path / "templates", district_kpi_template(), "bma_district_kpi_2567.json")
    # loaded from an extra folder (an argument, or $THAIREPORT_TEMPLATES for the CLI)
    mine = load_templates([tmp_path / "templates"])
    assert [t.name for t in mine][-1] == "bma-district-kpi-2567"
    assert choose_template(rows, mine).name == "bma-district-kpi-2567"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "templates"))
    doc = extract_text(SAMPLE, "k", "kpi.txt")
    assert (doc.template, doc.scheme, doc.agency, doc.fiscal_year, doc.warnings) == (
        "bma-district-kpi-2567", "points-5", "สำนักงานเขตบางรัก", 2567, [])
    assert [(i.source, i.indicator, i.component, i.prov.line, i.name, i.weight and i.weight.raw,
             i.result and i.result.raw, i.score and i.score.raw) for i in doc.indicators] == [
        ("self_report", "3.1", 3, 7, None, "20", "92.40", "4.5000")]
    assert [(t.source, t.component, t.prov.line, t.reported and t.reported.raw) for t in doc.totals] == [
        ("self_report", 3, 8, "0.9000")]


def test_template_patterns_are_compiled_once() -> None:
    t = load_templates()[0]
    assert isinstance(t.explicit_indicator_id, re.Pattern)
    assert t.explicit_indicator_id.match("ตัวชี้วัดที่ 1.2 ร้อยละของถนน") is not None
    assert t.group_letter.fullmatch("ข") is not None and t.group_letter.fullmatch("E") is None


def test_missing_template_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as e:
        load_templates([tmp_path / "nowhere"])
    assert str(e.value) == f"{tmp_path / 'nowhere'}: template folder does not exist"


def test_layout_code_has_no_thai_literal() -> None:
    """Every Thai label and pattern lives in the templates: layout has Thai only in docs and comments."""
    found = []
    for path in sorted((TEMPLATES.parent / "layout").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {
            id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            f"{path.name}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and re.search("[\u0e00-\u0e7f]", node.value)
        ]
    assert found == []
