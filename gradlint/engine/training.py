"""Training-loop calls, recognised once for every rule: backward, optimizer steps and
the zeroing of gradients.

The analyzer emits a ``backward`` event (a :class:`BackwardOp`) for

- ``loss.backward()``, ``scaler.scale(loss).backward()``;
- ``torch.autograd.backward(loss)`` and ``torch.autograd.grad(loss, inputs)``;
- ``accelerator.backward(loss)``, ``fabric.backward(loss)``, ``self.manual_backward(loss)``.

When a rule asks for it (:meth:`Analyzer.timeline`), the analyzer also keeps, per
function, a :class:`Timeline` of :class:`Event` s in source order, each with the loops
and branches around it:

- ``backward`` (``accumulates`` is False for ``torch.autograd.grad``, which does not
  write ``.grad``);
- ``step``: ``<opt>.step()`` where ``<opt>`` holds a ``torch.optim`` optimizer or is named
  like one (``opt``, ``optimizer``, ``self.optim_g``, ``d_optimizer``), and
  ``scaler.step(opt)``; never ``scheduler.step()``;
- ``zero``: ``opt.zero_grad()`` (keyed by the optimizer), ``model.zero_grad()``,
  ``p.grad = None``, ``p.grad.zero_()``, loops of those over parameters, and calls to a
  function or method of the file that does one of these (two levels deep); the key
  ``"*"`` stands for "some gradients, which optimizer's we cannot tell".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from gradlint.engine.facts import evaluate
from gradlint.engine.names import argument, dotted, keyword, literal_bool
from gradlint.engine.tree import descendants
from gradlint.engine.values import FunctionRef, Optimizer, QualName, Tensor, Value

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer

_LOSS_OWNERS = ("accelerator", "fabric")
ANY = "*"
# opt, optim, optimizer, opt_d, d_opt, optimizer_G, g_optimizer, self.optim_g ...
_OPTIMIZER_NAME = re.compile(r"(^|_)(opt|optim|optimizer)($|_)|optim", re.IGNORECASE)
_NOT_OPTIMIZER = re.compile(r"sched|lr_|warmup", re.IGNORECASE)


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


# ---------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Event:
    kind: str  # "backward", "step" or "zero"
    node: cst.CSTNode
    path: tuple  # the loops and branches around it (Analyzer.structure)
    key: str | None = None  # the optimizer, for step and zero; ANY when unknown
    spelling: str = ""  # how the optimizer is written, for messages
    accumulates: bool = True  # backward: into .grad
    zeroes: bool = False  # step: its closure zeroes the gradients (LBFGS)
    helper: cst.FunctionDef | None = None  # "helper": the file's function it calls

    @property
    def loops(self) -> tuple:
        return tuple(frame for frame in self.path if frame[0] == "loop")


@dataclass
class Timeline:
    events: dict[int, list[Event]] = field(default_factory=dict)  # function id (0: module)
    functions: dict[int, cst.FunctionDef] = field(default_factory=dict)
    optimizers_made: dict[int, set] = field(default_factory=dict)  # keys constructed in a function

    def trains(self, key: int) -> bool:
        """Whether the function ``key`` calls an accumulating backward and steps: the
        only ones GL103 and GL104 look at closely."""
        kinds = {e.kind for e in self.events.get(key, ()) if e.kind != "backward" or e.accumulates}
        return {"backward", "step"} <= kinds

    def resolved(self, a: Analyzer, key: int) -> list[Event]:
        """The events of the function ``key``, with each call to a helper of the file
        turned into a zeroing if the helper zeroes (two levels deep), or dropped."""
        events = []
        for event in self.events.get(key, ()):
            if event.kind == "helper":
                if not zeroes(a, event.helper, depth=2):  # type: ignore[arg-type]
                    continue
                event = Event("zero", event.node, event.path, ANY, event.spelling)
            events.append(event)
        return events


def is_optimizer(a: Analyzer, expr: cst.BaseExpression) -> str | None:
    """The key (its spelling) of an optimizer expression, or None."""
    path = dotted(expr)
    if path is None:
        return None
    value = evaluate(a, expr)
    if isinstance(value, Optimizer):
        return path
    last = path.rsplit(".", 1)[-1]
    if _OPTIMIZER_NAME.search(last) and not _NOT_OPTIMIZER.search(last):
        return path
    return None


def observe_call(a: Analyzer, call: cst.Call, callee: Value, backward: BackwardOp | None) -> None:
    func = call.func
    if backward is not None:
        _add(a, Event("backward", call, a.structure, accumulates=backward.accumulates))
        return
    if not isinstance(func, cst.Attribute):
        _add_helper(a, callee, call)
        return
    method = func.attr.value
    if method == "step":
        key = is_optimizer(a, func.value)
        if key is None and "scaler" in (dotted(func.value) or "").lower():
            first = argument(call, 0, "optimizer")
            key = is_optimizer(a, first.value) if first is not None else None
        if key is not None:
            closure = (
                argument(call, 0, "closure") if "scaler" not in (dotted(func.value) or "").lower() else None
            )
            zeroes = closure is not None and _closure_zeroes(a, closure.value)
            _add(a, Event("step", call, a.structure, key, key, zeroes=zeroes))
        return
    if method == "zero_grad":
        key = is_optimizer(a, func.value)
        _add(a, Event("zero", call, a.structure, key or ANY, a.module.code_for_node(func.value)))
        return
    if method in ("zero_", "fill_") and _is_grad(func.value):
        _add(a, Event("zero", call, _lifted(a), ANY, a.module.code_for_node(func.value)))
        return
    _add_helper(a, callee, call)


def observe_assign(a: Analyzer, node: cst.Assign) -> None:
    """``p.grad = None``: gradients cleared."""
    for target in node.targets:
        if _is_grad(target.target) and isinstance(node.value, cst.Name) and node.value.value == "None":
            _add(a, Event("zero", node, _lifted(a), ANY, a.module.code_for_node(target.target)))
            return


def note_optimizer(a: Analyzer, target: cst.BaseExpression, value: Value) -> None:
    """An optimizer made in this function (a torch.optim one, or anything assigned to
    a name that looks like an optimizer: `local_optim = optim_cls(params)`): a function
    that makes its own optimizer and steps it is not a training step that accumulates
    across calls."""
    path = dotted(target)
    if path is not None and (isinstance(value, Optimizer) or is_optimizer(a, target) is not None):
        here = id(a.function) if a.function is not None else 0
        a.memo["timeline"].optimizers_made.setdefault(here, set()).add(path)  # type: ignore[attr-defined]


def _add(a: Analyzer, event: Event) -> None:
    timeline: Timeline = a.memo["timeline"]  # type: ignore[assignment]
    function = a.function
    here = id(function) if function is not None else 0
    if function is not None:
        timeline.functions[here] = function
    timeline.events.setdefault(here, []).append(event)


def _is_grad(expr: cst.BaseExpression) -> bool:
    """``p.grad`` or ``p.grad.data``."""
    if isinstance(expr, cst.Attribute) and expr.attr.value == "data":
        expr = expr.value
    return isinstance(expr, cst.Attribute) and expr.attr.value == "grad"


def _lifted(a: Analyzer) -> tuple:
    """Where a per-parameter zeroing counts: at the loop over the parameters, which
    clears them all (the loop is the one statement that zeroes)."""
    path = list(a.structure)
    while path and path[-1][0] == "branch":
        path.pop()  # `if p.grad is not None:`
    if path and path[-1][0] == "loop" and not _trains(path[-1][1]):
        path.pop()
    return tuple(path)


def _trains(loop: cst.CSTNode) -> bool:
    """Whether a loop's body calls backward or step: a training loop, not a loop over
    parameters."""
    return any(
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in ("backward", "step", "manual_backward")
        for node in descendants(loop)
    )


# ---------------------------------------------------------------------- helpers that zero


def _add_helper(a: Analyzer, callee: Value, call: cst.Call) -> None:
    """A call to a function or method of this file: a zeroing if its body zeroes, which
    is asked only of the functions a rule looks at (:meth:`Timeline.resolved`)."""
    function = callee.node if isinstance(callee, FunctionRef) else None
    if function is None and isinstance(call.func, cst.Attribute):
        function = _method_named(a, call.func)
    if function is not None:
        _add(a, Event("helper", call, a.structure, ANY, a.module.code_for_node(call.func), helper=function))


def _method_named(a: Analyzer, func: cst.Attribute) -> cst.FunctionDef | None:
    """``self.reset_grads()``: the method of the current class."""
    cls = a.current_class
    if cls is None or not isinstance(func.value, cst.Name):
        return None
    method = cls.method(func.attr.value)
    return method


def zeroes(a: Analyzer, function: cst.FunctionDef, depth: int) -> bool:
    """Whether ``function``'s body zeroes gradients, following calls to the file's
    functions ``depth`` levels down. Syntactic; cached per function."""
    cache: dict = a.memo.setdefault("zeroes", {})  # type: ignore[assignment]
    key = (id(function), depth)
    if key in cache:
        return cache[key]
    cache[key] = False  # recursion guard
    found = False
    for node in descendants(function.body, skip=(cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method == "zero_grad" or (method in ("zero_", "fill_") and _is_grad(node.func.value)):
                found = True
        if isinstance(node, cst.Assign) and any(_is_grad(t.target) for t in node.targets):
            found = found or (isinstance(node.value, cst.Name) and node.value.value == "None")
        if isinstance(node, cst.Call) and depth > 0 and not found:
            target = _resolve(a, node.func)
            found = target is not None and target is not function and zeroes(a, target, depth - 1)
        if found:
            break
    cache[key] = found
    return found


def _resolve(a: Analyzer, func: cst.BaseExpression) -> cst.FunctionDef | None:
    """A call's target among the file's functions, by name: ``helper()`` or
    ``self.helper()``."""
    index: dict = a.memo.get("functions")  # type: ignore[assignment]
    if index is None:
        index = {}
        for node in descendants(a.module):
            if isinstance(node, cst.FunctionDef):
                index.setdefault(node.name.value, []).append(node)
        a.memo["functions"] = index
    name = func.value if isinstance(func, cst.Name) else None
    if (
        isinstance(func, cst.Attribute)
        and isinstance(func.value, cst.Name)
        and func.value.value in ("self", "cls")
    ):
        name = func.attr.value
    found = index.get(name or "", [])
    return found[0] if len(found) == 1 else None


def _closure_zeroes(a: Analyzer, expr: cst.BaseExpression) -> bool:
    """``optimizer.step(closure)``: the closure's body zeroes (LBFGS)."""
    value = evaluate(a, expr)
    if isinstance(value, FunctionRef):
        return zeroes(a, value.node, depth=2)  # type: ignore[arg-type]
    if isinstance(expr, cst.Lambda):
        return False
    target = _resolve(a, expr)
    return target is not None and zeroes(a, target, depth=2)
