"""The flake8 plugin: gradlint's rules in a flake8 run, under the ``GL`` prefix.

Registered as the ``flake8.extension`` entry point ``GL``, so ``flake8`` (and
``flake8 --select GL``) runs the rules that gradlint enables by default. flake8 owns
the rest: which codes are shown (``--select``, ``--extend-ignore``,
``--per-file-ignores``) and the ``# noqa`` comments, read with flake8's own rules. A
file that does not parse is flake8's E999, and code gradlint cannot read (too deeply
nested, syntax libcst cannot parse) gets no GL finding; the file-level
``# gradlint: noqa`` still skips a file. ``[tool.gradlint]`` settings are not read here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import ClassVar

from gradlint import __version__
from gradlint.deepstack import with_deep_stack
from gradlint.linter import lint_text
from gradlint.rules import CHECKS
from gradlint.source import NotAnalysable


class Plugin:
    """flake8 calls ``run()`` once per file, after its own parse succeeded."""

    name: ClassVar[str] = "torch-gradlint"
    version: ClassVar[str] = __version__
    rules = tuple(rule for rule in CHECKS if rule.default_enabled)

    def __init__(self, tree: ast.AST, lines: Sequence[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        text = "".join(self.lines)
        try:
            findings = with_deep_stack(
                lambda: lint_text(text, self.filename, self.rules, suppress=False), restore=True
            )
        except NotAnalysable:
            return  # flake8 has no way to say a file was not checked; an exception would stop its run
        for finding in findings:
            # flake8 counts columns from 0 and shows them from 1, as gradlint does
            yield (
                finding.start.line,
                finding.start.column - 1,
                f"{finding.code} {finding.message}",
                type(self),
            )
