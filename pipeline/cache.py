"""Results of earlier runs, per document, in ``DIR/.thaireport/cache/``: reruns redo only what changed.

The key is the SHA-256 of the file's bytes, the file's kind (its lower-cased suffix), and a
fingerprint of the code: the tool's version and the bytes of every module, template and data file
of the ``pipeline``, ``extractors`` and ``normalizers`` packages, so any change of code, templates
or word lists recomputes everything. Only ``ok`` results are kept (a failure may be a timeout or a full disk
and is tried again). An entry is written as soon as its document is done (write to a temporary
file, then rename), so a run that is interrupted resumes where it stopped, and the outputs of the
resumed run are exactly those of one clean run. ``--force`` ignores the entries and rewrites them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from importlib import metadata
from pathlib import Path

from pipeline.outputs import DocRows

#: bump when the entry's layout changes
CACHE_FORMAT = 1
PACKAGES = ("pipeline", "extractors", "normalizers")
_KEPT = ("doc_id", "status", "input_kind", "fields", "warnings", "tables", "findings")


@cache
def fingerprint() -> str:
    """The tool's version and a hash of its code and templates (computed once per process)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{CACHE_FORMAT}".encode())
    try:
        digest.update(metadata.version("thaireport").encode())
    except metadata.PackageNotFoundError:
        pass
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """SHA-256 of a regular file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key(path: Path, digest: str) -> str:
    return hashlib.sha256(f"{fingerprint()}|{path.suffix.lower()}|{digest}".encode()).hexdigest()


class Cache:
    """Entries under ``folder``, one JSON file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, k: str) -> Path:
        return self.folder / k[:2] / f"{k}.json"

    def get(self, k: str, path: Path) -> DocRows | None:
        """The cached rows for ``k``, with ``path`` as given this time; None when absent or unreadable."""
        try:
            data = json.loads(self._file(k).read_text(encoding="ascii"))
            rows = DocRows(path=str(path), **{name: data[name] for name in _KEPT}, cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        rows.findings = [(rule, severity) for rule, severity in rows.findings]
        return rows

    def put(self, k: str, rows: DocRows) -> None:
        """Keep an ``ok`` result (atomically: a temporary file renamed over the entry); no OSError."""
        if rows.status != "ok":
            return
        # the rows are plain JSON values already: no dataclasses.asdict (a deep copy, ~5 ms a document)
        data = {name: getattr(rows, name) for name in _KEPT}
        target = self._file(k)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
            os.replace(tmp, target)
        except OSError:  # a full disk: the run goes on without this entry (it is only a cache)
            with contextlib.suppress(OSError):
                tmp.unlink()
