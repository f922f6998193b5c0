"""Applying fixes to text: edits by line and column, never touching other bytes.

Lines are counted as Python's tokenizer and libcst count them (``\n``, ``\r\n`` and a
lone ``\r`` each end one), and a line an edit inserts ends the way the line it edits
does, so a file keeps its line endings (old Mac ``\r`` ones too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gradlint.diagnostics import SAFE, Finding, Fix, Location

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def applicable(findings: Sequence[Finding], unsafe: bool) -> list[tuple[Fix, tuple[str, ...]]]:
    """The distinct fixes to apply, each with the codes of the findings it resolves (two
    findings may share one fix: one `with` around both updates)."""
    codes: dict[Fix, tuple[str, ...]] = {}
    for finding in findings:
        fix = finding.fix
        if fix is None or (fix.applicability != SAFE and not unsafe):
            continue
        codes[fix] = codes.get(fix, ()) + (finding.code,)
    return list(codes.items())


def _line_starts(text: str) -> list[int]:
    """Where each physical line begins (``\\n``, ``\\r\\n`` or ``\\r`` ends one, as for
    the parser that numbered the lines)."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def _offset(starts: list[int], text: str, location: Location) -> int:
    if location.line > len(starts):
        return len(text)
    return min(starts[location.line - 1] + location.column - 1, len(text))


def apply(text: str, fixes: Sequence[tuple[Fix, tuple[str, ...]]]) -> tuple[str, list[str]]:
    """Apply the fixes that do not overlap an earlier one; the rest wait for the next
    round (the caller lints again). Returns the new text and the codes of the findings
    the applied fixes resolve."""
    starts = _line_starts(text)
    chosen: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    resolved: list[str] = []
    for fix, codes in sorted(fixes, key=lambda item: min(e.start for e in item[0].edits)):
        spans = [
            (
                _offset(starts, text, e.start),
                _offset(starts, text, e.end),
                _newlines(e.content, text, starts, e.start),
            )
            for e in fix.edits
        ]
        if any(_overlaps(start, end, t) for start, end, _ in spans for t in taken):
            continue
        chosen.extend(spans)
        taken.extend((start, end) for start, end, _ in spans)
        resolved.extend(codes)
    for start, end, content in sorted(chosen, key=lambda span: (span[0], span[1]), reverse=True):
        text = text[:start] + content + text[end:]
    return text, resolved


def _newlines(content: str, text: str, starts: list[int], location: Location) -> str:
    """``content`` with its line breaks spelled as the edited line's (or the file's)."""
    if "\n" not in content and "\r" not in content:
        return content
    line = min(location.line, len(starts)) - 1
    found = _LINE_BREAK.search(text, starts[line]) or _LINE_BREAK.search(text)
    newline = found.group() if found is not None else "\n"
    return _LINE_BREAK.sub(newline, content)


def _overlaps(start: int, end: int, other: tuple[int, int]) -> bool:
    other_start, other_end = other
    if start == end == other_start == other_end:
        return True  # two insertions at one point: order would be arbitrary
    return start < other_end and other_start < end
