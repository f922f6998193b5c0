"""Lint one text: prefilter, parse, one analysis pass, positions, suppressions.

Pure: it takes text and rule classes and returns findings as plain data. Reading
files, configuration and reporting belong to the callers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable, cast

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from gradlint import noqa, source
from gradlint.diagnostics import PARSE_ERROR, Edit, Finding, Fix, Location
from gradlint.engine.facts import Facts
from gradlint.engine.fixes import FixPlan
from gradlint.engine.flow import Analysis
from gradlint.rule import Rule
from gradlint.rules.unused_noqa import UnusedNoqa


def needed(text: str, rules: Sequence[type[Rule]]) -> bool:
    """Whether any rule could report in ``text``: the prefilter that spares the parse."""
    for rule in rules:
        if not rule.needs or any(needle in text for needle in rule.needs):
            return True
    return False


def lint_text(
    text: str, path: str, rules: Sequence[type[Rule]], prefilter: bool = True, suppress: bool = True
) -> list[Finding]:
    """Every finding of ``rules`` in ``text``, sorted; text Python rejects as GL001.
    ``suppress=False`` leaves the lines' ``# noqa`` comments to the caller (flake8 reads
    its own); the file-level ``# gradlint: noqa`` still holds.

    Raises :class:`source.NotAnalysable` for text Python accepts but gradlint cannot
    analyse (no finding: the file may well be fine).
    """
    directives = noqa.read(text)
    if directives.exempt is noqa.ALL:
        return []
    rules = [rule for rule in rules if rule.code not in directives.exempt]
    if prefilter and not needed(text, rules):
        # nothing to look for; still report a broken file. CPython's check is a tenth of
        # libcst's parse; libcst has the last word (it reads every Python version's syntax)
        if source.syntax_error(text) is None:
            return []
    try:
        module, copy = _parse(text)
    except source.SourceError as error:
        return [parse_error(path, error)]
    if not rules:
        return []
    analysed = copy.text if copy is not None else text
    try:
        facts = Facts(Analysis(module, analysed).run(), module, path, analysed)
        pending = []
        for rule_class in rules:
            rule = rule_class(facts)
            rule.check()
            pending.extend(rule.findings)
    except RecursionError:
        # a text libcst read at once (not risky to it) that Python itself rejects as too
        # deep, such as a chain of operators over many lines
        verdict = source.syntax_error(text)
        if verdict is not None and source.fatal(verdict):
            return [parse_error(path, verdict)]
        raise source.NotAnalysable("too deeply nested to analyse") from None
    findings: list[Finding] = []
    used: set[tuple[int, str]] = set()  # (line, code) of the findings a suppression comment hid
    try:
        positions = (
            MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider) if pending else None
        )
    except RecursionError:
        raise source.NotAnalysable("too deeply nested to analyse") from None
    if pending and positions is not None:

        def line_of(node: cst.CSTNode) -> int:
            return positions[node].start.line

        def location(line: int, column: int) -> Location | None:
            mapped = copy.column(line, column) if copy is not None else column
            return Location(line, mapped) if mapped is not None else None

        for item in pending:
            where = positions[item.node]
            start = location(where.start.line, where.start.column + 1) or Location(where.start.line, 1)
            end = location(where.end.line, where.end.column + 1) or start
            if suppress and directives.suppressed(start.line, item.code):
                used.add((start.line, item.code))
                continue
            message = item.message if isinstance(item.message, str) else item.message(line_of)
            fix = (
                cast(FixPlan, item.fix).resolve(positions.__getitem__, analysed)
                if item.fix is not None
                else None
            )
            if fix is not None and copy is not None:
                fix = _fix_in_original(fix, location)
            findings.append(Finding(path, item.code, message, start, end, fix))
    if suppress and UnusedNoqa in rules:
        # GL002 judges the suppressions themselves, so it runs once they are known
        findings.extend(UnusedNoqa.unused(path, text, directives, used, {rule.code for rule in rules}))
    return sorted(set(findings), key=Finding.sort_key)


def _parse(text: str) -> tuple[cst.Module, source.Reindented | None]:
    """The tree of ``text``, or of a copy re-indented with spaces when libcst rejects the
    tabs and spaces that Python accepts (then the copy, to map positions back)."""
    try:
        return source.parse(text), None
    except source.NotAnalysable as refused:
        copy = source.reindent(text)
        if copy is None:
            raise
        try:
            return source.parse(copy.text), copy
        except (source.SourceError, source.NotAnalysable):
            raise refused from None


def _fix_in_original(fix: Fix, location: Callable[[int, int], Location | None]) -> Fix | None:
    """A fix computed on the re-indented copy, for the original text: kept when its edits
    stay within lines and outside the rewritten indentation (inserted lines would carry
    the copy's spaces into a file indented with tabs)."""
    edits = []
    for edit in fix.edits:
        start = location(edit.start.line, edit.start.column)
        end = location(edit.end.line, edit.end.column)
        if start is None or end is None or "\n" in edit.content or "\r" in edit.content:
            return None
        edits.append(Edit(start, end, edit.content))
    return Fix(fix.applicability, fix.message, tuple(edits))


def parse_error(path: str, error: source.SourceError) -> Finding:
    where = Location(error.line, error.column)
    return Finding(path, PARSE_ERROR, f"could not parse: {error.reason}", where, where)
