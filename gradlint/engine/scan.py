"""Cheap statement-level scans that the analyzer needs ahead of its walk.

They look at statements only (never into expressions, nested functions or classes),
so they cost little next to the walk itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from gradlint.engine.names import dotted

# attributes whose assignment changes what is known of the tensor that owns them
_FACT_ATTRIBUTES = ("requires_grad", "data")


def statements(body: object) -> Sequence[cst.CSTNode]:
    """The statements of a block (an indented block, a one-line suite or a list)."""
    if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)):
        return body.body
    if isinstance(body, (list, tuple)):
        return body
    return ()


def walk_statements(body: object) -> Iterator[cst.CSTNode]:
    """Every small and compound statement in ``body``, nested blocks included,
    nested function and class bodies excluded (their definitions are yielded)."""
    stack = list(reversed(statements(body)))
    while stack:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            yield from node.body
            continue
        yield node
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            continue
        for block in _blocks(node):
            stack.extend(reversed(statements(block)))


def _blocks(node: cst.CSTNode) -> Iterator[object]:
    body = getattr(node, "body", None)
    if body is not None:
        yield body
    if isinstance(node, (cst.If,)):
        if node.orelse is not None:
            yield [node.orelse] if isinstance(node.orelse, cst.If) else node.orelse.body
    elif isinstance(node, (cst.For, cst.While)):
        if node.orelse is not None:
            yield node.orelse.body
    elif isinstance(node, (cst.Try, cst.TryStar)):
        for handler in node.handlers:
            yield handler.body
        if node.orelse is not None:
            yield node.orelse.body
        if node.finalbody is not None:
            yield node.finalbody.body
    elif isinstance(node, cst.Match):
        for case in node.cases:
            yield case.body


def target_paths(target: cst.BaseExpression) -> list[str]:
    """The names and dotted paths an assignment target binds or mutates."""
    if isinstance(target, (cst.Tuple, cst.List)):
        found: list[str] = []
        for element in target.elements:
            found.extend(target_paths(element.value))
        return found
    if isinstance(target, cst.StarredElement):
        return target_paths(target.value)
    if isinstance(target, cst.Subscript):
        return target_paths(target.value)
    path = dotted(target)
    if path is None:
        return []
    owner, _, attribute = path.rpartition(".")
    if owner and attribute in _FACT_ATTRIBUTES:
        return [path, owner]
    return [path]


def assigned_paths(body: object) -> set[str]:
    """Names and paths that any statement in ``body`` may rebind or mutate in place."""
    found: set[str] = set()
    for node in walk_statements(body):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                found.update(target_paths(target.target))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign)):
            found.update(target_paths(node.target))
        elif isinstance(node, (cst.For,)):
            found.update(target_paths(node.target))
        elif isinstance(node, cst.With):
            for item in node.items:
                if item.asname is not None:
                    found.update(target_paths(item.asname.name))
        elif isinstance(node, (cst.Try, cst.TryStar)):
            for handler in node.handlers:
                if handler.name is not None:
                    found.update(target_paths(handler.name.name))
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.add(node.name.value)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            if isinstance(node.names, cst.ImportStar):
                continue
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                name = dotted(bound)
                if name:
                    found.add(name.split(".")[0])
        elif isinstance(node, cst.Del):
            found.update(target_paths(node.target))
        elif isinstance(node, cst.Expr):
            found.update(_mutated_by_call(node.value))
    return found


def _mutated_by_call(expr: cst.BaseExpression) -> tuple[str, ...]:
    """``p.requires_grad_()``, ``w.add_(x)``: a method ending in ``_`` may change the
    receiver's facts."""
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        method = expr.func.attr.value
        if method.endswith("_") and not method.endswith("__"):
            path = dotted(expr.func.value)
            if path is not None:
                return (path,)
    return ()
