"""The Python API, for tools that embed the linter: ``gradlint.lint(text, path=...)``.

Stable: :func:`lint` keeps its signature and the fields of what it returns
(:class:`gradlint.diagnostics.Finding` and the classes it holds) across minor releases;
new optional keyword arguments and new fields with defaults may be added.
"""

from __future__ import annotations

from collections.abc import Sequence

from gradlint import notebook
from gradlint.config import Overrides, Resolver, Selection, Settings, validate_selector
from gradlint.deepstack import with_deep_stack
from gradlint.diagnostics import Finding
from gradlint.linter import lint_text, parse_error
from gradlint.source import SourceError


def lint(
    text: str,
    path: str = "<string>",
    *,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    isolated: bool = False,
) -> list[Finding]:
    """Lint ``text`` as the file ``path`` would be linted, and return its findings, sorted.

    ``path`` need not exist. It names the findings, and, unless ``isolated``, picks the
    configuration as the command line does for it: the nearest ``pyproject.toml`` with a
    ``[tool.gradlint]`` table in its folder or above it (``select``, ``ignore``,
    ``per-file-ignores``). ``select``, ``extend_select`` and ``ignore`` take codes or
    prefixes and win over the configuration, like the command-line options. A ``path``
    ending in ``.ipynb`` makes ``text`` a notebook's JSON: the findings then carry the
    cell (``Finding.cell``) and lines counted within it.

    Text that does not parse gives one GL001 finding; an unknown code or a broken
    configuration file raises :class:`gradlint.config.ConfigError`, and code that Python
    accepts but gradlint cannot read (too deeply nested, syntax libcst cannot parse)
    raises :class:`gradlint.source.NotAnalysable`.
    """
    overrides = Overrides(
        selection=Selection(
            select=tuple(validate_selector(c, "`select`") for c in select) if select is not None else None,
            extend_select=tuple(validate_selector(c, "`extend_select`") for c in extend_select),
            ignore=tuple(validate_selector(c, "`ignore`") for c in ignore),
        )
    )
    return lint_with(text, path, Resolver(overrides, isolated=isolated).for_path(path))


def lint_with(text: str, path: str, settings: Settings) -> list[Finding]:
    """Lint ``text`` as ``path`` with the rules ``settings`` give it; notebooks by cell."""
    rules = settings.rules_for(path)
    if not notebook.is_notebook(path):
        return with_deep_stack(lambda: lint_text(text, path, rules), restore=True)
    try:
        book = notebook.load(text.encode("utf-8"))
    except SourceError as error:
        return [parse_error(path, error)]
    if not book.python:
        return []
    return book.to_cells(with_deep_stack(lambda: lint_text(book.program, path, rules), restore=True))
