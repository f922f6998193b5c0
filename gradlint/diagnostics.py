"""Findings as plain data: what the engine produces and every reporter consumes.

Nothing here knows about libcst nodes; a finding can be serialised, cached or sent
between processes as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

SAFE = "safe"
UNSAFE = "unsafe"
#: the code of a file that cannot be read or parsed; no suppression comment hides it
PARSE_ERROR = "GL001"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and 1-based column (in characters)."""

    line: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text from ``start`` (inclusive) to ``end`` (exclusive) with ``content``."""

    start: Location
    end: Location
    content: str


@dataclass(frozen=True)
class Fix:
    applicability: str  # SAFE or UNSAFE
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    path: str
    code: str
    message: str
    start: Location
    end: Location
    fix: Fix | None = None
    #: the notebook cell (numbered from 1 over all cells) that ``start`` and ``end`` are
    #: lines of; None for a plain source file
    cell: int | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.start.line, self.start.column, self.code, self.message)
