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
    rebound, augmented = assigned_and_augmented(body)
    return rebound | augmented


def assigned_and_augmented(body: object) -> tuple[set[str], set[str]]:
    """The paths ``body`` rebinds (or whose facts it changes), and apart from them the
    paths it only writes into (``w -= g``, ``x[i] += 1``, ``x[i] = v``): for a tensor
    those are in-place writes that keep it the same tensor."""
    found: set[str] = set()
    augmented: set[str] = set()
    for node in walk_statements(body):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                # `x[i] = v` writes into x; it does not rebind it
                into = augmented if isinstance(target.target, cst.Subscript) else found
                into.update(target_paths(target.target))
        elif isinstance(node, cst.AugAssign):
            augmented.update(target_paths(node.target))
        elif isinstance(node, (cst.AnnAssign, cst.For)):
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
    return found, augmented - found


# in-place methods that change what is known of their receiver: whether it requires
# grad. Other in-place writes keep a leaf a leaf; a tensor without grad written with
# values that require grad is handled where the write happens.
_FACT_METHODS = ("requires_grad_", "detach_")


def _mutated_by_call(expr: cst.BaseExpression) -> tuple[str, ...]:
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        if expr.func.attr.value in _FACT_METHODS:
            path = dotted(expr.func.value)
            if path is not None:
                return (path,)
    return ()
