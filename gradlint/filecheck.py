"""One file's work, as a worker process does it: decode, lint, fix (or add noqa comments).

Plain data in (:class:`FileJob`: the bytes, the codes of the rules that apply, what to
change) and plain data out (:class:`FileResult`), so that a job can be sent to another
process and a result cached. Reading and writing files is the caller's.

A notebook (a path ending in ``.ipynb``) is linted as the program its code cells make
(see :mod:`gradlint.notebook`): its fixes are made to that program (``fixed_text``,
which :meth:`Original.encode` turns back into the notebook's JSON), and its findings and warnings
are located by cell, as they are printed and cached.
"""

from __future__ import annotations

import difflib
import functools
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field

from gradlint import fixer, noqa, notebook, source
from gradlint.diagnostics import Finding
from gradlint.linter import lint_text, parse_error
from gradlint.rule import Rule
from gradlint.rules import BY_CODE

_FIX_ROUNDS = 10


@dataclass(frozen=True)
class FileJob:
    path: str  # the name findings carry: as found, or --stdin-filename
    data: bytes
    codes: tuple[str, ...]  # the rules that apply to this file (its settings, its per-file ignores)
    fix: bool = False  # compute the fixes (--fix, --fix-only, --diff)
    unsafe: bool = False  # unsafe fixes too
    verbose: bool = False  # keep the traceback of an internal error
    add_noqa: bool = False  # suppress each finding with a comment on its line (--add-noqa)

    @property
    def rules(self) -> list[type[Rule]]:
        return [BY_CODE[code] for code in self.codes]


@dataclass
class FileResult:
    findings: list[Finding] = field(default_factory=list)  # as the file is
    remaining: list[Finding] = field(default_factory=list)  # after the fixes
    fixed: list[str] = field(default_factory=list)  # codes of the findings the fixes resolve
    fixed_text: str | None = None  # the text after the fixes (a notebook's program), when they change it
    noqa_added: int = 0  # --add-noqa: the codes added
    # malformed noqa: (where, message); where is the line, or `cell N:line` in a notebook
    warnings: list[tuple[str, str]] = field(default_factory=list)
    problem: str | None = None  # why the file was not checked, one line without the path
    traceback: str | None = None  # with -v: where an internal error was raised

    @property
    def cacheable(self) -> bool:
        """A result that depends only on the bytes and the rules (not on a budget, a
        crash or a bug of ours)."""
        return self.problem is None


def check(job: FileJob) -> FileResult:
    """Lint one file's bytes, and fix them (or add their noqa comments) when asked;
    never raises for the file's sake."""
    try:
        book = notebook.load(job.data) if notebook.is_notebook(job.path) else None
        decoded = book.source if book is not None else source.decode(job.data)
    except source.SourceError as error:
        finding = parse_error(job.path, error)
        return FileResult(findings=[finding], remaining=[finding])
    if book is not None and not book.python:
        return FileResult()  # a notebook of another language: nothing to lint
    where = book.where if book is not None else str
    result = FileResult(
        warnings=[(where(line), message) for line, message in noqa.read(decoded.text).warnings]
    )
    try:
        findings = lint_text(decoded.text, job.path, job.rules)
        text, remaining = decoded.text, findings
        if job.add_noqa:
            text, added = noqa.add_directives(text, findings)
            remaining = [f for f in findings if f.start.line not in added]
            result.noqa_added = sum(len(codes) for codes in added.values())
        elif job.fix:
            text, remaining, result.fixed = fix(text, job.path, job.rules, findings, job.unsafe)
        if text != decoded.text:
            result.fixed_text = text
        if book is not None:
            findings, remaining = book.to_cells(findings), book.to_cells(remaining)
        result.findings, result.remaining = findings, remaining
    except source.NotAnalysable as refused:
        return FileResult(warnings=result.warnings, problem=f"not checked: {refused.reason}")
    except MemoryError:
        raise  # over the memory budget: the runner reports it
    except Exception as exc:  # a bug of ours on this file: name it, lint the rest
        return FileResult(
            warnings=result.warnings,
            problem=f"internal error: {type(exc).__name__}: {exc}",
            traceback=traceback.format_exc() if job.verbose else None,
        )
    return result


def fix(
    text: str, path: str, rules: Sequence[type[Rule]], findings: list[Finding], unsafe: bool
) -> tuple[str, list[Finding], list[str]]:
    """Apply fixes round after round (a fix may make room for another) until none apply.
    Returns the text, the findings left in it, and the codes of those fixed."""
    fixed: list[str] = []
    for _ in range(_FIX_ROUNDS):
        fixes = fixer.applicable(findings, unsafe)
        if not fixes:
            break
        new_text, codes = fixer.apply(text, fixes)
        if new_text == text:
            break
        try:
            source.parse(new_text)
        except source.SourceError as error:
            raise RuntimeError(
                f"a fix would produce code that does not parse ({error.reason}); nothing written"
            ) from None
        text = new_text
        fixed.extend(codes)
        findings = lint_text(text, path, rules)
    return text, findings, fixed


class Original:
    """A file's bytes as they were read, and what a result's ``fixed_text`` makes of
    them: the bytes to write, a diff, the texts that `full` output quotes. A notebook's
    fixed text is its program: its cells are written back into its JSON, byte for byte
    elsewhere, and diffed and quoted cell by cell."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data

    @functools.cached_property
    def _book(self) -> notebook.Notebook | None:
        return notebook.load(self.data) if notebook.is_notebook(self.path) else None

    @functools.cached_property
    def _decoded(self) -> source.SourceText:
        return source.decode(self.data)

    def encode(self, fixed_text: str) -> bytes:
        """The file's new bytes. Raises :class:`source.SourceError` when there are none:
        a character its encoding lacks, a fix that would move a notebook's cell boundary
        or change an IPython line."""
        book = self._book
        return book.updated(fixed_text) if book is not None else source.encode(self._decoded, fixed_text)

    def diff(self, label: str, fixed_text: str) -> str:
        """A unified diff of the fixes, headed ``label`` (per cell in a notebook)."""
        book = self._book
        if book is not None:
            return book.diff(label, fixed_text)
        return "".join(
            difflib.unified_diff(
                source.physical_lines(self._decoded.text, keepends=True),
                source.physical_lines(fixed_text, keepends=True),
                fromfile=f"a/{label}",
                tofile=f"b/{label}",
            )
        )

    def texts(self, fixed_text: str | None = None) -> dict[int | None, str]:
        """The file's text (under None), or a notebook's code cells' (by cell number),
        with the fixes when ``fixed_text`` is given; none for bytes that are not text."""
        try:
            book = self._book
            if book is None:
                return {None: fixed_text if fixed_text is not None else self._decoded.text}
            cells = book.cell_texts(fixed_text if fixed_text is not None else book.program)
            return {number: text for number, text in cells.items()}
        except source.SourceError:
            return {}
