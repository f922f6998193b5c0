"""Lint one text: prefilter, parse, one analysis pass, positions, suppressions.

Pure: it takes text and rule classes and returns findings as plain data. Reading
files, configuration and reporting belong to the callers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from gradlint import noqa, source
from gradlint.diagnostics import PARSE_ERROR, Finding, Location
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
    """Every finding of ``rules`` in ``text``, sorted; parse failures as GL001.
    ``suppress=False`` leaves the lines' ``# noqa`` comments to the caller (flake8 reads
    its own); the file-level ``# gradlint: noqa`` still holds."""
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
        module = source.parse(text)
    except source.SourceError as error:
        return [parse_error(path, error)]
    if not rules:
        return []
    try:
        facts = Facts(Analysis(module, text).run(), module, path, text)
        pending = []
        for rule_class in rules:
            rule = rule_class(facts)
            rule.check()
            pending.extend(rule.findings)
    except RecursionError:
        return [parse_error(path, source.SourceError("too deeply nested to analyse"))]
    findings: list[Finding] = []
    used: set[tuple[int, str]] = set()  # (line, code) of the findings a suppression comment hid
    if pending:
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

        def line_of(node: cst.CSTNode) -> int:
            return positions[node].start.line

        for item in pending:
            where = positions[item.node]
            start = Location(where.start.line, where.start.column + 1)
            if suppress and directives.suppressed(start.line, item.code):
                used.add((start.line, item.code))
                continue
            message = item.message if isinstance(item.message, str) else item.message(line_of)
            fix = (
                cast(FixPlan, item.fix).resolve(positions.__getitem__, text) if item.fix is not None else None
            )
            findings.append(
                Finding(path, item.code, message, start, Location(where.end.line, where.end.column + 1), fix)
            )
    if suppress and UnusedNoqa in rules:
        # GL002 judges the suppressions themselves, so it runs once they are known
        findings.extend(UnusedNoqa.unused(path, text, directives, used, {rule.code for rule in rules}))
    return sorted(set(findings), key=Finding.sort_key)


def parse_error(path: str, error: source.SourceError) -> Finding:
    where = Location(error.line, error.column)
    return Finding(path, PARSE_ERROR, f"could not parse: {error.reason}", where, where)
