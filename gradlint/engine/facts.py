"""Tensor facts: the value of an expression at the current program point.

:func:`evaluate` answers "what does this expression hold?" from the analyzer's state:
a leaf that requires grad (``torch.randn(3, requires_grad=True)``, ``nn.Parameter``,
``for p in model.parameters()``, ``self.fc.weight`` after ``self.fc = nn.Linear(...)``),
a view of one, a non-leaf, a tensor without grad, or :data:`UNKNOWN`.

The other functions here are the state changes that belong to tensor facts: what an
assignment through ``x[i] = v`` or ``x.requires_grad = False`` does, and the effects
of calls (``set_grad_enabled``, ``requires_grad_``, in-place ops).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import libcst as cst

from gradlint.engine import gradmode, inplace, torch_api
from gradlint.engine.names import argument, canonical, dotted, keyword, literal_bool
from gradlint.engine.values import (
    PLAIN,
    UNKNOWN,
    ClassRef,
    FunctionRef,
    Grad,
    GradModeContext,
    Instance,
    Iterable,
    Layer,
    Mapping,
    QualName,
    Seq,
    Tensor,
    Value,
    join,
)

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer


def recording(a: Analyzer) -> bool | None:
    """Whether autograd records ops here: True, False, or None when unknown.
    A function body inherits its caller's mode, which is enabled in most code."""
    mode = a.grad_mode
    if mode in (gradmode.ENABLED, gradmode.INHERITED):
        return True
    if mode == gradmode.DISABLED:
        return False
    return None


def evaluate(a: Analyzer, expr: cst.BaseExpression) -> Value:
    evaluator = _EVALUATORS.get(type(expr))
    return evaluator(a, expr) if evaluator is not None else UNKNOWN


def element_of(value: Value) -> Value:
    """What iterating over ``value`` yields."""
    if isinstance(value, Iterable):
        return value.element
    if isinstance(value, Seq):
        return value.element()
    return UNKNOWN


# ---------------------------------------------------------------------- evaluators


def _name(a: Analyzer, expr: cst.Name) -> Value:
    found = a.lookup(expr.value)
    if found is not None:
        return found
    if expr.value in ("True", "False", "None"):
        return PLAIN
    return UNKNOWN


def _attribute(a: Analyzer, expr: cst.Attribute) -> Value:
    path = dotted(expr)
    if path is not None:
        found = a.lookup(path)
        if found is not None:
            return found
    return attribute_of(a, evaluate(a, expr.value), expr.attr.value)


def attribute_of(a: Analyzer, base: Value, attr: str) -> Value:
    if isinstance(base, QualName):
        return QualName(canonical(f"{base.name}.{attr}"))
    if attr == "param_groups":
        return Iterable(Mapping({"params": Iterable(Tensor(Grad.LEAF))}))
    if isinstance(base, Tensor):
        if attr in ("data", "grad"):
            return Tensor(Grad.NONE)
        if attr in torch_api.VIEW_ATTRIBUTES:
            return view_of(a, base)
        if attr in torch_api.PLAIN_ATTRIBUTES:
            return PLAIN
        return UNKNOWN
    if isinstance(base, Layer):
        return Tensor(Grad.LEAF) if attr in base.parameters else UNKNOWN
    if isinstance(base, Instance):
        return base.info.attribute(attr)  # type: ignore[attr-defined]
    return UNKNOWN


def view_of(a: Analyzer, base: Tensor) -> Value:
    """A view of ``base`` (or ``base`` itself): in-place ops on it reach ``base``."""
    if base.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF):
        # a view made under no_grad fails differently when written: not ours to judge
        return Tensor(Grad.VIEW_OF_LEAF) if recording(a) else UNKNOWN
    return Tensor(base.grad)


def _constant(a: Analyzer, expr: cst.BaseExpression) -> Value:
    return PLAIN


def _binary(a: Analyzer, expr: cst.BinaryOperation) -> Value:
    return op_result(a, [evaluate(a, expr.left), evaluate(a, expr.right)])


def _unary(a: Analyzer, expr: cst.UnaryOperation) -> Value:
    if isinstance(expr.operator, cst.Not):
        return PLAIN
    return op_result(a, [evaluate(a, expr.expression)])


def _boolean(a: Analyzer, expr: cst.BooleanOperation) -> Value:
    return join(evaluate(a, expr.left), evaluate(a, expr.right))


def _if_exp(a: Analyzer, expr: cst.IfExp) -> Value:
    return join(evaluate(a, expr.body), evaluate(a, expr.orelse))


def _sequence(a: Analyzer, expr: cst.BaseExpression) -> Value:
    elements = expr.elements  # type: ignore[attr-defined]
    if any(isinstance(e, cst.StarredElement) for e in elements):
        return UNKNOWN
    return Seq(tuple(evaluate(a, e.value) for e in elements))


def _dict(a: Analyzer, expr: cst.Dict) -> Value:
    items: dict[str, Value] = {}
    for element in expr.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
            return UNKNOWN
        items[element.key.evaluated_value] = evaluate(a, element.value)  # type: ignore[index]
    return Mapping(items)


def _comprehension(a: Analyzer, expr: cst.BaseExpression) -> Value:
    """``[p for p in model.parameters() if p.requires_grad]`` keeps the elements."""
    for_in = expr.for_in  # type: ignore[attr-defined]
    elt = expr.elt  # type: ignore[attr-defined]
    if (
        for_in.inner_for_in is None
        and isinstance(for_in.target, cst.Name)
        and isinstance(elt, cst.Name)
        and elt.value == for_in.target.value
    ):
        element = element_of(evaluate(a, for_in.iter))
        return UNKNOWN if element is UNKNOWN else Iterable(element)
    return UNKNOWN


def _subscript(a: Analyzer, expr: cst.Subscript) -> Value:
    base = evaluate(a, expr.value)
    index = expr.slice
    if isinstance(base, Tensor):
        if _basic_index(index):
            return view_of(a, base)
        if base.requires_grad:
            # a copy (advanced indexing) or a view: not a leaf either way
            return Tensor(Grad.NON_LEAF) if recording(a) else UNKNOWN
        return Tensor(base.grad)
    single = index[0].slice if len(index) == 1 else None
    if isinstance(base, Seq):
        position = _integer(single.value) if isinstance(single, cst.Index) else None
        if position is not None and -len(base.items) <= position < len(base.items):
            return base.items[position]
        return base.element()
    if isinstance(base, Iterable):
        return base.element if isinstance(single, cst.Index) else base
    if (
        isinstance(base, Mapping)
        and isinstance(single, cst.Index)
        and isinstance(single.value, cst.SimpleString)
    ):
        return base.items.get(single.value.evaluated_value, UNKNOWN)  # type: ignore[arg-type]
    return UNKNOWN


def _basic_index(index: object) -> bool:
    """Integers, slices, None and ``...``: indexing that returns a view."""
    for element in index:  # type: ignore[attr-defined]
        part = element.slice
        if isinstance(part, cst.Slice):
            continue
        value = part.value
        if _integer(value) is not None or isinstance(value, cst.Ellipsis):
            continue
        if isinstance(value, cst.Name) and value.value == "None":
            continue
        return False
    return True


def _integer(expr: cst.BaseExpression) -> int | None:
    if isinstance(expr, cst.Integer):
        return int(expr.evaluated_value)
    if (
        isinstance(expr, cst.UnaryOperation)
        and isinstance(expr.operator, cst.Minus)
        and isinstance(expr.expression, cst.Integer)
    ):
        return -int(expr.expression.evaluated_value)
    return None


def _named_expr(a: Analyzer, expr: cst.NamedExpr) -> Value:
    return evaluate(a, expr.value)


# ---------------------------------------------------------------------- calls


def _call(a: Analyzer, call: cst.Call) -> Value:
    func = call.func
    callee = evaluate(a, func)
    if isinstance(callee, QualName):
        return _call_qualname(a, callee.name, call)
    if isinstance(callee, ClassRef):
        return Instance(callee.info)
    if isinstance(callee, Layer):
        return op_result(a, [Tensor(Grad.LEAF)] + _argument_values(a, call))
    if isinstance(callee, FunctionRef):
        return UNKNOWN
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        if method in ("parameters", "named_parameters"):
            # a module's parameters are leaves that require grad, unless this file
            # freezes that module's parameters somewhere
            owner = dotted(func.value)
            element: Value = UNKNOWN if owner is None or owner in frozen_owners(a) else Tensor(Grad.LEAF)
            return Iterable(element if method == "parameters" else Seq((PLAIN, element)))
        base = evaluate(a, func.value)
        if isinstance(base, Tensor):
            return tensor_method(a, base, method, call)
        if isinstance(base, (Layer, Instance)) and method in torch_api.MODULE_SELF_METHODS:
            return base  # model.to(device), model.train(): the module itself
        return UNKNOWN
    if isinstance(func, cst.Name) and a.lookup(func.value) is None:
        return _builtin(a, func.value, call)
    return UNKNOWN


def _call_qualname(a: Analyzer, name: str, call: cst.Call) -> Value:
    if name in torch_api.FACTORIES:
        return _new_tensor(call, keyword(call, "requires_grad"))
    if name == torch_api.PARAMETER:
        flag = argument(call, 1, "requires_grad")
        return _new_tensor(call, flag, default=True)
    layer = torch_api.LAYERS.get(name)
    if layer is not None:
        return Layer(name, _layer_parameters(call, *layer))
    if name in gradmode.CONTEXT_CLASSES:
        return GradModeContext(gradmode.context_mode(name, call) or gradmode.KEEP)
    if name.startswith("torch.nn.init."):
        first = argument(call, 0, "tensor")
        return evaluate(a, first.value) if first is not None else UNKNOWN
    if _is_tensor_function(name):
        values = _argument_values(a, call)
        if inplace.is_inplace_function(name, call) and values:
            return values[0]
        if not any(isinstance(v, Tensor) for v in values):
            return UNKNOWN  # torch.load(path), torch.from_numpy(array): nothing to go on
        return op_result(a, values)
    return UNKNOWN


_TENSOR_NAMESPACES = ("torch.nn.functional.", "torch.linalg.", "torch.fft.", "torch.special.")


def _is_tensor_function(name: str) -> bool:
    """``torch.exp``, ``F.relu``, ``torch.linalg.norm``: functions of tensors."""
    return (name.startswith("torch.") and name.count(".") == 1) or name.startswith(_TENSOR_NAMESPACES)


def instance_of(a: Analyzer, cls: Value) -> Value:
    """What an object of type ``cls`` is known to hold, from an annotation."""
    if isinstance(cls, ClassRef):
        return Instance(cls.info)
    if isinstance(cls, QualName) and cls.name in torch_api.LAYERS:
        parameters, switches = torch_api.LAYERS[cls.name]
        switchable = {name for _, removed in switches.values() for name in removed}
        return Layer(cls.name, tuple(p for p in parameters if p not in switchable))
    return UNKNOWN


def _new_tensor(call: cst.Call, flag: cst.Arg | None, default: bool = False) -> Value:
    requires = default if flag is None else literal_bool(flag.value)
    if requires is None:
        return UNKNOWN
    return Tensor(Grad.LEAF if requires else Grad.NONE, call)


def _layer_parameters(
    call: cst.Call, parameters: tuple[str, ...], switches: dict[str, tuple[int, tuple[str, ...]]]
) -> tuple[str, ...]:
    """The layer's parameters that certainly exist and require grad."""
    present = list(parameters)
    for name, (position, removed) in switches.items():
        arg = argument(call, position, name)
        if arg is None:
            continue
        if literal_bool(arg.value) is not True:
            present = [p for p in present if p not in removed]
    return tuple(present)


def _argument_values(a: Analyzer, call: cst.Call) -> list[Value]:
    values: list[Value] = []
    for arg in call.args:
        if arg.star:
            values.append(UNKNOWN)
            continue
        value = evaluate(a, arg.value)
        if isinstance(value, Seq):
            values.extend(value.items)  # torch.cat([a, b]), torch.stack((x, y))
        else:
            values.append(value)
    return values


def tensor_method(a: Analyzer, base: Tensor, method: str, call: cst.Call) -> Value:
    if method == "requires_grad_":
        flag = argument(call, 0, "requires_grad")
        requires = True if flag is None else literal_bool(flag.value)
        return _with_requires_grad(base, requires)
    if method == "detach_" or method in torch_api.NO_GRAD_METHODS:
        return Tensor(Grad.NONE, call)
    if method in torch_api.FACTORY_METHODS:
        return _new_tensor(call, keyword(call, "requires_grad"))
    if method in torch_api.PLAIN_METHODS:
        return PLAIN
    if method in inplace.tables().tensor_methods:
        return base
    if method in torch_api.VIEW_METHODS:
        return view_of(a, base)
    if method in torch_api.MAYBE_SELF_METHODS:
        if base.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF):
            return Tensor(Grad.REQUIRES)
        return Tensor(base.grad)
    return op_result(a, [base] + _argument_values(a, call))


def _with_requires_grad(base: Tensor, requires: bool | None) -> Value:
    if requires is None:
        return UNKNOWN
    if base.grad in (Grad.NONE, Grad.LEAF):
        return Tensor(Grad.LEAF if requires else Grad.NONE, base.node)
    if requires and base.requires_grad:
        return base
    return UNKNOWN


def op_result(a: Analyzer, operands: list[Value]) -> Value:
    """The result of a differentiable op on ``operands``."""
    if any(isinstance(v, Tensor) and v.requires_grad for v in operands):
        mode = recording(a)
        if mode is None:
            return UNKNOWN
        return Tensor(Grad.NON_LEAF if mode else Grad.NONE)
    if all(v is PLAIN or (isinstance(v, Tensor) and v.grad == Grad.NONE) for v in operands):
        return Tensor(Grad.NONE) if any(isinstance(v, Tensor) for v in operands) else PLAIN
    return UNKNOWN


def _builtin(a: Analyzer, name: str, call: cst.Call) -> Value:
    values = [evaluate(a, arg.value) for arg in call.args if not arg.star and arg.keyword is None]
    if name in ("list", "tuple", "iter", "sorted", "reversed", "set") and len(values) == 1:
        element = element_of(values[0])
        return UNKNOWN if element is UNKNOWN else Iterable(element)
    if name == "enumerate" and values:
        element = element_of(values[0])
        return UNKNOWN if element is UNKNOWN else Iterable(Seq((PLAIN, element)))
    if name == "zip" and values:
        elements = tuple(element_of(v) for v in values)
        return Iterable(Seq(elements))
    if name in ("len", "int", "float", "bool", "str", "range", "isinstance", "print"):
        return PLAIN
    return UNKNOWN


_EVALUATORS: dict[type, Callable] = {
    cst.Name: _name,
    cst.Attribute: _attribute,
    cst.Call: _call,
    cst.Integer: _constant,
    cst.Float: _constant,
    cst.Imaginary: _constant,
    cst.SimpleString: _constant,
    cst.ConcatenatedString: _constant,
    cst.FormattedString: _constant,
    cst.Comparison: _constant,
    cst.BinaryOperation: _binary,
    cst.UnaryOperation: _unary,
    cst.BooleanOperation: _boolean,
    cst.IfExp: _if_exp,
    cst.Tuple: _sequence,
    cst.List: _sequence,
    cst.Dict: _dict,
    cst.ListComp: _comprehension,
    cst.GeneratorExp: _comprehension,
    cst.Subscript: _subscript,
    cst.NamedExpr: _named_expr,
}


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
    from gradlint.engine.analyzer import children
    from gradlint.engine.scan import walk_statements

    owners: set = set()
    stack: list = [module]
    while stack:
        node = stack.pop()
        stack.extend(children(node))
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


# ---------------------------------------------------------------------- state changes


def replace(a: Analyzer, old: Value, new: Value) -> None:
    """Every name bound to the tensor ``old`` now holds ``new``."""
    env = a._state.env
    for key, value in list(env.items()):
        if value is old:
            env[key] = new


def _rebind_receiver(a: Analyzer, receiver: cst.BaseExpression, old: Value, new: Value) -> None:
    if isinstance(old, Tensor) and a.lookup(dotted(receiver) or "") is old:
        replace(a, old, new)
    else:
        path = dotted(receiver)
        if path is not None:
            a.bind(path, new)


def set_requires_grad(a: Analyzer, owner: str, flag_expr: cst.BaseExpression | None) -> None:
    """``t.requires_grad = flag``."""
    old = a.lookup(owner)
    if old is None:
        return
    flag = literal_bool(flag_expr) if flag_expr is not None else None
    new = _with_requires_grad(old, flag) if isinstance(old, Tensor) else UNKNOWN
    if isinstance(old, Tensor):
        replace(a, old, new)
    a.bind(owner, new)


def store_item(a: Analyzer, target: cst.Subscript, value: Value, statement: cst.CSTNode) -> None:
    """``x[i] = v``: an in-place write into ``x``, reported at ``statement``."""
    base_expr = target.value
    base = evaluate(a, base_expr)
    inplace.emit(a, statement, base_expr, base, "setitem", "[]=")
    _after_write(a, base_expr, base, [value])


def _after_write(a: Analyzer, target: cst.BaseExpression, old: Value, operands: list[Value]) -> None:
    """A tensor without grad that is written with values that require grad joins the graph."""
    if isinstance(old, Tensor) and old.grad == Grad.NONE:
        written = op_result(a, operands)
        if not (isinstance(written, Tensor) and written.grad == Grad.NONE) and written is not PLAIN:
            _rebind_receiver(
                a, target, old, Tensor(Grad.NON_LEAF) if isinstance(written, Tensor) else UNKNOWN
            )


def augmented_assignment(a: Analyzer, node: cst.AugAssign) -> None:
    target = node.target
    operand = evaluate(a, node.value)
    op = _AUG_OPERATORS.get(type(node.operator), "op=")
    if isinstance(target, cst.Subscript):
        # `x[i] op= v` is `x[i].__iop__(v)` then `x[i] = ...`: it writes into `x`
        # whatever the index (a view of a leaf, or a copy stored back into the leaf)
        base = evaluate(a, target.value)
        part = (
            Tensor(Grad.VIEW_OF_LEAF)
            if isinstance(base, Tensor) and base.is_grad_leaf and recording(a)
            else evaluate(a, target)
        )
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
    """What a call changes: the grad mode, a receiver's requires_grad, in-place writes."""
    func = call.func
    callee = evaluate(a, func)
    if isinstance(callee, QualName) and callee.name == gradmode.SET_GRAD_ENABLED:
        mode = gradmode.context_mode(callee.name, call)
        if mode is not None:
            a._state.grad = mode
        return
    written = inplace.inplace_call(a, call, callee)
    if written is not None:
        target, kind, op = written
        old = evaluate(a, target)
        inplace.emit(a, call, target, old, kind, op)
        _after_write(a, target, old, _argument_values(a, call))
        return
    if isinstance(func, cst.Attribute) and func.attr.value in ("requires_grad_", "detach_"):
        receiver = evaluate(a, func.value)
        if isinstance(receiver, Tensor):
            _rebind_receiver(a, func.value, receiver, tensor_method(a, receiver, func.attr.value, call))
        elif dotted(func.value) is not None:
            a.bind(dotted(func.value), UNKNOWN)  # type: ignore[arg-type]


def registered_attribute(call: cst.Call, self_name: str) -> tuple[str, cst.BaseExpression] | None:
    """``self.register_parameter("w", value)`` / ``register_buffer``: the name and value."""
    func = call.func
    if not (
        isinstance(func, cst.Attribute)
        and func.attr.value in ("register_parameter", "register_buffer")
        and isinstance(func.value, cst.Name)
        and func.value.value == self_name
    ):
        return None
    name = argument(call, 0, "name")
    value = argument(call, 1, "param" if func.attr.value == "register_parameter" else "tensor")
    if name is None or value is None or not isinstance(name.value, cst.SimpleString):
        return None
    return str(name.value.evaluated_value), value.value
