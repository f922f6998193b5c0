"""Tensor facts: the value of an expression at the current program point.

:func:`evaluate` answers "what does this expression hold?" from the analyzer's state:
a leaf that requires grad (``torch.randn(3, requires_grad=True)``, ``nn.Parameter``,
``for p in model.parameters()``, ``self.fc.weight`` after ``self.fc = nn.Linear(...)``),
a view of one, a non-leaf, a tensor without grad, or :data:`UNKNOWN`.

Evaluating an op while autograd records also notes what the op saves for backward
(:mod:`gradlint.engine.saved`): the result carries, in ``deps``, the save records that a
backward through it would reach. Views share their base's identity (one version
counter); ``.detach()`` does too, ``.data`` does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import libcst as cst

from gradlint.engine import gradmode, inplace, saved, torch_api
from gradlint.engine.frozen import frozen_owners
from gradlint.engine.names import argument, canonical, dotted, keyword, literal_bool
from gradlint.engine.torch_api import inplace_tables
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
    Optimizer,
    QualName,
    Seq,
    Tensor,
    Value,
    deps_of,
    join,
    unknown_with,
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


# ---------------------------------------------------------------------- ops


def op_result(
    a: Analyzer,
    operands: list[Value],
    node: cst.CSTNode | None = None,
    match: saved.Match | None = None,
    ident: int | None = None,
    step: int = 0,
) -> Value:
    """The result of a differentiable op on ``operands``, made by ``node``; ``match``
    says which table entries the op may be, to note what it saves (``step`` tells the
    members of one ``nn.Sequential`` call apart)."""
    deps = frozenset().union(*(deps_of(v) for v in operands))
    if any(isinstance(v, Tensor) and v.requires_grad for v in operands):
        mode = recording(a)
        if mode is None:
            return unknown_with(deps)
        if not mode:
            return Tensor(Grad.NONE, node, ident=ident)
        result = Tensor(Grad.NON_LEAF, node, deps, ident)
        if match is not None and node is not None:
            record = a.record_save(node, match, result.ident, step)
            if record is not None:
                result = result.changed(deps=deps | {record})
        return result
    if all(v is PLAIN or (isinstance(v, Tensor) and v.grad == Grad.NONE) for v in operands):
        return Tensor(Grad.NONE, node, ident=ident) if any(isinstance(v, Tensor) for v in operands) else PLAIN
    return unknown_with(deps)


def view_of(a: Analyzer, base: Tensor) -> Value:
    """A view of ``base`` (or ``base`` itself): the same storage and version counter."""
    if base.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF):
        # a view made under no_grad fails differently when written: not ours to judge
        if not recording(a):
            return UNKNOWN
        return Tensor(Grad.VIEW_OF_LEAF, base.node, base.deps, base.ident)
    return Tensor(base.grad, base.node, base.deps, base.ident)


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
        if attr == "data":
            return Tensor(Grad.NONE)  # shares storage, not the version counter
        if attr == "grad":
            return Tensor(Grad.NONE)
        if attr in torch_api.VIEW_ATTRIBUTES:
            return view_of(a, base)
        if attr in torch_api.PLAIN_ATTRIBUTES:
            return PLAIN
        return UNKNOWN
    if isinstance(base, Layer):
        return Tensor(Grad.LEAF) if attr in base.parameters else UNKNOWN
    if isinstance(base, Instance):
        found = base.info.attribute(attr)  # type: ignore[attr-defined]
        if found is UNKNOWN:
            method = base.info.method(attr)  # type: ignore[attr-defined]
            if method is not None:
                return FunctionRef(method)
        return found
    return UNKNOWN


def _constant(a: Analyzer, expr: cst.BaseExpression) -> Value:
    return PLAIN


_OPERATORS = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.Power: "**",
    cst.MatrixMultiply: "@",
    cst.Modulo: "%",
    cst.FloorDivide: "//",
}


def _binary(a: Analyzer, expr: cst.BinaryOperation) -> Value:
    left, right = evaluate(a, expr.left), evaluate(a, expr.right)
    symbol = _OPERATORS.get(type(expr.operator))
    match = saved.operator_match(symbol, left, right) if symbol else None
    return op_result(a, [left, right], expr, match)


def _unary(a: Analyzer, expr: cst.UnaryOperation) -> Value:
    if isinstance(expr.operator, cst.Not):
        return PLAIN
    operand = evaluate(a, expr.expression)
    match = saved.negation_match(operand) if isinstance(expr.operator, cst.Minus) else None
    return op_result(a, [operand], expr, match)


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
        kind = _index_kind(a, index)
        match = saved.subscript_match(base, kind) if kind else None
        # a copy (advanced indexing) or a view: not a leaf either way
        return op_result(a, [base], expr, match)
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
    return unknown_with(deps_of(base))


def _index_kind(a: Analyzer, index: object) -> str | None:
    """``i`` for an integer tensor index, ``m`` for a mask; None when unsure."""
    if len(index) != 1 or not isinstance(index[0].slice, cst.Index):  # type: ignore[arg-type]
        return None
    value = evaluate(a, index[0].slice.value)  # type: ignore[index]
    if isinstance(value, Tensor):
        node = index[0].slice.value  # type: ignore[index]
        return "m" if isinstance(node, cst.Comparison) else None
    return None


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


def arguments(a: Analyzer, call: cst.Call) -> tuple[list[Value], set[str]]:
    """The values of the positional arguments (lists kept whole) and the keyword names."""
    values: list[Value] = []
    keywords: set[str] = set()
    for arg in call.args:
        if arg.keyword is not None:
            keywords.add(arg.keyword.value)
        elif arg.star:
            values.append(UNKNOWN)
        else:
            values.append(evaluate(a, arg.value))
    return values, keywords


def flattened(values: list[Value]) -> list[Value]:
    """``torch.cat([a, b])``: the tensors inside list arguments count as operands."""
    flat: list[Value] = []
    for value in values:
        flat.extend(value.items if isinstance(value, Seq) else (value,))
    return flat


def _keyword_values(a: Analyzer, call: cst.Call) -> list[Value]:
    return [evaluate(a, arg.value) for arg in call.args if arg.keyword is not None]


def _call(a: Analyzer, call: cst.Call) -> Value:
    func = call.func
    # the receiver of `x.m()` is evaluated once, for the callee and as the base: twice
    # at every link would make method chains cost exponential time
    base: Value | None = None
    if isinstance(func, cst.Attribute):
        path = dotted(func)
        callee = a.lookup(path) if path is not None else None
        if callee is None:
            base = evaluate(a, func.value)
            callee = attribute_of(a, base, func.attr.value)
    else:
        callee = evaluate(a, func)
    if isinstance(callee, QualName):
        return _call_qualname(a, callee.name, call)
    if isinstance(callee, ClassRef):
        return Instance(callee.info)
    if isinstance(callee, Layer):
        values, _ = arguments(a, call)
        return call_layer(a, callee, values, call)
    if isinstance(callee, Instance):
        return _call_module(a, callee, call)
    if isinstance(callee, FunctionRef):
        return unknown_with(_argument_deps(a, call, arguments(a, call)[0]) | {returned_by(callee.node)})
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        if method in ("parameters", "named_parameters"):
            # a module's parameters are leaves that require grad, unless this file
            # freezes that module's parameters somewhere
            owner = dotted(func.value)
            frozen = owner is None or owner in frozen_owners(a)
            if frozen and owner is not None:
                module = a.lookup(owner)
                if isinstance(module, Instance):
                    module.info.frozen = True  # type: ignore[attr-defined]
            element: Value = UNKNOWN if frozen else Tensor(Grad.LEAF)
            return Iterable(element if method == "parameters" else Seq((PLAIN, element)))
        if base is None:
            base = evaluate(a, func.value)
        if isinstance(base, Tensor):
            return tensor_method(a, base, method, call)
        if isinstance(base, (Layer, Instance)) and method in torch_api.MODULE_SELF_METHODS:
            return base  # model.to(device), model.train(): the module itself
        values, _ = arguments(a, call)
        if method == "scale" and len(values) == 1 and isinstance(values[0], Tensor):
            return values[0]  # GradScaler.scale(loss): the loss, scaled
        if method == "requires_grad_" and not isinstance(base, (Layer, Instance)):
            flag = argument(call, 0, "requires_grad")
            if flag is None or literal_bool(flag.value) is True:
                return Tensor(Grad.REQUIRES, call, deps_of(base))  # whatever it was, it requires grad now
        return unknown_with(deps_of(base) | _argument_deps(a, call, values))
    if isinstance(func, cst.Name) and a.lookup(func.value) is None:
        return _builtin(a, func.value, call)
    return unknown_with(_argument_deps(a, call, arguments(a, call)[0]))


def returned_by(function: cst.CSTNode) -> tuple:
    """The dependency that stands for "whatever ``function`` returns": rules link it to
    the function's return statements, walked later or earlier."""
    return ("return", id(function))


def _argument_deps(a: Analyzer, call: cst.Call, values: list[Value]) -> frozenset:
    """What the arguments reach: ``values`` are the positional ones, already evaluated
    (evaluating twice would make nested calls cost exponential time)."""
    return frozenset().union(*(deps_of(v) for v in values + _keyword_values(a, call)))


def _call_module(a: Analyzer, instance: Instance, call: cst.Call) -> Value:
    """Calling an ``nn.Module`` of this file runs its ``forward``: with trainable
    parameters (and grad on) the output requires grad; it depends on what forward returns."""
    info = instance.info
    forward = info.method("forward")  # type: ignore[attr-defined]
    deps = _argument_deps(a, call, arguments(a, call)[0])
    if forward is not None:
        deps |= {returned_by(forward)}
    owner = dotted(call.func)
    frozen = info.frozen or (owner is not None and owner in frozen_owners(a))  # type: ignore[attr-defined]
    if frozen or not info.has_trainable_parameters():  # type: ignore[attr-defined]
        return unknown_with(deps)
    mode = recording(a)
    if mode is None:
        return unknown_with(deps)
    return Tensor(Grad.NON_LEAF if mode else Grad.NONE, call, deps if mode else frozenset())


def _call_qualname(a: Analyzer, name: str, call: cst.Call) -> Value:
    if name in torch_api.FACTORIES:
        return _new_tensor(call, keyword(call, "requires_grad"))
    if name == torch_api.PARAMETER:
        flag = argument(call, 1, "requires_grad")
        return _new_tensor(call, flag, default=True)
    if name in torch_api.LAYERS or name in torch_api.MODULE_OPS or name == torch_api.SEQUENTIAL:
        return make_layer(a, name, call)
    if name in gradmode.CONTEXT_CLASSES:
        return GradModeContext(gradmode.context_mode(name, call) or gradmode.KEEP)
    if torch_api.is_optimizer_class(name):
        return Optimizer()
    if name.startswith("torch.nn.init."):
        first = argument(call, 0, "tensor")
        return evaluate(a, first.value) if first is not None else UNKNOWN
    if _is_tensor_function(name):
        values, keywords = arguments(a, call)
        flat = flattened(values)
        if inplace.is_inplace_function(name, call) and flat:
            return flat[0]
        if not any(isinstance(v, Tensor) for v in flat):
            # torch.load(path), torch.from_numpy(array): nothing to go on
            return unknown_with(frozenset().union(*(deps_of(v) for v in flat)))
        return op_result(a, flat, call, saved.function_match(name, values, keywords))
    return UNKNOWN


_TENSOR_NAMESPACES = ("torch.nn.functional.", "torch.linalg.", "torch.fft.", "torch.special.")


def _is_tensor_function(name: str) -> bool:
    """``torch.exp``, ``F.relu``, ``torch.linalg.norm``: functions of tensors."""
    return (name.startswith("torch.") and name.count(".") == 1) or name.startswith(_TENSOR_NAMESPACES)


def make_layer(a: Analyzer, name: str, call: cst.Call) -> Value:
    """``nn.Linear(...)``, ``nn.ReLU(inplace=True)``, ``nn.Sequential(...)``."""
    if name == torch_api.SEQUENTIAL:
        members = [evaluate(a, arg.value) for arg in call.args if arg.keyword is None and not arg.star]
        if not members or not all(isinstance(m, Layer) for m in members) or len(members) != len(call.args):
            return UNKNOWN
        return Layer(name, (), members=tuple(members))  # type: ignore[arg-type]
    parameters: tuple[str, ...] = ()
    if name in torch_api.LAYERS:
        parameters = _layer_parameters(call, *torch_api.LAYERS[name])
    spec = torch_api.MODULE_OPS.get(name)
    in_place = False
    if spec is not None and spec.inplace is not None:
        flag = argument(call, spec.inplace, "inplace")
        in_place = flag is not None and literal_bool(flag.value) is True
    return Layer(name, parameters, inplace=in_place)


def call_layer(a: Analyzer, layer: Layer, values: list[Value], call: cst.Call, step: int = 0) -> Value:
    """What calling a layer returns; an in-place activation returns its input, written."""
    if layer.members:
        result = values[0] if values else UNKNOWN
        for index, member in enumerate(layer.members):
            result = call_layer(a, member, [result], call, step=index + 1)
        return result
    spec = torch_api.MODULE_OPS.get(layer.qualname)
    first = values[0] if values else UNKNOWN
    ident = first.ident if layer.inplace and isinstance(first, Tensor) else None
    if ident is None and step:
        ident = hash((id(call), step))
    if spec is None:
        leaves = [Tensor(Grad.LEAF) for _ in layer.parameters]
        return op_result(a, leaves + values, None, ident=ident)
    operands: dict[str, Value] = dict(zip(spec.inputs, values))
    for parameter, letter in spec.parameters:
        if parameter in layer.parameters:
            operands[letter] = Tensor(Grad.LEAF)
    match = saved.Match(((spec.key, operands),))
    result = op_result(a, list(operands.values()), call, match, ident=ident, step=step)
    if layer.inplace and isinstance(first, Tensor) and isinstance(result, Tensor):
        return first.changed(
            grad=result.grad if first.grad == Grad.NONE else None, deps=first.deps | result.deps
        )
    return result


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


def instance_of(a: Analyzer, cls: Value) -> Value:
    """What an object of type ``cls`` is known to hold, from an annotation."""
    if isinstance(cls, ClassRef):
        return Instance(cls.info)
    if isinstance(cls, QualName) and cls.name in torch_api.LAYERS:
        parameters, switches = torch_api.LAYERS[cls.name]
        switchable = {name for _, removed in switches.values() for name in removed}
        return Layer(cls.name, tuple(p for p in parameters if p not in switchable))
    return UNKNOWN


def tensor_method(a: Analyzer, base: Tensor, method: str, call: cst.Call) -> Value:
    if method == "requires_grad_":
        flag = argument(call, 0, "requires_grad")
        requires = True if flag is None else literal_bool(flag.value)
        return with_requires_grad(base, requires)
    if method == "detach":
        return Tensor(Grad.NONE, base.node, ident=base.ident)  # shares the version counter
    if method == "detach_" or method in torch_api.NO_GRAD_METHODS:
        return Tensor(Grad.NONE, call)
    if method in torch_api.FACTORY_METHODS:
        return _new_tensor(call, keyword(call, "requires_grad"))
    if method in torch_api.PLAIN_METHODS:
        return PLAIN
    if method in inplace_tables().tensor_methods:
        return base
    if method in torch_api.VIEW_METHODS:
        return view_of(a, base)
    if method in torch_api.MAYBE_SELF_METHODS:
        if base.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF):
            return Tensor(Grad.REQUIRES, call, base.deps)
        return Tensor(base.grad, call, base.deps)
    values, keywords = arguments(a, call)
    match = saved.method_match(method, base, values, keywords)
    return op_result(a, [base, *flattened(values)], call, match)


def with_requires_grad(base: Tensor, requires: bool | None) -> Value:
    if requires is None:
        return UNKNOWN
    if base.grad in (Grad.NONE, Grad.LEAF):
        return base.changed(grad=Grad.LEAF if requires else Grad.NONE)
    if requires and base.requires_grad:
        return base
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
    if name in ("sum", "max", "min") and values:
        return unknown_with(frozenset().union(*(deps_of(v) for v in values)))
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
