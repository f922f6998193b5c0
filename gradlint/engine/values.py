"""The abstract values the analyzer binds to names and computes for expressions.

A value is what gradlint knows about an expression at one program point, and no more:
when it cannot tell, the answer is :data:`UNKNOWN` and rules stay silent.

Tensor values carry a :class:`Grad` fact (leaf that requires grad, a view of one,
non-leaf, no grad) and are compared by identity, so two names bound to one tensor
share one value.
"""

from __future__ import annotations

import itertools


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


_REQUIRES_GRAD = {Grad.LEAF, Grad.VIEW_OF_LEAF, Grad.NON_LEAF, Grad.REQUIRES}


_fresh = itertools.count(-1, -1)


class Tensor(Value):
    """A tensor.

    ``node`` is the expression that made it (for messages). ``ident`` names the tensor
    itself: names bound to it, and the tensor after an in-place write, share it (it is
    the id of the making expression, so that evaluating an expression twice gives the
    same tensor). ``deps`` are the keys of the save records (ops that saved tensors for
    backward) that a backward through this tensor would reach.
    """

    __slots__ = ("grad", "node", "ident", "deps")

    def __init__(
        self, grad: str, node: object = None, deps: frozenset = frozenset(), ident: int | None = None
    ) -> None:
        self.grad = grad
        self.node = node
        self.deps = deps
        self.ident = ident if ident is not None else (id(node) if node is not None else next(_fresh))

    def changed(self, grad: str | None = None, deps: frozenset | None = None) -> Tensor:
        """The same tensor with new facts (after an in-place write, requires_grad_)."""
        return Tensor(
            self.grad if grad is None else grad, self.node, self.deps if deps is None else deps, self.ident
        )

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


def deps_of(value: Value) -> frozenset:
    if isinstance(value, (Tensor, Opaque)):
        return value.deps
    if isinstance(value, Seq):
        found: frozenset = frozenset()
        for item in value.items:
            found |= deps_of(item)
        return found
    return frozenset()


def unknown_with(deps: frozenset) -> Value:
    return Opaque(deps) if deps else UNKNOWN


class Iterable(Value):
    """Something whose elements are all ``element``: ``model.parameters()``, a list of them."""

    __slots__ = ("element",)

    def __init__(self, element: Value) -> None:
        self.element = element

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Iterable) and _same(other.element, self.element)

    def __hash__(self) -> int:
        return hash(type(self.element))

    def __repr__(self) -> str:
        return f"Iterable({self.element!r})"


class Seq(Value):
    """A tuple or list of known length: ``(name, param)``, ``[w, b]``."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Value, ...]) -> None:
        self.items = items

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Seq)
            and len(other.items) == len(self.items)
            and all(_same(a, b) for a, b in zip(self.items, other.items))
        )

    def __hash__(self) -> int:
        return len(self.items)

    def element(self) -> Value:
        """What iterating over it yields: the join of its items."""
        if not self.items:
            return UNKNOWN
        result = self.items[0]
        for item in self.items[1:]:
            result = join(result, item)
        return result

    def __repr__(self) -> str:
        return f"Seq({self.items!r})"


class Mapping(Value):
    """A dict with some known string keys: an optimizer's param group."""

    __slots__ = ("items",)

    def __init__(self, items: dict[str, Value]) -> None:
        self.items = items

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Mapping)
            and other.items.keys() == self.items.keys()
            and all(_same(v, other.items[k]) for k, v in self.items.items())
        )

    def __hash__(self) -> int:
        return len(self.items)


class Layer(Value):
    """An instance of a torch.nn module: ``nn.Linear`` (whose named ``parameters`` are
    leaves that require grad), ``nn.ReLU(inplace=True)``, ``nn.Sequential`` of known
    ``members``."""

    __slots__ = ("qualname", "parameters", "inplace", "members")

    def __init__(
        self,
        qualname: str,
        parameters: tuple[str, ...],
        inplace: bool = False,
        members: tuple[Value, ...] = (),
    ) -> None:
        self.qualname = qualname
        self.parameters = parameters
        self.inplace = inplace
        self.members = members

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Layer)
            and (other.qualname, other.parameters, other.inplace)
            == (self.qualname, self.parameters, self.inplace)
            and len(other.members) == len(self.members)
            and all(a == b for a, b in zip(other.members, self.members))
        )

    def __hash__(self) -> int:
        return hash(self.qualname)


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
    """A ``torch.optim`` optimizer."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Optimizer)

    def __hash__(self) -> int:
        return hash("optimizer")


class ClassRef(Value):
    """A class defined in the file being linted."""

    __slots__ = ("info",)

    def __init__(self, info: object) -> None:
        self.info = info

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClassRef) and other.info is self.info

    def __hash__(self) -> int:
        return id(self.info)


class Instance(Value):
    """An instance of a class defined in this file (``self`` in its methods)."""

    __slots__ = ("info",)

    def __init__(self, info: object) -> None:
        self.info = info

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instance) and other.info is self.info

    def __hash__(self) -> int:
        return id(self.info)


class FunctionRef(Value):
    """A function defined in the file being linted."""

    __slots__ = ("node",)

    def __init__(self, node: object) -> None:
        self.node = node

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FunctionRef) and other.node is self.node

    def __hash__(self) -> int:
        return id(self.node)


def _same(a: Value, b: Value) -> bool:
    return a is b or (not isinstance(a, Tensor) and a == b)


def join(a: Value, b: Value) -> Value:
    """What is known of a value that is ``a`` on one path and ``b`` on another."""
    if a is b:
        return a
    deps = deps_of(a) | deps_of(b)  # a backward may reach what either path reached
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        ident = a.ident if a.ident == b.ident else None
        if a.grad == b.grad:
            return Tensor(a.grad, deps=deps, ident=ident)
        if a.requires_grad and b.requires_grad:
            return Tensor(Grad.REQUIRES, deps=deps, ident=ident)
        return unknown_with(deps)
    if isinstance(a, Iterable) and isinstance(b, Iterable):
        element = join(a.element, b.element)
        return UNKNOWN if element is UNKNOWN else Iterable(element)
    if _same(a, b):
        return a
    return unknown_with(deps)
