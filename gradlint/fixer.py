"""Applying fixes to text: edits by line and column, never touching other bytes."""

from __future__ import annotations

from collections.abc import Sequence

from gradlint.diagnostics import SAFE, Finding, Fix, Location


def applicable(findings: Sequence[Finding], unsafe: bool) -> list[tuple[Fix, int]]:
    """The distinct fixes to apply, each with the number of findings it resolves (two
    findings may share one fix: one `with` around both updates)."""
    counts: dict[Fix, int] = {}
    for finding in findings:
        fix = finding.fix
        if fix is None or (fix.applicability != SAFE and not unsafe):
            continue
        counts[fix] = counts.get(fix, 0) + 1
    return list(counts.items())


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _offset(starts: list[int], text: str, location: Location) -> int:
    if location.line > len(starts):
        return len(text)
    return min(starts[location.line - 1] + location.column - 1, len(text))


def apply(text: str, fixes: Sequence[tuple[Fix, int]]) -> tuple[str, int]:
    """Apply the fixes that do not overlap an earlier one; the rest wait for the next
    round (the caller lints again). Returns the new text and how many findings the
    applied fixes resolve."""
    starts = _line_starts(text)
    chosen: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    applied = 0
    for fix, resolves in sorted(fixes, key=lambda item: min(e.start for e in item[0].edits)):
        spans = [(_offset(starts, text, e.start), _offset(starts, text, e.end), e.content) for e in fix.edits]
        if any(_overlaps(start, end, t) for start, end, _ in spans for t in taken):
            continue
        chosen.extend(spans)
        taken.extend((start, end) for start, end, _ in spans)
        applied += resolves
    for start, end, content in sorted(chosen, key=lambda span: (span[0], span[1]), reverse=True):
        text = text[:start] + content + text[end:]
    return text, applied


def _overlaps(start: int, end: int, other: tuple[int, int]) -> bool:
    other_start, other_end = other
    if start == end == other_start == other_end:
        return True  # two insertions at one point: order would be arbitrary
    return start < other_end and other_start < end
