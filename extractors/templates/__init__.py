"""Declarative templates (section titles, labels, headers, patterns) per form family and year.

A template is a JSON file; :func:`load_templates` reads every ``*.json`` of this folder (but
``schemes.json``), then of the folders in ``extra_dirs`` or, when none are given, of the folders
listed in the environment variable ``THAIREPORT_TEMPLATES`` (separated by ``os.pathsep``). Each file
becomes a typed, frozen :class:`~extractors.templates.schema.Template`; a bad file fails at load with
:class:`TemplateError` naming the file and the key. ``schemes.json`` holds the level-score table of
every scheme a template may name. Adding a form variant means adding a JSON file, not code.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import types
import typing
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from extractors.templates.schema import (
    CountTable,
    NarrativeHeading,
    ResultsColumn,
    ResultsHeader,
    Scheme,
    Section,
    SubscoreTableHeader,
    SubscoreText,
    SummaryHeader,
    Template,
)

__all__ = [
    "ENV_VAR", "CountTable", "NarrativeHeading", "ResultsColumn", "ResultsHeader", "Scheme", "Schemes",
    "Section", "SubscoreTableHeader", "SubscoreText", "SummaryHeader", "Template", "TemplateError",
    "load_schemes", "load_templates", "parse_schemes", "parse_template",
]

#: folders of user templates, separated by os.pathsep, read when load_templates() gets none
ENV_VAR = "THAIREPORT_TEMPLATES"
SCHEMES_FILE = "schemes.json"

T = TypeVar("T")


class TemplateError(ValueError):
    """A template or scheme file that cannot be used: ``file: key 'a.b[0].c': problem``."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: key '{key}': {problem}" if key else f"{file}: {problem}")
        self.file, self.key, self.problem = file, key, problem


# ---------------------------------------------------------------- JSON → typed records


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _convert(value: Any, tp: Any, key: str, file: str, meta: typing.Mapping[str, Any]) -> Any:
    """``value`` (parsed JSON) as type ``tp``, or :class:`TemplateError` naming ``key``."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        opts = typing.get_args(tp)
        if value is None and type(None) in opts:
            return None
        (inner,) = [o for o in opts if o is not type(None)]
        return _convert(value, inner, key, file, meta)
    if origin is Literal:
        allowed = typing.get_args(tp)
        if value not in allowed:
            raise TemplateError(file, key, f"expected one of {', '.join(map(str, allowed))}, got {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise TemplateError(file, key, f"expected a list, got {type(value).__name__}")
        item = typing.get_args(tp)[0]
        return tuple(_convert(v, item, f"{key}[{k}]", file, meta) for k, v in enumerate(value))
    if tp is re.Pattern or origin is re.Pattern:
        if not isinstance(value, str):
            raise TemplateError(file, key, f"expected a regular expression, got {type(value).__name__}")
        try:
            pattern = re.compile(value)
        except re.error as e:
            raise TemplateError(file, key, f"regular expression does not compile: {e}") from None
        missing = [g for g in meta.get("groups", ()) if g not in pattern.groupindex]
        if missing:
            groups = ", ".join(missing)
            raise TemplateError(file, key, f"regular expression lacks the named group(s) {groups}")
        return pattern
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _record(value, tp, key, file)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TemplateError(file, key, f"expected a number, got {type(value).__name__}")
        return float(value)
    if tp in (str, int, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise TemplateError(file, key, f"expected {_type_name(tp)}, got {type(value).__name__}")
        return value
    raise TypeError(f"no JSON conversion for {tp!r}")  # a schema bug, not a template's


def _record(data: Any, cls: type[T], key: str, file: str) -> T:
    """A dataclass ``cls`` from a JSON object: every key known, every field without default given."""
    if not isinstance(data, dict):
        raise TemplateError(file, key, f"expected an object, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    where = f"{key}." if key else ""
    for name in data:
        if name not in fields:
            raise TemplateError(file, where + name, f"unknown key (known: {', '.join(sorted(fields))})")
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise TemplateError(file, where + name, "missing required key")
            continue
        kwargs[name] = _convert(data[name], hints[name], where + name, file, f.metadata)
    return cls(**kwargs)


# ---------------------------------------------------------------- schemes


@dataclasses.dataclass(frozen=True, slots=True)
class Schemes:
    """Every scoring scheme, and the one a document gets when no template matched."""

    default: str
    schemes: tuple[Scheme, ...]

    def get(self, name: str) -> Scheme:
        """The scheme called ``name`` (KeyError if there is none)."""
        for s in self.schemes:
            if s.name == name:
                return s
        raise KeyError(name)

    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.schemes)


def parse_schemes(data: Any, file: str) -> Schemes:
    if not isinstance(data, dict):
        raise TemplateError(file, "", "expected an object")
    unknown = set(data) - {"default", "schemes"}
    if unknown:
        raise TemplateError(file, sorted(unknown)[0], "unknown key (known: default, schemes)")
    for k in ("default", "schemes"):
        if k not in data:
            raise TemplateError(file, k, "missing required key")
    if not isinstance(data["schemes"], dict):
        raise TemplateError(file, "schemes", "expected an object of scheme name → scheme")
    out = []
    for name, body in data["schemes"].items():
        key = f"schemes.{name}"
        if not isinstance(body, dict):
            raise TemplateError(file, key, "expected an object")
        unknown = set(body) - {"description", "level_scores"}
        if unknown:
            bad = f"{key}.{sorted(unknown)[0]}"
            raise TemplateError(file, bad, "unknown key (known: description, level_scores)")
        levels = body.get("level_scores")
        if not isinstance(levels, dict) or not levels:
            raise TemplateError(file, f"{key}.level_scores", "expected an object of level → score")
        pairs = []
        for lv, score in levels.items():
            if not re.fullmatch(r"[1-9]", lv):
                raise TemplateError(file, f"{key}.level_scores.{lv}", "a level is a digit 1-9")
            pairs.append((int(lv), _convert(score, float, f"{key}.level_scores.{lv}", file, {})))
        description = _convert(body.get("description", ""), str, f"{key}.description", file, {})
        out.append(Scheme(name, description, tuple(sorted(pairs))))
    default = _convert(data["default"], str, "default", file, {})
    result = Schemes(default, tuple(out))
    if default not in result.names():
        known = ", ".join(result.names())
        raise TemplateError(file, "default", f"unknown scheme {default!r} (known: {known})")
    return result


@cache
def load_schemes() -> Schemes:
    """The scoring schemes of ``schemes.json`` in this package."""
    entry = resources.files(__package__).joinpath(SCHEMES_FILE)
    return parse_schemes(_read_json(entry.read_text(encoding="utf-8"), SCHEMES_FILE), SCHEMES_FILE)


# ---------------------------------------------------------------- templates


def _read_json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise TemplateError(file, "", f"not valid JSON: {e}") from None


def parse_template(data: Any, file: str, schemes: Schemes | None = None) -> Template:
    """A validated template from parsed JSON; ``file`` names it in errors."""
    tpl = _record(data, Template, "", file)
    known = (schemes or load_schemes()).names()
    if tpl.scheme not in known:
        raise TemplateError(file, "scheme", f"unknown scheme {tpl.scheme!r} (known: {', '.join(known)})")
    return tpl


def _dir_entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise TemplateError(str(folder), "", "template folder does not exist")
    return sorted(p for p in folder.iterdir() if p.suffix == ".json" and p.name != SCHEMES_FILE)


@cache
def _load(extra_dirs: tuple[str, ...]) -> tuple[Template, ...]:
    schemes = load_schemes()
    files: list[tuple[str, str]] = []  # (name in errors, JSON text)
    package = resources.files(__package__)
    for entry in sorted(package.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json") and entry.name != SCHEMES_FILE:
            files.append((f"extractors/templates/{entry.name}", entry.read_text(encoding="utf-8")))
    for folder in extra_dirs:
        files.extend((str(path), path.read_text(encoding="utf-8")) for path in _dir_entries(Path(folder)))
    out: list[Template] = []
    seen: dict[str, str] = {}
    for name, text in files:
        tpl = parse_template(_read_json(text, name), name, schemes)
        if tpl.name in seen:
            problem = f"duplicate template name {tpl.name!r} (also in {seen[tpl.name]})"
            raise TemplateError(name, "name", problem)
        seen[tpl.name] = name
        out.append(tpl)
    return tuple(out)


def load_templates(extra_dirs: Iterable[str | os.PathLike[str]] | None = None) -> tuple[Template, ...]:
    """The package's templates sorted by file name, then those of ``extra_dirs`` (loaded once).

    ``extra_dirs=None`` reads the folders of ``$THAIREPORT_TEMPLATES``. Package templates come
    first, so they win a tie in :func:`extractors.layout.choose_template`.
    """
    if extra_dirs is None:
        env = os.environ.get(ENV_VAR, "")
        extra_dirs = [d for d in env.split(os.pathsep) if d]
    return _load(tuple(os.fspath(d) for d in extra_dirs))
