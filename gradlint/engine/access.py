"""Syntactic questions about names and dotted paths in a piece of code: whether an
expression reads a path, which names are computed from it, and whether a block's first
access to a path reads it (so its value flows in from before the block)."""

from __future__ import annotations

import libcst as cst

from gradlint.engine.names import dotted
from gradlint.engine.scan import target_paths
from gradlint.engine.tree import children, descendants

#: container methods that add to or empty a container
_GROWING = frozenset("append extend insert add update clear pop remove".split())


def reads(node: cst.CSTNode | None, names: set[str]) -> bool:
    """Whether ``node`` mentions one of ``names`` (names or dotted paths). An attribute's
    own name is no mention: ``F.softmax(x)`` does not read a variable ``softmax``."""
    if node is None:
        return False
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.Name, cst.Attribute)) and dotted(current) in names:
            return True
        if isinstance(current, cst.Attribute):
            stack.append(current.value)
        else:
            stack.extend(children(current))
    return False


def _assignments(body: cst.CSTNode) -> list[tuple[list[str], cst.BaseExpression]]:
    found = []
    for node in descendants(body):
        if isinstance(node, cst.Assign):
            paths = [p for t in node.targets for p in target_paths(t.target)]
            found.append((paths, node.value))
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            found.append((target_paths(node.target), node.value))
        elif isinstance(node, cst.For):
            found.append((target_paths(node.target), node.iter))
    return found


def aliases(body: cst.CSTNode, path: str) -> set[str]:
    """``path`` and the names ``body`` binds to expressions that read it, or read those
    (``loss = torch.stack(losses).mean()``; ``output, hidden = model(x, hidden)``)."""
    names = {path}
    assignments = _assignments(body)
    changed = True
    while changed:
        changed = False
        for paths, value in assignments:
            if not reads(value, names):
                continue
            for found in paths:
                if found not in names:
                    names.add(found)
                    changed = True
    return names


def reads_first(body: cst.CSTNode, path: str) -> bool:
    """Whether the first access to ``path`` in ``body``, in the order the code runs
    (an assignment's value before its targets), reads it: the value it had before
    ``body`` flows in."""
    return _first(body, path) == "read"


def _first(node: cst.CSTNode, path: str) -> str | None:
    if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
        value = node.value
        if isinstance(node, cst.AugAssign) and path in target_paths(node.target):
            return "read"
        if value is not None and _first(value, path) is not None:
            return "read"
        targets = (
            [p for t in node.targets for p in target_paths(t.target)]
            if isinstance(node, cst.Assign)
            else target_paths(node.target)
        )
        if path in targets:
            return "write"
        return None
    if isinstance(node, cst.For):
        for part in (node.iter, node.target, node.body):
            found = (
                "write" if part is node.target and path in target_paths(node.target) else _first(part, path)
            )
            if found is not None:
                return found
        return None
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in _GROWING
        and dotted(node.func.value) == path
    ):
        node = node.with_changes(func=cst.Name("_"))  # `items.append(x)` adds to it, it does not use it
    if isinstance(node, (cst.Name, cst.Attribute)) and dotted(node) == path:
        return "read"
    if isinstance(node, cst.Attribute):
        return _first(node.value, path)  # `F.softmax` reads `F`, not a `softmax`
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        return None
    if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
        # its names are its own; only the first iterable is read in the enclosing scope
        return _first(node.for_in.iter, path)
    for child in children(node):
        found = _first(child, path)
        if found is not None:
            return found
    return None
