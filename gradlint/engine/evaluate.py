"""Expressions, evaluated once each during the flow walk, with their effects.

:class:`Evaluator` holds one function's walk: its state, the loops and branches
around the current point, and the events it emits. :meth:`Evaluator.value` answers
"what does this expression hold here?" — a leaf that requires grad
(``torch.randn(3, requires_grad=True)``, ``nn.Parameter``, ``for p in
model.parameters()``, ``self.fc.weight``), a view of one, a non-leaf, a tensor without
grad, a module, a container, or :data:`UNKNOWN` — and records what evaluating it does:
in-place writes, ops that save tensors for backward, backward, optimizer steps, the
clearing of gradients, calls of the file's functions (whose summaries it applies).

Views share their base's identity (one version counter); ``.detach()`` does too,
``.data`` does not.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Callable, Protocol, cast

import libcst as cst

from gradlint.engine import gradmode, saved, torch_api
from gradlint.engine.events import (
    Accumulate,
    Backward,
    CallEdge,
    CallerCall,
    CallStep,
    Event,
    GradRead,
    MethodCall,
    OptimizerMade,
    Rebind,
    Save,
    Step,
    TorchCall,
    Write,
    Zero,
)
from gradlint.engine.model import (
    KEYWORD_ONLY,
    POSITIONAL,
    STAR,
    STARSTAR,
    ClassInfo,
    FunctionInfo,
    ProgramModel,
)
from gradlint.engine.names import canonical, dotted
from gradlint.engine.state import State
from gradlint.engine.summaries import Binding, ClassSummary, FunctionSummary, bind, bind_event
from gradlint.engine.timeline import ANY
from gradlint.engine.torch_api import inplace_tables
from gradlint.engine.tree import children
from gradlint.engine.values import (
    ABSENT,
    INT,
    PLAIN,
    UNKNOWN,
    ClassRef,
    Const,
    Deferred,
    Derived,
    FunctionRef,
    Grad,
    GradModeContext,
    Instance,
    Iterable,
    LambdaRef,
    Layer,
    Mapping,
    OneOf,
    Optimizer,
    Origin,
    Param,
    QualName,
    Seq,
    Tensor,
    Value,
    depends_on_caller,
    deps_of,
    ident_of,
    is_plain,
    join,
    module_ident,
    one_of,
    options_of,
    requires_grad_of,
    tensor_like,
    unknown_with,
)

#: how deep callee events are carried into callers (helper -> helper -> ...)
MAX_CALL_DEPTH = 4
#: the most events a stream takes from callees: beyond it, calls are opaque
MAX_EXPANDED = 20000

_LOSS_OWNERS = ("accelerator", "fabric")
# opt, optim, optimizer, opt_d, d_opt, optimizer_G, g_optimizer, self.optim_g ...
_OPTIMIZER_NAME = re.compile(r"(^|_)(opt|optim|optimizer)($|_)|optim", re.IGNORECASE)
_NOT_OPTIMIZER = re.compile(r"sched|lr_|warmup", re.IGNORECASE)
_TENSOR_NAMESPACES = ("torch.nn.functional.", "torch.linalg.", "torch.fft.", "torch.special.")
_TORCH = "torch."
_FUNCTIONAL = "torch.nn.functional."
_ALLOW_MUTATION = "torch.autograd.graph.allow_mutation_on_saved_tensors"
#: the op of a Derived that is ``t.detach()`` of a callee's tensor
DETACH = "detach"
#: the path step to an optimizer's parameters (what its step writes)
OPTIMIZED = "<parameters>"
#: methods of training frameworks that hand back what they are given, wrapped
_WRAPPING_METHODS = frozenset({"setup", "prepare", "initialize", "setup_module", "setup_optimizers"})
#: methods whose result, on a value we cannot tell, shares no graph with it
_GRAPH_CUTTING_METHODS = frozenset({"detach", "item", "tolist", "numpy"})
#: the events a caller's stream takes from its callees
_CARRIED = (
    Write,
    Save,
    Backward,
    Step,
    Zero,
    CallerCall,
    GradRead,
    MethodCall,
    TorchCall,
    Rebind,
    Accumulate,
)
#: the methods MethodCall events are made for
_OBSERVED_METHODS = frozenset({"numpy", "retain_grad", "requires_grad_", "new_tensor"})
#: device moves and casts, observed on leaves that require grad
_CONVERSIONS = frozenset("to cuda cpu double half bfloat16 float type".split())


class Host(Protocol):
    """What an evaluator needs from the analysis of the whole file."""

    model: ProgramModel

    def summary(self, function: FunctionInfo) -> FunctionSummary | None: ...

    def class_summary(self, info: ClassInfo) -> ClassSummary: ...

    def note_call(self, name: str, grad: str, function: FunctionInfo | None) -> None: ...

    def rekeyed(self, summary: FunctionSummary) -> frozenset: ...

    def self_values(self, method: FunctionInfo) -> dict[str, Value]: ...


class Scope:
    """Names bound in a function, a class body or the module: each name's join over
    every binding of it (what a closure or a global read sees)."""

    __slots__ = ("kind", "parent", "bindings", "globals")

    def __init__(self, kind: str, parent: Scope | None) -> None:
        self.kind = kind  # "module", "class" or "function"
        self.parent = parent
        self.bindings: dict[str, Value] = {}
        self.globals: set[str] = set()

    def root(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


@dataclass
class Arg:
    """A call's argument, evaluated once."""

    keyword: str | None
    star: str  # "", "*" or "**"
    value: Value
    expr: cst.BaseExpression
    #: "argument", or "submodule" for what ``module.apply(fn)`` passes to ``fn``
    role: str = "argument"


class Args:
    def __init__(self, args: list[Arg]) -> None:
        self.all = args

    @property
    def positional(self) -> list[Value]:
        return [a.value for a in self.all if a.keyword is None and not a.star]

    @property
    def keywords(self) -> set[str]:
        return {a.keyword for a in self.all if a.keyword is not None}

    @property
    def starred(self) -> bool:
        return any(a.star for a in self.all)

    def get(self, position: int, name: str | None = None) -> Arg | None:
        """The argument at ``position`` or by keyword ``name``; None when absent or
        hidden behind ``*args``."""
        if name is not None:
            for arg in self.all:
                if arg.keyword == name:
                    return arg
        index = 0
        for arg in self.all:
            if arg.keyword is not None:
                continue
            if arg.star:
                return None
            if index == position:
                return arg
            index += 1
        return None

    def deps(self) -> frozenset:
        return frozenset().union(*(deps_of(a.value) for a in self.all))

    def values(self) -> list[Value]:
        return [a.value for a in self.all]


def literal(expr: cst.BaseExpression) -> Value:
    """The value of a literal, or :data:`UNKNOWN`."""
    if isinstance(expr, cst.Name) and expr.value in ("True", "False", "None"):
        return Const({"True": True, "False": False, "None": None}[expr.value])
    if isinstance(expr, (cst.Integer, cst.Float)):
        return Const(_number(expr))
    if isinstance(expr, cst.SimpleString):
        return Const(_string(expr))
    if (
        isinstance(expr, cst.UnaryOperation)
        and isinstance(expr.operator, cst.Minus)
        and isinstance(expr.expression, (cst.Integer, cst.Float))
    ):
        return Const(-_number(expr.expression))
    return UNKNOWN


def _number(node: cst.Integer | cst.Float) -> int | float:
    """``evaluated_value`` without ``ast.literal_eval`` (which compiles the text)."""
    text = node.value.replace("_", "")
    try:
        return int(text, 0) if isinstance(node, cst.Integer) else float(text)
    except ValueError:
        return node.evaluated_value


def _string(node: cst.SimpleString) -> str | bytes:
    """``evaluated_value`` without compiling the literal (a docstring is a literal too):
    the text between the quotes when nothing in it is an escape."""
    prefix = node.prefix.lower()
    if prefix in ("", "u", "r") and (prefix == "r" or "\\" not in node.value):
        quote = node.quote
        return node.value[len(prefix) + len(quote) : len(node.value) - len(quote)]
    return node.evaluated_value


def truthy(value: Value) -> bool | None:
    if isinstance(value, Const):
        return bool(value.value)
    return None


class Evaluator:
    """One walk: a function's body (or the module's), with its state and events."""

    def __init__(
        self, host: Host, function: FunctionInfo | None, scope: Scope, state: State, module: cst.Module
    ) -> None:
        self.host = host
        self.model = host.model
        self.module = module
        self.function = function
        self.scope = scope
        self.state = state
        self.events: list[Event] = []
        self.structure: list[tuple] = []
        self.guards: list[tuple[str, bool]] = []
        self.statement: cst.SimpleStatementLine | None = None
        self.block: cst.CSTNode | None = None
        self.mutation_allowed = False
        self.expanded = 0
        self.yields = False  # a yield was met: the function is a generator
        self._running: set[int] = set()  # calls of what a caller passed, being run here
        self._expression_statement: cst.CSTNode | None = None
        self.chain: tuple = ()
        self._lambdas: list[cst.Lambda] = []
        self._comprehensions = 0
        #: inside Accelerate's ``with accelerator.accumulate(...)``: the prepared
        #: optimizer's step and zero_grad run on sync steps only (a pseudo-branch)
        self.sync_only: tuple | None = None

    # ------------------------------------------------------------------ events

    def emit(self, event_type: type, node: cst.CSTNode, **fields: object) -> None:
        if self.state.dead:
            return
        self.events.append(
            event_type(
                node=node,
                structure=tuple(self.structure),
                grad=self.state.grad,
                statement=self.statement,
                block=self.block,
                mutation_allowed=self.mutation_allowed,
                guards=tuple(self.guards),
                **fields,
            )
        )

    def recording(self, mode: str | None = None) -> bool | None:
        """Whether autograd records ops here (or in grad mode ``mode``): True, False, or
        None when unknown. A function body inherits its caller's mode, which is enabled
        in most code."""
        mode = mode or self.state.grad
        if mode in (gradmode.ENABLED, gradmode.INHERITED):
            return True
        if mode == gradmode.DISABLED:
            return False
        return None

    # ------------------------------------------------------------------ names

    def lookup(self, path: str) -> Value | None:
        """The value bound to a name or dotted path, None if nothing is bound to it."""
        found = self.state.get(path)
        if found is not None:
            return found
        if "." in path:
            return None
        scope = self.scope
        if path in scope.globals:
            return scope.root().bindings.get(path)
        scope = scope.parent  # type: ignore[assignment]
        while scope is not None:
            if scope.kind != "class":
                found = scope.bindings.get(path)
                if found is not None:
                    return found
            scope = scope.parent  # type: ignore[assignment]
        return None

    def bind(self, path: str, value: Value, node: cst.CSTNode | None = None) -> None:
        self.state.bind(path, value)
        if "." not in path:
            scope = self.scope.root() if path in self.scope.globals else self.scope
            previous = scope.bindings.get(path)
            scope.bindings[path] = value if previous is None else join(previous, value)
        if node is not None and (isinstance(value, Optimizer) or _looks_like_optimizer(path)):
            self.emit(OptimizerMade, node, path=path)

    def qualname(self, expr: cst.BaseExpression) -> str | None:
        """The canonical dotted name of the imported object ``expr`` refers to, without
        evaluating anything (for decorators and ``with`` items)."""
        path = dotted(expr)
        if path is None:
            return None
        root, _, rest = path.partition(".")
        found = self.lookup(root)
        if isinstance(found, QualName):
            return canonical(found.name + ("." + rest if rest else ""))
        return None

    # ------------------------------------------------------------------ expressions

    def value(self, expr: cst.BaseExpression) -> Value:
        evaluator = _EVALUATORS.get(type(expr))
        if evaluator is None:
            for child in _expression_children(expr):
                self.value(child)
            return UNKNOWN
        return evaluator(self, expr)

    def _name(self, expr: cst.Name) -> Value:
        found = self.lookup(expr.value)
        if found is not None:
            return found
        if expr.value in ("True", "False", "None"):
            return literal(expr)
        return UNKNOWN

    def _attribute(self, expr: cst.Attribute) -> Value:
        path = dotted(expr)
        if path is not None:
            found = self.lookup(path)
            if found is not None:
                return found
        base = self.value(expr.value)
        if expr.attr.value == "grad" and (tensor_like(base) or isinstance(base, (Param, OneOf, Deferred))):
            self.emit(GradRead, expr, target=expr.value, value=base)
        return self.attribute_of(base, expr.attr.value)

    def attribute_of(self, base: Value, attr: str) -> Value:
        if isinstance(base, QualName):
            return QualName(canonical(f"{base.name}.{attr}"))
        if isinstance(base, OneOf):
            found = [self.attribute_of(option, attr) for option in base.options]
            kept = tuple(f for f in found if f is not ABSENT)
            return one_of(kept) if kept else ABSENT
        if isinstance(base, Param):
            return base.step(("attr", attr))
        if attr == "param_groups":
            return Iterable(Mapping({"params": Iterable(Tensor(Grad.LEAF))}))
        if isinstance(base, Tensor):
            return self._tensor_attribute(base, attr)
        if isinstance(base, Derived):
            if attr in ("data", "grad"):
                return Tensor(Grad.NONE)
            if attr in torch_api.PLAIN_ATTRIBUTES:
                return PLAIN
            if attr in torch_api.VIEW_ATTRIBUTES or attr == "values":
                return base
            if attr == "indices":
                return Tensor(Grad.NONE, dtype="int")
            return UNKNOWN
        if isinstance(base, Layer):
            return self._layer_attribute(base, attr)
        if isinstance(base, Instance):
            return self.instance_attribute(base, attr)
        if isinstance(base, ClassRef):
            method = base.info.method(attr)
            return FunctionRef(method) if method is not None else UNKNOWN
        return UNKNOWN

    def _tensor_attribute(self, base: Tensor, attr: str) -> Value:
        if attr == "data":
            return Tensor(Grad.NONE)  # shares storage, not the version counter
        if attr == "grad":
            return Tensor(Grad.NONE)
        if attr in torch_api.VIEW_ATTRIBUTES:
            return self.view_of(base)
        if attr == "values":  # of what `t.max(dim)`, `t.sort()`, `t.topk(k)` return: the result
            return base
        if attr == "indices":
            return Tensor(Grad.NONE, dtype="int")
        if attr == "shape":
            return Iterable(INT)
        if attr == "ndim":
            return INT
        if attr in torch_api.PLAIN_ATTRIBUTES:
            return PLAIN
        return UNKNOWN

    def _layer_attribute(self, layer: Layer, attr: str) -> Value:
        if attr in layer.parameters:
            return layer.parameter(attr)
        if layer.keys is not None and attr in layer.keys:
            return layer.members[layer.keys.index(attr)]
        if layer.qualname in torch_api.CONTAINERS or layer.qualname in torch_api.LAYERS:
            full = torch_api.LAYERS.get(layer.qualname, ((), {}))[0]
            if attr in full:
                return UNKNOWN  # switched off by a flag we could not read
        return UNKNOWN

    def instance_attribute(self, instance: Instance, attr: str) -> Value:
        own = instance.attrs.get(attr)
        if own is not None:
            return own
        summary = self.host.class_summary(instance.info)
        found = summary.attributes.get(attr)
        if found is not None:
            if not depends_on_caller(found):
                return found
            # what the constructor was given: known per instance; in the class's own
            # methods, whatever the instance a caller calls them on holds
            self_name = self.function.self_name if self.function is not None else None
            if self_name is not None and self.lookup(self_name) is instance:
                return Param(self_name, (("attr", attr),))
            return UNKNOWN
        method = instance.info.method(attr)
        if method is not None:
            return FunctionRef(method, bound=instance)
        return UNKNOWN

    def _constant(self, expr: cst.BaseExpression) -> Value:
        if isinstance(expr, cst.FormattedString):
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    self.value(part.expression)
            return PLAIN
        if isinstance(expr, cst.ConcatenatedString):
            self.value(expr.left)
            self.value(expr.right)
            return PLAIN
        return literal(expr) if not isinstance(expr, cst.Imaginary) else PLAIN

    def _comparison(self, expr: cst.Comparison) -> Value:
        self.value(expr.left)
        for target in expr.comparisons:
            self.value(target.comparator)
        return PLAIN

    def _binary(self, expr: cst.BinaryOperation) -> Value:
        left, right = self.value(expr.left), self.value(expr.right)
        if isinstance(left, Seq) and isinstance(right, Seq) and isinstance(expr.operator, cst.Add):
            return Seq(left.items + right.items, left.exact and right.exact)
        if isinstance(left, Iterable) and isinstance(right, Iterable) and isinstance(expr.operator, cst.Add):
            # list(a.parameters()) + list(b.parameters())
            return Iterable(join(left.element, right.element), left.owners + right.owners)
        if _int_like(left) and _int_like(right) and isinstance(expr.operator, _INT_OPERATORS):
            return INT  # `n + 1`, `2 * depth`
        symbol = _OPERATORS.get(type(expr.operator))
        match = saved.operator_match(symbol, left, right) if symbol else None
        return self.op_result([left, right], expr, match)

    def _unary(self, expr: cst.UnaryOperation) -> Value:
        operand = self.value(expr.expression)
        if isinstance(expr.operator, cst.Not):
            return PLAIN
        if (
            isinstance(expr.operator, cst.Minus)
            and isinstance(operand, Const)
            and isinstance(operand.value, (int, float))
        ):
            return Const(-operand.value)
        match = saved.negation_match(operand) if isinstance(expr.operator, cst.Minus) else None
        return self.op_result([operand], expr, match)

    def _boolean(self, expr: cst.BooleanOperation) -> Value:
        return join(self.value(expr.left), self.value(expr.right))

    def _if_exp(self, expr: cst.IfExp) -> Value:
        self.value(expr.test)
        return join(self.value(expr.body), self.value(expr.orelse))

    def _sequence(self, expr: cst.Tuple | cst.List | cst.Set) -> Value:
        items: list[Value] = []
        exact = True
        for element in expr.elements:
            found = self.value(element.value)
            if isinstance(element, cst.StarredElement):
                exact = False
                items.extend(found.items if isinstance(found, Seq) else ())
                continue
            items.append(found)
        if isinstance(expr, cst.Set):
            exact = False
        return Seq(tuple(items), exact)

    def _dict(self, expr: cst.Dict) -> Value:
        items: dict[str, Value] = {}
        known = True
        for element in expr.elements:
            if isinstance(element, cst.DictElement):
                key = self.value(element.key)
                found = self.value(element.value)
                if isinstance(key, Const) and isinstance(key.value, str):
                    items[key.value] = found
                else:
                    known = False
            else:
                self.value(element.value)
                known = False
        return Mapping(items, ABSENT if not expr.elements else None) if known else UNKNOWN

    def _comprehension(self, expr: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp) -> Value:
        """Evaluated once, with each target bound to an element of its iterable:
        ``[p for p in model.parameters() if p.requires_grad]`` keeps the elements,
        ``[Block(c) for c in widths]`` holds a Block."""
        mark = self.state.checkpoint()
        self._comprehensions += 1
        for_in: cst.CompFor | None = expr.for_in
        while for_in is not None:
            iterable = self.value(for_in.iter)
            self.bind_target(for_in.target, self.element_of(iterable))
            for condition in for_in.ifs:
                self.value(condition.test)
            for_in = for_in.inner_for_in
        if isinstance(expr, cst.DictComp):
            self.value(expr.key)
            found = self.value(expr.value)
            result: Value = (
                Mapping({}, found) if found is not UNKNOWN and not isinstance(found, OneOf) else UNKNOWN
            )
        else:
            element = self.value(expr.elt)
            result = UNKNOWN if element is UNKNOWN else Seq(options_of(element), exact=False)
            if isinstance(expr, cst.GeneratorExp) and element is not UNKNOWN:
                result = Iterable(element)
        self._comprehensions -= 1
        self.state.rollback(mark)
        return result

    def _yield(self, expr: cst.Yield) -> Value:
        self.yields = True
        if isinstance(expr.value, cst.From):
            self.value(expr.value.item)
        elif expr.value is not None:
            self.value(expr.value)
        return UNKNOWN

    def _lambda(self, expr: cst.Lambda) -> Value:
        for param in _lambda_params(expr.params):
            if param.default is not None:
                self.value(param.default)
        mark = self.state.checkpoint()
        for param in _lambda_params(expr.params):
            self.state.bind(param.name.value, UNKNOWN)
        self.value(expr.body)
        self.state.rollback(mark)
        return LambdaRef(expr)

    def call_lambda(self, ref: LambdaRef, args: Args) -> Value:
        """What a lambda returns for these arguments (its body's events were recorded
        where it was written)."""
        node = cast(cst.Lambda, ref.node)
        params = _lambda_params(node.params)
        if args.starred or len(self._lambdas) > 3:
            return UNKNOWN
        mark = self.state.checkpoint()
        self._lambdas.append(node)
        try:
            for index, param in enumerate(params):
                given = args.get(index, param.name.value)
                default = literal(param.default) if param.default is not None else UNKNOWN
                self.state.bind(param.name.value, given.value if given is not None else default)
            return self._quiet(lambda: self.value(node.body))
        finally:
            self._lambdas.pop()
            self.state.rollback(mark)

    def _named_expr(self, expr: cst.NamedExpr) -> Value:
        found = self.value(expr.value)
        self.bind_target(expr.target, found)
        return found

    def _await(self, expr: cst.Await) -> Value:
        self.value(expr.expression)
        return UNKNOWN

    def _subscript(self, expr: cst.Subscript) -> Value:
        key = item_path(expr)
        if key is not None:
            found = self.state.get(key)
            if found is not None:
                for element in expr.slice:
                    part = element.slice
                    if isinstance(part, cst.Index):
                        self.value(part.value)
                return found
        base = self.value(expr.value)
        keys: list[Value] = []
        for element in expr.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                keys.append(self.value(part.value))
            elif isinstance(part, cst.Slice):
                for bound in (part.lower, part.upper, part.step):
                    if bound is not None:
                        self.value(bound)
                keys.append(PLAIN)
        return self.subscript_of(base, expr, keys)

    def subscript_of(self, base: Value, expr: cst.Subscript | None, keys: list[Value]) -> Value:
        if isinstance(base, (Tensor, Derived)) and expr is not None:
            if _basic_index(expr.slice):
                return self.view_of(base) if isinstance(base, Tensor) else base
            kind = _index_kind(expr.slice, keys)
            match = saved.subscript_match(base, kind) if kind else None
            # a copy (advanced indexing) or a view: not a leaf either way
            return self.op_result([base], expr, match)
        key = keys[0] if len(keys) == 1 else None
        if isinstance(key, OneOf) and all(isinstance(k, Const) for k in key.options):
            # `OPS[name]` with `name` each key in turn: each item in turn
            return one_of(tuple(self.item_of(base, cast(Const, k).value) for k in key.options))
        return self.item_of(base, key.value if isinstance(key, Const) else None, known=isinstance(key, Const))

    def item_of(self, base: Value, key: object, known: bool = True) -> Value:
        """``base[key]`` for a container; ``key`` None (and ``known`` False) when unknown."""
        if isinstance(base, Param):
            return base.step(("item", key if known else None))
        if isinstance(base, OneOf):
            return one_of(tuple(self.item_of(option, key, known) for option in base.options))
        if isinstance(base, Seq):
            if known and isinstance(key, int) and base.exact and -len(base.items) <= key < len(base.items):
                return base.items[key]
            return base.any_item()
        if isinstance(base, Iterable):
            return base.element
        if isinstance(base, Mapping):
            if known and isinstance(key, str):
                return base.items.get(key, base.default)
            return base.default if not base.items else UNKNOWN

        if isinstance(base, Layer) and base.qualname in torch_api.CONTAINERS:
            if base.keys is not None and known and key in base.keys:
                return base.members[base.keys.index(cast(str, key))]
            if (
                known
                and isinstance(key, int)
                and base.ordered
                and -len(base.members) <= key < len(base.members)
            ):
                return base.members[key]
            return Seq(base.members, exact=False).any_item()
        if isinstance(base, Tensor) and key is None:
            return self.view_of(base)
        return unknown_with(deps_of(base))

    def element_of(self, value: Value) -> Value:
        """What iterating over ``value`` yields: each of its elements in turn."""
        if isinstance(value, Param):
            return value.step(("each",))
        if isinstance(value, Iterable):
            return value.element
        if isinstance(value, Seq):
            return value.element()
        if isinstance(value, OneOf):
            return one_of(tuple(self.element_of(option) for option in value.options))
        if isinstance(value, Mapping):
            return one_of(tuple(Const(key) for key in value.items)) if value.items else PLAIN  # its keys
        if isinstance(value, Layer) and value.qualname in torch_api.CONTAINERS:
            if value.qualname in torch_api.DICT_CONTAINERS:
                return PLAIN
            return one_of(value.members)
        if isinstance(value, Tensor):
            return self.view_of(value)  # a, b = t.chunk(2): views of one tensor
        if isinstance(value, Derived):
            return value
        return UNKNOWN

    # ------------------------------------------------------------------ ops

    def view_of(self, base: Tensor) -> Value:
        """A view of ``base`` (or ``base`` itself): the same storage and version counter."""
        if base.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF):
            # a view made under no_grad fails differently when written: not ours to judge
            if not self.recording():
                return UNKNOWN
            return base.replaced(grad=Grad.VIEW_OF_LEAF)
        return base

    def op_result(
        self,
        operands: list[Value],
        node: cst.CSTNode | None = None,
        match: saved.Match | None = None,
        ident: object = None,
        step: int = 0,
        chain: tuple | None = None,
        grad: str | None = None,
    ) -> Value:
        """The result of a differentiable op on ``operands``, made by ``node``; ``match``
        says which table entries the op may be, to note what it saves (``step`` tells
        the members of one ``nn.Sequential`` call apart). With ``chain`` the op is a
        callee's, recomputed for a caller in grad mode ``grad``: its save was carried
        as an event already."""
        deps = frozenset().union(*(deps_of(v) for v in operands))
        if node is not None and chain is None and any(depends_on_caller(v) for v in operands):
            derived_ident = ident if ident is not None else ("op", id(node), step)
            if match is not None and self.recording() is not False:
                key = self._note_save(node, match, derived_ident, step, derived=True)
                if key is not None:
                    deps = deps | {key}
            return Derived(node, tuple(operands), (match, step, self.state.grad), derived_ident, deps)
        requires = [requires_grad_of(v) for v in operands]
        if any(isinstance(v, Tensor) and v.unrecorded for v in operands) and self.recording(grad) is False:
            return Tensor(Grad.NONE, ident, unrecorded=True)  # whatever the other operands are
        if any(requires):
            mode = self.recording(grad)
            if mode is None:
                return unknown_with(deps)
            if not mode:
                return Tensor(Grad.NONE, ident, unrecorded=True)
            result = Tensor(Grad.NON_LEAF, ident, deps)
            if match is not None and node is not None:
                key = self._note_save(node, match, result.ident, step, chain=chain)
                if key is not None:
                    result = result.changed(deps=deps | {key})
            return result
        if all(r is False for r in requires):
            if any(tensor_like(v) for v in operands):
                unrecorded = any(isinstance(v, Tensor) and v.unrecorded for v in operands)
                return Tensor(Grad.NONE, ident, unrecorded=unrecorded)
            return PLAIN
        return unknown_with(deps)

    def _note_save(
        self,
        node: cst.CSTNode,
        match: saved.Match,
        result: object,
        step: int,
        derived: bool = False,
        chain: tuple | None = None,
    ) -> tuple | None:
        """Record what the op at ``node`` saves for backward; its key, or None when it
        saves nothing that can be told apart."""
        identities = saved.saved_identities(match, result)
        key: tuple = (id(node), step) if not chain else (id(node), step, chain)
        if chain is not None:
            return key if identities else None  # the callee's Save event carries it
        if not identities and not derived:
            return None
        self.emit(
            Save,
            node,
            key=key,
            op=match.options[0][0],
            saved=identities,
            match=match,
            result=result,
        )
        return key

    # ------------------------------------------------------------------ calls

    def _arguments(self, call: cst.Call) -> Args:
        found = []
        for arg in call.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            found.append(Arg(keyword, arg.star, self.value(arg.value), arg.value))
        return Args(found)

    def _call(self, call: cst.Call) -> Value:
        func = call.func
        name = (
            func.attr.value
            if isinstance(func, cst.Attribute)
            else func.value
            if isinstance(func, cst.Name)
            else None
        )
        if name is not None and not self.state.dead:
            self.host.note_call(name, self.state.grad, self.function)
        if isinstance(func, cst.Attribute):
            path = dotted(func)
            bound = self.lookup(path) if path is not None else None
            if bound is None:
                receiver = self.value(func.value)
                args = self._arguments(call)
                return self.method_call(call, receiver, func.attr.value, args)
            callee = bound
        else:
            callee = self.value(func)
        args = self._arguments(call)
        return self.call_value(call, callee, args)

    def call_value(self, call: cst.Call, callee: Value, args: Args) -> Value:
        if isinstance(callee, QualName):
            self.emit(
                TorchCall,
                call,
                qualname=callee.name,
                expression_statement=call is self._expression_statement,
                args=tuple((a.keyword, a.value) for a in args.all if not a.star),
            )
            return self.call_qualname(call, callee.name, args)
        if isinstance(callee, ClassRef):
            return self.construct(call, callee.info, args)
        if isinstance(callee, Layer):
            first = args.get(0)
            if dotted(call.func) in self.model.frozen_owners:
                callee = _frozen(callee)  # its parameters are switched off here
            return self.call_layer(
                callee, args.positional, call, target=first.expr if first is not None else None
            )
        if isinstance(callee, Instance):
            if callee.info.method("forward") is None and not callee.info.torch_bases():
                method = callee.info.method("__call__")  # a callable object of the file
                if method is not None:
                    return self.call_function(call, FunctionRef(method, bound=callee), args)
            return self.call_module(call, callee, args)
        if isinstance(callee, FunctionRef):
            return self.call_function(call, callee, args)
        if isinstance(callee, Param):
            passed = tuple((a.keyword, a.value) for a in args.all if a.star != "**")
            self.emit(CallerCall, call, callee=callee, args=passed)
            return Deferred(call, callee, passed, ("deferred", id(call)), self.state.grad)
        if isinstance(callee, LambdaRef):
            return self.call_lambda(callee, args)
        if isinstance(callee, OneOf):
            if not self._comprehensions:
                # a loop's element, called: as its first iteration (`x = block(x)` chains
                # each call's input to the previous result)
                return self.call_value(call, callee.options[0], args)
            # a comprehension calls each with the same arguments (`op(x) for op in ops`)
            return one_of(tuple(self.call_value(call, option, args) for option in callee.options))
        if isinstance(call.func, cst.Name) and self.lookup(call.func.value) is None:
            return self.builtin(call, call.func.value, args)
        return unknown_with(args.deps())

    def method_call(self, call: cst.Call, receiver: Value, method: str, args: Args) -> Value:
        """``receiver.method(args)``: the receiver's attribute called, or the method's
        meaning for tensors, modules, containers and optimizers."""
        func = call.func
        assert isinstance(func, cst.Attribute)
        if method in _OBSERVED_METHODS or (
            method in _CONVERSIONS and isinstance(receiver, Tensor) and receiver.grad == Grad.LEAF
        ):
            passed = tuple((a.keyword, a.value) for a in args.all if not a.star)
            self.emit(MethodCall, call, target=func.value, value=receiver, method=method, args=passed)
        if method in ("append", "insert") and not tensor_like(receiver):
            item = args.get(1 if method == "insert" else 0)
            path = dotted(func.value)
            if item is not None and path is not None and _may_require_grad(item.value):
                self.emit(
                    Accumulate,
                    call,
                    target=func.value,
                    path=path,
                    value=item.value,
                    expr=item.expr,
                    kind=method,
                )
        if isinstance(receiver, (QualName, ClassRef)):
            return self.call_value(call, self.attribute_of(receiver, method), args)
        if isinstance(receiver, Instance):
            attr = self.instance_attribute(receiver, method)
            if attr is not UNKNOWN:
                return self.call_value(call, attr, args)
            if method == "manual_backward":  # a LightningModule's own, inherited
                training = self._training_call(call, receiver, method, args)
                if training is not None:
                    return training
            return self.module_method(call, receiver, method, args)
        if isinstance(receiver, Layer):
            if method in receiver.parameters or (receiver.keys and method in receiver.keys):
                return self.call_value(call, self._layer_attribute(receiver, method), args)
            return self.module_method(call, receiver, method, args)
        if isinstance(receiver, OneOf):
            results = [self.method_call(call, option, method, args) for option in receiver.options]
            return one_of(tuple(results))
        training = self._training_call(call, receiver, method, args)
        if training is not None:
            return training
        if method in ("parameters", "named_parameters") and not tensor_like(receiver):
            return self.module_method(call, receiver, method, args)
        if isinstance(receiver, Tensor):
            return self.tensor_method(call, receiver, method, args)
        if isinstance(receiver, Param):
            written = method in inplace_tables().tensor_methods
            if written:
                self.write(call, func.value, receiver, "method", method, args)
                return receiver
            if method == "requires_grad_":
                return self._made_leaf(call, args)
            if method == "detach_":
                return UNKNOWN
            return receiver.step(("call", method))
        if isinstance(receiver, (Derived, Deferred)):
            # what a callee computes from what its caller passes (``model(x).cpu()``
            # with ``model`` passed in): the same method, once the caller binds it
            return self._derived_method(call, receiver, method, args)
        if isinstance(receiver, Seq) or isinstance(receiver, Mapping):
            return self._container_method(call, receiver, method, args)
        if isinstance(receiver, Optimizer):
            return UNKNOWN
        if (
            method == "scale"
            and len(args.positional) == 1
            and (tensor_like(args.positional[0]) or depends_on_caller(args.positional[0]))
        ):
            return args.positional[0]  # GradScaler.scale(loss): the loss, scaled
        if method in _WRAPPING_METHODS and args.positional and not args.starred:
            # fabric.setup(model, opt), accelerator.prepare(...), amp.initialize(...): the
            # same objects, wrapped, in the order given
            given = args.positional
            return given[0] if len(given) == 1 else Seq(tuple(given))
        if method in inplace_tables().tensor_methods and receiver is not UNKNOWN:
            return receiver
        if method == "requires_grad_":
            return self._made_leaf(call, args)
        if method in torch_api.PLAIN_METHODS and receiver is not UNKNOWN:
            return PLAIN
        if method in ("items", "values") and isinstance(receiver, Layer):
            return UNKNOWN
        if method in _GRAPH_CUTTING_METHODS:
            return UNKNOWN  # whatever it is, it holds none of the receiver's graph
        return unknown_with(deps_of(receiver) | args.deps())

    # ---------------------------------------------------------- torch functions

    def call_qualname(self, call: cst.Call, name: str, args: Args) -> Value:
        if name in torch_api.FACTORIES:
            return self._new_tensor(call, args.get(-1, "requires_grad"), dtype=factory_dtype(name, args))
        if name == torch_api.PARAMETER:
            data = args.get(0, "data")
            dtype = data.value.dtype if data is not None and isinstance(data.value, Tensor) else None
            return self._new_tensor(call, args.get(1, "requires_grad"), default=True, dtype=dtype)
        if name in torch_api.LAYERS or name in torch_api.MODULE_OPS or name in torch_api.CONTAINERS:
            return self.make_layer(name, call, args)
        if name in gradmode.CONTEXT_CLASSES:
            mode = gradmode.context_mode(name, call)
            if name == gradmode.SET_GRAD_ENABLED and mode is not None and call is self._expression_statement:
                self.state.set_grad(mode)
            return GradModeContext(mode or gradmode.KEEP)
        if name == _ALLOW_MUTATION:
            return QualName(_ALLOW_MUTATION + "()")
        if torch_api.is_optimizer_class(name):
            params = args.get(0, "params")
            return Optimizer(("optimizer", id(call), self.chain), _owners(params.value) if params else ())
        if name == "itertools.chain":
            parts = args.positional
            owners = tuple(o for part in parts for o in _owners(part))
            elements = [self.element_of(part) for part in parts]
            if elements and all(e is not UNKNOWN for e in elements):
                merged = elements[0]
                for element in elements[1:]:
                    merged = join(merged, element)
                return Iterable(merged, owners)
            return Iterable(UNKNOWN, owners) if owners else UNKNOWN
        if name.startswith("torch.nn.init."):
            first = args.get(0, "tensor")
            return first.value if first is not None else UNKNOWN
        if name in ("torch.autograd.backward", "torch.autograd.grad"):
            first = args.get(0, "tensors" if name.endswith("backward") else "outputs")
            value = first.value if first is not None else UNKNOWN
            self.emit(
                Backward,
                call,
                target=first.expr if first is not None else None,
                value=value,
                retains_graph=_retains(args),
                accumulates=name.endswith("backward"),
            )
            return UNKNOWN
        if name == "collections.OrderedDict" or name == "dict":
            first = args.get(0)
            if first is not None and isinstance(first.value, Seq):
                return _pairs_to_mapping(first.value)
            return UNKNOWN
        if _is_tensor_function(name):
            kind = self._inplace_function_kind(name, args)
            if kind is not None:
                first = args.get(0, "input")
                if first is not None:
                    op = self.module.code_for_node(call.func)
                    self.write(call, first.expr, first.value, kind, op, args, callee=name)
                    return first.value
            out = args.get(-1, "out")
            if out is not None and args.get(-1, "out") is not None and out.keyword == "out":
                op = self.module.code_for_node(call.func)
                self.write(call, out.expr, out.value, "out", op, args, callee=name)
            flat = _flattened(args.positional)
            if not any(tensor_like(v) or depends_on_caller(v) for v in flat):
                # torch.load(path), torch.from_numpy(array): nothing to go on
                return unknown_with(frozenset().union(*(deps_of(v) for v in flat)))
            return self.op_result(flat, call, saved.function_match(name, args.positional, args.keywords))
        return UNKNOWN

    def _inplace_function_kind(self, name: str, args: Args) -> str | None:
        """``torch.relu_(x)``, ``F.relu_(x)``, ``F.relu(x, inplace=True)``: the first
        argument is written."""
        table = inplace_tables()
        if name.startswith(_FUNCTIONAL):
            short = name[len(_FUNCTIONAL) :]
            if short in table.functional_functions:
                return "function"
            position = table.functional_inplace_flag.get(short)
            if position is not None:
                flag = args.get(position, "inplace")
                if flag is not None and truthy(flag.value) is True:
                    return "inplace-flag"
            return None
        if name.startswith(_TORCH) and name.count(".") == 1 and name[len(_TORCH) :] in table.torch_functions:
            return "function"
        return None

    def _new_tensor(
        self, call: cst.Call, flag: Arg | None, default: bool = False, dtype: str | None = None
    ) -> Value:
        requires: bool | None = default if flag is None else truthy(flag.value)
        if requires is None:
            return UNKNOWN
        grad = Grad.LEAF if requires else Grad.NONE
        return Tensor(grad, ("new", id(call), self.chain), origin=Origin("", call), dtype=dtype)

    # ---------------------------------------------------------- modules

    def make_layer(self, name: str, call: cst.Call, args: Args) -> Value:
        """``nn.Linear(...)``, ``nn.ReLU(inplace=True)``, ``nn.Sequential(...)``, ``nn.ModuleList([...])``."""
        ident = ("layer", id(call), self.chain)
        origin = Origin("", call)
        if name in torch_api.CONTAINERS:
            return self._make_container(name, call, args, ident, origin)
        parameters: tuple[str, ...] = ()
        if name in torch_api.LAYERS:
            parameters = _layer_parameters(args, *torch_api.LAYERS[name])
        spec = torch_api.MODULE_OPS.get(name)
        in_place = False
        if spec is not None and spec.inplace is not None:
            flag = args.get(spec.inplace, "inplace")
            in_place = flag is not None and truthy(flag.value) is True
        options: frozenset = frozenset()
        if name == "torch.nn.Embedding":
            max_norm = args.get(3, "max_norm")
            if max_norm is not None and not (
                isinstance(max_norm.value, Const) and max_norm.value.value is None
            ):
                options = frozenset({"max_norm"})
        return Layer(name, parameters, inplace=in_place, options=options, ident=ident, origin=origin)

    def _make_container(self, name: str, call: cst.Call, args: Args, ident: object, origin: Origin) -> Value:
        if args.starred:
            starred = [a for a in args.all if a.star == "*"]
            if len(starred) == 1 and len(args.all) == 1 and isinstance(starred[0].value, Seq):
                seq = starred[0].value
                return Layer(name, (), members=seq.items, ordered=seq.exact, ident=ident, origin=origin)
            return UNKNOWN
        values = args.positional
        if name == torch_api.SEQUENTIAL:
            if len(values) == 1 and isinstance(values[0], Mapping):
                mapping = values[0]
                return Layer(
                    name,
                    (),
                    members=tuple(mapping.items.values()),
                    keys=tuple(mapping.items),
                    ident=ident,
                    origin=origin,
                )
            return Layer(name, (), members=tuple(values), ident=ident, origin=origin)
        first = values[0] if values else None
        if first is None:
            return Layer(
                name,
                (),
                members=(),
                keys=() if name in torch_api.DICT_CONTAINERS else None,
                ident=ident,
                origin=origin,
            )
        if isinstance(first, Mapping):
            if first.default not in (UNKNOWN, ABSENT):
                members = tuple(first.items.values()) + options_of(first.default)
                return Layer(name, (), members=members, ordered=False, ident=ident, origin=origin)
            return Layer(
                name,
                (),
                members=tuple(first.items.values()),
                keys=tuple(first.items),
                ident=ident,
                origin=origin,
            )
        if isinstance(first, Seq):
            return Layer(name, (), members=first.items, ordered=first.exact, ident=ident, origin=origin)
        if isinstance(first, Iterable) and first.element is not UNKNOWN:
            return Layer(
                name, (), members=options_of(first.element), ordered=False, ident=ident, origin=origin
            )
        return UNKNOWN

    def call_layer(
        self,
        layer: Layer,
        values: list[Value],
        call: cst.Call,
        step: int = 0,
        target: cst.BaseExpression | None = None,
    ) -> Value:
        """What calling a layer returns; an in-place activation writes its input (the
        expression ``target``, or what the member before it in an ``nn.Sequential``
        made) and returns it."""
        if layer.qualname in torch_api.CONTAINERS:
            if layer.qualname != torch_api.SEQUENTIAL or not layer.ordered:
                return unknown_with(frozenset().union(*(deps_of(v) for v in values)))
            result = values[0] if values else UNKNOWN
            for index, member in enumerate(layer.members, start=1):
                if isinstance(member, Layer):
                    written = target if index == 1 else call
                    result = self.call_layer(member, [result], call, step=step * 100 + index, target=written)
                elif isinstance(member, Instance):
                    result = self.call_module(
                        call, member, Args([Arg(None, "", result, call)]), step * 100 + index
                    )
                else:
                    return unknown_with(deps_of(result))
            return result
        spec = torch_api.MODULE_OPS.get(layer.qualname)
        first = values[0] if values else UNKNOWN
        if layer.inplace and target is not None:
            self.write(call, target, first, "inplace-flag", layer.short_name, None, written=False)
        ident = _ident_of(first) if layer.inplace and tensor_like(first) else None
        if ident is None and step:
            ident = ("step", id(call), step, self.chain)
        if "max_norm" in layer.options and "weight" in layer.parameters:
            weight = layer.parameter("weight")
            self.write(call, call, weight, "renorm", layer.short_name, None)
        if spec is None:
            leaves = [layer.parameter(p) for p in layer.parameters]
            return self.op_result(leaves + values, None, ident=ident)
        operands: dict[str, Value] = dict(zip(spec.inputs, values))
        for parameter, letter in spec.parameters:
            if parameter in layer.parameters:
                operands[letter] = layer.parameter(parameter)
        match = saved.Match(((spec.key, operands),))
        others = values[len(spec.inputs) :]  # what the table does not name (an RNN's hidden state)
        result = self.op_result(list(operands.values()) + others, call, match, ident=ident, step=step)
        if layer.inplace and isinstance(first, Tensor) and isinstance(result, Tensor):
            return first.changed(
                grad=result.grad if first.grad == Grad.NONE else None, deps=first.deps | result.deps
            )
        return result

    def _quiet(self, compute: Callable[[], Value]) -> Value:
        """A value computed without recording its events (they are recorded when the
        same computation runs for real)."""
        count = len(self.events)
        result = compute()
        del self.events[count:]
        return result

    def construct(self, call: cst.Call, info: ClassInfo, args: Args) -> Value:
        """``C(...)`` for a class of the file: its ``__init__`` runs with these
        arguments, and what it keeps of them is this instance's."""
        instance = Instance(info)
        init = info.method("__init__")
        if init is None:
            return instance
        bindings: list[Binding] = []
        self.call_function(call, FunctionRef(init, bound=instance), args, bindings=bindings)
        kept = self.host.self_values(init)
        if bindings and kept:
            attrs = {
                name: bind(value, bindings[0]) for name, value in kept.items() if depends_on_caller(value)
            }
            attrs = {name: value for name, value in attrs.items() if value is not UNKNOWN}
            if attrs:
                return Instance(info, attrs)
        return instance

    def call_module(self, call: cst.Call, instance: Instance, args: Args, step: int = 0) -> Value:
        """Calling an ``nn.Module`` of this file runs its ``forward`` (``step``: which
        member of an ``nn.Sequential`` call it is)."""
        info = instance.info
        forward = info.method("forward")
        owner = dotted(call.func)
        frozen = self.host.class_summary(info).frozen or (
            owner is not None and owner in self.model.frozen_owners
        )
        if forward is None or frozen:
            return unknown_with(args.deps())
        return self.call_function(call, FunctionRef(forward, bound=instance), args, step)

    def module_method(self, call: cst.Call, module: Value, method: str, args: Args) -> Value:
        func = call.func
        assert isinstance(func, cst.Attribute)
        if method in ("parameters", "named_parameters"):
            # a module's parameters are leaves that require grad, unless this file
            # freezes that module's parameters somewhere
            owner = dotted(func.value)
            frozen = owner is None or owner in self.model.frozen_owners
            if isinstance(module, Instance):
                summary = self.host.class_summary(module.info)
                if frozen and owner is not None:
                    summary.frozen = True
                frozen = frozen or summary.frozen
            element: Value = UNKNOWN if frozen else Tensor(Grad.LEAF)
            owners = (module,) if isinstance(module, (Layer, Instance)) else ()
            return Iterable(element if method == "parameters" else Seq((PLAIN, element)), owners)
        if method in ("modules", "children", "named_modules", "named_children"):
            found = self.submodules(module, recurse=method in ("modules", "named_modules"))
            element = one_of(tuple(found)) if found else UNKNOWN
            if method.startswith("named_"):
                element = Seq((PLAIN, element)) if element is not UNKNOWN else UNKNOWN
            return Iterable(element) if element is not UNKNOWN else UNKNOWN
        if method in torch_api.MODULE_SELF_METHODS:
            return module
        if method == "apply":
            fn = args.get(0, "fn")
            if fn is not None:
                found = self.submodules(module, recurse=True)
                if found and isinstance(fn.value, FunctionRef):
                    each = Arg(None, "", one_of(tuple(found)), func.value, role="submodule")
                    self.call_function(call, fn.value, Args([each]))
            return module
        if method == "requires_grad_":
            return self._freeze(func.value, module, args)
        if method == "zero_grad":
            self.emit(Zero, call, key=ANY, spelling=self.module.code_for_node(func.value))
            return PLAIN
        if method == "forward":
            if isinstance(module, Instance):
                return self.call_module(call, module, args)
            if isinstance(module, Layer):
                return self.call_layer(module, args.positional, call)
        if method in ("append", "extend", "insert", "add_module", "register_module") and isinstance(
            module, Layer
        ):
            self._grow(func.value, module, method, args)
            return PLAIN
        return unknown_with(args.deps())

    def parameters_of(self, module: Value) -> list[Tensor]:
        """The parameters of a module we know, with their identities (what its
        optimizer updates in place)."""
        found: list[Tensor] = []
        for each in self.submodules(module, recurse=True):
            if isinstance(each, Layer):
                found.extend(each.parameter(name) for name in each.parameters)
            elif isinstance(each, Instance):
                for value in self.host.class_summary(each.info).attributes.values():
                    if isinstance(value, Tensor) and value.grad == Grad.LEAF:
                        found.append(value)
        return found

    def submodules(self, module: Value, recurse: bool, depth: int = 0) -> list[Value]:
        """``module.modules()`` (``recurse``) or ``module.children()``: the modules we
        know it holds, itself first for ``modules()``."""
        found: list[Value] = [module] if recurse and depth == 0 else []
        if depth > 6:
            return found
        children: list[Value] = []
        if isinstance(module, Instance):
            summary = self.host.class_summary(module.info)
            for name in module.info.attribute_names():
                value = summary.attributes.get(name, UNKNOWN)
                children.extend(option for option in options_of(value) if _is_module(option))
        elif isinstance(module, Layer) and module.qualname in torch_api.CONTAINERS:
            if module.qualname not in (torch_api.PARAMETER_LIST, torch_api.PARAMETER_DICT):
                for member in module.members:
                    children.extend(option for option in options_of(member) if _is_module(option))
        for child in children:
            if any(child is seen for seen in found):
                continue
            found.append(child)
            if recurse:
                for below in self.submodules(child, recurse, depth + 1):
                    if not any(below is seen for seen in found):
                        found.append(below)
        return found

    def _freeze(self, receiver: cst.BaseExpression, module: Value, args: Args) -> Value:
        """``model.requires_grad_(False)``: its parameters stop requiring grad; the
        module it returns (``nn.Conv2d(...).requires_grad_(False).to(device)``)."""
        flag = args.get(0, "requires_grad")
        if flag is not None and truthy(flag.value) is True:
            return module
        path = dotted(receiver)
        if isinstance(module, Instance):
            self.host.class_summary(module.info).frozen = True  # every instance: precision first
            return module
        if isinstance(module, Layer):
            frozen = _frozen(module)
            if path is not None:
                self.bind(path, frozen)
            return frozen
        return module

    def _grow(self, receiver: cst.BaseExpression, container: Layer, method: str, args: Args) -> None:
        path = dotted(receiver)
        if path is None:
            return
        added: tuple[Value, ...] = ()
        if method in ("append", "add_module", "register_module", "insert"):
            item = args.get(1 if method in ("add_module", "register_module", "insert") else 0)
            added = (item.value,) if item is not None else (UNKNOWN,)
        elif method == "extend":
            item = args.get(0)
            added = item.value.items if item is not None and isinstance(item.value, Seq) else (UNKNOWN,)
        ordered = container.ordered and method != "insert" and self._straight_line()
        keys = container.keys
        if keys is not None:
            name = args.get(0)
            key = name.value.value if name is not None and isinstance(name.value, Const) else None
            keys = keys + (key,)  # type: ignore[operator]
        self.bind(path, container.replaced(members=container.members + added, ordered=ordered, keys=keys))

    def _straight_line(self) -> bool:
        return not any(frame[0] == "loop" for frame in self.structure)

    def _container_method(self, call: cst.Call, container: Seq | Mapping, method: str, args: Args) -> Value:
        func = call.func
        assert isinstance(func, cst.Attribute)
        path = dotted(func.value)
        if isinstance(container, Seq) and method in ("append", "extend", "insert"):
            if path is not None:
                item = args.get(1 if method == "insert" else 0)
                if method == "extend":
                    added = item.value.items if item is not None and isinstance(item.value, Seq) else None
                else:
                    added = (item.value,) if item is not None else None
                if added is None:
                    self.bind(path, UNKNOWN)
                else:
                    exact = container.exact and method != "insert" and self._straight_line()
                    self.bind(path, Seq(container.items + added, exact))
            return PLAIN
        if isinstance(container, Mapping):
            values = tuple(container.items.values()) + (
                () if container.default in (UNKNOWN, ABSENT) else (container.default,)
            )
            if method in ("values", "items") and values:
                element = one_of(values)
                return Iterable(element if method == "values" else Seq((PLAIN, element)))
            if method == "get":
                key = args.get(0)
                if key is not None and isinstance(key.value, Const):
                    return container.items.get(str(key.value.value), UNKNOWN)
            if method in ("update", "setdefault", "pop", "clear") and path is not None:
                self.bind(path, UNKNOWN)
            return UNKNOWN
        if method == "pop" and isinstance(container, Seq) and container.items and not args.all:
            if path is not None:
                self.bind(path, Seq(container.items[:-1], True) if container.exact else container)
            return container.items[-1] if container.exact else container.any_item()
        if method in ("pop", "clear", "remove", "sort", "reverse") and path is not None:
            self.bind(path, UNKNOWN)
        return unknown_with(deps_of(container))

    def call_function(
        self, call: cst.Call, ref: FunctionRef, args: Args, step: int = 0, bindings: list | None = None
    ) -> Value:
        """A call of a function of the file: its summary, with this call's values
        (``step`` tells apart the callees one call node runs, as an ``nn.Sequential``'s)."""
        info = ref.info
        self.emit(CallEdge, call, callee=info, function=self.function)
        summary = self.host.summary(info) if len(self.chain) < MAX_CALL_DEPTH else None
        if summary is None or not summary.complete:
            return unknown_with(args.deps())
        binding = self._binding(info, ref.bound, args, call, step)
        if binding is None:
            return unknown_with(args.deps())
        binding.rekeyed = self.host.rekeyed(summary)
        if bindings is not None:
            bindings.append(binding)
        through = CallStep(call, info, tuple((name, source[0]) for name, source in binding.sources.items()))
        structure = tuple(self.structure)
        for event in summary.events:
            if not isinstance(event, _CARRIED) or len(event.via) >= MAX_CALL_DEPTH:
                continue
            if isinstance(event, (TorchCall, MethodCall, GradRead, Rebind, Accumulate)) and not _about_caller(
                event
            ):
                continue  # the callee's own walk sees these as they are
            if self.expanded >= MAX_EXPANDED or self.state.dead:
                break
            carried = bind_event(
                event, binding, through, structure, self.state.grad, self.mutation_allowed, tuple(self.guards)
            )
            if carried is None:
                continue
            if isinstance(carried, CallerCall) and not depends_on_caller(carried.callee or UNKNOWN):
                self._run_caller_call(carried, binding)
                continue
            self.events.append(carried)
            self.expanded += 1
            if isinstance(carried, Write):
                self._after_carried_write(carried)
        if isinstance(ref.bound, Instance) and info.kind == "method" and info.name != "__init__":
            self._keep_self(call, ref.bound, info, binding)
        return bind(summary.result, binding)

    def _keep_self(self, call: cst.Call, instance: Instance, method: FunctionInfo, binding: Binding) -> None:
        """After ``obj.method(...)`` (or ``obj(...)`` running ``forward``), ``obj`` holds
        what the method left in ``self``'s attributes, with this call's values:
        ``model(x)`` then ``model.activations``."""
        kept = self.host.self_values(method)
        if not kept:
            return
        func = call.func
        receiver = func.value if isinstance(func, cst.Attribute) and func.attr.value == method.name else func
        path = dotted(receiver)
        if path is None or "." not in path and self.function is not None and path == self.function.self_name:
            return
        if self.lookup(path) is not instance:
            return
        attrs = dict(instance.attrs)
        for name, value in kept.items():
            attrs[name] = bind(value, binding) if depends_on_caller(value) else value
        self.state.replace_value(instance, Instance(instance.info, attrs))

    def _run_caller_call(self, event: CallerCall, binding: Binding) -> None:
        """The callee called what this caller passed: run that call here, with the
        callee's arguments, and keep its result for the callee's values that use it."""
        callee = event.callee
        if not isinstance(callee, (Layer, Instance, FunctionRef, ClassRef, LambdaRef)):
            return
        node = cast(cst.Call, event.node)
        if id(node) in self._running:
            return  # `walk(x, walk)`: a function that calls what it is given, given itself
        self._running.add(id(node))
        try:
            self._run_call_here(event, callee, node, binding)
        finally:
            self._running.discard(id(node))

    def _run_call_here(self, event: CallerCall, callee: Value, node: cst.Call, binding: Binding) -> None:
        args = Args([Arg(keyword, "", value, node) for keyword, value in event.args])
        resolver = cast(_Resolver, binding.resolver)
        outer = self.state.grad
        self.state.grad = event.grad  # as the callee ran it
        try:
            resolver.results[id(node)] = self.call_value(node, callee, args)
        finally:
            self.state.grad = outer

    def _binding(
        self, info: FunctionInfo, bound: Value | None, args: Args, call: cst.Call, step: int = 0
    ) -> Binding | None:
        params = list(info.params)
        values: dict[str, Value] = {}
        sources: dict[str, tuple] = {}
        positional = [p for p in params if p.kind == POSITIONAL]
        if info.kind == "staticmethod" or (bound is None and info.kind == "function"):
            pass
        elif positional:
            first = positional.pop(0)
            values[first.name] = bound if bound is not None else UNKNOWN
        star_seen = False
        index = 0
        for arg in args.all:
            if arg.star == "*":
                star_seen = True
                continue
            if arg.star == "**":
                continue
            if arg.keyword is None:
                if star_seen:
                    continue
                if index < len(positional):
                    values[positional[index].name] = arg.value
                    sources[positional[index].name] = (arg.expr, call, arg.role)
                index += 1
            else:
                values[arg.keyword] = arg.value
                sources[arg.keyword] = (arg.expr, call, arg.role)
        any_star = any(a.star == "**" for a in args.all)
        for param in params:
            if param.name in values:
                continue
            if param.kind in (STAR, STARSTAR):
                values[param.name] = UNKNOWN
            elif (
                star_seen
                and param.kind == POSITIONAL
                or any_star
                and param.kind in (POSITIONAL, KEYWORD_ONLY)
            ):
                values[param.name] = UNKNOWN
            elif param.default is not None:
                found = literal(param.default)
                if found is UNKNOWN:  # `dtype=torch.float64`
                    qualname = self.qualname(param.default)
                    found = QualName(qualname) if qualname is not None else UNKNOWN
                values[param.name] = found
            else:
                values[param.name] = UNKNOWN
        link = (id(call), step) if step else id(call)
        return Binding(values, (link,), _Resolver(self, self.chain + (link,)), sources)

    def _after_carried_write(self, event: Write) -> None:
        """A callee wrote a tensor of ours: it stays the same tensor."""
        value = event.value
        if isinstance(value, Tensor) and event.grad != gradmode.DISABLED:
            self.state.replace_value(value, value)

    # ---------------------------------------------------------- tensors

    def tensor_method(self, call: cst.Call, base: Tensor, method: str, args: Args) -> Value:
        func = call.func
        assert isinstance(func, cst.Attribute)
        if method == "requires_grad_":
            flag = args.get(0, "requires_grad")
            requires = True if flag is None else truthy(flag.value)
            new = with_requires_grad(base, requires)
            self._rebind(func.value, base, new)
            return new
        if method == "retain_grad":
            self._rebind(func.value, base, base.replaced(retains_grad=True))
            return PLAIN
        if method == "detach":
            return Tensor(Grad.NONE, base.ident, dtype=base.dtype)  # shares the version counter
        if method == "detach_":
            new = Tensor(Grad.NONE, base.ident, dtype=base.dtype)
            self._rebind(func.value, base, new)
            return new
        if method in torch_api.NO_GRAD_METHODS:
            return Tensor(Grad.NONE, dtype=torch_api.method_dtype(method, base.dtype))
        if method in torch_api.FACTORY_METHODS:
            return self._new_tensor(call, args.get(-1, "requires_grad"))
        if method in ("size", "numel", "dim", "nelement", "ndimension"):
            return Iterable(INT) if method == "size" and not args.all else INT
        if method in torch_api.PLAIN_METHODS:
            return PLAIN
        if method in inplace_tables().tensor_methods:
            self.write(call, func.value, base, "method", method, args)
            path = dotted(func.value)
            return (self.lookup(path) if path is not None else None) or base
        if method in torch_api.VIEW_METHODS:
            return self.view_of(base)
        if method in torch_api.MAYBE_SELF_METHODS:
            names = [v.name if isinstance(v, QualName) else None for v in args.values()]
            dtype = torch_api.cast_dtype(method, names, base.dtype)
            ident = ("maybe-self", id(call), self.chain)
            if base.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF):
                return Tensor(Grad.REQUIRES, ident, base.deps, base.origin, dtype)
            return Tensor(base.grad, ident, base.deps, dtype=dtype)
        match = saved.method_match(method, base, args.positional, args.keywords)
        return self.op_result([base, *_flattened(args.positional)], call, match)

    def _derived_method(self, call: cst.Call, base: Derived | Deferred, method: str, args: Args) -> Value:
        func = call.func
        assert isinstance(func, cst.Attribute)
        if method == "detach":
            # the same tensor's storage and version counter, whatever a caller makes it
            return Derived(call, (base,), (DETACH, 0, self.state.grad), base.ident)
        if method == "detach_" or method in torch_api.NO_GRAD_METHODS:
            return Tensor(Grad.NONE, dtype=torch_api.method_dtype(method, None))
        if method in torch_api.PLAIN_METHODS:
            return PLAIN
        if method in inplace_tables().tensor_methods:
            self.write(call, func.value, base, "method", method, args)
            return base
        if method in torch_api.VIEW_METHODS or method in torch_api.MAYBE_SELF_METHODS:
            return base
        if method == "requires_grad_":
            return self._made_leaf(call, args)
        match = saved.method_match(method, base, args.positional, args.keywords)
        return self.op_result([base, *_flattened(args.positional)], call, match)

    def _made_leaf(self, call: cst.Call, args: Args) -> Value:
        """``t.requires_grad_()`` on what we cannot see: calling it is how code makes a
        leaf (on a non-leaf that requires grad it would have no reason to be called)."""
        flag = args.get(0, "requires_grad")
        if flag is None or truthy(flag.value) is True:
            return Tensor(Grad.LEAF, ("leaf", id(call), self.chain), origin=Origin("", call))
        return UNKNOWN

    # ---------------------------------------------------------- in-place writes

    def write(
        self,
        node: cst.CSTNode,
        target: cst.BaseExpression,
        old: Value,
        kind: str,
        op: str,
        args: Args | None,
        callee: str | None = None,
        written: bool = True,
    ) -> None:
        """An in-place write of ``target`` (holding ``old``) at ``node``: the event,
        then the written tensor's new facts (it stays the same tensor; it now also
        depends on what was written into it, and joins the graph when what was written
        requires grad). ``written`` False: the caller updates the state itself."""
        self.emit(Write, node, target=target, value=old, kind=kind, op=op)
        if written and isinstance(old, Derived) and args is not None:
            self._after_derived_write(target, old, [a.value for a in args.all])
        if not written or not isinstance(old, Tensor):
            return
        operands = [a.value for a in args.all if a.value is not old] if args is not None else []
        operands = [v for v in _flattened(operands)]
        match = self._inplace_match(kind, op, old, args, callee) if args is not None else None
        self._after_write(target, old, operands, node, match)

    def _after_write(
        self,
        target: cst.BaseExpression,
        old: Tensor,
        operands: list[Value],
        node: cst.CSTNode | None = None,
        match: saved.Match | None = None,
    ) -> None:
        written = self._quiet(lambda: self.op_result(operands)) if operands else PLAIN
        deps = old.deps | deps_of(written)
        grad = old.grad
        recording = self.recording()
        if old.grad == Grad.NONE and requires_grad_of(written) and recording:
            grad = Grad.NON_LEAF
        if match is not None and node is not None and recording and (old.requires_grad or grad != Grad.NONE):
            key = self._note_save(node, match, old.ident, 0)
            if key is not None:
                deps = deps | {key}
        if grad != old.grad or deps != old.deps:
            self._rebind(target, old, old.changed(grad=grad, deps=deps))

    def _after_derived_write(self, target: cst.BaseExpression, old: Derived, operands: list[Value]) -> None:
        """A callee's tensor written in place: still the same tensor, now also reaching
        what was written into it."""
        extra = frozenset().union(*(deps_of(v) for v in operands))
        if extra <= old.deps:
            return
        new = Derived(old.node, old.operands, old.match, old.ident, old.deps | extra)
        path = dotted(target)
        if path is not None and self.lookup(path) is old:
            self.state.replace_value(old, new)

    def _inplace_match(
        self, kind: str, op: str, old: Value, args: Args, callee: str | None
    ) -> saved.Match | None:
        """For ``h.relu_()``, ``torch.sigmoid_(h)``, ``F.relu(h, inplace=True)``: the
        out-of-place op, when all it saves is its result (the written tensor)."""
        if kind == "method":
            match = saved.method_match(op.rstrip("_"), old, args.positional, args.keywords)
        elif kind in ("function", "inplace-flag") and callee is not None:
            match = saved.function_match(callee.rstrip("_"), args.positional, args.keywords)
        else:
            return None
        if match is None:
            return None
        for key, _ in match.options:
            if any(set(letters) - {"result"} for letters in saved.table().saves[key].values()):
                return None  # it saves operands too: in place, torch's bookkeeping differs
        return match

    def _rebind(self, receiver: cst.BaseExpression, old: Value, new: Value) -> None:
        path = dotted(receiver)
        if isinstance(old, Tensor) and path is not None and self.lookup(path) is old:
            self.state.replace_value(old, new)
        elif path is not None:
            self.bind(path, new)

    def store_item(self, target: cst.Subscript, value: Value, statement: cst.CSTNode) -> None:
        """``x[i] = v``: an in-place write into ``x``, reported at ``statement``."""
        base = self.value(target.value)
        for element in target.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                self.value(part.value)
        key = item_path(target)
        if isinstance(base, (Seq, Mapping)) or (
            isinstance(base, Layer) and base.qualname in torch_api.CONTAINERS
        ):
            path = dotted(target.value)
            if path is not None:
                self.bind(path, _stored(base, target, value))
            if key is not None:
                self.state.bind(key, value)
            return
        if isinstance(base, Param) and key is not None:
            self.state.bind(key, value)  # `x[i] = f(x[i])` on what the caller passed: a list, usually
        self.emit(Write, statement, target=target.value, value=base, kind="setitem", op="[]=")
        if isinstance(base, Tensor):
            self._after_write(target.value, base, [value])

    def augmented(self, node: cst.AugAssign) -> None:
        target = node.target
        if isinstance(target, cst.Subscript):
            # `x[i] op= v` is `x[i].__iop__(v)` then `x[i] = ...`: it writes into `x`
            # whatever the index (a view of a leaf, or a copy stored back into the leaf)
            base = self.value(target.value)
            part = self.subscript_of(base, target, [self._index_value(e) for e in target.slice])
            operand = self.value(node.value)
            if isinstance(base, Tensor) and base.is_grad_leaf and self.recording():
                part = Tensor(Grad.VIEW_OF_LEAF, base.ident, origin=base.origin)
            elif isinstance(base, OneOf):
                part = base
            elif tensor_like(base) and not tensor_like(part):
                part = base
            self.emit(
                Write,
                node,
                target=target,
                value=part,
                kind="augmented",
                op=_AUG_OPERATORS.get(type(node.operator), "op="),
            )
            if isinstance(base, Tensor):
                self._after_write(target.value, base, [operand])
            return
        old = self.value(target)
        operand = self.value(node.value)
        op = _AUG_OPERATORS.get(type(node.operator), "op=")
        path = dotted(target)
        if path is not None and isinstance(node.operator, cst.AddAssign) and _may_require_grad(operand):
            self.emit(
                Accumulate, node, target=target, path=path, value=operand, expr=node.value, kind="augmented"
            )
        if isinstance(old, (Tensor, Derived, Param, OneOf)):
            self.emit(Write, node, target=target, value=old, kind="augmented", op=op)
        if isinstance(old, Tensor):
            self._after_write(target, old, [operand])
        elif isinstance(old, Derived):
            self._after_derived_write(target, old, [operand])
        elif path is not None and not isinstance(old, (Derived, Param)):
            if isinstance(old, Seq):
                grown = isinstance(operand, Seq) and isinstance(node.operator, cst.AddAssign)
                if isinstance(operand, Seq) and grown:
                    self.bind(path, Seq(old.items + operand.items, old.exact and operand.exact))
                else:
                    self.bind(path, UNKNOWN)
            else:
                self.bind(path, self.op_result([old, operand]))

    def _index_value(self, element: cst.SubscriptElement) -> Value:
        part = element.slice
        if isinstance(part, cst.Index):
            return self.value(part.value)
        return PLAIN

    # ---------------------------------------------------------- training calls

    def _training_call(self, call: cst.Call, receiver: Value, method: str, args: Args) -> Value | None:
        """Backward, optimizer steps and the clearing of gradients; None when the call
        is none of these."""
        func = call.func
        assert isinstance(func, cst.Attribute)
        if method in ("backward", "manual_backward"):
            if self._maybe_backward(call, func.value, receiver, method, args):
                return PLAIN
            return None
        if method == "step":
            key = self.optimizer_key(func.value, receiver)
            optimizer = receiver
            spelled = (dotted(func.value) or "").lower()
            if key is None and "scaler" in spelled:
                first = args.get(0, "optimizer")
                key = self.optimizer_key(first.expr, first.value) if first is not None else None
                optimizer = first.value if first is not None else UNKNOWN
            if key is None:
                return None
            closure = args.get(0, "closure") if "scaler" not in spelled else None
            zeroes = closure is not None and self._closure_zeroes(closure.value)
            if closure is not None and isinstance(closure.value, FunctionRef):
                self.call_function(call, closure.value, Args([]))  # step() calls the closure
            modules = optimizer.modules if isinstance(optimizer, Optimizer) else ()
            with self._sync_only():
                self.emit(
                    Step, call, key=key, spelling=key, closure_zeroes=zeroes, params=_module_idents(modules)
                )
            # the step updates its parameters in place (under no_grad)
            updated = self._updated_by(optimizer)
            if updated is not None:
                self.emit(Write, call, target=func.value, value=updated, kind="step", op=key)
            return PLAIN
        if method == "zero_grad":
            key = self.optimizer_key(func.value, receiver)
            modules = receiver.modules if isinstance(receiver, Optimizer) else ()
            with self._sync_only():
                self.emit_lifted(
                    Zero,
                    call,
                    per_item=False,
                    key=key or ANY,
                    spelling=self.module.code_for_node(func.value),
                    params=_module_idents(modules),
                )
            return PLAIN
        if method in ("zero_", "fill_", "mul_") and _is_grad(func.value) and self._clears(method, args):
            self.emit_lifted(Zero, call, key=ANY, spelling=self.module.code_for_node(func.value))
            return PLAIN
        return None

    @contextlib.contextmanager
    def _sync_only(self) -> Iterator[None]:
        """An optimizer's step or zero_grad inside Accelerate's ``accumulate()`` block."""
        if self.sync_only is None:
            yield
            return
        self.structure.append(self.sync_only)
        try:
            yield
        finally:
            self.structure.pop()

    def _updated_by(self, optimizer: Value) -> Value | None:
        """The parameters an optimizer's step updates: those of the modules it was given,
        or, for an optimizer the caller passes, whatever the caller's was given."""
        if isinstance(optimizer, Param):
            return optimizer.step(("call", OPTIMIZED))
        if isinstance(optimizer, Optimizer):
            updated = [p for module in optimizer.modules for p in self.parameters_of(module)]
            return one_of(tuple(updated)) if updated else None
        return None

    def _clears(self, method: str, args: Args) -> bool:
        """``g.zero_()``, ``g.fill_(0)``, ``g.mul_(0)``: not ``g.fill_(0.01)``, which sets."""
        if method == "zero_":
            return True
        first = args.get(0, "value" if method == "fill_" else "other")
        return first is not None and isinstance(first.value, Const) and first.value.value == 0

    def _maybe_backward(
        self,
        call: cst.Call,
        receiver_expr: cst.BaseExpression | None,
        receiver: Value,
        method: str,
        args: Args,
    ) -> bool:
        if method not in ("backward", "manual_backward"):
            return False
        owner = (dotted(receiver_expr) or "").rsplit(".", 1)[-1].lower() if receiver_expr is not None else ""
        loss = args.get(0)
        retains = _retains(args)
        if method == "manual_backward" or (
            not tensor_like(receiver) and loss is not None and owner.endswith(_LOSS_OWNERS)
        ):
            if loss is None:
                return False
            self.emit(
                Backward, call, target=loss.expr, value=loss.value, retains_graph=retains, accumulates=True
            )
            return True
        self.emit(
            Backward, call, target=receiver_expr, value=receiver, retains_graph=retains, accumulates=True
        )
        path = dotted(receiver_expr) if receiver_expr is not None else None
        if receiver is UNKNOWN and path is not None and self.state.get(path) is UNKNOWN:
            # a backward() that returns: what it ran on is a tensor that requires grad
            self.bind(path, Tensor(Grad.REQUIRES))
        return True

    def optimizer_key(self, expr: cst.BaseExpression, value: Value) -> str | None:
        """The key (its spelling) of an optimizer expression, or None."""
        path = dotted(expr)
        if path is None:
            return None
        if isinstance(value, Optimizer) or _looks_like_optimizer(path):
            return path
        return None

    def _closure_zeroes(self, value: Value) -> bool:
        """``optimizer.step(closure)``: the closure's body zeroes (LBFGS)."""
        if not isinstance(value, FunctionRef):
            return False
        summary = self.host.summary(value.info)
        return summary is not None and any(isinstance(e, Zero) for e in summary.events)

    def emit_lifted(
        self, event_type: type, node: cst.CSTNode, per_item: bool = True, **fields: object
    ) -> None:
        """A zeroing inside a loop over parameters (or over optimizers) counts at that
        loop, which clears them all (the loop is the one statement that zeroes); a
        per-parameter one (``per_item``) also leaves its ``if p.grad is not None:``."""
        saved_structure = self.structure
        path = list(self.structure)
        while per_item and path and path[-1][0] == "branch":
            path.pop()  # `if p.grad is not None:`
        if path and path[-1][0] == "loop" and not _trains(path[-1][1]):
            path.pop()
        self.structure = path
        self.emit(event_type, node, **fields)
        self.structure = saved_structure

    # ---------------------------------------------------------- builtins

    def builtin(self, call: cst.Call, name: str, args: Args) -> Value:
        values = args.positional
        if name in ("list", "tuple", "iter", "sorted", "reversed", "set") and len(values) == 1:
            if isinstance(values[0], Seq) and name in ("list", "tuple"):
                return values[0]
            element = self.element_of(values[0])
            owners = values[0].owners if isinstance(values[0], Iterable) else ()
            return UNKNOWN if element is UNKNOWN and not owners else Iterable(element, owners)
        if name == "enumerate" and values:
            element = self.element_of(values[0])
            return UNKNOWN if element is UNKNOWN else Iterable(Seq((INT, element)))
        if name == "range":
            return Iterable(INT)
        if name in ("len", "int"):
            return INT
        if name == "zip" and values:
            return Iterable(Seq(tuple(self.element_of(v) for v in values)))
        if name in ("len", "int", "float", "bool", "str", "range", "isinstance", "print", "hasattr", "type"):
            return PLAIN
        if name in ("sum", "max", "min") and values:
            deps = frozenset().union(*(deps_of(v) for v in values))
            items = values[0].items if isinstance(values[0], Seq) else (self.element_of(values[0]),)
            if name == "sum" and len(values) == 1 and self.recording():
                # sum(p.pow(2).sum() for p in model.parameters()): a tensor made by recorded adds
                if any(requires_grad_of(option) is True for item in items for option in options_of(item)):
                    return Tensor(Grad.NON_LEAF, None, deps)
            return unknown_with(deps)
        if name == "dict" and len(values) == 1 and not args.keywords:
            if isinstance(values[0], Mapping):
                return values[0]
            pair = self.element_of(values[0])
            if (
                isinstance(pair, Seq)
                and pair.exact
                and len(pair.items) == 2
                and not isinstance(pair.items[1], OneOf)
            ):
                return Mapping({}, pair.items[1])
            return UNKNOWN
        if (
            name in ("getattr",)
            and len(values) >= 2
            and isinstance(values[1], Const)
            and isinstance(values[1].value, str)
        ):
            return self.attribute_of(values[0], values[1].value)
        if name == "setattr" and len(values) == 3:
            return PLAIN
        return UNKNOWN

    # ---------------------------------------------------------- binding targets

    def bind_target(
        self,
        target: cst.BaseExpression,
        value: Value,
        expr: cst.BaseExpression | None = None,
        statement: cst.CSTNode | None = None,
    ) -> None:
        """Bind ``target`` to ``value``; ``expr`` is the assigned expression and
        ``statement`` the assignment, when there are."""
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            if isinstance(value, Seq) and value.exact and not starred and len(value.items) == len(elements):
                for element, item in zip(elements, value.items):
                    self.bind_target(element, item, statement=statement)
            elif isinstance(value, Param):
                for index, element in enumerate(elements):
                    self.bind_target(
                        element, UNKNOWN if starred else value.step(("item", index)), statement=statement
                    )
            else:
                item = self.element_of(value) if not isinstance(value, Seq) else value.any_item()
                if isinstance(item, OneOf):
                    item = UNKNOWN
                for element in elements:
                    self.bind_target(element, UNKNOWN if starred else item, statement=statement)
            return
        if isinstance(target, cst.StarredElement):
            self.bind_target(target.value, UNKNOWN)
            return
        if isinstance(target, cst.Subscript):
            self.store_item(target, value, statement or target)
            return
        path = dotted(target)
        if path is None:
            if isinstance(target, cst.Attribute):
                self.value(target.value)
            return
        owner, _, attribute = path.rpartition(".")
        if owner and attribute == "requires_grad":
            if statement is not None and isinstance(target, cst.Attribute):
                old = self.lookup(owner)
                self.emit(
                    MethodCall,
                    statement,
                    target=target.value,
                    value=old or UNKNOWN,
                    method="requires_grad=",
                    args=((None, value),),
                )
            self._set_requires_grad(owner, value)
            return
        if owner and attribute == "grad":
            if isinstance(value, Const) and value.value is None and statement is not None:
                self.emit_lifted(Zero, statement, key=ANY, spelling=path)
            return
        if owner and attribute == "data":
            return  # replaces what the tensor holds, not the tensor
        if expr is not None and statement is not None:
            self._note_rebind(target, path, value, expr, statement)
        self.bind(path, value, statement)

    def _note_rebind(
        self,
        target: cst.BaseExpression,
        path: str,
        value: Value,
        expr: cst.BaseExpression,
        statement: cst.CSTNode,
    ) -> None:
        """A :class:`Rebind` event for ``path = expr`` when ``expr`` reads ``path`` and
        ``path`` held something that may be a tensor."""
        if not _may_require_grad(value):
            return  # neither a rebound leaf's non-leaf nor a total that keeps a graph
        reads, reads_grad = _reads_path(expr, path)
        if not reads:
            return
        old = self.lookup(path)
        if old is None and "." in path:
            root, *attributes = path.split(".")
            old = self.lookup(root)
            for attribute in attributes:
                if old is None or not isinstance(old, (Instance, Layer, Param)):
                    old = None
                    break
                old = self.attribute_of(old, attribute)
        if (
            isinstance(expr, cst.BinaryOperation)
            and isinstance(expr.operator, cst.Add)
            and _may_require_grad(value)
            and (old is None or old is UNKNOWN or is_plain(old) or tensor_like(old))
        ):
            self.emit(Accumulate, statement, target=target, path=path, value=value, expr=expr, kind="rebind")
        if old is not None and old is not UNKNOWN and not is_plain(old):
            self.emit(
                Rebind, statement, target=target, path=path, value=old, new=value, reads_grad=reads_grad
            )

    def _set_requires_grad(self, owner: str, value: Value) -> None:
        """``t.requires_grad = flag``."""
        old = self.lookup(owner)
        if old is None:
            return
        flag = truthy(value)
        new = with_requires_grad(old, flag) if isinstance(old, Tensor) else UNKNOWN
        if isinstance(old, Tensor):
            self.state.replace_value(old, new)
        self.bind(owner, new)


class _Resolver:
    """The evaluator's operations, for binding a callee's values to a caller's."""

    def __init__(self, evaluator: Evaluator, chain: tuple) -> None:
        self.evaluator = evaluator
        self.chain = chain
        self.grad = evaluator.state.grad  # the caller's grad mode at the call
        #: results of the callee's calls of what the caller passed, run in the caller
        self.results: dict[int, Value] = {}

    def deferred(self, value: Deferred, callee: Value, args: tuple) -> Value:
        found = self.results.get(id(value.node))
        if found is not None:
            return found
        mode = self.grad if value.grad == gradmode.INHERITED else value.grad
        if mode == gradmode.DISABLED and any(requires_grad_of(v) is True for _, v in args):
            # `model(x)` with grad off, whatever model is: nothing is recorded
            return Tensor(Grad.NONE, None, unrecorded=True)
        if depends_on_caller(callee):
            return Deferred(value.node, callee, args, value.ident, mode)  # for a caller further out
        return UNKNOWN

    def attribute(self, value: Value, name: str) -> Value:
        return self.evaluator.attribute_of(value, name)

    def item(self, value: Value, key: object) -> Value:
        if isinstance(value, Tensor):
            return self.evaluator.view_of(value)
        return self.evaluator.item_of(value, key, known=key is not None)

    def element(self, value: Value) -> Value:
        return self.evaluator.element_of(value)

    def call(self, value: Value, method: str) -> Value:
        evaluator = self.evaluator
        if method == OPTIMIZED:
            return evaluator._updated_by(value) or UNKNOWN
        if method == "()":
            if isinstance(value, ClassRef):
                return Instance(value.info)
            if isinstance(value, QualName) and (
                value.name in torch_api.LAYERS or value.name in torch_api.MODULE_OPS
            ):
                return Layer(
                    value.name,
                    tuple(
                        p
                        for p in torch_api.LAYERS.get(value.name, ((), {}))[0]
                        if p not in _switchable(value.name)
                    ),
                )
            return UNKNOWN
        if isinstance(value, (Layer, Instance)):
            if method in ("parameters", "named_parameters"):
                frozen = isinstance(value, Instance) and evaluator.host.class_summary(value.info).frozen
                element: Value = UNKNOWN if frozen else Tensor(Grad.LEAF)
                return Iterable(element if method == "parameters" else Seq((PLAIN, element)))
            if method in ("modules", "children", "named_modules", "named_children"):
                found = evaluator.submodules(value, recurse=method in ("modules", "named_modules"))
                element = one_of(tuple(found)) if found else UNKNOWN
                if method.startswith("named_") and element is not UNKNOWN:
                    element = Seq((PLAIN, element))
                return Iterable(element) if element is not UNKNOWN else UNKNOWN
            if method in torch_api.MODULE_SELF_METHODS:
                return value
            return UNKNOWN
        if isinstance(value, Tensor):
            if method in torch_api.VIEW_METHODS:
                return evaluator.view_of(value)
            if method == "detach":
                return Tensor(Grad.NONE, value.ident, dtype=value.dtype)
            if method in torch_api.MAYBE_SELF_METHODS:
                dtype = "float" if method in ("float", "double", "half", "bfloat16") else value.dtype
                return Tensor(
                    Grad.REQUIRES if value.requires_grad else Grad.NONE, None, value.deps, dtype=dtype
                )
            if method == "clone" and not value.requires_grad:
                return Tensor(Grad.NONE, None, value.deps, dtype=value.dtype)
            return UNKNOWN
        if isinstance(value, (Derived, Deferred)):
            if method in torch_api.VIEW_METHODS or method in torch_api.MAYBE_SELF_METHODS:
                return value  # the same tensor, as far as what it requires
            return UNKNOWN
        if isinstance(value, Mapping) and method in ("values", "items"):
            element = one_of(tuple(value.items.values()))
            return Iterable(element if method == "values" else Seq((PLAIN, element)))
        return UNKNOWN

    def narrow(self, value: Value, classes: tuple, positive: bool) -> Value:
        return narrow(self.evaluator, value, classes, positive, exact=False)

    def op(self, derived: Derived, operands: tuple[Value, ...], ident: object) -> Value:
        if cast(tuple, derived.match)[0] == DETACH:
            base = operands[0]
            if isinstance(base, Tensor):
                return Tensor(Grad.NONE, base.ident, dtype=base.dtype)
            if depends_on_caller(base):
                return Derived(derived.node, operands, derived.match, ident_of(base) or ident)
            return UNKNOWN
        match, step, made_in = cast("tuple[saved.Match | None, int, str]", derived.match)
        rebound = None
        if match is not None:
            rebound = saved.Match(
                tuple(
                    (key, {letter: _swap(v, derived.operands, operands) for letter, v in letters.items()})
                    for key, letters in match.options
                )
            )
        # the callee's mode there, or, where it inherits, the mode of this call
        grad = self.grad if made_in == gradmode.INHERITED else made_in
        if grad == gradmode.DISABLED and any(
            isinstance(v, Tensor) and (v.unrecorded or v.requires_grad) for v in operands
        ):
            return Tensor(Grad.NONE, ident, unrecorded=True)  # grad off: nothing is recorded
        if grad == gradmode.INHERITED or any(depends_on_caller(v) for v in operands):
            # still up to a caller further out: whether grad is on, or what is passed
            deps = frozenset().union(*(deps_of(v) for v in operands))
            return Derived(derived.node, operands, (rebound, step, grad), ident, deps)
        return self.evaluator.op_result(
            list(operands),
            cast(cst.CSTNode, derived.node),
            rebound,
            ident=ident,
            step=step,
            chain=self.chain,
            grad=grad,
        )

    def saved(self, event: Save, operands: dict, result: object) -> frozenset:
        match = event.match
        if not isinstance(match, saved.Match):
            return frozenset()
        options = tuple((key, operands.get(key, letters)) for key, letters in match.options)
        return saved.saved_identities(match, result, options)


def _swap(value: Value, old: tuple, new: tuple) -> Value:
    for before, after in zip(old, new):
        if value is before:
            return after
    return value


def narrow(evaluator: Evaluator, value: Value, classes: tuple, positive: bool, exact: bool) -> Value:
    """``value`` where ``isinstance(value, classes)`` (``exact``: ``type(value) is``)
    holds (``positive``) or does not; :data:`ABSENT` when it cannot."""
    if isinstance(value, Param):
        return value.step(("narrow", classes, positive))
    if value is UNKNOWN or isinstance(value, Derived):
        return value
    kept: list[Value] = []
    for option in options_of(value):
        verdicts = [_instance_of(option, cls, exact) for cls in classes]
        if positive:
            verdict = (
                True
                if any(v is True for v in verdicts)
                else (None if any(v is None for v in verdicts) else False)
            )
        else:
            verdict = (
                True
                if all(v is False for v in verdicts)
                else (None if any(v is None for v in verdicts) else False)
            )
        if verdict is True:
            kept.append(option)
        elif verdict is None:
            kept.append(UNKNOWN)
    if not kept:
        return ABSENT
    return one_of(tuple(kept))


def _instance_of(value: Value, cls: object, exact: bool) -> bool | None:
    if cls is None:
        return None
    if isinstance(value, Layer):
        if isinstance(cls, str):
            if exact:
                return value.qualname == cls
            return torch_api.layer_isinstance(value.qualname, cls)
        return False  # a torch layer is not an instance of a class of the file
    if isinstance(value, Instance):
        info = value.info
        if isinstance(cls, ClassInfo):
            if exact:
                return info is cls
            if info is cls or cls in info.ancestors():
                return True
            return None if info.has_unknown_bases() else False
        if exact:
            return False
        bases = info.torch_bases()
        if cls in bases or (cls == torch_api.MODULE and any(b.startswith("torch.nn.") for b in bases)):
            return True
        if isinstance(cls, str) and any(torch_api.layer_isinstance(b, cls) for b in bases):
            return True
        return None if info.has_unknown_bases() else False
    if is_plain(value):
        return (
            False
            if isinstance(cls, ClassInfo) or (isinstance(cls, str) and cls.startswith("torch."))
            else None
        )
    return None


def _is_module(value: Value) -> bool:
    if isinstance(value, Layer):
        return True
    if isinstance(value, Instance):
        info = value.info
        return any(b.startswith("torch.nn.") for b in info.torch_bases()) or info.has_unknown_bases()
    return False


def with_requires_grad(base: Tensor, requires: bool | None) -> Value:
    if requires is None:
        return UNKNOWN
    if base.grad in (Grad.NONE, Grad.LEAF):
        return base.changed(grad=Grad.LEAF if requires else Grad.NONE)
    if requires and base.requires_grad:
        return base
    return UNKNOWN


def _switchable(name: str) -> set[str]:
    _, switches = torch_api.LAYERS.get(name, ((), {}))
    return {p for _, removed in switches.values() for p in removed}


def _layer_parameters(
    args: Args, parameters: tuple[str, ...], switches: dict[str, tuple[int, tuple[str, ...]]]
) -> tuple[str, ...]:
    """The layer's parameters that certainly exist and require grad."""
    present = list(parameters)
    for name, (position, removed) in switches.items():
        arg = args.get(position, name)
        if arg is None:
            continue
        if truthy(arg.value) is not True:
            present = [p for p in present if p not in removed]
    return tuple(present)


def _pairs_to_mapping(pairs: Seq) -> Value:
    items: dict[str, Value] = {}
    for pair in pairs.items:
        if not (isinstance(pair, Seq) and len(pair.items) == 2 and isinstance(pair.items[0], Const)):
            return UNKNOWN
        items[str(pair.items[0].value)] = pair.items[1]
    return Mapping(items)


def _ident_of(value: Value) -> object:
    return value.ident if isinstance(value, (Tensor, Derived)) else None


def factory_args_dtype(name: str, args: tuple) -> str | None:
    """:func:`factory_dtype` for a call's arguments as an event keeps them."""
    return factory_dtype(name, Args([Arg(keyword, "", value, cst.Name("_")) for keyword, value in args]))


def factory_dtype(name: str, args: Args) -> str | None:
    """The kind of elements a factory call makes: ``dtype=``, else what the data or the
    bounds say (``torch.tensor([1, 2])``, ``torch.arange(n)`` with an integer ``n``,
    ``torch.randint(...)``, ``torch.full(size, 1)``), else its default (float)."""
    given = args.get(-1, "dtype")
    if given is not None:
        return torch_api.dtype_kind(given.value.name) if isinstance(given.value, QualName) else None
    short = name.rsplit(".", 1)[-1]
    if short in ("randint", "randint_like", "randperm"):
        return "int"
    if short in ("tensor", "as_tensor", "scalar_tensor", "Variable"):
        first = args.get(0, "data")
        return _data_kind(first.value) if first is not None else None
    if short in ("arange", "range"):
        kinds = {_data_kind(v) for v in args.positional}
        return "int" if kinds == {"int"} else ("float" if "float" in kinds else None)
    if short == "full":
        fill = args.get(1, "fill_value")
        return _data_kind(fill.value) if fill is not None else None
    if short.endswith("_like"):
        first = args.get(0, "input")
        return first.value.dtype if first is not None and isinstance(first.value, Tensor) else None
    return "float"


def _data_kind(value: Value) -> str | None:
    """What ``torch.tensor(value)`` makes: int, float, bool, or None when unsure."""
    if isinstance(value, Const):
        if isinstance(value.value, bool):
            return "bool"
        if isinstance(value.value, int):
            return "int"
        if isinstance(value.value, float):
            return "float"
        return None
    if value is INT:
        return "int"
    if isinstance(value, Tensor):
        return value.dtype
    if isinstance(value, Seq) and value.items:
        kinds = {_data_kind(item) for item in value.items}
        if None in kinds:
            return None
        if "float" in kinds:
            return "float"
        return "int" if "int" in kinds else "bool"
    return None


def _reads_path(expr: cst.BaseExpression, path: str) -> tuple[bool, bool]:
    """Whether ``expr`` reads the name or dotted ``path``, and whether it reads its ``.grad``
    (not inside a lambda or a comprehension's own scope)."""
    reads = reads_grad = False
    last = path.rpartition(".")[2]
    stack: list[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is cst.Name:
            reads = reads or node.value == path  # type: ignore[attr-defined]
            continue
        if kind is cst.Lambda:
            continue
        if kind is cst.Attribute:
            attr = node.attr.value  # type: ignore[attr-defined]
            if attr == last and dotted(node) == path:  # type: ignore[arg-type]
                reads = True
                continue
            if attr == "grad" and dotted(node.value) == path:  # type: ignore[attr-defined]
                reads = reads_grad = True
                continue
            stack.append(node.value)  # type: ignore[attr-defined]  # not its own name: `F.softmax`
            continue
        stack.extend(children(node))
    return reads, reads_grad


_INT_OPERATORS = (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo, cst.Power)


def _int_like(value: Value) -> bool:
    """A Python integer: :data:`INT`, or an integer literal (not a bool)."""
    return value is INT or (isinstance(value, Const) and type(value.value) is int)


def _may_require_grad(value: Value) -> bool:
    """Whether ``value`` may be a tensor that requires grad (or be one, once a caller's
    values are known)."""
    return not is_plain(value) and value is not UNKNOWN and requires_grad_of(value) is not False


def _about_caller(event: Event) -> bool:
    """Whether an event's values depend on what the caller passes."""
    values = [getattr(event, "value", None), getattr(event, "new", None)] + [
        v for _, v in getattr(event, "args", ())
    ]
    return any(v is not None and depends_on_caller(v) for v in values)


def _frozen(layer: Layer) -> Layer:
    """A module whose parameters (its members' too) do not require grad."""
    members = tuple(_frozen(m) if isinstance(m, Layer) else m for m in layer.members)
    return layer.replaced(parameters=(), members=members)


def _owners(value: Value) -> tuple[Value, ...]:
    """The modules whose parameters an optimizer is given: ``model.parameters()``,
    ``[{"params": a.parameters()}, ...]``, ``chain(a.parameters(), b.parameters())``."""
    if isinstance(value, Iterable):
        return value.owners
    if isinstance(value, Seq):
        return tuple(owner for item in value.items for owner in _owners(item))
    if isinstance(value, Mapping):
        params = value.items.get("params")
        return _owners(params) if params is not None else ()
    return ()


def _module_idents(modules: tuple[Value, ...]) -> frozenset:
    return frozenset(i for i in (module_ident(m) for m in modules) if i is not None)


def _retains(args: Args) -> bool:
    """Whether a backward keeps its graph: ``retain_graph``/``create_graph`` not false,
    or passed through ``*args``/``**kwargs`` (unknown: taken to keep it)."""
    if any(arg.star for arg in args.all):
        return True
    flag = args.get(-1, "retain_graph") or args.get(-1, "create_graph")
    if flag is None or flag.keyword is None:
        return False
    return truthy(flag.value) is not False


def _looks_like_optimizer(path: str) -> bool:
    last = path.rsplit(".", 1)[-1]
    return bool(_OPTIMIZER_NAME.search(last)) and not _NOT_OPTIMIZER.search(last)


def _is_grad(expr: cst.BaseExpression) -> bool:
    """``p.grad`` or ``p.grad.data``."""
    if isinstance(expr, cst.Attribute) and expr.attr.value == "data":
        expr = expr.value
    return isinstance(expr, cst.Attribute) and expr.attr.value == "grad"


def _trains(loop: cst.CSTNode) -> bool:
    """Whether a loop's body calls backward or step: a training loop, not a loop over
    parameters."""
    from gradlint.engine.tree import descendants

    return any(
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in ("backward", "step", "manual_backward")
        for node in descendants(loop)
    )


def _is_tensor_function(name: str) -> bool:
    """``torch.exp``, ``F.relu``, ``torch.linalg.norm``: functions of tensors."""
    return (name.startswith("torch.") and name.count(".") == 1) or name.startswith(_TENSOR_NAMESPACES)


def _flattened(values: list[Value]) -> list[Value]:
    """``torch.cat([a, b])``: the tensors inside list arguments count as operands."""
    flat: list[Value] = []
    for value in values:
        flat.extend(value.items if isinstance(value, Seq) else (value,))
    return flat


def _basic_index(index: object) -> bool:
    """Integers, slices, None and ``...``: indexing that returns a view."""
    for element in index:  # type: ignore[attr-defined]
        part = element.slice
        if isinstance(part, cst.Slice):
            continue
        value = part.value
        if isinstance(literal(value), Const) and isinstance(literal(value).value, int):  # type: ignore[attr-defined]
            continue
        if isinstance(value, cst.Ellipsis):
            continue
        if isinstance(value, cst.Name) and value.value == "None":
            continue
        return False
    return True


def _index_kind(index: object, keys: list[Value]) -> str | None:
    """``i`` for an integer tensor index, ``m`` for a mask; None when unsure."""
    if len(keys) != 1 or not isinstance(index[0].slice, cst.Index):  # type: ignore[index]
        return None
    if tensor_like(keys[0]):
        node = index[0].slice.value  # type: ignore[index]
        return "m" if isinstance(node, cst.Comparison) else None
    return None


def _stored(base: Value, target: cst.Subscript, value: Value) -> Value:
    """A container after ``base[key] = value``."""
    index = target.slice[0].slice if len(target.slice) == 1 else None
    key = literal(index.value) if isinstance(index, cst.Index) else UNKNOWN
    if isinstance(base, Mapping):
        if isinstance(key, Const) and isinstance(key.value, str):
            return Mapping({**base.items, key.value: value}, base.default)
        # a key we cannot read: any key not known may hold it
        return Mapping(base.items, join(base.default, value))
    if isinstance(base, Layer):
        return base.replaced(members=base.members + (value,), ordered=False, keys=None)
    return UNKNOWN


def item_path(expr: cst.Subscript) -> str | None:
    """``x[i]`` / ``self.out["p3"]`` / ``feats[0]`` as a path the state can bind, when
    the base is a dotted name and the index a name or a literal."""
    base = dotted(expr.value)
    if base is None or len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
        return None
    index = expr.slice[0].slice.value
    if isinstance(index, cst.Name):
        text = index.value
    elif isinstance(index, (cst.Integer, cst.SimpleString)):
        text = index.value
    else:
        return None
    return f"{base}[{text}]"


def _lambda_params(params: cst.Parameters) -> list[cst.Param]:
    found = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            found.append(star)
    return found


def _expression_children(expr: cst.CSTNode) -> list[cst.BaseExpression]:
    from gradlint.engine.tree import children

    return [c for c in children(expr) if isinstance(c, cst.BaseExpression)]


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

_EVALUATORS: dict[type, Callable] = {
    cst.Name: Evaluator._name,
    cst.Attribute: Evaluator._attribute,
    cst.Call: Evaluator._call,
    cst.Integer: Evaluator._constant,
    cst.Float: Evaluator._constant,
    cst.Imaginary: Evaluator._constant,
    cst.SimpleString: Evaluator._constant,
    cst.ConcatenatedString: Evaluator._constant,
    cst.FormattedString: Evaluator._constant,
    cst.Comparison: Evaluator._comparison,
    cst.BinaryOperation: Evaluator._binary,
    cst.UnaryOperation: Evaluator._unary,
    cst.BooleanOperation: Evaluator._boolean,
    cst.IfExp: Evaluator._if_exp,
    cst.Tuple: Evaluator._sequence,
    cst.List: Evaluator._sequence,
    cst.Set: Evaluator._sequence,
    cst.Dict: Evaluator._dict,
    cst.ListComp: Evaluator._comprehension,
    cst.SetComp: Evaluator._comprehension,
    cst.GeneratorExp: Evaluator._comprehension,
    cst.DictComp: Evaluator._comprehension,
    cst.Subscript: Evaluator._subscript,
    cst.NamedExpr: Evaluator._named_expr,
    cst.Lambda: Evaluator._lambda,
    cst.Await: Evaluator._await,
    cst.Yield: Evaluator._yield,
}
