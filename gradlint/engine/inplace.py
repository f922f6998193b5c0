"""In-place operations, recognised once for every rule.

The analyzer emits an ``inplace`` event (an :class:`InplaceOp`) for each write into an
existing tensor, before the state changes, so that a rule's ``on_inplace(op)`` sees the
target's value as it was:

- augmented assignment: ``w -= lr * g`` (``kind="augmented"``), also ``w[0] += 1``;
- item assignment: ``w[mask] = 0`` (``kind="setitem"``);
- Tensor methods that write the receiver: ``w.add_(x)`` (``kind="method"``), from the
  table generated from torch (``gradlint/data/inplace_ops.json``);
- in-place functions: ``torch.relu_(w)``, ``F.relu_(w)`` (``kind="function"``) and
  ``F.relu(w, inplace=True)`` (``kind="inplace-flag"``);
- ``out=`` arguments: ``torch.add(a, b, out=w)`` (``kind="out"``).

Not in-place on the tensor, by construction: ``nn.init.*_(w)`` (torch runs them under
``no_grad``), ``w.data.add_()`` and ``w.detach().add_()`` (their value is a tensor without
grad), ``w.grad.zero_()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from gradlint.engine.names import argument, keyword, literal_bool
from gradlint.engine.torch_api import inplace_tables
from gradlint.engine.values import QualName, Value

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer

_TORCH = "torch."
_FUNCTIONAL = "torch.nn.functional."


@dataclass(frozen=True)
class InplaceOp:
    node: cst.CSTNode  # the statement or call to report at
    target: cst.BaseExpression  # the expression whose tensor is written
    value: Value  # what ``target`` held just before the write
    kind: str  # augmented, setitem, method, function, inplace-flag, out
    op: str  # "-=", "add_", "torch.relu_", "F.relu", "out"
    grad_mode: str


def is_inplace_function(name: str, call: cst.Call) -> bool:
    """``torch.relu_(x)``, ``F.relu_(x)``, ``F.relu(x, inplace=True)``: the first
    argument is written."""
    return _function_kind(name, call) is not None


def _function_kind(name: str, call: cst.Call) -> str | None:
    table = inplace_tables()
    if name.startswith(_FUNCTIONAL):
        short = name[len(_FUNCTIONAL) :]
        if short in table.functional_functions:
            return "function"
        position = table.functional_inplace_flag.get(short)
        if position is not None:
            flag = argument(call, position, "inplace")
            if flag is not None and literal_bool(flag.value) is True:
                return "inplace-flag"
        return None
    if name.startswith(_TORCH) and name.count(".") == 1 and name[len(_TORCH) :] in table.torch_functions:
        return "function"
    return None


def inplace_call(a: Analyzer, call: cst.Call, callee: Value) -> tuple[cst.BaseExpression, str, str] | None:
    """The expression a call writes in place, the kind of write and the op's name."""
    func = call.func
    if isinstance(callee, QualName):
        kind = _function_kind(callee.name, call)
        if kind is not None:
            first = argument(call, 0, "input")
            if first is None:
                return None
            return first.value, kind, a.module.code_for_node(func)
        out = keyword(call, "out")
        if out is not None and callee.name.startswith(_TORCH):
            return out.value, "out", a.module.code_for_node(func)
        return None
    if isinstance(func, cst.Attribute) and func.attr.value in inplace_tables().tensor_methods:
        return func.value, "method", func.attr.value
    return None


def emit(
    a: Analyzer, node: cst.CSTNode, target: cst.BaseExpression, value: Value, kind: str, op: str
) -> None:
    if a.listens("inplace"):
        a.emit("inplace", InplaceOp(node, target, value, kind, op, a.grad_mode))
