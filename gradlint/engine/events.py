"""What the flow walk observes, as plain records: the events rules read.

Each function's walk (and the module's) produces an ordered stream of events. A call
to a function of the file adds that function's events to the caller's stream, at the
call, with the caller's values in place of the parameters (:mod:`gradlint.engine.summaries`)
and the call in ``via``: so an in-place write inside a helper shows up, in the caller,
on the tensor the caller passed.

Every event has:

- ``node``: where it happens (the statement or call to report at);
- ``structure``: the loops and branches around it, outermost first (``("loop", node)``,
  ``("branch", node, label, condition)``: ``condition`` is ``(flag, version, truthy)``
  for ``if flag:`` on a name or attribute, else None), in the function whose stream holds it;
- ``grad``: the grad mode there (see :mod:`gradlint.engine.gradmode`);
- ``via``: the calls it came through, outermost first (empty in its own function);
- ``statement`` / ``block``: the line of small statements and the block holding it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from gradlint.engine.values import Value


@dataclass(frozen=True, eq=False)
class CallStep:
    """A call through which a callee's event reached a caller's stream."""

    call: cst.Call
    function: object  # the FunctionInfo called
    #: parameter name -> the argument expression the call passes for it
    arguments: tuple[tuple[str, cst.BaseExpression | None], ...] = ()

    def argument(self, name: str) -> cst.BaseExpression | None:
        for param, expr in self.arguments:
            if param == name:
                return expr
        return None


#: the guard of a module's ``if self.training:`` (``(TRAINING, False)``: eval-only code)
TRAINING = "self.training"


@dataclass(frozen=True, eq=False)
class Event:
    node: cst.CSTNode
    structure: tuple = ()
    grad: str = "enabled"
    via: tuple[CallStep, ...] = ()
    statement: cst.SimpleStatementLine | None = None
    block: cst.CSTNode | None = None
    #: under ``torch.autograd.graph.allow_mutation_on_saved_tensors()``
    mutation_allowed: bool = False
    #: conditions on the function's parameters for the event to happen:
    #: (parameter name, truthy) pairs, from ``if flag:`` on a parameter; and
    #: ``(TRAINING, truthy)`` for ``if self.training:`` in a module's method
    guards: tuple[tuple[str, bool], ...] = ()
    #: how many of the leading ``structure`` frames are the stream's own function's
    #: (the rest are the callee's, for an event carried in through a call); None: all
    own_frames: int | None = None

    @property
    def own_structure(self) -> tuple:
        return self.structure if self.own_frames is None else self.structure[: self.own_frames]

    @property
    def loops(self) -> tuple:
        return tuple(frame for frame in self.structure if frame[0] == "loop")

    @property
    def eval_only(self) -> bool:
        """Under ``if not self.training:``: not run when the module trains."""
        return (TRAINING, False) in self.guards

    @property
    def site(self) -> cst.CSTNode:
        """Where it happens in the stream's own function: the call it came through, or
        the event's own node."""
        return self.via[0].call if self.via else self.node


@dataclass(frozen=True, eq=False)
class Write(Event):
    """An in-place write into an existing tensor (before the state changes).

    ``kind``: augmented (``w -= g``), setitem (``w[m] = 0``), method (``w.add_()``),
    function (``torch.relu_(w)``), inplace-flag (``F.relu(w, inplace=True)``, an
    ``nn.ReLU(inplace=True)``), out (``out=w``), renorm (an ``nn.Embedding`` with
    ``max_norm`` rescaling its weight). ``value`` is what ``target`` held just before.
    ``source``: for a write through a parameter of a callee, the argument, the call
    that passed it (outermost) and its role ("argument", or "submodule" for what
    ``module.apply(fn)`` passes to ``fn``).
    """

    target: cst.BaseExpression | None = None
    value: Value | None = None
    kind: str = ""
    op: str = ""
    source: tuple[cst.BaseExpression, cst.Call, str] | None = None


@dataclass(frozen=True, eq=False)
class Save(Event):
    """An op that saves tensors for its backward, while autograd records.

    ``key`` identifies it (the op's node, a step within an ``nn.Sequential``, and the
    calls it came through); ``saved`` the identities of the saved tensors; ``match``
    and ``result`` let a caller recompute ``saved`` with its own values."""

    key: tuple = ()
    op: str = ""
    saved: frozenset = frozenset()
    match: object = None
    result: object = None  # the result's identity


@dataclass(frozen=True, eq=False)
class Backward(Event):
    """``loss.backward()``, ``torch.autograd.backward/grad``, ``accelerator.backward(loss)``."""

    target: cst.BaseExpression | None = None
    value: Value | None = None
    retains_graph: bool = False
    accumulates: bool = True  # into .grad (backward) or not (autograd.grad)


@dataclass(frozen=True, eq=False)
class Step(Event):
    """``<optimizer>.step()`` (also ``scaler.step(opt)``); ``key`` names the optimizer."""

    key: str = ""
    spelling: str = ""
    closure_zeroes: bool = False  # LBFGS: the closure clears the gradients
    params: frozenset = frozenset()  # the modules whose parameters it updates, when known


@dataclass(frozen=True, eq=False)
class Zero(Event):
    """Gradients cleared: ``opt.zero_grad()`` (``key`` the optimizer), ``model.zero_grad()``,
    ``p.grad = None``, ``p.grad.zero_()`` (``key`` ANY: whose, we cannot tell)."""

    key: str = ""
    spelling: str = ""
    params: frozenset = frozenset()  # the modules whose gradients it clears, when known


@dataclass(frozen=True, eq=False)
class CallerCall(Event):
    """A call of something the caller passes (``model(x)`` with ``model`` a parameter):
    carried into a caller that passes a module or function of the file, it runs there."""

    callee: Value | None = None
    args: tuple = ()  # ((keyword or None, value), ...)


@dataclass(frozen=True, eq=False)
class Exit(Event):
    """``return``, ``raise``, ``break`` or ``continue`` (``kind``): the code after it in
    its block does not run."""

    kind: str = ""


@dataclass(frozen=True, eq=False)
class LoopCarry(Event):
    """At the end of a loop's first iteration (``node`` the loop), ``path`` holds
    ``value``, which reaches save records: what the next iteration starts from."""

    path: str = ""
    value: Value | None = None


@dataclass(frozen=True, eq=False)
class Return(Event):
    value: Value | None = None


@dataclass(frozen=True, eq=False)
class TorchCall(Event):
    """A call of something reached through an import (``torch.no_grad()``);
    ``expression_statement`` when the call is a statement of its own."""

    qualname: str = ""
    expression_statement: bool = False
    args: tuple = ()  # ((keyword or None, value), ...) as evaluated


@dataclass(frozen=True, eq=False)
class GradRead(Event):
    """``t.grad`` read (not assigned): ``value`` is what ``t`` held."""

    target: cst.BaseExpression | None = None
    value: Value | None = None


@dataclass(frozen=True, eq=False)
class Rebind(Event):
    """``x = f(x)``: a name or attribute (``path``) that held ``value`` bound to ``new``,
    the value of an expression that reads it; ``reads_grad``: the expression reads its
    ``.grad`` (an update step written out of place)."""

    target: cst.BaseExpression | None = None
    path: str = ""
    value: Value | None = None
    new: Value | None = None
    reads_grad: bool = False


@dataclass(frozen=True, eq=False)
class Accumulate(Event):
    """Something added to a running total or collection: ``total += x`` (``kind``
    "augmented"), ``total = total + x`` ("rebind"), ``items.append(x)`` / ``insert``;
    ``path`` names the total, ``value`` is what ``expr`` (the added expression) held."""

    target: cst.BaseExpression | None = None
    path: str = ""
    value: Value | None = None
    expr: cst.BaseExpression | None = None
    kind: str = ""


@dataclass(frozen=True, eq=False)
class MethodCall(Event):
    """A call of one of the methods rules ask about (``numpy``, ``retain_grad``,
    ``requires_grad_``; ``requires_grad=`` for ``t.requires_grad = True``) on ``value``."""

    target: cst.BaseExpression | None = None
    value: Value | None = None
    method: str = ""
    args: tuple = ()


@dataclass(frozen=True, eq=False)
class WithItem(Event):
    """An item of a ``with`` statement: ``value`` what it evaluated to, ``called``
    whether it is written as a call."""

    value: Value | None = None
    called: bool = False


@dataclass(frozen=True, eq=False)
class OptimizerMade(Event):
    """An optimizer bound to ``path`` in this function (``opt = SGD(...)``)."""

    path: str = ""


@dataclass(frozen=True, eq=False)
class CallEdge(Event):
    """A call of a function of this file (an edge of the call graph): ``callee`` the
    FunctionInfo; ``function`` the caller (None at module level)."""

    callee: object = None
    function: object = None


@dataclass
class Stream:
    """One function's events in the order its walk met them."""

    function: object  # FunctionInfo, or None for the module
    events: list[Event] = field(default_factory=list)
