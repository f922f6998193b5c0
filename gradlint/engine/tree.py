"""The syntactic children of libcst nodes, without tokens and whitespace: what the
analyzer's walk and the engine's scans iterate over."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

# fields that hold only tokens and whitespace: never worth a visit
_FORMATTING_FIELDS = frozenset(
    """lpar rpar lbracket rbracket lbrace rbrace comma semicolon colon equal dot leading_lines
    lines_after_decorators header footer trailing_whitespace indent newline asynchronous operator
    default_indent default_newline has_trailing_newline encoding star posonly_ind whitespace
    first_line first_colon second_colon relative separator""".split()
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(node_type: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(node_type)
    if fields is None:
        fields = tuple(
            f.name
            for f in dataclasses.fields(node_type)
            if f.name not in _FORMATTING_FIELDS and not f.name.startswith("whitespace")
        )
        _CHILD_FIELDS[node_type] = fields
    return fields


_IS_NODE: dict[type, bool] = {}


def is_node(value: object) -> bool:
    """``isinstance(value, cst.CSTNode)``, by a cached type test: CSTNode is an ABC, and
    the ABC check on every field of every node costs as much as the rest of the walk."""
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = isinstance(value, cst.CSTNode)
    return known


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The syntactic children of ``node`` in field order, without tokens."""
    found: list[cst.CSTNode] = []
    for name in child_fields(type(node)):
        value = getattr(node, name)
        if is_node(value):
            found.append(value)
        elif type(value) in (list, tuple):
            found.extend(item for item in value if is_node(item))
    return found


def descendants(node: cst.CSTNode, skip: tuple = ()) -> Iterator[cst.CSTNode]:
    """``node`` and every node below it (not below nodes of the ``skip`` types, which
    are yielded themselves), in no particular order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is node or not (skip and isinstance(current, skip)):
            stack.extend(children(current))
