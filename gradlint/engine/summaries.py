"""Summaries: what a function of the file does and returns, and what each class's
instances hold, as plain data computed once per file, used at every call.

A :class:`FunctionSummary` is the function's own event stream and result, computed
by walking its body once with a :class:`~gradlint.engine.values.Param` for each
parameter it receives from its callers. :func:`bind` puts a caller's values in place
of those parameters, and :func:`bind_event` carries one event into the caller's
stream, so that what a helper does to its arguments happens, for the rules, to what
the caller passed. Replaying a parameter's path on the caller's value needs the
evaluator, which sits above this layer; it is handed in as a :class:`Resolver`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from gradlint.engine import gradmode
from gradlint.engine.events import (
    TRAINING,
    CallerCall,
    CallStep,
    Event,
    MethodCall,
    Save,
    Step,
    TorchCall,
    Write,
    Zero,
)
from gradlint.engine.names import dotted
from gradlint.engine.values import (
    ABSENT,
    UNKNOWN,
    Const,
    Deferred,
    Derived,
    Iterable,
    Layer,
    Mapping,
    OneOf,
    Param,
    Seq,
    Tensor,
    Value,
    depends_on_caller,
    one_of,
)

if TYPE_CHECKING:
    from gradlint.engine.model import ClassInfo, FunctionInfo


@dataclass
class FunctionSummary:
    """What calling ``function`` does (``events``, in order) and gives back (``result``:
    the join of what its ``return`` statements return; PLAIN when it returns nothing).
    ``mode`` is its body's grad mode (``inherited`` unless a decorator sets one).
    ``complete`` is False for a summary made while the function was still being
    walked (recursion): then calls to it are opaque."""

    function: FunctionInfo
    events: tuple[Event, ...]
    result: Value
    mode: str
    complete: bool = True


@dataclass
class ClassSummary:
    """What the instances of a class of the file hold: each ``self`` attribute's value
    after the methods that write it (joined over them), and whether this file switches
    off some instance's parameters (``frozen``: then none are known to require grad)."""

    info: ClassInfo
    attributes: dict[str, Value] = field(default_factory=dict)
    frozen: bool = False
    #: False while a method that writes attributes is still being walked: then the
    #: attributes are those written so far, and are made again when next asked
    stable: bool = True


class Resolver(Protocol):
    """The evaluator's operations on values, for replaying a parameter's path."""

    def attribute(self, value: Value, name: str) -> Value: ...

    def item(self, value: Value, key: object) -> Value: ...

    def element(self, value: Value) -> Value: ...

    def call(self, value: Value, method: str) -> Value: ...

    def narrow(self, value: Value, classes: tuple, positive: bool) -> Value: ...

    def op(self, derived: Derived, operands: tuple[Value, ...], ident: object) -> Value: ...

    def saved(self, event: Save, operands: dict, result: object) -> frozenset: ...

    def deferred(self, value: Deferred, callee: Value, args: tuple) -> Value: ...


@dataclass
class Binding:
    """A call's values for the callee's parameters, and the calls it is made through."""

    arguments: dict[str, Value]
    chain: tuple  # ids of the call nodes, outermost first
    resolver: Resolver
    #: parameter name -> (argument expression, call), to say where a value came from
    sources: dict = field(default_factory=dict)
    #: keys of the callee's saves that depend on the caller: made anew for each call
    rekeyed: frozenset = frozenset()
    #: id of a callee's value -> the caller's (the values live as long as the summary)
    memo: dict = field(default_factory=dict)

    def key(self, key: tuple) -> tuple:
        return key + (self.chain,) if key in self.rekeyed else key


def bind(value: Value, binding: Binding, depth: int = 0) -> Value:
    """``value`` as the caller sees it (each value once per call: the callee's values
    form a graph whose paths would otherwise be followed again and again)."""
    if depth > _MAX_DEPTH or not depends_on_caller(value):
        return value
    found = binding.memo.get(id(value))
    if found is None:
        found = binding.memo[id(value)] = _bind(value, binding, depth)
    return found


_MAX_DEPTH = 400


def _bind(value: Value, binding: Binding, depth: int) -> Value:
    if isinstance(value, Param):
        return _bind_param(value, binding)
    if isinstance(value, Deferred):
        callee = bind(value.callee, binding, depth + 1)
        args = tuple((keyword, bind(v, binding, depth + 1)) for keyword, v in value.args)
        return binding.resolver.deferred(value, callee, args)
    if isinstance(value, Derived):
        operands = tuple(bind(v, binding, depth + 1) for v in value.operands)
        result = binding.resolver.op(value, operands, (value.ident, binding.chain))
        # the saves it reached in the callee, keyed as the caller's stream keys them
        extra = frozenset(binding.key(k) for k in value.deps)
        if isinstance(result, Tensor) and result.requires_grad and not extra <= result.deps:
            return result.changed(deps=result.deps | extra)
        if isinstance(result, Derived) and not extra <= result.deps:
            return Derived(result.node, result.operands, result.match, result.ident, result.deps | extra)
        return result
    if isinstance(value, Seq):
        return Seq(tuple(bind(v, binding, depth + 1) for v in value.items), value.exact)
    if isinstance(value, OneOf):
        return one_of(tuple(bind(v, binding, depth + 1) for v in value.options))
    if isinstance(value, Mapping):
        return Mapping(
            {k: bind(v, binding, depth + 1) for k, v in value.items.items()},
            bind(value.default, binding, depth + 1),
        )
    if isinstance(value, Iterable):
        element = bind(value.element, binding, depth + 1)
        return UNKNOWN if element is UNKNOWN else Iterable(element)
    if isinstance(value, Layer):
        return value.replaced(members=tuple(bind(v, binding, depth + 1) for v in value.members))
    return UNKNOWN


def _bind_param(param: Param, binding: Binding) -> Value:
    found = binding.arguments.get(param.name, UNKNOWN)
    resolver = binding.resolver
    for step in param.path:
        if found is UNKNOWN:
            return UNKNOWN
        kind = step[0]
        if kind == "attr":
            found = resolver.attribute(found, step[1])
        elif kind == "item":
            found = resolver.item(found, step[1])
        elif kind == "each":
            found = resolver.element(found)
        elif kind == "call":
            found = resolver.call(found, step[1])
        elif kind == "narrow":
            found = resolver.narrow(found, step[1], step[2])
        else:
            return UNKNOWN
    return found


def truthiness(value: Value) -> bool | None:
    """Whether a value is truthy, when known: a literal, a module, an absent attribute."""
    if isinstance(value, Const):
        try:
            return bool(value.value)
        except Exception:  # pragma: no cover - a literal's bool never fails
            return None
    if isinstance(value, Layer) or value is ABSENT:
        return value is not ABSENT
    return None


def bind_event(
    event: Event,
    binding: Binding,
    step: CallStep,
    structure: tuple,
    grad: str,
    mutation_allowed: bool,
    guards: tuple,
) -> Event | None:
    """``event`` of a callee as it happens in the caller's stream, at a call made with
    ``binding``, in ``structure`` and grad mode ``grad``; None when it cannot happen
    there (its guard is false for these arguments, or a save while grad is off)."""
    kept_guards: list = list(guards)
    for name, truthy in event.guards:
        if name == TRAINING:
            kept_guards.append((name, truthy))
            continue
        argument = binding.arguments.get(name, UNKNOWN)
        if isinstance(argument, Param) and not argument.path:
            kept_guards.append((argument.name, truthy))
            continue
        known = truthiness(argument)
        if known is not None and known != truthy:
            return None
    mode = grad if event.grad == gradmode.INHERITED else event.grad
    changes: dict = {
        "structure": structure + _frames_for(event.structure, binding),
        "own_frames": len(structure),
        "grad": mode,
        "via": (step,) + event.via,
        "mutation_allowed": event.mutation_allowed or mutation_allowed,
        "guards": tuple(kept_guards),
    }
    if isinstance(event, Save):
        if mode in (gradmode.DISABLED, gradmode.UNKNOWN):
            return None
        if _depends(event):
            result = (event.result, binding.chain)
            options = tuple(
                (key, {letter: bind(v, binding) for letter, v in letters.items()})
                for key, letters in _match_operands(event)
            )
            changes["saved"] = binding.resolver.saved(event, dict(options), result)
            if not changes["saved"]:
                return None
            changes["key"] = event.key + (binding.chain,)
            changes["result"] = result
            changes["match"] = type(event.match)(options)  # type: ignore[call-arg]
    for item in dataclasses.fields(event):
        current = getattr(event, item.name)
        if item.name in ("value", "callee", "new") and isinstance(current, Value):
            changes[item.name] = bind(current, binding)
    if isinstance(event, (CallerCall, TorchCall, MethodCall)):
        changes["args"] = tuple((keyword, bind(v, binding)) for keyword, v in event.args)
    if isinstance(event, Write) and event.source is None and isinstance(event.value, Param):
        source = binding.sources.get(event.value.name)
        if source is not None:
            changes["source"] = source
    if isinstance(event, (Zero, Step)):
        key = _caller_key(event.key, step)
        if key is not None:
            changes["key"] = key
    return dataclasses.replace(event, **changes)


def _caller_key(key: str, step: CallStep) -> str | None:
    """An optimizer the callee reaches through a parameter (``optimizer.zero_grad()``
    in ``def clear(optimizer)``), spelled as the caller passes it (``clear(opt)``:
    ``opt``); None when it is not reached through a parameter, or the argument has no
    plain spelling."""
    root, dot, rest = key.partition(".")
    argument = step.argument(root)
    path = dotted(argument) if argument is not None else None
    return None if path is None else path + dot + rest


def _frames_for(frames: tuple, binding: Binding) -> tuple:
    """A callee's loops and branches as one call runs them: a branch on a flag parameter
    that this call's argument makes true is always taken (it is no condition here)."""
    kept = []
    for frame in frames:
        if frame[0] == "branch" and len(frame) > 3 and frame[3] is not None:
            flag, _, truthy = frame[3]
            if truthiness(binding.arguments.get(flag, UNKNOWN)) == truthy:
                continue
        kept.append(frame)
    return tuple(kept)


def rekeyed_saves(events: tuple[Event, ...]) -> frozenset:
    """The keys of a callee's saves that depend on its caller."""
    return frozenset(e.key for e in events if isinstance(e, Save) and _depends(e))


def _depends(event: Save) -> bool:
    return any(depends_on_caller(v) for _, letters in _match_operands(event) for v in letters.values())


def _match_operands(event: Save) -> list:
    options = getattr(event.match, "options", ()) or ()
    return [(key, letters) for key, letters in options]


__all__ = [
    "Binding",
    "ClassSummary",
    "FunctionSummary",
    "Resolver",
    "bind",
    "bind_event",
    "truthiness",
]
