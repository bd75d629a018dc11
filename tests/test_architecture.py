"""Imports point one way only: pipeline -> extractors -> normalizers (checked by parsing, not importing).

Every import statement counts, including those inside functions and ``if TYPE_CHECKING:`` blocks, so
a cycle cannot hide in a lazy import. ``extractors/records.py`` is the leaf that both sides share: it
imports nothing of ours.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("normalizers", "extractors", "pipeline")
#: package -> the packages of ours it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "normalizers": set(),
    "extractors": {"normalizers"},
    "pipeline": {"extractors", "normalizers"},
}


def imported_packages(source: str, package: str) -> set[str]:
    """The top-level packages of ours that a module's source imports (relative imports stay inside)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [package] if node.level else [node.module or ""]
        else:
            continue
        found.update(top for name in names if (top := name.split(".")[0]) in PACKAGES)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_imported_packages_reads_every_kind_of_import() -> None:
    source = (
        "import os\nimport pipeline.cli\nfrom extractors import api\nfrom . import sibling\n"
        "def f():\n    from normalizers.text import clean\n"
        "if TYPE_CHECKING:\n    import extractors.records as r\n"
    )
    assert imported_packages(source, "pipeline") == {"pipeline", "extractors", "normalizers"}
    assert imported_packages("from .text import clean\nimport regex\n", "normalizers") == {"normalizers"}


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_one_way(package: str) -> None:
    files = modules(package)
    assert files, f"no modules found in {package}/"
    allowed = ALLOWED[package] | {package}
    wrong = {
        path.relative_to(ROOT).as_posix(): sorted(bad)
        for path in files
        if (bad := imported_packages(path.read_text(encoding="utf-8"), package) - allowed)
    }
    assert wrong == {}


def test_records_is_a_leaf() -> None:
    source = (ROOT / "extractors" / "records.py").read_text(encoding="utf-8")
    assert imported_packages(source, "extractors") == set()
