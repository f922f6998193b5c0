"""Suppression comments, read as Ruff reads them: in comments only, on the physical
lines Python's tokenizer sees.

- ``# noqa`` on the reported line suppresses every finding there;
  ``# noqa: GL107`` or ``# noqa: GL107, GL101`` only those codes. The directive may
  follow other comment text (``# why # noqa: GL101``) and be followed by more.
- ``# gradlint: noqa`` in a comment on a line of its own skips the whole file;
  ``# gradlint: noqa: GL101`` disables GL101 for the file.
- ``# noqa`` must be followed by the end of the comment, a space or ``:``; after the
  colon come codes (``GL101``, upper case), separated by commas or spaces. Anything else
  (``# noqanope``, ``# noqa:`` with no code) is not a directive: it suppresses nothing
  and is reported as a warning.

:func:`add_directives` writes ``# noqa: CODE`` comments for ``--add-noqa``; the
directives' places (:class:`Placed`) serve the unused-noqa rule (GL002) and its fix.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from gradlint.diagnostics import PARSE_ERROR, Finding
from gradlint.source import physical_lines

#: a file-level directive that disables everything
ALL: frozenset[str] = frozenset({"*"})

_NOQA = re.compile(r"#\s*(?P<file>gradlint\s*:\s*)?noqa", re.IGNORECASE)
_CODE_LIST = re.compile(r"\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)")
_SPLIT = re.compile(r"[\s,]+")
_EXAMPLE = "(e.g. `# noqa: GL101, GL107`)"


@dataclass(frozen=True)
class Directive:
    codes: frozenset[str] | None  # ALL or the codes named; None: not a valid directive
    problem: str = ""


def parse(comment: str) -> tuple[bool, Directive] | None:
    """The directive in one comment token: (file-level?, directive), or None if the
    comment holds none. ``comment`` starts with ``#``."""
    match = _NOQA.search(comment)
    if match is None:
        return None
    is_file = match.group("file") is not None
    rest = comment[match.end() :]
    if rest.lstrip().startswith(":"):
        codes = _CODE_LIST.match(rest)
        if codes is None:
            return is_file, Directive(None, f"expected a comma-separated list of codes {_EXAMPLE}")
        return is_file, Directive(frozenset(c for c in _SPLIT.split(codes.group("codes")) if c))
    if not rest or rest[0].isspace() or rest[0] == "#":
        return is_file, Directive(ALL)
    return is_file, Directive(None, f"expected `:` followed by a comma-separated list of codes {_EXAMPLE}")


@dataclass(frozen=True)
class Placed:
    """Where a line's ``# noqa: CODES`` directive is: 0-based columns on its line."""

    comment: int  # where the comment starts
    comment_end: int
    start: int  # the ``#`` of the directive (the comment's own, or a later one)
    codes_start: int
    codes_end: int
    codes: tuple[str, ...]  # as written, in order


@dataclass
class Directives:
    """The suppression comments of one file."""

    exempt: frozenset[str] = frozenset()  # codes disabled for the file; ALL for all
    lines: dict[int, frozenset[str]] = field(default_factory=dict)  # line -> ALL or codes
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    placed: dict[int, Placed] = field(default_factory=dict)  # lines whose directive lists codes

    def suppressed(self, line: int, code: str) -> bool:
        """Whether a ``# noqa`` comment on ``line`` covers ``code``."""
        codes = self.lines.get(line)
        return codes is not None and (codes is ALL or code in codes)


_NONE = Directives()


@lru_cache(maxsize=8)
def read(text: str) -> Directives:
    """Every directive in ``text``. Files without the word ``noqa`` are not tokenized."""
    if "noqa" not in text.lower():
        return _NONE
    found = Directives()
    exempt: set[str] = set()
    for token in _comments(text):
        parsed = parse(token.string)
        if parsed is None:
            continue
        is_file, directive = parsed
        line = token.start[0]
        label = "`# gradlint: noqa`" if is_file else "`# noqa`"
        if directive.codes is None:
            found.warnings.append((line, f"invalid {label} directive: {directive.problem}"))
        elif is_file and token.line[: token.start[1]].strip():
            found.warnings.append(
                (
                    line,
                    "`# gradlint: noqa` must be on a line of its own to exempt the file; "
                    "for this line alone write `# noqa`",
                )
            )
        elif is_file:
            exempt |= directive.codes
        else:
            codes = found.lines.get(line, frozenset())
            found.lines[line] = ALL if ALL in (directive.codes, codes) else codes | directive.codes
            if directive.codes is not ALL:
                found.placed[line] = _placed(token)
    found.exempt = ALL if ALL <= exempt else frozenset(exempt)
    return found


def _placed(token: tokenize.TokenInfo) -> Placed:
    comment = token.string
    match = _NOQA.search(comment)
    assert match is not None  # the token was parsed as a directive
    rest = comment[match.end() :]
    codes = _CODE_LIST.match(rest)
    assert codes is not None
    offset = token.start[1] + match.end()
    return Placed(
        token.start[1],
        token.end[1],
        token.start[1] + match.start(),
        offset + codes.start("codes"),
        offset + codes.end("codes"),
        tuple(c for c in _SPLIT.split(codes.group("codes")) if c),
    )


def add_directives(text: str, findings: Iterable[Finding]) -> tuple[str, dict[int, list[str]]]:
    """``text`` with ``# noqa: CODE`` on each line where ``findings`` start (merged into
    a directive already there), and the codes added per line. GL001 cannot be
    suppressed, and a line that ends inside a string or with a backslash cannot hold a
    comment: those are left alone."""
    wanted: dict[int, set[str]] = {}
    for finding in findings:
        if finding.code != PARSE_ERROR:
            wanted.setdefault(finding.start.line, set()).add(finding.code)
    if not wanted:
        return text, {}
    directives = read(text)
    open_lines = _lines_that_end_in_code(text)
    lines = physical_lines(text, keepends=True)
    added: dict[int, list[str]] = {}
    for line, codes in sorted(wanted.items()):
        if line > len(lines) or line not in open_lines:
            continue
        new = sorted(codes)
        body = lines[line - 1].rstrip("\r\n")
        ending = lines[line - 1][len(body) :]
        placed = directives.placed.get(line)
        if placed is not None:
            merged = list(dict.fromkeys([*placed.codes, *new]))
            body = body[: placed.codes_start] + ", ".join(merged) + body[placed.codes_end :]
        else:
            body = body.rstrip() + "  # noqa: " + ", ".join(new)
        lines[line - 1] = body + ending
        added[line] = new
    return "".join(lines), added


def _lines_that_end_in_code(text: str) -> set[int]:
    """The lines whose end a comment can be put at: those the tokenizer ends with a
    NEWLINE or NL token, or that end in a comment already."""
    found = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT):
                found.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _comments(text: str) -> list[tokenize.TokenInfo]:
    """The comment tokens, numbered by the tokenizer's physical lines (``\\n``, ``\\r\\n``
    or ``\\r``: never a form feed or U+2028). A file the tokenizer gives up on keeps
    the comments before that point."""
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                comments.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return comments
