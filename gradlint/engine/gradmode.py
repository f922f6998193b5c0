"""Grad modes and the torch objects that switch them.

A region of code runs with grad mode ``ENABLED`` (module level, ``enable_grad``),
``DISABLED`` (``no_grad``, ``inference_mode``, ``set_grad_enabled(False)``),
``INHERITED`` (a function body: whatever its caller had) or ``UNKNOWN``
(``set_grad_enabled(flag)`` with a flag we cannot read, or paths that disagree).
"""

from __future__ import annotations

import libcst as cst

from gradlint.engine.names import argument, literal_bool

ENABLED = "enabled"
DISABLED = "disabled"
INHERITED = "inherited"
UNKNOWN = "unknown"
KEEP = "keep"  # a grad-mode object that leaves the mode as it is: inference_mode(False)

NO_GRAD = "torch.no_grad"
ENABLE_GRAD = "torch.enable_grad"
INFERENCE_MODE = "torch.inference_mode"
SET_GRAD_ENABLED = "torch.set_grad_enabled"
AUTOGRAD_FUNCTION = "torch.autograd.Function"  # its forward() runs with grad off

#: the context-manager classes whose instances switch grad mode on ``with``
CONTEXT_CLASSES = frozenset({NO_GRAD, ENABLE_GRAD, INFERENCE_MODE, SET_GRAD_ENABLED})


def join(a: str, b: str) -> str:
    return a if a == b else UNKNOWN


def context_mode(qualname: str | None, call: cst.Call | None) -> str | None:
    """The mode inside ``with <qualname>(<call args>):``, or None if not a grad-mode class.

    ``call`` is None when the class is used without being called (as a decorator).
    """
    if qualname == NO_GRAD:
        return DISABLED
    if qualname == ENABLE_GRAD:
        return ENABLED
    if qualname == INFERENCE_MODE:
        flag = _flag(call, "mode", default=True)
        if flag is None:
            return UNKNOWN
        return DISABLED if flag else KEEP
    if qualname == SET_GRAD_ENABLED:
        flag = _flag(call, "mode", default=None)
        if flag is None:
            return UNKNOWN
        return ENABLED if flag else DISABLED
    return None


def _flag(call: cst.Call | None, name: str, default: bool | None) -> bool | None:
    if call is None:
        return default
    arg = argument(call, 0, name)
    if arg is None:
        return default
    return literal_bool(arg.value)


# decorators known to leave grad mode alone; any other decorator might switch it
# (torch's optimizers wrap step() in one that does), so its function's mode is unknown
_NEUTRAL_DECORATORS = frozenset(
    """staticmethod classmethod property cached_property abstractmethod wraps lru_cache cache
    total_ordering singledispatch singledispatchmethod overload override final dataclass
    contextmanager asynccontextmanager runtime_checkable fixture no_type_check""".split()
)
_NEUTRAL_PREFIXES = (
    "torch.jit.",
    "torch.compile",
    "torch._dynamo.",
    "functools.",
    "typing.",
    "abc.",
    "dataclasses.",
)


def decorator_mode(qualname: str | None, name: str | None, call: cst.Call | None) -> str | None:
    """The grad mode a decorator gives its function's body; None when it leaves the mode
    alone. ``qualname`` is the resolved name of the decorator (or of the called decorator
    factory), ``name`` its dotted spelling."""
    mode = context_mode(qualname, call)
    if mode is not None:
        return mode
    if qualname is not None and qualname.startswith(_NEUTRAL_PREFIXES):
        return None
    last = (name or "").rsplit(".", 1)[-1]
    if (
        last in _NEUTRAL_DECORATORS
        or last in ("setter", "getter", "deleter")
        or (name or "").startswith("pytest.")
    ):
        return None
    return UNKNOWN


def enter(current: str, mode: str) -> str:
    """The mode inside a region that asks for ``mode`` when entered from ``current``."""
    return current if mode == KEEP else mode
