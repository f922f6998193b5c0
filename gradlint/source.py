"""Reading, decoding and parsing one source file.

Decoding follows PEP 263 (a BOM or a coding cookie in the first two lines), the way
CPython reads a module. The decoded text keeps its newlines untouched, so a fix can
be written back byte for byte with :func:`encode`.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str  # as tokenize names it: "utf-8", "utf-8-sig" (BOM), "iso-8859-1", ...


class SourceError(Exception):
    """The file cannot be turned into a syntax tree; carries a 1-based location."""

    def __init__(self, reason: str, line: int = 1, column: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = max(line, 1)
        self.column = max(column, 1)


def decode(data: bytes) -> SourceText:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceError(f"could not decode: {exc.msg if hasattr(exc, 'msg') else exc}") from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line, column = 1, 1
        if isinstance(exc, UnicodeDecodeError):
            line, column = _byte_location(data, exc.start)
        reason = f"could not decode as {encoding}: {getattr(exc, 'reason', exc)}"
        raise SourceError(reason, line, column) from None
    return SourceText(text, encoding)


def encode(source: SourceText, text: str) -> bytes:
    """``text`` in the file's own encoding (a BOM stays a BOM); raises SourceError if
    a character cannot be written in it."""
    try:
        return text.encode(source.encoding)
    except UnicodeEncodeError as exc:
        raise SourceError(f"the fixed code cannot be encoded as {source.encoding}: {exc.reason}") from None


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def physical_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines as Python's tokenizer counts them: broken at ``\\n``, ``\\r\\n`` and
    ``\\r`` only (``str.splitlines`` also breaks at form feeds, U+2028 and others)."""
    lines = _LINE.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def _byte_location(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column


_LIBCST_LOCATION = re.compile(r"error at (\d+):(\d+): (.*)")


def parse(text: str) -> cst.Module:
    """Parse with libcst; raise :class:`SourceError` with the best location we can find.

    libcst's own exception often points at 1:1 (tokenizer errors) or at the furthest
    token its PEG parser reached, so CPython's ``compile`` is asked for the message
    and location whenever it also rejects the text.
    """
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        libcst_error = exc
    except RecursionError:
        raise SourceError("too deeply nested to parse") from None
    raise _locate(text, libcst_error) from None


def _locate(text: str, exc: cst.ParserSyntaxError) -> SourceError:
    cpython = syntax_error(text)
    if cpython is not None:
        return cpython
    message = str(exc.message).strip()
    match = _LIBCST_LOCATION.search(message)
    if match:
        return SourceError(match.group(3).strip(), int(match.group(1)), int(match.group(2)) + 1)
    first = message.splitlines()[0] if message else "syntax error"
    first = re.sub(r"^(tokenizer|parser) error:\s*", "", first)
    return SourceError(first, exc.editor_line, exc.editor_column)


def syntax_error(text: str) -> SourceError | None:
    """CPython's verdict on ``text``: its syntax error, or None if it compiles."""
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        return SourceError("source contains a NUL byte", line, nul - (text.rfind("\n", 0, nul) + 1) + 1)
    try:
        compile(text, "<gradlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # includes IndentationError and TabError
        return SourceError(exc.msg, exc.lineno or 1, exc.offset or 1)
    except (ValueError, RecursionError, MemoryError):
        return None
    return None
