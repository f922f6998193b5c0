"""The rule fixtures under ``rules/``: where they are and what they expect.

Each rule has one folder, ``rules/<CODE>-<name>/``, of ``flagged_*.py`` and
``clean_*.py`` files, and notebooks (``flagged_*.ipynb``, ``clean_*.ipynb``). An
expected finding is marked on its own line with a trailing comment ``# error: GL101``
(several codes: ``# error: GL101, GL102``); in a notebook, on the line of its cell. A
header comment ``# fixture: cuda-only`` says the runtime symptom only shows on a CUDA
device. A fixture's :attr:`Fixture.text` is what the linter reads: the file, or a
notebook's program (:mod:`gradlint.notebook`), whose line numbers the marks, the
findings and the runtime harness all use.
Used by the tests and by the runtime harness; nothing here imports torch.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from gradlint import fixer, notebook
from gradlint.diagnostics import Finding

_MARK = re.compile(r"#\s*error:\s*(GL\d{3}(?:\s*,\s*GL\d{3})*)")
_HEADER = re.compile(r"^#\s*fixture:\s*(?P<flags>[\w\-, ]+)$", re.MULTILINE)
_FOLDER = re.compile(r"^(GL\d{3})-([a-z0-9\-]+)$")


@dataclass(frozen=True)
class Fixture:
    path: Path
    code: str  # the rule whose folder holds it
    rule_name: str
    expected: frozenset[tuple[int, str]]  # (line, code)
    flags: frozenset[str]
    text: str  # what the linter reads: the file, or a notebook's program

    @property
    def flagged(self) -> bool:
        return self.path.name.startswith("flagged_")

    @property
    def id(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


def expected_marks(text: str) -> frozenset[tuple[int, str]]:
    marks = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _MARK.finditer(line):
            for code in match.group(1).split(","):
                marks.add((number, code.strip()))
    return frozenset(marks)


def header_flags(text: str) -> frozenset[str]:
    flags: set[str] = set()
    for match in _HEADER.finditer(text):
        flags.update(f.strip() for f in match.group("flags").split(",") if f.strip())
    return frozenset(flags)


def rule_folders(rules_dir: Path) -> list[tuple[str, str, Path]]:
    """(code, name, folder) for every ``GLxxx-name`` folder."""
    found = []
    for folder in sorted(p for p in rules_dir.iterdir() if p.is_dir()):
        match = _FOLDER.match(folder.name)
        if match:
            found.append((match.group(1), match.group(2), folder))
    return found


def fixture_text(path: Path) -> str:
    """The text the linter reads for a fixture: a notebook's program, or the file."""
    if notebook.is_notebook(path.name):
        return notebook.load(path.read_bytes()).program
    return path.read_text(encoding="utf-8")


def load_fixtures(rules_dir: Path) -> list[Fixture]:
    fixtures = []
    for code, name, folder in rule_folders(rules_dir):
        paths = sorted([*folder.glob("*.py"), *folder.glob("*" + notebook.SUFFIX)])
        for path in paths:
            text = fixture_text(path)
            fixtures.append(Fixture(path, code, name, expected_marks(text), header_flags(text), text))
    return fixtures


# ---------------------------------------------------------------------- snapshots

SNAPSHOT_SUFFIX = ".txt"


def snapshot_path(fixture: Path) -> Path:
    """Each fixture's snapshot lies beside it: ``flagged_x.py`` -> ``flagged_x.txt``."""
    return fixture.with_suffix(SNAPSHOT_SUFFIX)


def snapshot(fixture: Fixture, findings: list[Finding]) -> str:
    """A fixture's snapshot; a notebook's findings are shown as its reader sees them,
    by cell (their fixes as diffs of its program)."""
    if not notebook.is_notebook(fixture.path.name):
        return render_snapshot(fixture.text, findings)
    book = notebook.load(fixture.path.read_bytes())
    return render_snapshot(fixture.text, findings, book.to_cells(findings))


def render_snapshot(text: str, findings: list[Finding], shown: list[Finding] | None = None) -> str:
    """Every finding in full: range, code, message, and its fix as a diff of the file.
    ``shown``: the findings as reported, when they are located otherwise (by cell)."""
    lines = []
    for finding, seen in zip(findings, shown or findings):
        start, end = seen.start, seen.end
        cell = f"cell {seen.cell}:" if seen.cell is not None else ""
        lines.append(f"{cell}{start.line}:{start.column}-{end.line}:{end.column} {seen.code} {seen.message}")
        if finding.fix is not None:
            fixed, _ = fixer.apply(text, [(finding.fix, (finding.code,))])
            lines.append(f"  fix ({finding.fix.applicability}): {finding.fix.message}")
            diff = difflib.unified_diff(
                text.splitlines(keepends=True), fixed.splitlines(keepends=True), n=0, lineterm="\n"
            )
            lines.extend("  " + line.rstrip("\n") for line in list(diff)[2:])
    return "\n".join(lines) + "\n" if lines else "no findings\n"
