"""State changes that are tensor facts: in-place writes (and the events rules hear about
them), ``x.requires_grad = flag``, ``requires_grad_()``, grad-mode switches, backward."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from gradlint.engine import gradmode, inplace, saved, training
from gradlint.engine.facts import (
    arguments,
    call_layer,
    evaluate,
    flattened,
    op_result,
    recording,
    tensor_method,
    with_requires_grad,
)
from gradlint.engine.names import argument, dotted, literal_bool
from gradlint.engine.torch_api import inplace_tables
from gradlint.engine.values import PLAIN, UNKNOWN, Grad, Instance, Layer, QualName, Tensor, Value, deps_of

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer


def replace(a: Analyzer, old: Value, new: Value) -> None:
    """Every name bound to the tensor ``old`` now holds ``new``."""
    env = a._state.env
    for key, value in list(env.items()):
        if value is old:
            env[key] = new


def _rebind(a: Analyzer, receiver: cst.BaseExpression, old: Value, new: Value) -> None:
    path = dotted(receiver)
    if isinstance(old, Tensor) and path is not None and a.lookup(path) is old:
        replace(a, old, new)
    elif path is not None:
        a.bind(path, new)


def set_requires_grad(a: Analyzer, owner: str, flag_expr: cst.BaseExpression | None) -> None:
    """``t.requires_grad = flag``."""
    old = a.lookup(owner)
    if old is None:
        return
    flag = literal_bool(flag_expr) if flag_expr is not None else None
    new = with_requires_grad(old, flag) if isinstance(old, Tensor) else UNKNOWN
    if isinstance(old, Tensor):
        replace(a, old, new)
    a.bind(owner, new)


def store_item(a: Analyzer, target: cst.Subscript, value: Value, statement: cst.CSTNode) -> None:
    """``x[i] = v``: an in-place write into ``x``, reported at ``statement``."""
    base_expr = target.value
    base = evaluate(a, base_expr)
    inplace.emit(a, statement, base_expr, base, "setitem", "[]=")
    _after_write(a, base_expr, base, [value])


def _after_write(
    a: Analyzer,
    target: cst.BaseExpression,
    old: Value,
    operands: list[Value],
    node: cst.CSTNode | None = None,
    match: saved.Match | None = None,
) -> None:
    """The written tensor stays the same tensor; it now also depends on what was
    written into it, and a tensor without grad written with values that require grad
    joins the graph. ``match`` names the op when it saves its (in-place) result."""
    if not isinstance(old, Tensor):
        return
    written = op_result(a, operands) if operands else PLAIN
    deps = old.deps | deps_of(written)
    grad = old.grad
    if old.grad == Grad.NONE and isinstance(written, Tensor) and written.requires_grad and recording(a):
        grad = Grad.NON_LEAF
    if match is not None and node is not None and recording(a) and (old.requires_grad or grad != Grad.NONE):
        record = a.record_save(node, match, old.ident)
        if record is not None:
            deps = deps | {record}
    if grad != old.grad or deps != old.deps:
        _rebind(a, target, old, old.changed(grad=grad, deps=deps))


def augmented_assignment(a: Analyzer, node: cst.AugAssign) -> None:
    target = node.target
    operand = evaluate(a, node.value)
    op = _AUG_OPERATORS.get(type(node.operator), "op=")
    if isinstance(target, cst.Subscript):
        # `x[i] op= v` is `x[i].__iop__(v)` then `x[i] = ...`: it writes into `x`
        # whatever the index (a view of a leaf, or a copy stored back into the leaf)
        base = evaluate(a, target.value)
        part = evaluate(a, target)
        if isinstance(base, Tensor) and base.is_grad_leaf and recording(a):
            part = Tensor(Grad.VIEW_OF_LEAF, ident=base.ident)
        elif isinstance(base, Tensor) and not isinstance(part, Tensor):
            part = base
        inplace.emit(a, node, target, part, "augmented", op)
        _after_write(a, target.value, base, [operand])
        return
    old = evaluate(a, target)
    inplace.emit(a, node, target, old, "augmented", op)
    path = dotted(target)
    if isinstance(old, Tensor):
        _after_write(a, target, old, [operand])
    elif path is not None:
        a.bind(path, op_result(a, [old, operand]))


_AUG_OPERATORS = {
    cst.AddAssign: "+=",
    cst.SubtractAssign: "-=",
    cst.MultiplyAssign: "*=",
    cst.DivideAssign: "/=",
    cst.FloorDivideAssign: "//=",
    cst.ModuloAssign: "%=",
    cst.PowerAssign: "**=",
    cst.MatrixMultiplyAssign: "@=",
    cst.BitAndAssign: "&=",
    cst.BitOrAssign: "|=",
    cst.BitXorAssign: "^=",
    cst.LeftShiftAssign: "<<=",
    cst.RightShiftAssign: ">>=",
}


def call_effects(a: Analyzer, call: cst.Call) -> None:
    """What a call changes: the grad mode, in-place writes, a receiver's requires_grad;
    and the backward it runs, told to the rules."""
    func = call.func
    if _inert(func):
        return
    callee = evaluate(a, func)
    backward = training.backward_call(a, call, callee)
    if a.keeps_timeline:
        training.observe_call(a, call, callee, backward)
    if isinstance(callee, QualName) and callee.name == gradmode.SET_GRAD_ENABLED:
        mode = gradmode.context_mode(callee.name, call)
        if mode is not None:
            a._state.grad = mode
        return
    written = inplace.inplace_call(a, call, callee)
    if written is not None:
        target, kind, op = written
        values, keywords = arguments(a, call)  # evaluated first: ops in them save first
        old = evaluate(a, target)
        inplace.emit(a, call, target, old, kind, op)
        operands = [v for v in flattened(values) if v is not old]
        _after_write(a, target, old, operands, call, _inplace_match(callee, kind, op, old, values, keywords))
        return
    if isinstance(callee, Layer) and call.args:
        _layer_writes(a, callee, call)
        return
    if isinstance(func, cst.Attribute) and func.attr.value in ("requires_grad_", "detach_"):
        receiver = evaluate(a, func.value)
        if isinstance(receiver, Tensor):
            _rebind(a, func.value, receiver, tensor_method(a, receiver, func.attr.value, call))
        elif isinstance(receiver, (Instance, Layer)):
            _freeze(a, func.value, receiver, call)
        elif dotted(func.value) is not None:
            a.bind(dotted(func.value), UNKNOWN)  # type: ignore[arg-type]
        return
    if backward is not None:
        a.emit("backward", backward)


# method names that some effect, event or timeline entry looks at
_EFFECT_METHODS = frozenset(
    {"requires_grad_", "detach_", "backward", "manual_backward", "step", "zero_grad", "zero_", "fill_"}
)


def _inert(func: cst.BaseExpression) -> bool:
    """``f(x).m()`` where nothing cares about ``m``: its callee cannot be a torch function,
    a module or a helper of the file, so it is not worth evaluating the receiver again
    (doing so at every link of a method chain would cost quadratic time)."""
    return (
        isinstance(func, cst.Attribute)
        and dotted(func) is None
        and func.attr.value not in _EFFECT_METHODS
        and func.attr.value not in inplace_tables().tensor_methods
    )


def _layer_writes(a: Analyzer, layer: Layer, call: cst.Call) -> None:
    """A module with ``inplace=True`` writes its input: ``nn.ReLU(inplace=True)(h)``, or
    such a member inside an ``nn.Sequential`` writing what the member before made."""
    target = call.args[0].value
    if not layer.members:
        if layer.inplace:
            inplace.emit(
                a, call, target, evaluate(a, target), "inplace-flag", layer.qualname.rsplit(".", 1)[-1]
            )
        return
    value = evaluate(a, target)
    for step, member in enumerate(layer.members, start=1):
        if isinstance(member, Layer) and member.inplace and step > 1:
            inplace.emit(a, call, call, value, "inplace-flag", member.qualname.rsplit(".", 1)[-1])
        value = call_layer(a, member, [value], call, step=step) if isinstance(member, Layer) else UNKNOWN


def _freeze(a: Analyzer, receiver: cst.BaseExpression, module: Value, call: cst.Call) -> None:
    """``model.requires_grad_(False)``: its parameters stop requiring grad."""
    flag = argument(call, 0, "requires_grad")
    if flag is not None and literal_bool(flag.value) is True:
        return
    if isinstance(module, Instance):
        module.info.frozen = True  # type: ignore[attr-defined]  - every instance: precision first
    elif isinstance(module, Layer) and dotted(receiver) is not None:
        a.bind(dotted(receiver), Layer(module.qualname, (), module.inplace, module.members))  # type: ignore[arg-type]


def _inplace_match(
    callee: Value, kind: str, op: str, old: Value, values: list[Value], keywords: set
) -> saved.Match | None:
    """For ``h.relu_()``, ``torch.sigmoid_(h)``, ``F.relu(h, inplace=True)``: the
    out-of-place op, when all it saves is its result (the written tensor)."""
    if kind == "method":
        match = saved.method_match(op.rstrip("_"), old, values, keywords)
    elif kind in ("function", "inplace-flag") and isinstance(callee, QualName):
        match = saved.function_match(callee.name.rstrip("_"), values, keywords)
    else:
        return None
    if match is None:
        return None
    for key, _ in match.options:
        if any(set(letters) - {"result"} for letters in saved.table().saves[key].values()):
            return None  # it saves operands too: in place, torch's bookkeeping differs
    return match
