"""The child side of the harness: run one fixture with torch, instrumented, and say
what happened, as JSON-ready data. Only this module imports torch.

What is observed (every line number is a line of the fixture file, taken from the
innermost fixture frame on the stack):

- ``exception``: the exception that ended the run, if any, and the line it came from;
- ``warnings``: warnings attributed to the fixture file;
- ``events``: what the instruments saw:
  - ``grad-mode-not-entered``: a ``no_grad()``/``enable_grad()``/``inference_mode()``
    object built at a line and never entered nor used as a decorator, with whether the
    grad mode was still the same when the next fixture line ran;
  - ``stale-gradients``: at an optimizer step, ``p.grad`` differed from the gradients
    that flowed into ``p`` since the previous step (``kind``: ``leaked`` when there
    was more than what flowed in, ``cleared`` when less);
  - ``grads-cleared``: the line after which gradients that flowed in since the last
    step were cleared (``p.grad`` set to None or zeroed) before any step;
  - ``grads-discarded``: the line after which fresh gradients were cleared whose
    ``backward()`` call (``backward``: its line and the fixture lines around it) then
    added gradients again before the optimizer's next step;
  - ``saved-mutated`` (traced mode only): the line after which a tensor saved for
    backward had its version counter bumped;
  - ``leaf-rebound`` and ``graph-accumulated``: see ``graph_watch``;
  - ``leaf-copy-used``: a non-leaf copy that fixture code made of a leaf that requires
    grad (``copied_at``) was then used as the leaf (``how``: handed to an
    ``optimizer``, its ``grad-read``, or stored as a ``module-attribute`` while the
    gradients that backward put in the hidden leaf's ``.grad`` were never used);
  - ``graph-cut``: ``torch.tensor(data)`` / ``t.new_tensor(data)`` copied a tensor that
    requires grad into a new leaf.

Wrappers that the instruments put around torch functions issue torch's warnings again
at the fixture line they would have had without the wrapper.
"""

from __future__ import annotations

import os
import runpy
import sys
import warnings
import weakref
from types import FrameType, TracebackType
from typing import Any, Callable

from gradlint.verify.graph_watch import watch_names

Observation = dict


class Context:
    """Shared by the instruments of one run."""

    def __init__(self, fixture: str) -> None:
        self.fixture = os.path.realpath(fixture)
        self._known: dict[str, bool] = {}  # filename -> whether it is the fixture
        self.events: list[dict] = []
        # called with the line that just ran and the lines of the fixture frames around it
        self.line_hooks: list[Callable[[int, list[int]], None]] = []
        # called with a fixture frame at each of its "line" and "return" events
        self.frame_hooks: list[Callable[[FrameType, str], None]] = []
        self.last_line: int | None = None

    def is_fixture(self, filename: str) -> bool:
        known = self._known.get(filename)
        if known is None:
            known = self._known[filename] = (
                filename == self.fixture or os.path.realpath(filename) == self.fixture
            )
        return known

    def current_line(self) -> int | None:
        """The line of the innermost fixture frame on the current stack."""
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            if self.is_fixture(frame.f_code.co_filename):
                return frame.f_lineno
            frame = frame.f_back
        return None

    def stack_lines(self) -> list[int]:
        """The lines of every fixture frame on the stack, innermost first."""
        lines = []
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            if self.is_fixture(frame.f_code.co_filename):
                lines.append(frame.f_lineno)
            frame = frame.f_back
        return lines

    def _outer_lines(self, frame: FrameType) -> list[int]:
        lines = []
        outer = frame.f_back
        while outer is not None:
            if self.is_fixture(outer.f_code.co_filename):
                lines.append(outer.f_lineno)
            outer = outer.f_back
        return lines

    def traceback_line(self, tb: TracebackType | None) -> int | None:
        line = None
        while tb is not None:
            if self.is_fixture(tb.tb_frame.f_code.co_filename):
                line = tb.tb_lineno
            tb = tb.tb_next
        return line

    # a line tracer on fixture frames only: after each fixture line, the hooks run with
    # the line that just finished
    def tracer(self, frame: FrameType, event: str, arg: Any):
        if not self.is_fixture(frame.f_code.co_filename):
            return None
        return self._local

    def _local(self, frame: FrameType, event: str, arg: Any):
        if event in ("line", "return"):
            for frame_hook in self.frame_hooks:
                frame_hook(frame, event)
            if self.last_line is not None and self.line_hooks:
                stack = self._outer_lines(frame)
                for hook in self.line_hooks:
                    hook(self.last_line, stack)
            if event == "line":
                self.last_line = frame.f_lineno
            else:
                caller = frame.f_back
                if caller is not None and self.is_fixture(caller.f_code.co_filename):
                    self.last_line = caller.f_lineno  # the call's line goes on after the return
        return self._local


# ---------------------------------------------------------------------- instruments


def watch_grad_mode_objects(ctx: Context) -> Callable[[], None]:
    """Record grad-mode objects made by fixture code, and whether they were ever used."""
    import torch

    created: dict[int, dict] = {}
    classes = [torch.no_grad, torch.enable_grad, torch.inference_mode]
    originals = {}
    pending: list[dict] = []

    def state() -> tuple[bool, bool]:
        return torch.is_grad_enabled(), torch.is_inference_mode_enabled()

    for cls in classes:
        init, enter, call = cls.__init__, cls.__enter__, cls.__call__
        originals[cls] = (init, enter, call)

        def __init__(self, *args, _init=init, **kwargs):
            _init(self, *args, **kwargs)
            line = ctx.current_line()
            frame = sys._getframe(1)
            made_by_fixture = frame is not None and ctx.is_fixture(frame.f_code.co_filename)
            if line is not None and made_by_fixture:
                record = {"line": line, "used": False, "before": state(), "after": None}
                created[id(self)] = record
                pending.append(record)

        def __enter__(self, _enter=enter):
            if id(self) in created:
                created[id(self)]["used"] = True
            return _enter(self)

        def __call__(self, *args, _call=call, **kwargs):
            if id(self) in created:
                created[id(self)]["used"] = True
            return _call(self, *args, **kwargs)

        cls.__init__, cls.__enter__, cls.__call__ = __init__, __enter__, __call__

    def after_line(line: int, stack: list[int]) -> None:
        while pending:
            record = pending.pop()
            if record["after"] is None:
                record["after"] = state()

    ctx.line_hooks.append(after_line)

    def finish() -> None:
        for cls, (init, enter, call) in originals.items():
            cls.__init__, cls.__enter__, cls.__call__ = init, enter, call
        for record in created.values():
            if not record["used"]:
                ctx.events.append(
                    {
                        "oracle": "grad-mode-not-entered",
                        "line": record["line"],
                        "mode_unchanged": record["after"] is None or record["after"] == record["before"],
                    }
                )

    return finish


def _is_zero(grad: Any) -> bool:
    """No gradient: None, or all zeros (NaN counts as a value)."""
    return grad is None or not bool(grad.detach().any())


class _Discard:
    """Fresh gradients cleared outside a step: a discard, if the backward calls they came
    from add gradients again before the optimizer's next step."""

    __slots__ = ("where", "sources", "again", "overwritten")

    def __init__(self, where: tuple[int, ...], sources: set[tuple[int, ...]]) -> None:
        self.where = where  # the clearing line, then the fixture lines around it
        self.sources = sources  # the backward calls (their fixture stacks) that were cleared
        self.again: tuple[int, ...] | None = None  # the first of them to add gradients again
        self.overwritten = False  # p.grad was set since: the code chose what the step sees


class _ParamState:
    __slots__ = (
        "param",
        "flowed",
        "fresh",
        "cleared_at",
        "moved",
        "grad",
        "version",
        "aliases",
        "finite",
        "examined",
        "discards",
        "flows",
    )

    def __init__(self, param: Any) -> None:
        self.param = param
        self.flowed: Any = None  # gradients that flowed in since the last reset, summed
        self.fresh = False  # some flowed in since the last reset
        self.cleared_at: list[int] | None = None  # where fresh gradients were cleared
        self.moved = False  # gradients flowed in during the current line
        # p.grad as of the last line, its version counter, and the `.data` aliases of it
        # taken since the last write or step (writes through an alias do not move the
        # tensor's own counter)
        self.grad: Any = None
        self.version = 0
        self.aliases: list[tuple[Any, int]] = []
        self.finite = True  # every fresh gradient was finite
        self.examined = False  # clipping or unscaling looked at the fresh gradients
        self.discards: list[_Discard] = []
        # the backward calls behind the fresh gradients: each inflow's tick, and its line
        # then the fixture lines around it
        self.flows: dict[int, tuple[int, ...]] = {}

    def written(self, grad: Any) -> bool:
        """Whether ``grad`` (p.grad now) was replaced or written since the last line."""
        if grad is not self.grad:
            return True
        return grad is not None and (
            grad._version != self.version or any(alias._version != seen for alias, seen in self.aliases)
        )

    def reset(self) -> None:
        """A step or a clearing: nothing is fresh any more."""
        self.flowed, self.fresh = None, False
        self.finite, self.examined, self.flows = True, False, {}


def watch_gradients(ctx: Context) -> Callable[[], None]:
    """Compare, at each optimizer step, ``p.grad`` with the gradients that flowed into
    ``p`` since its last reset (a step of its optimizer, or a clearing). More than that
    is a leak from before (``leaked``). A clearing of fresh gradients with no backward
    between it and the step is ``cleared``; one whose backward call (the same fixture
    stack) adds gradients again before the step, with nothing written to ``p.grad`` in
    between, is a discard (``grads-discarded``).

    ``p.grad`` is written when it is replaced or its version counter moves (also through
    a ``.data`` alias) during a line into which no gradient flowed: a write that leaves
    it None or all zeros clears it (``zero_grad()``, ``= None``, ``zero_()``,
    ``fill_(0)``, ``mul_(0)``); any other write sets it (``fill_(0.01)``, ``p.grad = g``)
    and becomes the new reference. In-place edits that belong to a correct step
    (clipping, AMP unscaling) are checked, then taken as the new reference too, for the
    gradients they rewrote (others wait for their own optimizer's step: a model trained
    earlier in the same run keeps its last gradients); the gradients they looked at are
    no longer discarded by a clearing (a deliberate skip).
    Clearings inside a step (an LBFGS closure) and of non-finite or all-zero gradients
    discard nothing; nor do they discard gradients from a ``backward()`` whose gradients a
    step of another optimizer has used since (a GAN critic's ``d_loss.backward();
    opt_d.step()`` also fills the generator's ``.grad``: clearing that is no loss)."""
    import torch

    states: dict[int, _ParamState] = {}
    owners: dict[int, _ParamState] = {}  # id(p.grad) -> its parameter's state
    pending: list[str] = []  # a mismatch seen at a checkpoint, reported at the next step
    reported: set[tuple[int, ...]] = set()  # discards already reported
    tick = [0]  # lines into which gradients flowed, counted
    used: set[int] = set()  # the ticks whose gradients some optimizer's step has used
    in_step = [0]  # optimizer steps under way
    handles: list[Any] = []
    undo: list[Callable[[], None]] = []

    def observe_grad(state: _ParamState, grad: Any) -> None:
        if grad is not state.grad:
            if owners.get(id(state.grad)) is state:
                del owners[id(state.grad)]
            if grad is not None:
                owners[id(grad)] = state
            state.aliases = []
        state.grad, state.version = grad, (0 if grad is None else grad._version)
        if state.aliases:
            state.aliases = [(alias, alias._version) for alias, _ in state.aliases]

    def track(p: Any) -> None:
        if id(p) in states or not getattr(p, "requires_grad", False) or not p.is_leaf:
            return
        state = states[id(p)] = _ParamState(p)
        observe_grad(state, p.grad)
        incoming: list[Any] = []  # the gradient reaching p, until backward adds it to p.grad

        def reaching(grad: Any) -> None:
            incoming[:] = [grad.detach()]

        def accumulated(param: Any, state: _ParamState = state) -> None:
            # torch.autograd.grad() reaches p too, but leaves p.grad alone: only a
            # gradient that backward() accumulated into p.grad flowed in
            if not incoming:
                return
            grad = incoming.pop()
            state.flowed = grad.clone() if state.flowed is None else state.flowed + grad
            state.fresh = state.moved = True
            if state.finite and not bool(torch.isfinite(grad).all()):
                state.finite = False

        handles.append(p.register_hook(reaching))
        handles.append(p.register_post_accumulate_grad_hook(accumulated))

    base_data: Any = vars(torch._C.TensorBase)["data"]  # the descriptor itself

    def data_get(tensor: Any) -> Any:
        alias = base_data.__get__(tensor)
        state = owners.get(id(tensor))
        if state is not None and state.grad is tensor:
            state.aliases.append((alias, alias._version))
        return alias

    def data_set(tensor: Any, value: Any) -> None:
        base_data.__set__(tensor, value)

    undo.append(_wrap(torch.Tensor, "data", lambda _: property(data_get, data_set)))

    def mismatch(optimizer: Any = None) -> str | None:
        for state in _states_of(optimizer):
            kind = mismatch_of(state)
            if kind is not None:
                return kind
        return None

    def mismatch_of(state: _ParamState) -> str | None:
        grad, expected = state.param.grad, state.flowed
        if expected is None:
            return None if _is_zero(grad) else "leaked"
        # p.grad and our sum add the same gradients in the same order: equal but for
        # rounding. A GradScaler divides stale gradients by its scale at each unscale,
        # so a leak there is as small as 1e-5 relative: the tolerance stays below it
        if grad is None or not torch.allclose(grad.detach(), expected.to(grad.dtype), rtol=1e-6, atol=1e-9):
            return "leaked" if not _is_zero(grad) else "cleared"
        return None

    def _states_of(optimizer: Any) -> list[_ParamState]:
        if optimizer is None:
            return list(states.values())
        return [states[id(p)] for group in optimizer.param_groups for p in group["params"] if id(p) in states]

    def resync(touched: list[_ParamState]) -> None:
        for state in touched:
            grad = state.param.grad
            if state.flowed is not None or grad is not None:
                state.flowed = None if grad is None else grad.detach().clone()
            observe_grad(state, grad)

    original_init = torch.optim.Optimizer.__init__

    def init(self, params_arg, *args, **kwargs):
        original_init(self, params_arg, *args, **kwargs)
        for group in self.param_groups:
            for p in group["params"]:
                track(p)

    torch.optim.Optimizer.__init__ = init

    def uses_closure(args: tuple, kwargs: dict) -> bool:
        # the hooks get step()'s own arguments, the optimizer first
        return (len(args) > 1 and args[1] is not None) or kwargs.get("closure") is not None

    def step_pre_hook(optimizer, args, kwargs):
        in_step[0] += 1
        for group in optimizer.param_groups:
            for p in group["params"]:
                track(p)
        if uses_closure(args, kwargs):
            return  # the closure computes the gradients inside step()
        where = ctx.stack_lines()
        kind = pending.pop(0) if pending else mismatch(optimizer)
        mine = _states_of(optimizer)
        for state in mine:
            used.update(state.flows)
        if kind is None:
            for state in mine:
                if state.cleared_at is not None and not state.fresh:
                    kind = "cleared"
                    ctx.events.append(
                        {
                            "oracle": "grads-cleared",
                            "line": state.cleared_at[0],
                            "stack": state.cleared_at[1:],
                        }
                    )
                    break
        if kind is not None:
            ctx.events.append(
                {
                    "oracle": "stale-gradients",
                    "line": where[0] if where else None,
                    "stack": where[1:],
                    "kind": kind,
                }
            )
        for state in mine:
            for discard in state.discards:
                if discard.again and not discard.overwritten and discard.where not in reported:
                    reported.add(discard.where)
                    ctx.events.append(
                        {
                            "oracle": "grads-discarded",
                            "line": discard.where[0],
                            "stack": list(discard.where[1:]),
                            "backward": list(discard.again),
                        }
                    )

    def step_post_hook(optimizer, args, kwargs):
        in_step[0] -= 1
        for state in _states_of(optimizer):
            state.reset()
            state.cleared_at, state.discards, state.aliases = None, [], []
            observe_grad(state, state.param.grad)  # what the step itself did is no write
        pending.clear()

    from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

    handles.append(register_optimizer_step_pre_hook(step_pre_hook))
    handles.append(register_optimizer_step_post_hook(step_post_hook))

    def checkpoint(owner: Any, name: str) -> None:
        def make(original: Callable) -> Callable:
            def checked(*args, **kwargs):
                # only the gradients the call rewrites are judged here (and taken as the
                # new reference): others wait for their own optimizer's step
                kinds = {id(state): mismatch_of(state) for state in states.values()}
                # what each gradient held: an unscale writes through a foreach kernel that
                # leaves the version counter alone
                held = {id(state): _copy(state.param.grad) for state in states.values()}
                for state in states.values():
                    state.examined = state.examined or state.fresh
                result = original(*args, **kwargs)
                touched = [
                    state
                    for state in states.values()
                    if state.written(state.param.grad) or _changed(held[id(state)], state.param.grad)
                ]
                kind = next((kinds[id(state)] for state in touched if kinds[id(state)] is not None), None)
                if kind is not None:
                    pending.append(kind)
                resync(touched)
                return result

            return checked

        undo.append(_wrap(owner, name, make))

    checkpoint(torch.nn.utils, "clip_grad_norm_")
    checkpoint(torch.nn.utils, "clip_grad_value_")
    for scaler in _grad_scalers(torch):
        checkpoint(scaler, "unscale_")

    def cleared(state: _ParamState, where: tuple[int, ...]) -> None:
        if state.fresh:
            state.cleared_at = list(where)
            unused = {source for at, source in state.flows.items() if at not in used}
            if (
                unused
                and not in_step[0]
                and state.finite
                and not state.examined
                and not _is_zero(state.flowed)
            ):
                state.discards.append(_Discard(where, unused))
        state.reset()

    def after_line(line: int, stack: list[int]) -> None:
        where = (line, *stack)
        if any(state.moved for state in states.values()):
            tick[0] += 1
        for state in states.values():
            grad = state.param.grad
            if state.moved:
                state.moved = False
                if not in_step[0]:
                    state.flows[tick[0]] = where
                    for discard in state.discards:
                        if discard.again is None and where in discard.sources:
                            discard.again = where
            elif state.written(grad):
                state.aliases = []  # the write is seen: later ones go through new aliases
                if _is_zero(grad):
                    cleared(state, where)
                else:  # set, not accumulated: the new reference
                    state.flowed, state.fresh = grad.detach().clone(), True
                    for discard in state.discards:
                        discard.overwritten = True
            observe_grad(state, grad)

    ctx.line_hooks.append(after_line)

    def finish() -> None:
        torch.optim.Optimizer.__init__ = original_init
        for handle in handles:
            handle.remove()
        for restore in reversed(undo):
            restore()

    return finish


def _copy(grad: Any) -> Any:
    return None if grad is None else grad.detach().clone()


def _changed(before: Any, grad: Any) -> bool:
    """Whether ``grad`` holds something else than ``before`` (a copy of what it held)."""
    if before is None or grad is None:
        return before is not grad
    return before.shape != grad.shape or not bool((before == grad.detach()).all())


def _grad_scalers(torch: Any) -> list:
    found = []
    for module_name in ("amp", "cuda.amp"):
        module = torch
        for part in module_name.split("."):
            module = getattr(module, part, None)
        scaler = getattr(module, "GradScaler", None) if module is not None else None
        if scaler is not None and scaler not in found:
            found.append(scaler)
    return found


def watch_saved_tensors(ctx: Context) -> Callable[[], None]:
    """Traced mode: every tensor saved for backward, its version when saved, and the
    fixture line after which that version changed."""
    import torch

    saved: list[tuple[Any, int, int | None]] = []
    reported: set = set()

    def pack(tensor):
        saved.append((tensor, tensor._version, ctx.current_line()))
        return tensor

    def unpack(tensor):
        return tensor

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, unpack)
    hooks.__enter__()

    def after_line(line: int, stack: list[int]) -> None:
        for index, (tensor, version, save_line) in enumerate(saved):
            if index not in reported and tensor._version != version:
                reported.add(index)
                ctx.events.append(
                    {"oracle": "saved-mutated", "line": line, "stack": stack, "saved_at": save_line}
                )

    ctx.line_hooks.append(after_line)

    def finish() -> None:
        hooks.__exit__(None, None, None)

    return finish


# ------------------------------------------- leaf copies and graph cuts (GL111, GL115)


def _call_for(frame: FrameType, function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call ``function`` on behalf of ``frame``: torch attributes a warning issued in C++
    to the innermost Python frame, which inside a wrapper is the wrapper's, so each
    warning is caught and issued again where it would have been without the wrapper."""
    issued: list = []
    try:
        with warnings.catch_warnings(record=True) as issued:
            warnings.simplefilter("always")
            return function(*args, **kwargs)
    finally:
        # the caller's filters are in force again: they decide what is shown
        for warning in issued:
            mine = warning.filename == __file__
            warnings.warn_explicit(
                warning.message,
                warning.category,
                frame.f_code.co_filename if mine else warning.filename,
                frame.f_lineno if mine else warning.lineno,
            )


def _wrap(owner: Any, name: str, make: Callable[[Any], Any]) -> Callable[[], None]:
    """Replace ``owner.name`` by ``make(original)``; returns the undo."""
    had_own = name in vars(owner)
    original = getattr(owner, name)
    setattr(owner, name, make(original))

    def undo() -> None:
        if had_own:
            setattr(owner, name, original)
        else:
            delattr(owner, name)

    return undo


# the Tensor methods that return a copy when the device or dtype changes, and the
# tensor itself when nothing changes
_CONVERSIONS = ("to", "cuda", "cpu", "double", "float", "half", "bfloat16", "type")


class _Copy:
    """A non-leaf copy that fixture code made of a leaf that requires grad."""

    __slots__ = ("ref", "line", "stack", "on_module")

    def __init__(self, copy: Any, line: int, stack: list[int]) -> None:
        self.ref = weakref.ref(copy)
        self.line, self.stack = line, stack
        self.on_module = False  # stored as an nn.Module attribute


class _CopiedLeaf:
    """A leaf that requires grad, and the copies fixture code made of it."""

    __slots__ = ("leaf", "copies", "used")

    def __init__(self, leaf: Any) -> None:
        self.leaf = weakref.ref(leaf)
        self.copies: list[_Copy] = []
        self.used = False  # its .grad was read, or it was handed to an optimizer


def watch_leaf_copies(ctx: Context) -> Callable[[], None]:
    """Record the non-leaf copies that fixture code makes of leaves that require grad
    (``torch.randn(3, requires_grad=True).double()``), and report a ``leaf-copy-used``
    event when a copy is then used as a leaf: handed to an optimizer (``how``:
    ``optimizer``), its ``.grad`` read (``grad-read``), or, at the end, stored as an
    ``nn.Module`` attribute where a Parameter belongs while backward filled the hidden
    leaf's ``.grad`` and nothing read it nor optimized the leaf (``module-attribute``).
    ``.grad`` is watched only once a copy exists."""
    import torch

    leaves: dict[int, _CopiedLeaf] = {}
    copies: dict[int, _Copy] = {}
    undo: list[Callable[[], None]] = []
    base_grad: Any = vars(torch._C.TensorBase)["grad"]  # the descriptor itself

    def copy_of(tensor: Any) -> _Copy | None:
        record = copies.get(id(tensor))
        return record if record is not None and record.ref() is tensor else None

    def leaf_record(tensor: Any) -> _CopiedLeaf | None:
        record = leaves.get(id(tensor))
        return record if record is not None and record.leaf() is tensor else None

    def used(how: str, copy: _Copy, line: int | None, stack: list[int]) -> None:
        ctx.events.append(
            {
                "oracle": "leaf-copy-used",
                "how": how,
                "line": line,
                "stack": stack,
                "copied_at": copy.line,
                "copied_stack": copy.stack,
            }
        )

    def used_here(how: str, copy: _Copy) -> None:
        where = ctx.stack_lines()
        used(how, copy, where[0] if where else None, where[1:])

    def grad_get(self: Any) -> Any:
        if self.is_leaf or self.retains_grad:
            record = leaf_record(self)
            if record is not None:
                record.used = True
            return base_grad.__get__(self)
        frame = sys._getframe(1)
        copy = copy_of(self)
        if copy is not None and ctx.is_fixture(frame.f_code.co_filename):
            used_here("grad-read", copy)
        return _call_for(frame, base_grad.__get__, self)

    def grad_set(self: Any, value: Any) -> None:
        base_grad.__set__(self, value)

    def grad_delete(self: Any) -> None:
        base_grad.__delete__(self)

    def record(leaf: Any, copy: Any) -> None:
        if not leaves:
            undo.append(_wrap(torch.Tensor, "grad", lambda _: property(grad_get, grad_set, grad_delete)))
        entry = leaf_record(leaf)
        if entry is None:
            entry = leaves[id(leaf)] = _CopiedLeaf(leaf)
        where = ctx.stack_lines()
        copies[id(copy)] = made = _Copy(copy, where[0], where[1:])
        entry.copies.append(made)

    def converting(original: Callable) -> Callable:
        def conversion(self, *args, **kwargs):
            frame = sys._getframe(1)
            result = _call_for(frame, original, self, *args, **kwargs)
            if (
                isinstance(result, torch.Tensor)
                and result is not self
                and result.grad_fn is not None
                and self.is_leaf
                and self.requires_grad
                and ctx.is_fixture(frame.f_code.co_filename)
            ):
                record(self, result)
            return result

        return conversion

    for name in _CONVERSIONS:
        undo.append(_wrap(torch.Tensor, name, converting))

    def adding(original: Callable) -> Callable:
        def add_param_group(self, param_group, *args, **kwargs):
            params = param_group.get("params") if isinstance(param_group, dict) else None
            if params is not None and not isinstance(params, (torch.Tensor, set)):
                params = param_group["params"] = list(params)  # add_param_group makes it a list too
            for param in [params] if isinstance(params, torch.Tensor) else params or ():
                entry = leaf_record(param)
                if entry is not None:
                    entry.used = True
                copy = copy_of(param)
                if copy is not None:
                    used_here("optimizer", copy)
            return original(self, param_group, *args, **kwargs)

        return add_param_group

    undo.append(_wrap(torch.optim.Optimizer, "add_param_group", adding))

    def storing(original: Callable) -> Callable:
        def __setattr__(self, name, value):
            copy = copy_of(value) if isinstance(value, torch.Tensor) else None
            if copy is not None:
                copy.on_module = True
            return original(self, name, value)

        return __setattr__

    undo.append(_wrap(torch.nn.Module, "__setattr__", storing))

    def finish() -> None:
        for restore in reversed(undo):
            restore()
        for entry in leaves.values():
            leaf = entry.leaf()
            if leaf is None or entry.used or base_grad.__get__(leaf) is None:
                continue
            for copy in entry.copies:
                if copy.on_module:
                    used("module-attribute", copy, copy.line, copy.stack)

    return finish


def _requires_grad_inside(data: Any, torch: Any) -> bool:
    if isinstance(data, torch.Tensor):
        return bool(data.requires_grad)
    if isinstance(data, (list, tuple)):
        return any(_requires_grad_inside(item, torch) for item in data)
    return False


def watch_graph_cuts(ctx: Context) -> Callable[[], None]:
    """Report a ``graph-cut`` event where fixture code calls ``torch.tensor(data)`` or
    ``t.new_tensor(data)`` with ``data`` a tensor that requires grad, or a list or
    tuple holding one: the result is a new leaf, cut from ``data``'s graph."""
    import torch

    def cutting(original: Callable, data_index: int) -> Callable:
        def constructor(*args, **kwargs):
            frame = sys._getframe(1)
            result = _call_for(frame, original, *args, **kwargs)
            data = args[data_index] if len(args) > data_index else kwargs.get("data")
            if (
                ctx.is_fixture(frame.f_code.co_filename)
                and isinstance(result, torch.Tensor)
                and result.grad_fn is None
                and _requires_grad_inside(data, torch)
            ):
                where = ctx.stack_lines()
                ctx.events.append({"oracle": "graph-cut", "line": where[0], "stack": where[1:]})
            return result

        return constructor

    undo = [
        _wrap(torch, "tensor", lambda original: cutting(original, 0)),
        _wrap(torch.Tensor, "new_tensor", lambda original: cutting(original, 1)),
    ]

    def finish() -> None:
        for restore in reversed(undo):
            restore()

    return finish


# ---------------------------------------------------------------------- a run


def warm_up() -> None:
    """Load what torch loads lazily on first use (optimizers pull in much of
    torch._dynamo), so that forked runs do not each pay for it under the tracer."""
    import torch

    layer = torch.nn.Linear(2, 1)
    optimizers = [torch.optim.SGD(layer.parameters(), lr=0.1), torch.optim.Adam(layer.parameters())]
    optimizers.append(torch.optim.AdamW(layer.parameters()))
    for optimizer in optimizers:
        layer(torch.ones(1, 2)).sum().backward()
        optimizer.step()
        optimizer.zero_grad()
    if hasattr(torch.amp, "GradScaler"):
        torch.amp.GradScaler("cpu", enabled=False)
    torch.nn.functional.cross_entropy(torch.zeros(1, 2), torch.zeros(1, dtype=torch.long))


def execute(fixture: str) -> None:
    """Run a fixture as ``__main__``; a notebook's code cells one by one, in order, in one
    namespace (as a kernel runs them), each compiled on its own with the line numbers it
    has in the notebook's program, so that what the run shows lands on the marked lines."""
    if not fixture.endswith(".ipynb"):
        runpy.run_path(fixture, run_name="__main__")
        return
    import ast
    import builtins

    from gradlint import notebook

    path = os.path.realpath(fixture)
    with open(path, "rb") as handle:
        book = notebook.load(handle.read())
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
    for cell in book.cells:
        tree = ast.parse(cell.neutral, filename=path)
        ast.increment_lineno(tree, cell.start - 1)
        exec(compile(tree, path, "exec"), namespace)


def run(fixture: str, traced: bool = False) -> Observation:
    """Run ``fixture`` as ``__main__`` and report what happened."""
    warnings.simplefilter("ignore")  # torch's own import-time warnings are not the fixture's
    import torch

    warm_up()
    ctx = Context(fixture)
    observation: Observation = {
        "torch": torch.__version__,
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "traced": traced,
        "completed": False,
        "exception": None,
        "warnings": [],
        "events": ctx.events,
    }
    finishers = (
        [watch_saved_tensors(ctx)]
        if traced
        else [
            watch_grad_mode_objects(ctx),
            watch_gradients(ctx),
            watch_names(ctx),
            watch_leaf_copies(ctx),
            watch_graph_cuts(ctx),
        ]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        previous_trace = sys.gettrace()
        sys.settrace(ctx.tracer)
        try:
            execute(fixture)
            observation["completed"] = True
        except SystemExit as exc:
            observation["completed"] = exc.code in (None, 0)
        except BaseException as exc:  # the fixture's failure is the observation
            observation["exception"] = {
                "type": type(exc).__name__,
                "message": str(exc),
                "line": ctx.traceback_line(exc.__traceback__),
            }
        finally:
            sys.settrace(previous_trace)
            if ctx.last_line is not None:
                for hook in ctx.line_hooks:
                    hook(ctx.last_line, [])
            for finish in reversed(finishers):  # the wrappers they installed come off in reverse
                finish()
    for warning in caught:
        if ctx.is_fixture(warning.filename):
            observation["warnings"].append(
                {
                    "category": warning.category.__name__,
                    "message": str(warning.message),
                    "line": warning.lineno,
                }
            )
    return observation


def main() -> None:
    """``python -m gradlint.verify.observe FIXTURE RESULT.json [--traced]``: one run in
    a fresh process (used for CUDA, where forking after torch is loaded is unsafe)."""
    import json

    fixture, result = sys.argv[1], sys.argv[2]
    observation = run(fixture, traced="--traced" in sys.argv[3:])
    with open(result, "w", encoding="utf-8") as handle:
        json.dump(observation, handle)


if __name__ == "__main__":
    main()
