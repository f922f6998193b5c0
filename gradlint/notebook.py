"""Jupyter notebooks: the code cells as one program, and back.

The code cells are joined in order into one program, so that a tensor made in one cell
and updated in a later one is one tensor. Each cell is preceded by a comment line of
its own (``# gradlint: cell N``), which keeps cells apart when fixes change the number
of lines. IPython syntax is neutralised line for line, so that every line keeps its
number: a line magic (``%time ...``), a shell escape (``!pip ...``, ``files = !ls``)
and a help request (``obj?``) become ``pass`` at the same indentation, their
continuation lines (after a trailing backslash) become comments, and a cell magic
(``%%bash``) turns its whole cell into comments unless its body is Python (``%%time``,
``%%capture``, ...), when only its first line is.

Findings on the program are mapped back to ``(cell, line)``; cells are numbered from 1
over all the notebook's cells, markdown included, as Ruff and the editors number them.
Fixes are written back into the notebook's JSON by replacing only the ``source`` value
of each edited cell: outputs, metadata, other cells and the file's formatting (indent,
key order, escapes, trailing newline) stay byte for byte.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from json.decoder import scanstring as _scanstring  # type: ignore[attr-defined]

from gradlint.diagnostics import Edit, Finding, Fix, Location
from gradlint.source import SourceError, SourceText, physical_lines

SUFFIX = ".ipynb"
_MAGIC_PLACEHOLDER = "pass"
_CONTINUATION_PLACEHOLDER = "# gradlint: magic"
#: cell magics whose body is Python run as usual
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3"})
_MAGIC_ASSIGNMENT = re.compile(r"^\s*[\w.\[\], ()*]+=\s*[%!]")
_SEPARATOR = re.compile(r"^# gradlint: cell (\d+)$")
_LINE_REFERENCE = re.compile(r"\bline (\d+)\b")


def is_notebook(path: str) -> bool:
    return path.lower().endswith(SUFFIX)


@dataclass(frozen=True)
class Cell:
    index: int  # in the notebook's ``cells`` list, from 0
    text: str  # the source as written
    neutral: str  # the source with IPython syntax neutralised, line for line
    magic_lines: frozenset[int]  # 0-based lines of ``text`` that were neutralised
    start: int  # the program line of the cell's first line

    @property
    def number(self) -> int:
        return self.index + 1


class Notebook:
    """A notebook read from its JSON text: its code cells, and the program they make."""

    def __init__(self, raw: str, cells: list[Cell], python: bool) -> None:
        self.raw = raw
        self.cells = cells
        self.python = python  # False for notebooks of another language: nothing to lint
        self.program = _join(cells)
        self._by_number = {cell.number: cell for cell in cells}

    @property
    def source(self) -> SourceText:
        """The program, as the linter takes a decoded file."""
        return SourceText(self.program, "utf-8")

    def cell(self, number: int) -> Cell:
        return self._by_number[number]

    def locate(self, line: int) -> tuple[int, int]:
        """The (cell number, line in the cell) of a program line; a separator line, or a
        line past the end, belongs to the cell before it."""
        found = self.cells[0] if self.cells else None
        for cell in self.cells:
            if cell.start > line:
                break
            found = cell
        if found is None:
            return 1, line
        return found.number, max(line - found.start + 1, 1)

    def where(self, line: int) -> str:
        number, row = self.locate(line)
        return f"cell {number}:{row}"

    def _local(self, location: Location, cell: int) -> Location | None:
        number, row = self.locate(location.line)
        return Location(row, location.column) if number == cell else None

    def to_cells(self, findings: Sequence[Finding]) -> list[Finding]:
        """Findings on the program, located by cell; a fix whose edits leave the finding's
        cell is dropped (each cell is compiled on its own)."""
        mapped = []
        for finding in findings:
            cell, row = self.locate(finding.start.line)
            start = Location(row, finding.start.column)
            end = self._local(finding.end, cell) or start
            mapped.append(
                replace(
                    finding,
                    message=self._relabel(finding.message, cell),
                    start=start,
                    end=end,
                    fix=self._fix_in(finding.fix, cell),
                    cell=cell,
                )
            )
        return mapped

    def _relabel(self, message: str, cell: int) -> str:
        """A message's ``line N`` (a program line) as the notebook's reader counts: the
        line in the finding's cell, or ``line N of cell C`` in another (code in
        backticks is left alone)."""

        def label(match: re.Match) -> str:
            number, row = self.locate(int(match.group(1)))
            return f"line {row}" if number == cell else f"line {row} of cell {number}"

        parts = message.split("`")
        for index in range(0, len(parts), 2):  # the parts outside backticks
            parts[index] = _LINE_REFERENCE.sub(label, parts[index])
        return "`".join(parts)

    def _fix_in(self, fix: Fix | None, cell: int) -> Fix | None:
        if fix is None:
            return None
        edits = []
        for edit in fix.edits:
            start, end = self._local(edit.start, cell), self._local(edit.end, cell)
            if start is None or end is None:
                return None
            edits.append(Edit(start, end, edit.content))
        return Fix(fix.applicability, fix.message, tuple(edits))

    def cell_texts(self, program: str) -> dict[int, str]:
        """The source of each code cell (by number) once ``program`` (this notebook's
        program, fixed) is split back into cells and its IPython lines restored. Raises
        :class:`SourceError` when an edit reached a neutralised line or a cell boundary."""
        pieces = _split(program)
        if [number for number, _ in pieces] != [cell.number for cell in self.cells]:
            raise SourceError("a fix would change the notebook's cell boundaries")
        texts = {}
        for (number, text), cell in zip(pieces, self.cells):
            if not cell.text.endswith(("\n", "\r")) and text.endswith("\n"):
                text = text[:-1]  # the newline the program added after the cell
            texts[number] = cell.text if text == cell.neutral else _restore(cell, text)
        return texts

    def updated(self, program: str) -> bytes:
        """The notebook's JSON with each code cell's source taken from ``program``; only
        the ``source`` values of the cells that changed are rewritten."""
        texts = self.cell_texts(program)
        changed = {n: t for n, t in texts.items() if t != self.cell(n).text}
        if not changed:
            return self.raw.encode("utf-8")
        spans = _source_spans(self.raw)
        ascii_only = self.raw.isascii()
        out, position = [], 0
        for number in sorted(changed):
            start, end = spans[number - 1]  # cells are numbered from 1
            out.append(self.raw[position:start])
            out.append(_encode_source(self.raw[start:end], changed[number], ascii_only))
            position = end
        out.append(self.raw[position:])
        return "".join(out).encode("utf-8")

    def diff(self, label: str, program: str) -> str:
        """A unified diff per changed cell, headed ``label:cell N`` as Ruff does."""
        out: list[str] = []
        for number, text in self.cell_texts(program).items():
            before = self.cell(number).text
            if text != before:
                out.extend(
                    difflib.unified_diff(
                        _diff_lines(before),
                        _diff_lines(text),
                        fromfile=f"a/{label}:cell {number}",
                        tofile=f"b/{label}:cell {number}",
                    )
                )
        return "".join(out)


def _diff_lines(text: str) -> list[str]:
    """A cell's lines for a diff; cells rarely end in a newline, and a diff shows none."""
    return physical_lines(text if text.endswith(("\n", "\r")) or not text else text + "\n", keepends=True)


def from_cells(cells: Sequence[tuple[int, str]]) -> Notebook:
    """A notebook made of code cells given as (index among all cells, source), as an
    editor holds them; it has no JSON to write back."""
    return Notebook("", _cells(cells), True)


def _cells(sources: Sequence[tuple[int, str]]) -> list[Cell]:
    cells: list[Cell] = []
    line = 1
    for index, text in sources:
        neutral, magic_lines = neutralise(text)
        cells.append(Cell(index, text, neutral, magic_lines, line + 1))
        line += 1 + len(physical_lines(neutral)) + (neutral == "")
    return cells


def load(data: bytes) -> Notebook:
    """Read a notebook; a file that is not a version-4 notebook raises :class:`SourceError`
    (a one-line GL001) with the JSON's own location when it does not parse."""
    try:
        raw = data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not a valid notebook: not UTF-8 ({exc.reason})") from None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not a valid notebook: invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise SourceError("not a valid notebook: JSON too deeply nested") from None
    if not isinstance(document, dict):
        raise SourceError("not a valid notebook: the JSON is not an object")
    if "worksheets" in document or document.get("nbformat", 4) != 4:
        raise SourceError(
            f"not a valid notebook: nbformat {document.get('nbformat')} is not supported; "
            "convert it with `jupyter nbconvert --to notebook --nbformat 4`"
        )
    cells_data = document.get("cells")
    if not isinstance(cells_data, list):
        raise SourceError("not a valid notebook: no `cells` list")
    sources: list[tuple[int, str]] = []
    for index, cell in enumerate(cells_data):
        if not isinstance(cell, dict):
            raise SourceError(f"not a valid notebook: cell {index + 1} is not an object")
        if cell.get("cell_type") == "code":
            sources.append((index, _cell_source(cell, index)))
    return Notebook(raw, _cells(sources), _is_python(document))


def _cell_source(cell: dict, index: int) -> str:
    value = cell.get("source", "")
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    if isinstance(value, str):
        return value
    raise SourceError(f"not a valid notebook: the source of cell {index + 1} is not text")


def _is_python(document: dict) -> bool:
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return True
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        entry = metadata.get(key)
        if isinstance(entry, dict) and isinstance(entry.get(field), str):
            return entry[field].lower() == "python"
    return True


def _join(cells: Sequence[Cell]) -> str:
    parts = []
    for cell in cells:
        parts.append(f"# gradlint: cell {cell.number}\n")
        text = cell.neutral
        parts.append(text if text.endswith(("\n", "\r")) else text + "\n")
    return "".join(parts)


def _split(program: str) -> list[tuple[int, str]]:
    pieces: list[tuple[int, list[str]]] = []
    for line in physical_lines(program, keepends=True):
        match = _SEPARATOR.match(line.rstrip("\r\n"))
        if match:
            pieces.append((int(match.group(1)), []))
        elif pieces:
            pieces[-1][1].append(line)
    return [(number, "".join(lines)) for number, lines in pieces]


def _restore(cell: Cell, fixed: str) -> str:
    """The fixed cell with its IPython lines put back; an edit that reached one raises."""
    original = physical_lines(cell.text, keepends=True)
    neutral = physical_lines(cell.neutral, keepends=True)
    new = physical_lines(fixed, keepends=True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, neutral, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(original[i1:i2])
        elif any(i in cell.magic_lines for i in range(i1, i2)):
            raise SourceError(f"a fix would change an IPython line of cell {cell.number}")
        else:
            out.extend(new[j1:j2])
    return "".join(out)


# ---------------------------------------------------------------------- IPython syntax


def neutralise(text: str) -> tuple[str, frozenset[int]]:
    """``text`` with IPython syntax replaced line for line by Python that means nothing,
    and the (0-based) lines replaced."""
    lines = physical_lines(text, keepends=True)
    if not lines:
        return text, frozenset()
    replaced: dict[int, str] = {}
    first = lines[0].strip()
    if first.startswith("%%"):
        name = first[2:].split(None, 1)[0] if first[2:].strip() else ""
        magic = range(1) if name in _PYTHON_CELL_MAGICS else range(len(lines))
        replaced = {i: _CONTINUATION_PLACEHOLDER for i in magic}
    scanner = _Scanner()
    continued = False  # the previous line was a magic ending in a backslash
    for number, line in enumerate(lines):
        if number in replaced:
            continue
        body = line.rstrip("\r\n")
        if continued:
            replaced[number] = _CONTINUATION_PLACEHOLDER
            continued = body.endswith("\\")
            continue
        if scanner.at_statement_start() and _is_ipython(body):
            indent = body[: len(body) - len(body.lstrip())]
            replaced[number] = indent + _MAGIC_PLACEHOLDER
            continued = body.endswith("\\")
            continue
        scanner.feed(body)
    if not replaced:
        return text, frozenset()
    out = []
    for number, line in enumerate(lines):
        if number in replaced:
            ending = line[len(line.rstrip("\r\n")) :]
            out.append(replaced[number] + ending)
        else:
            out.append(line)
    return "".join(out), frozenset(replaced)


def _is_ipython(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    if stripped[0] in "%!?":
        return True
    if stripped.endswith("?") and "#" not in stripped and not stripped.endswith(("'?", '"?')):
        return True  # `obj?`, `obj??`
    return bool(_MAGIC_ASSIGNMENT.match(line))


class _Scanner:
    """Just enough of Python's tokenizer to know whether a line starts a statement: open
    brackets, triple-quoted strings and backslash continuations carry over lines."""

    def __init__(self) -> None:
        self.depth = 0
        self.string: str | None = None  # the open triple quote
        self.continued = False

    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.string is None and not self.continued

    def feed(self, line: str) -> None:
        index, length = 0, len(line)
        self.continued = False
        while index < length:
            char = line[index]
            if self.string is not None:
                if char == "\\":
                    index += 2
                    continue
                if line.startswith(self.string, index):
                    index += 3
                    self.string = None
                    continue
                index += 1
                continue
            if char == "#":
                return
            if char in "\"'":
                triple = line[index : index + 3]
                if triple in ('"""', "'''"):
                    self.string = triple
                    index += 3
                    continue
                index = _skip_string(line, index)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(self.depth - 1, 0)
            elif char == "\\" and index == length - 1:
                self.continued = True
            index += 1


def _skip_string(line: str, start: int) -> int:
    quote = line[start]
    index = start + 1
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            return index + 1
        index += 1
    return index


# ---------------------------------------------------------------------- JSON write-back


def _source_spans(raw: str) -> dict[int, tuple[int, int]]:
    """Where, in the JSON text, each cell's ``source`` value is: cell index -> (start, end)."""
    spans: dict[int, tuple[int, int]] = {}
    _Spans(raw, spans).document()
    return spans


class _Spans:
    """A JSON walk that records the text span of ``cells[i].source``; values are decoded by
    the json module's own scanners."""

    _WS = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str, spans: dict[int, tuple[int, int]]) -> None:
        self.text = text
        self.spans = spans
        self.decoder = json.JSONDecoder()

    def _ws(self, index: int) -> int:
        match = self._WS.match(self.text, index)
        return match.end() if match else index

    def document(self) -> None:
        index = self._ws(0)
        if self.text[index] == "\ufeff":
            index = self._ws(index + 1)
        self._value(index, ())

    def _value(self, index: int, path: tuple) -> int:
        char = self.text[index]
        if char == "{":
            end = self._object(index, path)
        elif char == "[":
            end = self._array(index, path)
        else:
            _, end = self.decoder.raw_decode(self.text, index)
        if len(path) == 3 and path[0] == "cells" and path[2] == "source":
            self.spans[path[1]] = (index, end)
        return end

    def _object(self, index: int, path: tuple) -> int:
        index = self._ws(index + 1)
        if self.text[index] == "}":
            return index + 1
        while True:
            key, index = _scanstring(self.text, index + 1)
            index = self._ws(index)
            index = self._value(self._ws(index + 1), (*path, key) if len(path) < 3 else path + ("",))
            index = self._ws(index)
            if self.text[index] == "}":
                return index + 1
            index = self._ws(index + 1)

    def _array(self, index: int, path: tuple) -> int:
        index = self._ws(index + 1)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            child = (*path, position) if path == ("cells",) else path + ("",)
            index = self._ws(self._value(index, child))
            if self.text[index] == "]":
                return index + 1
            index = self._ws(index + 1)
            position += 1


def _encode_source(old: str, text: str, ascii_only: bool) -> str:
    """``text`` as a cell's ``source`` value, in the shape and layout of ``old``: one string,
    or (as nbformat writes it) a list of lines laid out like the old list."""

    def dump(value: str) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)

    if old.startswith('"'):
        return dump(text)
    inner = old[1:-1]
    match = re.match(r"\s*", inner)
    lead = match.group(0) if match else ""
    tail = inner[len(inner.rstrip()) :]
    if not inner.strip():
        lead, tail = "", ""
    lines = physical_lines(text, keepends=True)
    return "[" + lead + ("," + lead if lead else ", ").join(dump(line) for line in lines) + tail + "]"
