"""Modules whose parameters a file switches off, so that their parameters are not
known to require grad: ``m.requires_grad_(False)``, or
``for p in m.parameters(): p.requires_grad = False``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from gradlint.engine.names import argument, dotted, literal_bool
from gradlint.engine.scan import walk_statements
from gradlint.engine.tree import descendants

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer


_FREEZE_MARKERS = ("requires_grad_(", "requires_grad =")


def frozen_owners(a: Analyzer) -> frozenset:
    """Modules whose parameters this file may switch off: ``m.requires_grad_(False)``,
    or ``for p in m.parameters(): p.requires_grad = False``. Computed once per file, and
    only for files that mention such a switch at all."""
    cached = a.memo.get("frozen_owners")
    if cached is None:
        cached = a.memo["frozen_owners"] = (
            frozenset(_find_frozen_owners(a.module))
            if any(marker in a.text for marker in _FREEZE_MARKERS)
            else frozenset()
        )
    return cached


def _find_frozen_owners(module: cst.Module) -> set:
    owners: set = set()
    for node in descendants(module):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "requires_grad_"
        ):
            if _switches_off(node):
                owner = dotted(node.func.value)
                if owner is not None:
                    owners.add(owner)
        elif (
            isinstance(node, cst.For)
            and isinstance(node.iter, cst.Call)
            and isinstance(node.iter.func, cst.Attribute)
        ):
            if node.iter.func.attr.value not in ("parameters", "named_parameters"):
                continue
            owner = dotted(node.iter.func.value)
            names = {n for n in _target_names(node.target)}
            if owner is None or not names:
                continue
            for statement in walk_statements(node.body):
                if _freezes_one_of(statement, names):
                    owners.add(owner)
                    break
    return owners


def _target_names(target: cst.BaseExpression) -> list:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [e.value.value for e in target.elements if isinstance(e.value, cst.Name)]
    return []


def _switches_off(call: cst.Call) -> bool:
    flag = argument(call, 0, "requires_grad")
    return flag is not None and literal_bool(flag.value) is not True


def _freezes_one_of(statement: cst.CSTNode, names: set) -> bool:
    if isinstance(statement, cst.Assign):
        for target in statement.targets:
            t = target.target
            if (
                isinstance(t, cst.Attribute)
                and t.attr.value == "requires_grad"
                and isinstance(t.value, cst.Name)
                and t.value.value in names
                and literal_bool(statement.value) is not True
            ):
                return True
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call):
        call = statement.value
        return (
            isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "requires_grad_"
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value in names
            and _switches_off(call)
        )
    return False
