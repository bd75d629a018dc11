"""File names of any bytes: a JSON-safe form for the data files and a printable one for the terminal.

On POSIX a file name is bytes. Python reads names that are not UTF-8 (Latin-1 or TIS-620 names from
old Thai file shares) with *surrogate escapes*: each undecodable byte 0xNN becomes the lone surrogate
U+DCNN, which no UTF-8 writer accepts. Our documented forms:

- :func:`json_safe` (``documents.jsonl`` ``path``, every text field, CSV, Parquet, DuckDB): each
  undecodable byte is written as the four characters ``\\xNN`` (Python's ``backslashreplace``); the
  rest of the name is kept as is, newlines included (JSON escapes them).
- the exact bytes: :func:`name_warning` adds a ``warnings`` entry to the document's record giving the
  name's bytes in hex, so the name is recorded faithfully in the data files themselves.
- :func:`printable` (progress and summary lines): as :func:`json_safe`, and control characters
  (newline, tab, carriage return, C1, U+2028/2029) shown as ``\\n``, ``\\t``, ``\\x85``, ``\\u2028``,
  so a name can neither break a summary line nor fake one.
"""

from __future__ import annotations

import re
from pathlib import Path

#: C0 and C1 controls, DEL, the Unicode line and paragraph separators: never printed raw
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_safe(text: str) -> str:
    """``text`` with each surrogate-escaped byte written as ``\\xNN``: encodable as UTF-8.

    >>> json_safe("r\\udce9sum\\udce9.txt")
    'r\\\\xe9sum\\\\xe9.txt'
    >>> json_safe("สำนักงาน.txt")
    'สำนักงาน.txt'
    """
    if text.isascii() or not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte (U+D800..U+DC7F): \\udNNN
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    simple = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in simple:
        return simple[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str | Path) -> str:
    """One terminal line for a name: :func:`json_safe`, and control characters escaped.

    >>> printable("a\\nfailed: b.txt")
    'a\\\\nfailed: b.txt'
    >>> printable(Path("caf\\udce9.txt"))
    'caf\\\\xe9.txt'
    """
    return _CONTROL.sub(_escape, json_safe(str(text)))


def name_warning(path: str) -> str | None:
    """A ``warnings`` entry naming the exact bytes of a name that is not UTF-8; None for UTF-8 names.

    >>> name_warning("caf\\udce9.txt")
    'file name is not UTF-8: shown with \\\\xNN for each undecodable byte; its bytes in hex: 636166e92e747874'
    >>> name_warning("ok.txt") is None
    True
    """
    if path.isascii() or not _SURROGATE.search(path):
        return None
    raw = path.encode("utf-8", "surrogateescape").hex()
    return f"file name is not UTF-8: shown with \\xNN for each undecodable byte; its bytes in hex: {raw}"
