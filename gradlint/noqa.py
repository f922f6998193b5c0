"""Suppression comments, read from the text (no parse needed).

- ``# noqa`` on the reported line suppresses every finding there;
  ``# noqa: GL107`` or ``# noqa: GL107, GL101`` only those codes.
- ``# gradlint: noqa`` on a line of its own skips the whole file;
  ``# gradlint: noqa: GL101`` disables GL101 for the file.
"""

from __future__ import annotations

import re

_CODES = r"[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*"
_LINE = re.compile(r"#\s*noqa(?::\s*(?P<codes>" + _CODES + "))?", re.IGNORECASE)
_FILE = re.compile(
    r"^\s*#\s*gradlint\s*:\s*noqa(?::\s*(?P<codes>" + _CODES + r"))?\s*$", re.IGNORECASE | re.MULTILINE
)
_SPLIT = re.compile(r"[\s,]+")

#: a file-level directive that disables everything
ALL: frozenset[str] = frozenset({"*"})


def _codes(text: str | None) -> frozenset[str]:
    return frozenset(c.upper() for c in _SPLIT.split(text.strip()) if c) if text else ALL


def file_exemptions(text: str) -> frozenset[str]:
    """Codes disabled for the whole file; :data:`ALL` for a blanket directive."""
    if "gradlint" not in text:
        return frozenset()
    found: frozenset[str] = frozenset()
    for match in _FILE.finditer(text):
        codes = _codes(match.group("codes"))
        if codes is ALL:
            return ALL
        found |= codes
    return found


def suppressed(line_text: str, code: str) -> bool:
    """Whether a ``# noqa`` comment on this line covers ``code``."""
    if "#" not in line_text:
        return False
    for match in _LINE.finditer(line_text):
        codes = _codes(match.group("codes"))
        if codes is ALL or code in codes:
            return True
    return False
