"""Reading, decoding and parsing one source file.

Decoding follows PEP 263 (a BOM or a coding cookie in the first two lines), the way
CPython reads a module. The decoded text keeps its newlines untouched, so a fix can
be written back byte for byte with :func:`encode`.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import stat
import sys
import tokenize
import warnings
from collections.abc import Iterator
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


def read(path: str) -> bytes:
    """The bytes of a regular file. Opened without blocking, so that a FIFO named
    ``x.py`` is refused instead of waiting for a writer forever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not a regular file ({file_kind(info.st_mode)})")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


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


class NotAnalysable(Exception):
    """Python accepts the text but libcst cannot turn it into a tree (or the tree is too
    deep for the analysis): the file may well be fine, so this is no finding."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse(text: str) -> cst.Module:
    """The libcst tree of ``text``. CPython is asked first: what it rejects for its
    nesting limits never reaches libcst (whose parser takes minutes and gigabytes on
    10 KB of nested brackets), and its message and location are the ones reported
    (libcst's often point at 1:1). Raises :class:`SourceError` when both reject the
    text, :class:`NotAnalysable` when only libcst does (Python code, then, that gradlint
    cannot read; libcst alone accepting is newer syntax than the running Python's).
    """
    asked = risky(text)
    verdict = syntax_error(text) if asked else None
    if verdict is not None and fatal(verdict):
        raise verdict
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        verdict = verdict if asked else syntax_error(text)
        if verdict is not None:
            raise verdict from None
        raise NotAnalysable(f"Python accepts it but libcst cannot parse it ({_libcst_reason(exc)})") from None
    except RecursionError:
        verdict = verdict if asked else syntax_error(text)
        if verdict is not None:
            raise verdict from None
        raise NotAnalysable("too deeply nested for libcst to parse") from None


#: what makes a text worth CPython's verdict before libcst sees it: a line of thousands of
#: characters (a chain of operators), indentation a hundred levels deep, brackets nested
#: dozens deep or spanning a huge stretch, runs of backslash continuations
_DEEP_INDENT = re.compile(r"^[ \t]{80}", re.MULTILINE)
_BRACKET = re.compile(r"[()\[\]{}]")


def risky(text: str) -> bool:
    """Whether ``text`` may be what CPython rejects for its nesting limits, or what takes
    libcst minutes: such texts are compiled by CPython first. Every other text goes to
    libcst at once (CPython's compile costs a tenth of libcst's parse), and CPython is
    asked only when libcst refuses it. A superset of the dangerous texts: brackets inside
    strings and comments count too."""
    if len(text) > CHUNK or "\0" in text or text.count("\\\n") > 500:
        return True
    if len(max(text.split("\n"), key=len)) >= 4000 or _DEEP_INDENT.search(text):
        return True
    depth = 0
    start = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "([{":
            depth += 1
            if depth >= 50:
                return True
            if depth == 1:
                start = match.start()
        elif depth > 0:
            depth -= 1
            if depth == 0 and match.start() - start > 4_000:
                return True
    return depth > 0 and len(text) - start > 4_000


def _libcst_reason(exc: cst.ParserSyntaxError) -> str:
    message = str(exc.message).strip()
    match = _LIBCST_LOCATION.search(message)
    if match:
        return f"{match.group(3).strip()} at {match.group(1)}:{int(match.group(2)) + 1}"
    first = message.splitlines()[0] if message else "syntax error"
    first = re.sub(r"^(tokenizer|parser) error:\s*", "", first)
    return f"{first} at {exc.editor_line}:{exc.editor_column}"


# ---------------------------------------------------------------------- CPython's verdict

#: the recursion limit `python file.py` compiles with: its compiler gives up on deeper
#: expressions, and gradlint rejects what Python rejects (the linter itself runs with a
#: far higher limit, for libcst and the analysis)
_PYTHON_RECURSION_LIMIT = 1000
#: CPython's own limits, met before any recursion: rejected at once, never given to libcst
#: (whose parser takes minutes and gigabytes on them)
NESTING_LIMITS = ("too many nested parentheses", "too many levels of indentation", "too complex")
_TOO_DEEP = "too deeply nested: Python cannot compile it (maximum recursion depth exceeded)"
#: Python's parser reports the overflow of its own stack (6,000 nested rules) as a bare
#: MemoryError, as `python file.py` shows; on a text this small no real shortage of
#: memory can be the cause (compiling takes some 250 bytes per byte of source)
_TOO_COMPLEX = "too deeply nested: Python cannot parse it (its parser's stack overflows)"
_SMALL = 1 << 20
#: texts longer than this are checked by pieces of about this size: CPython's compiler
#: needs some 250 bytes of memory per byte of source, 2.5 GB for a 10 MB file
CHUNK = 256 * 1024
_STATEMENT_START = re.compile(r"[\r\n](?=[A-Za-z_])")
_CONTINUATION = re.compile(r"(?:else|elif|except|finally)\b")


def syntax_error(text: str) -> SourceError | None:
    """CPython's verdict on ``text``: its syntax error, or None if it compiles.

    Errors of the compiler's later stages (``return`` outside a function) are not syntax
    errors here, as for ``ast.parse``; the nesting limits are, and so is an expression
    too deep for Python's compiler at its default recursion limit. A long text is
    checked piece by piece (whole top-level statements), which bounds the memory;
    pieces that all compile make a text that compiles, and any failure is decided on
    the whole text.
    """
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        return SourceError("source contains a NUL byte", line, nul - (text.rfind("\n", 0, nul) + 1) + 1)
    with _python_limits():
        if len(text) > CHUNK and all(_compiles(piece) for piece in _pieces(text)):
            return None
        return _verdict(text)


def _pieces(text: str) -> list[str]:
    """``text`` cut before top-level statements, about every CHUNK characters. A cut
    may land inside a string or a bracket; that piece then fails and the whole text is
    compiled instead."""
    pieces, start = [], 0
    while len(text) - start > CHUNK:
        cut = _STATEMENT_START.search(text, start + CHUNK)
        while cut is not None and _CONTINUATION.match(text, cut.end()):
            cut = _STATEMENT_START.search(text, cut.end())
        if cut is None:
            break
        pieces.append(text[start : cut.end()])
        start = cut.end()
    pieces.append(text[start:])
    return pieces


def _compiles(text: str) -> bool:
    """Whether CPython's whole compiler accepts ``text`` (faster, and lighter, than
    building Python's ``ast`` objects)."""
    try:
        compile(text, "<gradlint>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _verdict(text: str) -> SourceError | None:
    try:
        compile(text, "<gradlint>", "exec", dont_inherit=True)
        return None
    except SyntaxError as exc:
        if exc.msg in NESTING_LIMITS:
            return SourceError(exc.msg, exc.lineno or 1, exc.offset or 1)
    except (RecursionError, MemoryError) as exc:
        return _too_deep(text, exc)
    except ValueError:  # e.g. an integer literal too long to convert
        return None
    # a later stage of the compiler may have complained: the parser decides
    try:
        compile(text, "<gradlint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # includes IndentationError and TabError
        return SourceError(exc.msg, exc.lineno or 1, exc.offset or 1)
    except (RecursionError, MemoryError) as exc:
        return _too_deep(text, exc)
    except ValueError:
        return None
    return None


def _too_deep(text: str, exc: RecursionError | MemoryError) -> SourceError:
    if isinstance(exc, RecursionError):
        return SourceError(_TOO_DEEP)
    if len(text) > _SMALL:
        raise exc  # a long text: this may be a real shortage of memory (the file's budget)
    return SourceError(_TOO_COMPLEX)


def fatal(error: SourceError) -> bool:
    """Whether CPython refused the text for its nesting or depth: no parser should try it."""
    return error.reason in NESTING_LIMITS or error.reason in (_TOO_DEEP, _TOO_COMPLEX)


@contextlib.contextmanager
def _python_limits() -> Iterator[None]:
    """Python's default recursion limit, and its warnings (invalid escapes, ``is`` with a
    literal) kept quiet: they are the compiler's, not findings."""
    previous = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(_PYTHON_RECURSION_LIMIT)
    except RecursionError:  # already deeper than that: keep the limit we have
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.setrecursionlimit(previous)


# ---------------------------------------------------------------------- tabs and spaces


@dataclass(frozen=True)
class Reindented:
    """A copy of a text whose indentation is spelled with spaces only, and the width of
    the indentation each changed line had before (original, new), to map columns back."""

    text: str
    widths: dict[int, tuple[int, int]]  # 1-based line -> (original length, new length)

    def column(self, line: int, column: int) -> int | None:
        """The 1-based column in the original text of a 1-based column of the copy;
        None inside an indentation that was rewritten."""
        width = self.widths.get(line)
        if width is None:
            return column
        original, new = width
        if column == 1:
            return 1
        if column <= new:
            return None
        return column - new + original


def reindent(text: str) -> Reindented | None:
    """The text with each line's leading tabs and spaces replaced by the spaces CPython
    counts for them (a tab to the next multiple of 8; a form feed starts again at 0).

    CPython accepts indentation mixing tabs and spaces when it is consistent (the same
    blocks with tabs of 8 and of 1); libcst does not always. The blocks of the copy are
    the blocks CPython saw. Lines that begin inside a string keep their bytes. None if
    nothing would change or the text does not tokenize.
    """
    inside = _lines_inside_strings(text)
    if inside is None:
        return None
    lines = physical_lines(text, keepends=True)
    widths: dict[int, tuple[int, int]] = {}
    for number, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" \t\f"))
        if number in inside or "\t" not in line[:indent] and "\f" not in line[:indent]:
            continue
        column = 0
        for char in line[:indent]:
            column = 0 if char == "\f" else (column // 8 + 1) * 8 if char == "\t" else column + 1
        lines[number - 1] = " " * column + line[indent:]
        widths[number] = (indent, column)
    if not widths:
        return None
    return Reindented("".join(lines), widths)


def _lines_inside_strings(text: str) -> set[int] | None:
    """The lines that begin inside a multi-line token (a triple-quoted string)."""
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            if token.end[0] > token.start[0] and token.type != tokenize.NL:
                inside.update(range(token.start[0] + 1, token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return None
    return inside
