"""The questions rules ask about one analysed file, behind a typed API.

Rules never walk the tree or keep engine state: they read event streams (in-place
writes, saves, backward, steps, zeroings, torch calls, ``with`` items, returns), ask
about grad modes at call sites, how to spell a torch name with the file's imports,
and which functions are an ``nn.Module``'s forward.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar, cast

import libcst as cst

from gradlint.engine import gradmode
from gradlint.engine.events import CallEdge, Event, Rebind, Stream, Zero
from gradlint.engine.flow import Result
from gradlint.engine.model import ClassInfo, FunctionInfo, ProgramModel
from gradlint.engine.summaries import ClassSummary, FunctionSummary
from gradlint.engine.tree import descendants
from gradlint.engine.values import (
    Derived,
    Grad,
    QualName,
    Tensor,
    Value,
    is_view_op,
    options_of,
    requires_grad_of,
)

E = TypeVar("E", bound=Event)


class Facts:
    def __init__(self, result: Result, module: cst.Module, path: str = "<stdin>", text: str = "") -> None:
        self.module = module
        self.path = path
        self.text = text
        self._result = result
        order = {key: index for index, key in enumerate(result.model.functions)}
        self._streams = [result.module_stream] + sorted(
            result.streams,
            key=lambda s: order.get(id(cast(FunctionInfo, s.function).node), 0),
        )
        self._callers: dict[int, list[tuple[Stream, CallEdge]]] | None = None
        self._forward_callees: dict[int, frozenset[str]] = {}
        self._uses_torch: bool | None = None
        self._rebound: list[tuple[Stream, Rebind]] | None = None

    @property
    def model(self) -> ProgramModel:
        return self._result.model

    # ------------------------------------------------------------------ events

    def streams(self) -> list[Stream]:
        """Every walk's events: the module's first, then each function's, in source order."""
        return self._streams

    def events(self, kind: type[E]) -> Iterator[tuple[Stream, E]]:
        for stream in self._streams:
            for event in stream.events:
                if isinstance(event, kind):
                    yield stream, event

    def summary(self, function: FunctionInfo) -> FunctionSummary | None:
        return self._result.summaries.get(id(function.node))

    def class_summary(self, info: ClassInfo) -> ClassSummary | None:
        return self._result.classes.get(id(info.node))

    # ------------------------------------------------------------------ calls

    def call_edges(self, function: FunctionInfo) -> list[tuple[Stream, CallEdge]]:
        """The calls of ``function`` in this file, with the stream of each caller."""
        if self._callers is None:
            self._callers = {}
            for stream in self._streams:
                for event in stream.events:
                    if isinstance(event, CallEdge) and not event.via:
                        key = id(event.callee.node)  # type: ignore[attr-defined]
                        self._callers.setdefault(key, []).append((stream, event))
        return self._callers.get(id(function.node), [])

    def callers_grad_modes(self, function: FunctionInfo, depth: int = 5) -> set[str]:
        """The grad modes in which ``function`` runs when called from this file (calls
        by its name: ``name(...)``, ``obj.name(...)``); a call from a function that
        inherits its mode counts with that function's own callers, ``depth`` levels
        up. Empty when nothing in the file calls it."""
        return self._modes_of(function.name, depth, {function.name})

    def _modes_of(self, name: str, depth: int, seen: set) -> set[str]:
        modes: set[str] = set()
        for grad, caller in self._result.calls_by_name.get(name, ()):
            if grad == gradmode.INHERITED and caller is not None and caller.name not in seen and depth > 0:
                above = self._modes_of(caller.name, depth - 1, seen | {caller.name})
                modes |= above or {gradmode.INHERITED}
            else:
                modes.add(grad)
        return modes

    def records_grad(self, event: Event, stream: Stream) -> bool:
        """Whether autograd records where ``event`` happens: grad mode on, or inherited
        from callers of which one in this file runs with grad on (or none are in the
        file: their mode is out of view, and most code runs with grad on)."""
        if event.grad == gradmode.ENABLED:
            return True
        if event.grad != gradmode.INHERITED:
            return False
        function = stream.function
        if not isinstance(function, FunctionInfo):
            return True
        modes = self.callers_grad_modes(function)
        return not modes or bool(modes & {gradmode.ENABLED, gradmode.INHERITED})

    def rebound_leaves(self) -> list[tuple[Stream, Rebind]]:
        """``x = f(x)`` where ``x`` held a leaf that requires grad and now holds a non-leaf
        computed from it, while autograd records: in the function's own stream, and in
        its callers' where what they pass makes it so (one assignment may show up in
        several streams)."""
        if self._rebound is None:
            self._rebound = [
                (stream, event)
                for stream, event in self.events(Rebind)
                if self.records_grad(event, stream)
                and _holds(event.value, (Grad.LEAF,))
                and _holds(event.new, (Grad.NON_LEAF,))
            ]
        return self._rebound

    def surely_records_grad(self, event: Event, stream: Stream) -> bool:
        """Like :meth:`records_grad`, but a function whose callers are all out of view
        (none in this file but itself) does not count as recording: its callers'
        grad mode is unknown (a weight-conversion helper is called under ``no_grad``
        from another module)."""
        if event.grad != gradmode.INHERITED:
            return self.records_grad(event, stream)
        function = stream.function
        if not isinstance(function, FunctionInfo):
            return True
        if not any(caller is not function for _, caller in self._result.calls_by_name.get(function.name, ())):
            return False
        return self.records_grad(event, stream)

    def always_mutation_allowed(self, function: FunctionInfo, seen: frozenset = frozenset()) -> bool:
        """Whether every call of ``function`` in this file runs inside
        ``torch.autograd.graph.allow_mutation_on_saved_tensors()`` (directly or through
        its callers); False when nothing in the file calls it."""
        edges = self.call_edges(function)
        if not edges or id(function) in seen:
            return False
        for stream, edge in edges:
            if edge.mutation_allowed:
                continue
            caller = stream.function
            if not isinstance(caller, FunctionInfo) or not self.always_mutation_allowed(
                caller, seen | {id(function)}
            ):
                return False
        return True

    def zeroes(self, function: FunctionInfo) -> bool:
        """Whether calling ``function`` clears some gradients (its summary says so)."""
        summary = self.summary(function)
        return summary is not None and any(isinstance(e, Zero) for e in summary.events)

    def callers_of(self, function: FunctionInfo) -> list[FunctionInfo | None]:
        """The functions (None: the module) that call something named like ``function``."""
        found: list[FunctionInfo | None] = []
        for _, caller in self._result.calls_by_name.get(function.name, ()):
            if caller is not function and not any(caller is seen for seen in found):
                found.append(caller)
        return found

    def stream_of(self, function: FunctionInfo | None) -> Stream:
        if function is None:
            return self._result.module_stream
        for stream in self._streams:
            if stream.function is function:
                return stream
        return Stream(function)

    # ------------------------------------------------------------------ modules

    def in_forward(self, function: FunctionInfo | None) -> bool:
        """Whether ``function`` is an ``nn.Module`` class's ``forward`` or a method it
        calls on ``self``: its result is backpropagated by callers we may not see."""
        if function is None or function.cls is None:
            return False
        if function.name == "forward":
            return True
        return function.name in self._callees_of_forward(function.cls)

    def _callees_of_forward(self, cls: ClassInfo) -> frozenset[str]:
        known = self._forward_callees.get(id(cls))
        if known is None:
            forward = cls.methods.get("forward")
            known = frozenset(_self_calls(forward)) if forward is not None else frozenset()
            self._forward_callees[id(cls)] = known
        return known

    # ------------------------------------------------------------------ names

    def spelling(self, qualname: str) -> str | None:
        """How to write ``qualname`` at module level with this file's imports
        (``T.no_grad`` after ``import torch as T``), or None if no import reaches it."""
        best: str | None = None
        for name, value in self._module_bindings().items():
            if not isinstance(value, QualName):
                continue
            if value.name == qualname:
                candidate = name
            elif qualname.startswith(value.name + "."):
                candidate = name + qualname[len(value.name) :]
            else:
                continue
            if best is None or (len(candidate), candidate) < (len(best), best):
                best = candidate
        return best

    def global_value(self, function: FunctionInfo, name: str) -> Value | None:
        """What the module-level ``name`` holds where the module's code ends, when
        ``function`` reads it as a global; None if it binds ``name`` itself or the
        module does not."""
        if name in self._result.local_names.get(id(function.node), frozenset({name})):
            return None
        return self._result.module_final.get(name)

    def module_binds(self, name: str) -> bool:
        """Whether ``name`` is bound anywhere at module level."""
        return name in self._module_bindings()

    def _module_bindings(self) -> dict:
        return self._result.module_bindings

    def uses_torch(self) -> bool:
        """Whether the file imports torch or a framework built on it (a file that only
        uses MXNet or JAX has ``backward()`` and ``step()`` of its own)."""
        if self._uses_torch is None:
            modules = self.model.imported | set(self.model.imports.values())
            self._uses_torch = any(m.split(".")[0] in _TORCH_WORLD for m in modules)
        return self._uses_torch

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)


#: packages whose import says the file trains with torch
_TORCH_WORLD = frozenset(
    "torch torchvision torchaudio lightning pytorch_lightning lightning_fabric accelerate transformers "
    "diffusers timm deepspeed apex ignite fastai detectron2 peft trl torchmetrics".split()
)


def _self_calls(method: FunctionInfo) -> set[str]:
    """Names of the methods called as ``self.name(...)`` in ``method``."""
    self_name = method.self_name or "self"
    return {
        node.func.attr.value
        for node in descendants(method.node.body)
        if isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == self_name
    }


def _holds(value: object, grads: tuple[str, ...]) -> bool:
    """Whether some option of ``value`` is a tensor with one of these grad facts (an op
    on what the caller passes is a non-leaf when an operand requires grad)."""
    if value is None:
        return False
    for option in options_of(value):  # type: ignore[arg-type]
        if isinstance(option, Tensor) and option.grad in grads:
            return True
        if (
            isinstance(option, Derived)
            and Grad.NON_LEAF in grads
            and not is_view_op(option.node)
            and requires_grad_of(option) is True
        ):
            return True
    return False
