from __future__ import annotations

import libcst as cst

from gradlint.diagnostics import UNSAFE
from gradlint.engine.events import MethodCall, TorchCall
from gradlint.engine.fixes import FixPlan, NodeEdit
from gradlint.engine.values import Seq, Value, options_of, requires_grad_of
from gradlint.oracles import GraphCut
from gradlint.rule import FIX_SOMETIMES, Rule


class TensorCopyCutsGraph(Rule):
    """`torch.tensor(t)` on a tensor that requires grad: the copy is cut from the graph,
    so no gradient reaches `t`.

    ## What it does
    Flags `torch.tensor(t, ...)` and `x.new_tensor(t, ...)` where `t` requires grad (a
    model output, a loss, a parameter, anything computed from them), or is a list or
    tuple of such tensors (`torch.tensor([loss_a, loss_b])`), and the result is used in
    a computation that is differentiated; often in a helper that "makes sure it's a
    tensor". Not flagged: `torch.as_tensor(t)` (returns `t`, or a differentiable cast
    with `dtype=`), `torch.stack(...)`, `t.clone()`, `t.detach().clone()`, data that is
    not a tensor (lists of numbers, NumPy arrays, `loss.item()` values), and the legacy
    constructors `torch.Tensor(t)` / `torch.FloatTensor(t)`, which return a
    differentiable alias of a tensor argument.

    ## Why is this bad?
    `torch.tensor` always copies its data into a new leaf: whatever computed `t` is left
    out of the result's graph. Training goes on without an error, but the parameters
    behind `t` get no gradient from the loss terms built on the copy: a regularizer that
    regularizes nothing, an encoder that never learns, task weights that learn while
    the tasks do not. `requires_grad=True` on the copy only makes a new leaf.

    ## Example
    ```python
    def ensure_tensor(x):
        return torch.tensor(x, dtype=torch.float32)

    model = nn.Linear(8, 2)
    penalty = ensure_tensor(sum(p.pow(2).sum() for p in model.parameters()))
    loss = criterion(model(x), y) + 1e-4 * penalty
    ```

    ## Use instead
    ```python
    def ensure_tensor(x):
        return torch.as_tensor(x, dtype=torch.float32)

    model = nn.Linear(8, 2)
    penalty = ensure_tensor(sum(p.pow(2).sum() for p in model.parameters()))
    loss = criterion(model(x), y) + 1e-4 * penalty
    ```

    ## Runtime behaviour
    No exception. The result is a leaf (`grad_fn` None) that does not require grad
    (unless `requires_grad=True` is passed, which makes a new leaf), and torch warns at
    the line: `UserWarning: To copy construct from a tensor, it is recommended to use
    sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True),
    rather than torch.tensor(sourceTensor).` (`... rather than
    tensor.new_tensor(sourceTensor).` for `new_tensor`). The warning is issued for every
    tensor argument, also one that does not require grad, so it is not the symptom: the
    harness checks that the argument required grad and the result is a new leaf. A list
    of 0-d tensors that require grad warns instead, once per process: "Converting a
    tensor with requires_grad=True to a scalar may lead to unexpected behavior". If the
    copy is all the loss is made of, `backward()` raises `element 0 of tensors does not
    require grad and does not have a grad_fn`. `torch.Tensor(t)` and
    `torch.FloatTensor(t)` do not copy: they return `t.alias()` (`grad_fn`
    `AliasBackward0`), gradients flow through them, and torch does not warn;
    `torch.FloatTensor(t)` raises `TypeError: expected TensorOptions(dtype=float,
    device=cpu, ...)` unless `t` is a float32 CPU tensor.

    ## Fix safety
    The fix replaces `torch.tensor(t)` by `torch.as_tensor(t)` (keeping `dtype=` and
    `device=`), offered only when `t` is known to be a tensor that requires grad. It is
    unsafe: gradients start to flow into `t` and whatever computed it, which changes what
    training does (the parameters behind `t` start to move; if the cut was meant,
    `t.detach().clone()` is the right spelling). `new_tensor` and lists of tensors have
    no automatic fix (`torch.stack` is usually meant for a list).
    """

    code = "GL115"
    name = "tensor-copy-cuts-graph"
    needs = ("tensor",)
    fix_availability = FIX_SOMETIMES
    oracle = GraphCut()

    def check(self) -> None:
        seen: set[int] = set()
        for stream, call in self.facts.events(TorchCall):
            if call.qualname != "torch.tensor" or id(call.node) in seen:
                continue
            data = _data(call.args)
            if data is None or not _cuts(data) or not self.facts.records_grad(call, stream):
                continue
            seen.add(id(call.node))
            self.report(call.node, self._message(call.node, data), self._fix(call.node, data))
        for stream, method in self.facts.events(MethodCall):
            if method.method != "new_tensor" or id(method.node) in seen:
                continue
            data = _data(method.args)
            if data is None or not _cuts(data) or not self.facts.records_grad(method, stream):
                continue
            seen.add(id(method.node))
            self.report(method.node, self._message(method.node, data), None)

    def _message(self, node: cst.CSTNode, data: Value) -> str:
        written = " ".join(self.facts.code(node).split())
        written = written if len(written) <= 50 else written[:49] + "…"
        alternative = "`torch.stack(...)`" if isinstance(data, Seq) else "`torch.as_tensor(...)` or the tensor itself"
        return (
            f"`{written}` copies a tensor that requires grad into a new leaf, so no gradient reaches "
            f"what computed it; use {alternative} (or `.detach().clone()` if the cut is meant)"
        )

    def _fix(self, node: cst.CSTNode, data: Value) -> FixPlan | None:
        if isinstance(data, Seq) or not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            return None
        return FixPlan(UNSAFE, "Use `torch.as_tensor`", (NodeEdit(node.func.attr, "as_tensor"),))


def _data(args: tuple) -> Value | None:
    for keyword, value in args:
        if keyword is None or keyword == "data":
            return value
    return None


def _cuts(data: Value) -> bool:
    """Whether copying ``data`` into a new tensor drops a graph."""
    if isinstance(data, Seq):
        return any(_cuts(item) for item in data.items)
    return any(requires_grad_of(option) is True for option in options_of(data))
