"""Training-loop calls, recognised once for every rule: backward.

The analyzer emits a ``backward`` event (a :class:`BackwardOp`) for

- ``loss.backward()``, ``scaler.scale(loss).backward()``;
- ``torch.autograd.backward(loss)`` and ``torch.autograd.grad(loss, inputs)``;
- ``accelerator.backward(loss)``, ``fabric.backward(loss)``, ``self.manual_backward(loss)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from gradlint.engine.facts import evaluate
from gradlint.engine.names import argument, dotted, keyword, literal_bool
from gradlint.engine.values import QualName, Tensor, Value

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer

_LOSS_OWNERS = ("accelerator", "fabric")


@dataclass(frozen=True)
class BackwardOp:
    node: cst.Call
    target: cst.BaseExpression | None  # the expression backpropagated from
    value: Value  # what it held
    retains_graph: bool  # retain_graph=True: the saved tensors stay alive
    accumulates: bool  # into .grad (backward) or not (autograd.grad)


def backward_call(a: Analyzer, call: cst.Call, callee: Value) -> BackwardOp | None:
    func = call.func
    retains = _retains(call)
    if isinstance(callee, QualName):
        if callee.name in ("torch.autograd.backward", "torch.autograd.grad"):
            first = argument(call, 0, "tensors" if callee.name.endswith("backward") else "outputs")
            target = first.value if first is not None else None
            value = evaluate(a, target) if target is not None else evaluate(a, call)
            return BackwardOp(call, target, value, retains, callee.name.endswith("backward"))
        return None
    if not isinstance(func, cst.Attribute) or func.attr.value not in ("backward", "manual_backward"):
        return None
    receiver = evaluate(a, func.value)
    owner = (dotted(func.value) or "").rsplit(".", 1)[-1].lower()
    loss = argument(call, 0)
    if func.attr.value == "manual_backward" or (
        not isinstance(receiver, Tensor) and loss is not None and owner.endswith(_LOSS_OWNERS)
    ):
        if loss is None:
            return None
        return BackwardOp(call, loss.value, evaluate(a, loss.value), retains, True)
    return BackwardOp(call, func.value, receiver, retains, True)


def _retains(call: cst.Call) -> bool:
    flag = keyword(call, "retain_graph") or keyword(call, "create_graph")
    return flag is not None and literal_bool(flag.value) is not False
