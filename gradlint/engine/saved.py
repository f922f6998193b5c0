"""Which tensors an op saves for backward, from the table learned from torch.

``gradlint/data/saved_tensors.json`` is written by ``scripts/probe_saved_tensors.py``,
which asks torch by execution. Each op has forms (``a * b``, ``torch.mul(a, b)``,
``a.mul(b)``) whose letters name operands (``a``/``b``/``c`` float tensors, ``i`` an
index, ``m`` a mask, ``_`` anything that is not a tensor), and, for each set of float
operands that require grad, what it saves (operand letters and ``result``).

When the analyzer evaluates an op while autograd records, it asks this module for a
:class:`SaveRecord`: the op, and the identities of the tensors it saved. Rules find the
records that saved a tensor with :meth:`Analyzer.records_saving`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from itertools import product
from pathlib import Path

import libcst as cst

from gradlint.engine.values import Seq, Value, ident_of, is_plain, requires_grad_of, tensor_like

_DATA = Path(__file__).resolve().parent.parent / "data" / "saved_tensors.json"
_LETTERS = set("abcim")
_FLOAT_LETTERS = set("abc")
_OPERATOR = re.compile(r"^(?P<left>[abcim_])\s*(?P<op>\*\*|//|[-+*/@%])\s*(?P<right>[abcim_])$")
_UNARY = re.compile(r"^-(?P<operand>[a-c])$")
_SUBSCRIPT = re.compile(r"^a\[(?P<index>[_im])\]$")
_METHOD = re.compile(r"^(?P<receiver>[a-c])\.(?P<name>\w+)\((?P<args>.*)\)$")
_FUNCTION = re.compile(r"^(?P<name>[\w.]+)\((?P<args>.*)\)$")


@dataclass(frozen=True)
class Form:
    key: str  # the op's entry in the table
    operands: tuple  # per positional argument: a letter, "_", or a tuple of letters (a list)
    keywords: frozenset  # keyword arguments the form names (`clamp(a, min=_)`)


@dataclass(frozen=True)
class SaveRecord:
    """An op that saved tensors for backward."""

    key: tuple  # (id of the op's node, step): stable however often it is evaluated
    node: cst.CSTNode
    op: str  # the table entry
    saved: frozenset  # idents of the saved tensors (operands, and the result if saved)


class Table:
    def __init__(self, raw: dict) -> None:
        self.torch_version = raw["torch_version"]
        self.saves: dict[str, dict[str, tuple]] = {}
        self.operators: dict[tuple, list[Form]] = {}
        self.functions: dict[str, list[Form]] = {}
        self.methods: dict[str, list[Form]] = {}
        self.subscripts: dict[str, str] = {}
        for key, entry in raw["ops"].items():
            self.saves[key] = {pattern: tuple(saved) for pattern, saved in entry["saves"].items()}
            for form in entry["forms"]:
                self._index(key, form)

    def _index(self, key: str, form: str) -> None:
        match = _OPERATOR.match(form)
        if match:
            self.operators.setdefault((match["op"], _kind(match["left"]), _kind(match["right"])), []).append(
                Form(key, (match["left"], match["right"]), frozenset())
            )
            return
        match = _UNARY.match(form)
        if match:
            self.operators.setdefault(("neg", "t"), []).append(Form(key, (match["operand"],), frozenset()))
            return
        match = _SUBSCRIPT.match(form)
        if match:
            self.subscripts[match["index"]] = key
            return
        match = _METHOD.match(form)
        if match:
            operands, keywords = _arguments(match["args"])
            self.methods.setdefault(match["name"], []).append(
                Form(key, (match["receiver"], *operands), keywords)
            )
            return
        match = _FUNCTION.match(form)
        if match:
            name = match["name"]
            name = "torch.nn.functional." + name[2:] if name.startswith("F.") else name
            operands, keywords = _arguments(match["args"])
            self.functions.setdefault(name, []).append(Form(key, operands, keywords))
        # attribute forms (`a.T`) make views that save nothing: nothing to index

    def saved_letters(self, key: str, requires: dict[str, bool | None]) -> frozenset:
        """What the op saves, whatever the unknown operands turn out to be: the saved
        sets of every compatible pattern, intersected (precision first)."""
        patterns = self.saves[key]
        letters = sorted({letter for pattern in patterns for letter in pattern.split(",") if letter})
        unknown = [letter for letter in letters if requires.get(letter) is None and letter in requires]
        known = {letter for letter in letters if requires.get(letter)}
        result = None
        for choice in product((False, True), repeat=len(unknown)):
            chosen = known | {letter for letter, on in zip(unknown, choice) if on}
            saved = patterns.get(",".join(letter for letter in letters if letter in chosen))
            if saved is None:
                continue  # no float operand requires grad: nothing is recorded
            result = set(saved) if result is None else result & set(saved)
        return frozenset(result or ())


def _kind(letter: str) -> str:
    return "_" if letter == "_" else "t"


def _arguments(text: str) -> tuple[tuple, frozenset]:
    operands: list = []
    keywords = set()
    text = text.strip()
    if not text:
        return (), frozenset()
    for part in _split(text):
        part = part.strip()
        if "=" in part:
            keywords.add(part.split("=", 1)[0].strip())
        elif part.startswith("["):
            operands.append(tuple(p.strip() for p in part.strip("[]").split(",")))
        else:
            operands.append(part)
    return tuple(operands), frozenset(keywords)


def _split(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += char in "[("
        depth -= char in "])"
        current += char
    parts.append(current)
    return parts


@cache
def table() -> Table:
    return Table(json.loads(_DATA.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------- matching


def _fits(expected: object, value: Value) -> bool | None:
    """Whether an argument's value fits a form's operand: True, False or None (unknown)."""
    if isinstance(expected, tuple):
        return isinstance(value, Seq) or None
    if expected == "_":
        return True if is_plain(value) else (False if tensor_like(value) or isinstance(value, Seq) else None)
    return True if tensor_like(value) else (False if is_plain(value) else None)


def _candidates(forms: list[Form], values: list[Value], keywords: set) -> list[tuple[Form, list]]:
    found = []
    for form in forms:
        missing = form.operands[len(values) :]
        if len(values) > len(form.operands) or not form.keywords <= keywords:
            continue
        # non-tensor arguments may come as keywords: `a.softmax(dim=-1)` is `a.softmax(_)`
        if any(m != "_" for m in missing) or len(missing) > len(keywords - form.keywords):
            continue
        fits = [_fits(expected, value) for expected, value in zip(form.operands, values)]
        if all(fit is not False for fit in fits):
            found.append((form, fits))
    # a form that fits for certain beats one that only might
    certain = [item for item in found if all(fit is True for fit in item[1])]
    return certain or found


def operands_of(form: Form, values: list[Value]) -> dict[str, Value]:
    mapping: dict[str, Value] = {}
    for expected, value in zip(form.operands, values):
        if isinstance(expected, tuple):
            items = value.items if isinstance(value, Seq) else ()
            for letter, item in zip(expected, items):
                mapping[letter] = item
        elif expected != "_":
            mapping[expected] = value
    return mapping


@dataclass(frozen=True)
class Match:
    """The table entries an op site may be, with its operands by letter for each."""

    options: tuple  # of (key, {letter: value})

    @classmethod
    def of(cls, forms: list[Form], values: list[Value], keywords: set) -> Match | None:
        options = tuple(
            (form.key, operands_of(form, values)) for form, _ in _candidates(forms, values, keywords)
        )
        return cls(options) if options else None


def function_match(name: str, values: list[Value], keywords: set) -> Match | None:
    forms = table().functions.get(name)
    return Match.of(forms, values, keywords) if forms else None


def method_match(name: str, receiver: Value, values: list[Value], keywords: set) -> Match | None:
    forms = table().methods.get(name)
    return Match.of(forms, [receiver, *values], keywords) if forms else None


def operator_match(symbol: str, left: Value, right: Value) -> Match | None:
    kinds = ["_" if is_plain(v) else ("t" if tensor_like(v) else "?") for v in (left, right)]
    options = []
    for left_kind in ("t", "_") if kinds[0] == "?" else (kinds[0],):
        for right_kind in ("t", "_") if kinds[1] == "?" else (kinds[1],):
            for form in table().operators.get((symbol, left_kind, right_kind), ()):
                options.append((form.key, operands_of(form, [left, right])))
    return Match(tuple(options)) if options else None


def negation_match(operand: Value) -> Match | None:
    forms = table().operators.get(("neg", "t"), [])
    return Match(tuple((f.key, operands_of(f, [operand])) for f in forms)) if forms else None


def subscript_match(base: Value, index_kind: str) -> Match | None:
    key = table().subscripts.get(index_kind)
    return Match(((key, {"a": base}),)) if key else None


def saved_identities(match: Match, result_ident: object, options: tuple | None = None) -> frozenset:
    """The identities of the tensors saved in every option of ``match`` (``options``
    replaces its operands: a caller's values for a callee's op)."""
    saved_sets = []
    for key, operands in options if options is not None else match.options:
        requires = {}
        for letter, value in operands.items():
            if letter in _FLOAT_LETTERS:
                requires[letter] = requires_grad_of(value) if tensor_like(value) else None
        idents = set()
        for letter in table().saved_letters(key, requires):
            if letter == "result":
                idents.add(result_ident)
            else:
                operand = operands.get(letter)
                ident = ident_of(operand) if operand is not None else None
                if ident is not None:
                    idents.add(ident)
        saved_sets.append(idents)
    return frozenset(set.intersection(*saved_sets)) if saved_sets else frozenset()
