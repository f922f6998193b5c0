"""The abstract values the flow walk binds to names and computes for expressions.

A value is what gradlint knows about an expression at one program point, and no more:
when it cannot tell, the answer is :data:`UNKNOWN` and rules stay silent.

Tensors carry a :class:`Grad` fact (leaf that requires grad, a view of one, non-leaf,
no grad) and an identity, so that two names bound to one tensor share it, and the keys
of the save records a backward through them would reach. Modules are :class:`Layer`
(torch's own, containers included) or :class:`Instance` (a class of the file).

Two kinds of value exist for the analysis of functions on their own, before any call
site binds their parameters: :class:`Param` (whatever the caller passes, reached by a
path of attribute, item and call steps) and :class:`Derived` (an op on such values,
computed once the caller's values are known). :func:`gradlint.engine.summaries.bind`
turns them into the caller's values.

:class:`OneOf` is the element of a loop over a known collection (``self.modules()``,
``for conv in self.convs``): the loop body runs with each of its options in turn.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gradlint.engine.model import ClassInfo, FunctionInfo


class Value:
    __slots__ = ()


class _Unknown(Value):
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Value = _Unknown()


class _Plain(Value):
    """A value known not to be a tensor that requires grad (a number, a string, None)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "PLAIN"


PLAIN: Value = _Plain()


class _Int(_Plain):
    """A Python integer we cannot read: ``x.shape[1]``, ``len(batch)``, a ``range`` item."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "INT"


INT: Value = _Int()


class Const(Value):
    """A literal (``True``, ``None``, ``3``, ``"mean"``): not a tensor, and its value known."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Const) and type(other.value) is type(self.value) and other.value == self.value
        )

    def __hash__(self) -> int:
        return hash(repr(self.value))

    def __repr__(self) -> str:
        return f"Const({self.value!r})"


def is_plain(value: Value) -> bool:
    """Known not to be a tensor: :data:`PLAIN` or a literal."""
    return isinstance(value, (_Plain, Const))


class _Absent(Value):
    """What an attribute lookup gives on a module known not to have that attribute; and
    the value of a name narrowed to nothing (``isinstance`` that cannot hold)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Value = _Absent()


class QualName(Value):
    """An imported module or an object reached through one: ``torch.no_grad``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, QualName) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"QualName({self.name})"


class Grad:
    """What autograd thinks of a tensor."""

    LEAF = "leaf"  # a leaf tensor that requires grad: in-place ops on it raise
    VIEW_OF_LEAF = "view-of-leaf"  # a view of such a leaf: in-place ops raise too
    NON_LEAF = "non-leaf"  # requires grad, produced by a recorded op
    REQUIRES = "requires"  # requires grad; leaf or not depends on the run (device, dtype)
    NONE = "no-grad"  # does not require grad


_REQUIRES_GRAD = frozenset({Grad.LEAF, Grad.VIEW_OF_LEAF, Grad.NON_LEAF, Grad.REQUIRES})

Ident = Hashable
_fresh = itertools.count(1)


def fresh_ident() -> Ident:
    return ("fresh", next(_fresh))


class Origin:
    """Where a tensor or module comes from, for messages: the name it is known by
    (``self.fc.weight``), the node that made it (``nn.Linear(4, 4)``), and for a
    parameter of a module, the parameter's name."""

    __slots__ = ("text", "node", "parameter")

    def __init__(self, text: str, node: object = None, parameter: str = "") -> None:
        self.text = text
        self.node = node
        self.parameter = parameter

    def __repr__(self) -> str:
        return f"Origin({self.text!r})"


class Tensor(Value):
    """A tensor.

    ``ident`` names the tensor itself: names bound to it, views of it and the tensor
    after an in-place write share it (a view shares its base's version counter).
    ``deps`` are the keys of the save records (ops that saved tensors for backward)
    that a backward through this tensor would reach. ``origin`` says what it is;
    ``dtype`` its kind of element when known: ``"float"``, ``"int"``, ``"bool"``,
    ``"complex"``. ``unrecorded``: it does not require grad only because grad mode was
    off when it was computed from tensors that do. ``retains_grad``: ``.retain_grad()``
    was called on it, so backward() fills its ``.grad`` though it is not a leaf.
    """

    __slots__ = ("grad", "ident", "deps", "origin", "dtype", "unrecorded", "retains_grad")

    def __init__(
        self,
        grad: str,
        ident: Ident | None = None,
        deps: frozenset = frozenset(),
        origin: Origin | None = None,
        dtype: str | None = None,
        unrecorded: bool = False,
        retains_grad: bool = False,
    ) -> None:
        self.grad = grad
        self.ident = ident if ident is not None else fresh_ident()
        self.deps = deps
        self.origin = origin
        self.dtype = dtype
        self.unrecorded = unrecorded
        self.retains_grad = retains_grad

    def changed(self, grad: str | None = None, deps: frozenset | None = None) -> Tensor:
        """The same tensor with new facts (after an in-place write, requires_grad_)."""
        return self.replaced(
            grad=self.grad if grad is None else grad, deps=self.deps if deps is None else deps
        )

    def replaced(self, **changes: object) -> Tensor:
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return Tensor(**fields)

    @property
    def requires_grad(self) -> bool:
        return self.grad in _REQUIRES_GRAD

    @property
    def is_grad_leaf(self) -> bool:
        """A leaf that requires grad, or a view of one: what in-place ops may not touch."""
        return self.grad in (Grad.LEAF, Grad.VIEW_OF_LEAF)

    def __repr__(self) -> str:
        return f"Tensor({self.grad})"


class Opaque(Value):
    """Nothing is known of the value but the save records a backward through it could
    reach: what an unknown function returns when given tensors."""

    __slots__ = ("deps",)

    def __init__(self, deps: frozenset) -> None:
        self.deps = deps

    def __repr__(self) -> str:
        return f"Opaque({len(self.deps)})"


class Param(Value):
    """What a function's caller passes for parameter ``name``, reached from it by
    ``path``: steps ``("attr", name)``, ``("item", key)`` (key None when unknown),
    ``("each",)`` (an element of iterating it), ``("call", method)`` (a method called on
    it, ``"()"`` for a call of the value itself) and ``("narrow", classes, positive)``
    (``isinstance`` held, or did not)."""

    __slots__ = ("name", "path")

    def __init__(self, name: str, path: tuple = ()) -> None:
        self.name = name
        self.path = path

    def step(self, step: tuple) -> Param:
        return Param(self.name, self.path + (step,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Param) and (other.name, other.path) == (self.name, self.path)

    def __hash__(self) -> int:
        return hash((self.name, self.path))

    def __repr__(self) -> str:
        return f"Param({self.name}{''.join('.' + str(s[-1]) for s in self.path)})"


class Deferred(Value):
    """What calling a callable the caller passes returns (``model(x)`` in
    ``def attack(model, x)``): computed when a call binds ``callee``; ``node`` is the
    call."""

    __slots__ = ("node", "callee", "args", "ident", "grad")

    def __init__(
        self, node: object, callee: Value, args: tuple, ident: Ident, grad: str = "inherited"
    ) -> None:
        self.node = node
        self.callee = callee
        self.args = args  # ((keyword or None, value), ...)
        self.ident = ident
        self.grad = grad  # the grad mode where the call is made (inherited: the caller's)

    def __repr__(self) -> str:
        return "Deferred()"


class LambdaRef(Value):
    """A ``lambda``: calling it evaluates its body with the arguments bound."""

    __slots__ = ("node",)

    def __init__(self, node: object) -> None:
        self.node = node

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LambdaRef) and other.node is self.node

    def __hash__(self) -> int:
        return id(self.node)


class Derived(Value):
    """An op on values that depend on the caller (:class:`Param`): its result is
    computed when a call binds them. ``ident`` is the op node's id; ``match`` the saved
    tensor table's view of the op (what it saves)."""

    __slots__ = ("node", "operands", "match", "ident", "deps")

    def __init__(
        self, node: object, operands: tuple, match: object, ident: Ident, deps: frozenset = frozenset()
    ) -> None:
        self.node = node
        self.operands = operands
        self.match = match
        self.ident = ident
        self.deps = deps  # the save records a backward through it reaches, within the callee

    def __repr__(self) -> str:
        return f"Derived({len(self.operands)})"


def deps_of(value: Value) -> frozenset:
    if isinstance(value, (Tensor, Opaque, Derived)):
        return value.deps
    if isinstance(value, Iterable):
        return deps_of(value.element)
    if isinstance(value, Mapping):
        found = deps_of(value.default)
        for item in value.items.values():
            found |= deps_of(item)
        return found
    if isinstance(value, (Seq, OneOf)):
        union: frozenset = frozenset()
        for item in value.items if isinstance(value, Seq) else value.options:
            union |= deps_of(item)
        return union
    return frozenset()


def unknown_with(deps: frozenset) -> Value:
    return Opaque(deps) if deps else UNKNOWN


def depends_on_caller(value: Value, depth: int = 0) -> bool:
    """Whether ``value`` holds a :class:`Param`, :class:`Derived` or :class:`Deferred`."""
    if isinstance(value, (Param, Derived, Deferred)):
        return True
    if depth > 4:
        return False
    if isinstance(value, Seq):
        return any(depends_on_caller(item, depth + 1) for item in value.items)
    if isinstance(value, OneOf):
        return any(depends_on_caller(item, depth + 1) for item in value.options)
    if isinstance(value, Mapping):
        return depends_on_caller(value.default, depth + 1) or any(
            depends_on_caller(item, depth + 1) for item in value.items.values()
        )
    if isinstance(value, Iterable):
        return depends_on_caller(value.element, depth + 1)
    if isinstance(value, Layer):
        return any(depends_on_caller(item, depth + 1) for item in value.members)
    return False


class Iterable(Value):
    """Something whose elements are all ``element``: ``model.parameters()``, a list of
    them. An element that is a :class:`OneOf` is each of its options in turn."""

    __slots__ = ("element", "owners")

    def __init__(self, element: Value, owners: tuple[Value, ...] = ()) -> None:
        self.element = element
        self.owners = owners  # the modules whose parameters these are (``m.parameters()``)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Iterable) and same(other.element, self.element)

    def __hash__(self) -> int:
        return hash(type(self.element))

    def __repr__(self) -> str:
        return f"Iterable({self.element!r})"


class Seq(Value):
    """A tuple or list: ``exact`` when its items, in order, are known (``(name, param)``,
    ``[w, b]``); otherwise ``items`` are the values it was seen to hold (a list built by
    ``append`` in a loop), each at least once, in an order we cannot tell."""

    __slots__ = ("items", "exact")

    def __init__(self, items: tuple[Value, ...], exact: bool = True) -> None:
        self.items = items
        self.exact = exact

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Seq)
            and other.exact == self.exact
            and len(other.items) == len(self.items)
            and all(same(a, b) for a, b in zip(self.items, other.items))
        )

    def __hash__(self) -> int:
        return len(self.items)

    def element(self) -> Value:
        """What iterating over it yields: each item in turn."""
        return one_of(self.items)

    def any_item(self) -> Value:
        """What an item at an unknown index is: the join of the items."""
        if not self.items:
            return UNKNOWN
        result = self.items[0]
        for item in self.items[1:]:
            result = join(result, item)
        return result

    def __repr__(self) -> str:
        return f"Seq({self.items!r}{'' if self.exact else ', bag'})"


class Mapping(Value):
    """A dict with some known string keys: an optimizer's param group, ``feats["p3"]``;
    ``default`` is what any other key holds (``{n: p for n, p in named_parameters()}``)."""

    __slots__ = ("items", "default")

    def __init__(self, items: dict[str, Value], default: Value | None = None) -> None:
        self.items = items
        self.default = default if default is not None else UNKNOWN

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Mapping)
            and other.items.keys() == self.items.keys()
            and all(same(v, other.items[k]) for k, v in self.items.items())
            and same(other.default, self.default)
        )

    def __hash__(self) -> int:
        return len(self.items)


class OneOf(Value):
    """Each of ``options`` in turn: the element of a loop over a known collection."""

    __slots__ = ("options",)

    def __init__(self, options: tuple[Value, ...]) -> None:
        self.options = options

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OneOf)
            and len(other.options) == len(self.options)
            and all(same(a, b) for a, b in zip(self.options, other.options))
        )

    def __hash__(self) -> int:
        return len(self.options)

    def __repr__(self) -> str:
        return f"OneOf({self.options!r})"


def one_of(options: tuple[Value, ...]) -> Value:
    """Each of ``options`` in turn; a single option is itself; none is unknown."""
    flat: list[Value] = []
    groups: dict[object, list[Value]] = {}  # by a key equal for values that are the same
    for option in options:
        for inner in option.options if isinstance(option, OneOf) else (option,):
            group = groups.setdefault(_group_key(inner), [])
            if not any(
                inner is seen or (not isinstance(inner, Tensor) and same(inner, seen)) for seen in group
            ):
                group.append(inner)
                flat.append(inner)
    if not flat:
        return UNKNOWN
    if len(flat) == 1:
        return flat[0]
    return OneOf(tuple(flat))


def _group_key(value: Value, depth: int = 0) -> object:
    """A key that two values :func:`same` always share (so that :func:`one_of` compares
    a value only with those of its key: a function with hundreds of ``return [(0.1, 3),
    ...]`` made it quadratic)."""
    if isinstance(value, Tensor):
        return ("tensor", value.ident, value.grad)
    if isinstance(value, Seq) and depth < 3:
        return ("seq", value.exact, tuple(_group_key(item, depth + 1) for item in value.items))
    return hash(value)


def options_of(value: Value) -> tuple[Value, ...]:
    return value.options if isinstance(value, OneOf) else (value,)


class Layer(Value):
    """An instance of a torch.nn module.

    ``parameters`` are the names of its parameters known to exist and require grad
    (``nn.Linear``: weight, bias). Containers (``nn.Sequential``, ``nn.ModuleList``,
    ``nn.ModuleDict``, ``nn.ParameterList/Dict``) hold ``members``: in call order when
    ``ordered`` (a Sequential made from its layers written out), else the values seen
    (``nn.Sequential(*layers)`` of a list built in a loop); ``keys`` name them for the
    dict kinds. ``inplace`` is an activation's ``inplace=True``; ``options`` other
    constructor facts (``max_norm`` for an embedding that renormalises its weight).
    ``ident`` names the module, so that its parameters keep their identity.
    """

    __slots__ = (
        "qualname",
        "parameters",
        "inplace",
        "members",
        "ordered",
        "keys",
        "options",
        "ident",
        "origin",
    )

    def __init__(
        self,
        qualname: str,
        parameters: tuple[str, ...] = (),
        inplace: bool = False,
        members: tuple[Value, ...] = (),
        ordered: bool = True,
        keys: tuple[str | None, ...] | None = None,
        options: frozenset = frozenset(),
        ident: Ident | None = None,
        origin: Origin | None = None,
    ) -> None:
        self.qualname = qualname
        self.parameters = parameters
        self.inplace = inplace
        self.members = members
        self.ordered = ordered
        self.keys = keys
        self.options = options
        self.ident = ident if ident is not None else fresh_ident()
        self.origin = origin

    @property
    def short_name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]

    def replaced(self, **changes: object) -> Layer:
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return Layer(**fields)

    def parameter(self, name: str) -> Tensor:
        """The parameter ``name``: the same tensor however often it is looked up."""
        named = self.origin is not None and self.origin.text
        text = f"{self.origin.text}.{name}" if named else ""  # type: ignore[union-attr]
        return Tensor(
            Grad.LEAF,
            ("param", self.ident, name),
            origin=Origin(text, self.origin.node if self.origin else None, name),
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Layer)
            and (other.qualname, other.parameters, other.inplace, other.ordered, other.keys, other.options)
            == (self.qualname, self.parameters, self.inplace, self.ordered, self.keys, self.options)
            and len(other.members) == len(self.members)
            and all(same(a, b) for a, b in zip(other.members, self.members))
        )

    def __hash__(self) -> int:
        return hash(self.qualname)

    def __repr__(self) -> str:
        return f"Layer({self.short_name}{', ' + str(len(self.members)) + ' members' if self.members else ''})"


class GradModeContext(Value):
    """What ``torch.no_grad()`` and friends return: a context manager for a grad mode."""

    __slots__ = ("mode",)

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GradModeContext) and other.mode == self.mode

    def __hash__(self) -> int:
        return hash(self.mode)


class Optimizer(Value):
    """A ``torch.optim`` optimizer, made at ``ident``, over the parameters of
    ``modules`` (when we can tell)."""

    __slots__ = ("ident", "modules")

    def __init__(self, ident: Ident | None = None, modules: tuple[Value, ...] = ()) -> None:
        self.ident = ident
        self.modules = modules

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Optimizer) and other.ident == self.ident

    def __hash__(self) -> int:
        return hash("optimizer")


class ClassRef(Value):
    """A class defined in the file being linted."""

    __slots__ = ("info",)

    def __init__(self, info: ClassInfo) -> None:
        self.info = info

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClassRef) and other.info is self.info

    def __hash__(self) -> int:
        return id(self.info)

    def __repr__(self) -> str:
        return f"ClassRef({self.info.name})"


class Instance(Value):
    """An instance of a class defined in this file (``self`` in its methods). ``attrs``
    are what this instance's ``__init__`` made of what its constructor was given
    (``Trainer(model)`` -> ``self.model``), where the class alone cannot tell."""

    __slots__ = ("info", "attrs")

    def __init__(self, info: ClassInfo, attrs: dict[str, Value] | None = None) -> None:
        self.info = info
        self.attrs = attrs or {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instance) and other.info is self.info

    def __hash__(self) -> int:
        return id(self.info)

    def __repr__(self) -> str:
        return f"Instance({self.info.name})"


class FunctionRef(Value):
    """A function defined in the file being linted; ``bound`` is the receiver of a
    method reached through an instance (``self.init_weights``)."""

    __slots__ = ("info", "bound")

    def __init__(self, info: FunctionInfo, bound: Value | None = None) -> None:
        self.info = info
        self.bound = bound

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FunctionRef)
            and other.info is self.info
            and same_or_none(other.bound, self.bound)
        )

    def __hash__(self) -> int:
        return id(self.info)

    def __repr__(self) -> str:
        return f"FunctionRef({self.info.name})"


def module_ident(module: Value) -> Ident | None:
    """Which module this is, to compare the parameter sets of optimizers."""
    if isinstance(module, Layer):
        return module.ident
    if isinstance(module, Instance):
        return ("instance", id(module.info))
    return None


def same_or_none(a: Value | None, b: Value | None) -> bool:
    return a is b or (a is not None and b is not None and same(a, b))


def same(a: Value, b: Value) -> bool:
    """Equal values; tensors only when they are the same tensor with the same facts."""
    if a is b:
        return True
    if isinstance(a, Tensor):
        return isinstance(b, Tensor) and a.ident == b.ident and a.grad == b.grad and a.deps == b.deps
    return a == b


def join(a: Value, b: Value) -> Value:
    """What is known of a value that is ``a`` on one path and ``b`` on another."""
    if a is b:
        return a
    if a is ABSENT:
        return b
    if b is ABSENT:
        return a
    deps = deps_of(a) | deps_of(b)  # a backward may reach what either path reached
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        ident = a.ident if a.ident == b.ident else None
        origin = a.origin if ident is not None else None
        dtype = a.dtype if a.dtype == b.dtype else None
        retains = a.retains_grad or b.retains_grad
        if a.grad == b.grad:
            return Tensor(a.grad, ident, deps, origin, dtype, retains_grad=retains)
        if a.requires_grad and b.requires_grad:
            return Tensor(Grad.REQUIRES, ident, deps, origin, dtype, retains_grad=retains)
        return unknown_with(deps)
    if isinstance(a, Iterable) and isinstance(b, Iterable):
        element = join(a.element, b.element)
        return UNKNOWN if element is UNKNOWN else Iterable(element)
    if isinstance(a, Seq) and isinstance(b, Seq) and not same(a, b):
        # a list that grew on one path: what it may hold, order unknown
        return Seq(tuple(options_of(one_of(a.items + b.items))), exact=False)
    if isinstance(a, OneOf) and isinstance(b, OneOf):
        return one_of(a.options + b.options)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        items = {
            key: join(a.items.get(key, a.default), b.items.get(key, b.default))
            for key in a.items.keys() | b.items.keys()
        }
        return Mapping(items, join(a.default, b.default))
    if (
        isinstance(a, Layer)
        and isinstance(b, Layer)
        and a.qualname == b.qualname
        and (a.members or b.members)
    ):
        # a container that grew on one path (appended to in a loop): what it may hold
        members = options_of(one_of(a.members + b.members)) if (a.members + b.members) else ()
        keys = a.keys if a.keys == b.keys else None
        return a.replaced(
            members=members, ordered=a.ordered and b.ordered and a.members == b.members, keys=keys
        )
    if same(a, b):
        return a
    if is_plain(a) and is_plain(b):
        return PLAIN
    return unknown_with(deps)


def requires_grad_of(value: Value, depth: int = 0) -> bool | None:
    """Whether ``value`` is a tensor that requires grad: True, False (a tensor without
    grad, or not a tensor), or None when it depends on what we cannot see."""
    if isinstance(value, Tensor):
        return value.requires_grad
    if is_plain(value):
        return False
    if isinstance(value, Derived) and depth < 8:
        if value.match and value.match[0] == "detach":  # type: ignore[index]
            return False
        found: bool | None = False
        for operand in value.operands:
            requires = requires_grad_of(operand, depth + 1)
            if requires:
                return True
            if requires is None:
                found = None
        return found
    return None


def tensor_like(value: Value) -> bool:
    """Known to be a tensor (possibly one the caller decides about)."""
    return isinstance(value, (Tensor, Derived))


_VIEW_CALLS = frozenset(
    "view view_as t transpose permute expand expand_as squeeze unsqueeze narrow select unfold "
    "diagonal as_strided movedim moveaxis swapaxes swapdims detach".split()
)


def is_view_op(node: object) -> bool:
    """Whether ``node`` (an op's node) is a call of a view method: ``x.view(-1)``."""
    func = getattr(node, "func", None)
    attr = getattr(func, "attr", None)
    return getattr(attr, "value", None) in _VIEW_CALLS


def ident_of(value: Value) -> Ident | None:
    """The identity of the tensor ``value`` holds (its version counter), when known.
    What a caller passes is one tensor however it is reached by attributes, known
    items and views."""
    if isinstance(value, (Tensor, Derived, Deferred)):
        return value.ident
    if isinstance(value, Param):
        path = []
        for step in value.path:
            if step[0] == "attr" or (step[0] == "item" and step[1] is not None):
                path.append(step)
            elif step[0] == "call" and step[1] in _VIEW_CALLS:
                continue
            else:
                return None
        return ("caller", value.name, tuple(path))
    return None
