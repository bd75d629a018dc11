"""Errors raised by the normalizers; each carries the raw text it failed on."""

from __future__ import annotations


class NormalizeError(ValueError):
    """A piece of text could not be read as the value asked for."""

    def __init__(self, message: str, raw: str) -> None:
        super().__init__(f"{message}: {raw!r}")
        self.raw = raw
