"""One file's work, as a worker process does it: decode, lint, fix.

Plain data in (:class:`FileJob`: the bytes, the codes of the rules that apply, what to
fix) and plain data out (:class:`FileResult`), so that a job can be sent to another
process and a result cached. Reading and writing files is the caller's.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field

from gradlint import fixer, noqa, source
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

    @property
    def rules(self) -> list[type[Rule]]:
        return [BY_CODE[code] for code in self.codes]


@dataclass
class FileResult:
    findings: list[Finding] = field(default_factory=list)  # as the file is
    remaining: list[Finding] = field(default_factory=list)  # after the fixes
    fixed: list[str] = field(default_factory=list)  # codes of the findings the fixes resolve
    fixed_text: str | None = None  # the text after the fixes, when they change it
    warnings: list[tuple[int, str]] = field(default_factory=list)  # malformed noqa: (line, message)
    problem: str | None = None  # why the file was not checked, one line without the path
    traceback: str | None = None  # with -v: where an internal error was raised

    @property
    def cacheable(self) -> bool:
        """A result that depends only on the bytes and the rules (not on a budget, a
        crash or a bug of ours)."""
        return self.problem is None


def check(job: FileJob) -> FileResult:
    """Lint one file's bytes, and fix them when asked; never raises for the file's sake."""
    try:
        decoded = source.decode(job.data)
    except source.SourceError as error:
        finding = parse_error(job.path, error)
        return FileResult(findings=[finding], remaining=[finding])
    result = FileResult(warnings=list(noqa.read(decoded.text).warnings))
    try:
        result.findings = lint_text(decoded.text, job.path, job.rules)
        result.remaining = result.findings
        if job.fix:
            text, result.remaining, result.fixed = fix(
                decoded.text, job.path, job.rules, result.findings, job.unsafe
            )
            if text != decoded.text:
                result.fixed_text = text
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
