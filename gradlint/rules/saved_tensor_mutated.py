from __future__ import annotations

import libcst as cst

from gradlint.engine.inplace import InplaceOp
from gradlint.engine.saved import SaveRecord
from gradlint.engine.tree import descendants
from gradlint.engine.training import BackwardOp
from gradlint.engine.values import Tensor, deps_of
from gradlint.oracles import SavedTensorMutated as SavedTensorOracle
from gradlint.rule import Rule

_LONG = 40


class SavedTensorMutated(Rule):
    """A tensor saved for backward is modified in place before backward() runs.

    ## What it does
    Flags an in-place write (augmented assignment, item assignment, an in-place method,
    `inplace=True`, also under `no_grad` and through `.detach()`) into a tensor that an
    earlier op saved for its backward, when a `backward()`, `torch.autograd.backward()`
    or `torch.autograd.grad()` later runs through that op. Which ops save which operands,
    or their result, is not guessable: `x * 2` saves nothing, `x * w` saves `x` only when
    `w` requires grad, `x ** 2` saves `x`, `x.exp()` and `x.sigmoid()` save their
    result. gradlint asks a table learned from torch by execution
    (`scripts/probe_saved_tensors.py`, over 200 ops), with what it knows of which
    operands require grad; when that is unknown it stays silent.

    In `nn.Module.forward` (and the methods it calls) the backward runs later in the
    caller, so a saved tensor written after its saving op is flagged when `forward`
    returns a result computed through that op: `out = self.relu(out); out += identity`
    writes the ReLU's saved output, while after `out = self.bn(out)` the same line is fine
    (batch norm saves its input, not its output). Writes through `.data` are not flagged:
    they bypass the version counter, so torch raises nothing.

    ## Why is this bad?
    Backward needs the saved values as they were when the op ran. torch notices the
    write through the tensor's version counter and refuses to compute a wrong gradient,
    but only at `backward()`, far from the line at fault.

    ## Example
    ```python
    x = torch.ones(1, 10, requires_grad=True)
    y1 = x ** 2          # pow saves x
    with torch.no_grad():
        x += 1           # x was saved by `x ** 2`
    z = y1 ** 2
    z.sum().backward()
    ```

    ## Use instead
    ```python
    x = torch.ones(1, 10, requires_grad=True)
    with torch.no_grad():
        x += 1
    y1 = x ** 2          # compute after the update
    z = y1 ** 2
    z.sum().backward()
    ```
    or make the write out of place: `x = x + 1`, `out = out + identity`.

    ## Runtime behaviour
    `RuntimeError: one of the variables needed for gradient computation has been
    modified by an inplace operation: [torch.FloatTensor [1, 10]] is at version 1;
    expected version 0 instead.` at the `backward()` call (the harness locates the write
    with saved-tensor hooks and checks it is the flagged line).

    ## Fix safety
    No automatic fix: moving the op or copying the tensor changes what the code
    computes, and which is meant is the author's call.
    """

    code = "GL102"
    name = "saved-tensor-mutated"
    needs = ("backward", "forward", "autograd")
    oracle = SavedTensorOracle()

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._reset()
        self._reported: set = set()  # ids of the statements reported: one finding each
        self._statement_of: dict[int, int] = {}  # id of a write -> id of its statement
        self._forward_callees: dict[int, frozenset] = {}
        # across functions: what each function returns that a write spoiled, which
        # functions' results reach a backward, and which return another's result
        self._spoiled_returns: dict[int, list[tuple[InplaceOp, SaveRecord, str]]] = {}
        self._backprop: dict[int, cst.CSTNode] = {}  # function id -> a backward reaching it
        self._returns_of: dict[int, set] = {}  # function id -> ids of functions it returns from

    def _reset(self) -> None:
        self._pending: dict[tuple, list[tuple[InplaceOp, SaveRecord]]] = {}
        self._consumed: set = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._reset()  # records live within one function's walk

    def on_inplace(self, op: InplaceOp) -> None:
        value = op.value
        if not isinstance(value, Tensor):
            return
        # `x.mul_(d).add_(y)`: two writes, one statement, one finding
        self._statement_of[id(op.node)] = id(self.ctx.statement or op.node)
        for record in self.ctx.records_saving(value.ident):
            if record.key in self._consumed or record.key == (id(op.node), 0):
                continue  # (an in-place activation's own record is made after its write)
            self._pending.setdefault(record.key, []).append((op, record))

    def on_backward(self, backward: BackwardOp) -> None:
        deps = deps_of(backward.value)
        self._report_through(deps, backward.node)
        for key in deps:
            if key[0] == "return":
                self._backprop.setdefault(key[1], backward.node)
        if not backward.retains_graph:
            self._consumed |= deps
            for key in deps:
                self._pending.pop(key, None)

    def leave_Return(self, node: cst.Return) -> None:
        function = self.ctx.function
        if node.value is None or function is None:
            return
        deps = deps_of(self.ctx.value(node.value))
        if self._in_forward():
            self._report_through(deps, None)
            return
        # a helper's result may be backpropagated by its caller, walked before or after
        own = self._spoiled_returns.setdefault(id(function), [])
        for key in sorted(k for k in deps & self._pending.keys()):
            own.extend((op, record, function.name.value) for op, record in self._pending[key])
        self._returns_of.setdefault(id(function), set()).update(k[1] for k in deps if k[0] == "return")

    def finish(self) -> None:
        reached = dict(self._backprop)
        changed = True
        while changed:  # f returns g(...): a backward through f's result reaches g's
            changed = False
            for function, backward in list(reached.items()):
                for inner in self._returns_of.get(function, ()):
                    if inner not in reached:
                        reached[inner] = backward
                        changed = True
        for function, backward in reached.items():
            for op, record, name in self._spoiled_returns.get(function, ()):
                if self._statement_of[id(op.node)] not in self._reported:
                    self._reported.add(self._statement_of[id(op.node)])
                    self.report(op.node, self._message(op, record, backward, via=name))

    def _report_through(self, deps: frozenset, backward: cst.CSTNode | None) -> None:
        for key in sorted(deps & self._pending.keys()):
            for op, record in self._pending[key]:
                if self._statement_of[id(op.node)] in self._reported:
                    continue
                self._reported.add(self._statement_of[id(op.node)])
                self.report(op.node, self._message(op, record, backward))

    def _message(self, op: InplaceOp, record: SaveRecord, backward: cst.CSTNode | None, via: str | None = None):
        code = self.ctx.module.code_for_node
        target = code(op.target)
        saver = code(record.node).strip()
        saver = saver if len(saver) <= _LONG else saver[: _LONG - 1] + "…"
        remedy = _remedy(op, target, saver)

        what = "its result" if isinstance(op.value, Tensor) and op.value.ident == id(record.node) else "it"

        def message(line_of) -> str:
            where = f"`{saver}` (line {line_of(record.node)}) saved {what} for backward"
            if backward is None:
                then = "forward() returns a result computed through that op, so backward through this module will raise RuntimeError"
            else:
                then = f"`{code(backward).strip()[:_LONG]}` at line {line_of(backward)} will raise RuntimeError"
                if via is not None:
                    then = f"`{via}()` returns a result computed through that op, and {then}"
            if op.target is op.node:  # a member of an nn.Sequential writing in place
                return (
                    f"in `{target}`, the in-place `{op.op}` writes the output that `{record.op}` saved for "
                    f"backward (line {line_of(record.node)}); {then}. Drop `inplace=True` from the `{op.op}`."
                )
            return f"`{target}` is modified in place, but {where}; {then}. {remedy}"

        return message

    def _in_forward(self) -> bool:
        function, cls = self.ctx.function, self.ctx.current_class
        if function is None or cls is None:
            return False
        if function.name.value == "forward":
            return True
        return function.name.value in self._callees_of_forward(cls)

    def _callees_of_forward(self, cls) -> frozenset:
        known = self._forward_callees.get(id(cls.node))
        if known is None:
            known = frozenset()
            for method in cls.methods():
                if method.name.value == "forward":
                    known = frozenset(_self_calls(method))
            self._forward_callees[id(cls.node)] = known
        return known


def _remedy(op: InplaceOp, target: str, saver: str) -> str:
    if op.kind == "augmented":
        out_of_place = f" (`{target} = {target} {op.op[:-1]} ...`)"
    elif op.kind == "method":
        out_of_place = f" (`{target} = {target}.{op.op.rstrip('_')}(...)`)"
    else:
        out_of_place = ""
    return f"Compute `{saver}` after the update, or make the update out of place{out_of_place}."


def _self_calls(method: cst.FunctionDef) -> set[str]:
    """Names of the methods called as ``self.name(...)`` in ``method``."""
    params = method.params.params
    self_name = params[0].name.value if params else "self"
    return {
        node.func.attr.value
        for node in descendants(method.body)
        if isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == self_name
    }
