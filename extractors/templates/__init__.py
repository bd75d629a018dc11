"""Declarative templates (section titles, labels, headers) per form family and year.

A template is a JSON file in this folder; :func:`load_templates` reads them all and
:func:`choose_template` picks the one whose signature labels best fit a document. Adding a form
variant (another year, another agency family) means adding a JSON file, not code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Template:
    """One form family's labels; ``data`` is the parsed JSON (see bma_2564.json for every key)."""

    name: str
    scheme: str
    signature: tuple[str, ...]
    fiscal_years: tuple[int, ...]
    data: dict[str, Any] = field(hash=False, compare=False)

    def labels(self, key: str) -> list[str]:
        value = self.data.get(key) or []
        return [value] if isinstance(value, str) else list(value)

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) or {}
        assert isinstance(value, dict)
        return value


def _from_json(data: dict[str, Any]) -> Template:
    return Template(
        name=str(data["name"]),
        scheme=str(data.get("scheme", "points-100")),
        signature=tuple(data.get("signature", [])),
        fiscal_years=tuple(int(y) for y in data.get("fiscal_years", [])),
        data=data,
    )


@cache
def load_templates() -> tuple[Template, ...]:
    """All templates shipped in this package, sorted by name."""
    out = []
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            out.append(_from_json(json.loads(entry.read_text(encoding="utf-8"))))
    return tuple(out)


def template_from_dict(data: dict[str, Any]) -> Template:
    """A template from parsed JSON (for user-supplied templates and tests)."""
    return _from_json(data)
