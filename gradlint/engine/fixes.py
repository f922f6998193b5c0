"""Fixes as rules describe them: edits anchored on nodes, resolved to text positions
by the engine once it has computed positions (only for files with findings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import libcst as cst
from libcst.metadata import CodeRange

from gradlint.diagnostics import Edit, Fix, Location
from gradlint.source import physical_lines


@dataclass(frozen=True)
class NodeEdit:
    """Replace the text of ``start`` .. ``end`` (``end`` defaults to ``start``).

    ``whole_lines`` widens the range to the full lines the nodes occupy, newline
    included; ``at`` = "before"/"after" makes it an insertion at that end instead.
    ``content`` may be a function of the text it replaces (to re-indent lines).
    """

    start: cst.CSTNode
    content: str | Callable[[str], str]
    end: cst.CSTNode | None = None
    whole_lines: bool = False
    at: str | None = None


@dataclass(frozen=True)
class FixPlan:
    applicability: str
    message: str
    edits: tuple[NodeEdit, ...]

    def resolve(self, position: Callable[[cst.CSTNode], CodeRange], text: str) -> Fix:
        lines = physical_lines(text, keepends=True)
        return Fix(self.applicability, self.message, tuple(_resolve(e, position, lines) for e in self.edits))


def _slice(lines: list, start: Location, end: Location) -> str:
    """The text between two 1-based locations."""
    if start.line == end.line:
        return lines[start.line - 1][start.column - 1 : end.column - 1] if start.line <= len(lines) else ""
    head = lines[start.line - 1][start.column - 1 :]
    middle = "".join(lines[start.line : end.line - 1])
    tail = lines[end.line - 1][: end.column - 1] if end.line <= len(lines) else ""
    return head + middle + tail


def _resolve(edit: NodeEdit, position: Callable[[cst.CSTNode], CodeRange], lines: list) -> Edit:
    first = position(edit.start)
    last = position(edit.end) if edit.end is not None else first
    if edit.whole_lines:
        start = Location(first.start.line, 1)
        end = Location(last.end.line + 1, 1)
    else:
        start = Location(first.start.line, first.start.column + 1)
        end = Location(last.end.line, last.end.column + 1)
    if edit.at == "before":
        end = start
    elif edit.at == "after":
        start = end
    content = edit.content if isinstance(edit.content, str) else edit.content(_slice(lines, start, end))
    return Edit(start, end, content)
