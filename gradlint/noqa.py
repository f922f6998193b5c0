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
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from functools import lru_cache

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


@dataclass
class Directives:
    """The suppression comments of one file."""

    exempt: frozenset[str] = frozenset()  # codes disabled for the file; ALL for all
    lines: dict[int, frozenset[str]] = field(default_factory=dict)  # line -> ALL or codes
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

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
    found.exempt = ALL if ALL <= exempt else frozenset(exempt)
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
