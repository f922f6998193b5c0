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


class _ParamState:
    __slots__ = ("param", "flowed", "fresh", "cleared_at", "seen", "moved")

    def __init__(self, param: Any) -> None:
        self.param = param
        self.flowed: Any = None  # gradients that flowed in since the last reset, summed
        self.fresh = False  # some flowed in since the last reset
        self.cleared_at: list[int] | None = None  # where fresh gradients were cleared
        self.seen: Any = None  # the .grad object at the last line
        self.moved = False  # gradients flowed in during the current line


def watch_gradients(ctx: Context) -> Callable[[], None]:
    """Compare, at each optimizer step, ``p.grad`` with the gradients that flowed into
    ``p`` since its last reset (a step of its optimizer, or a zeroing). More than that
    is a leak from before (``leaked``). A zeroing of fresh gradients with no backward
    between it and the step is ``cleared``. In-place edits that belong to a correct
    step (clipping, AMP unscaling) are checked, then taken as the new reference."""
    import torch

    states: dict[int, _ParamState] = {}
    pending: list[str] = []  # a mismatch seen at a checkpoint, reported at the next step
    handles = []

    def track(p: Any) -> None:
        if id(p) in states or not getattr(p, "requires_grad", False):
            return
        state = states[id(p)] = _ParamState(p)

        def hook(grad, state=state):
            state.flowed = grad.detach().clone() if state.flowed is None else state.flowed + grad.detach()
            state.fresh = state.moved = True
            return grad

        handles.append(p.register_hook(hook))

    def zero(grad: Any) -> bool:
        return grad is None or not bool(grad.detach().abs().sum() > 0)

    def mismatch(optimizer: Any = None) -> str | None:
        for state in _states_of(optimizer):
            grad, expected = state.param.grad, state.flowed
            if expected is None:
                if not zero(grad):
                    return "leaked"
            # p.grad and our sum add the same gradients in the same order: equal but for
            # rounding. A GradScaler divides stale gradients by its scale at each unscale,
            # so a leak there is as small as 1e-5 relative: the tolerance stays below it
            elif grad is None or not torch.allclose(
                grad.detach(), expected.to(grad.dtype), rtol=1e-6, atol=1e-9
            ):
                return "leaked" if not zero(grad) else "cleared"
        return None

    def _states_of(optimizer: Any) -> list:
        if optimizer is None:
            return list(states.values())
        return [states[id(p)] for group in optimizer.param_groups for p in group["params"] if id(p) in states]

    def resync() -> None:
        for state in states.values():
            if state.flowed is not None or state.param.grad is not None:
                grad = state.param.grad
                state.flowed = None if grad is None else grad.detach().clone()

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
        for group in optimizer.param_groups:
            for p in group["params"]:
                track(p)
        if uses_closure(args, kwargs):
            return  # the closure computes the gradients inside step()
        where = ctx.stack_lines()
        kind = pending.pop(0) if pending else mismatch(optimizer)
        if kind is None:
            for state in _states_of(optimizer):
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

    def step_post_hook(optimizer, args, kwargs):
        for state in _states_of(optimizer):
            state.flowed, state.fresh, state.cleared_at = None, False, None
        pending.clear()

    from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

    handles.append(register_optimizer_step_pre_hook(step_pre_hook))
    handles.append(register_optimizer_step_post_hook(step_post_hook))

    wrapped: list[tuple[Any, str, Any]] = []

    def checkpoint(owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def checked(*args, **kwargs):
            kind = mismatch()
            if kind is not None:
                pending.append(kind)
            result = original(*args, **kwargs)
            resync()
            return result

        setattr(owner, name, checked)
        wrapped.append((owner, name, original))

    checkpoint(torch.nn.utils, "clip_grad_norm_")
    checkpoint(torch.nn.utils, "clip_grad_value_")
    for scaler in _grad_scalers(torch):
        checkpoint(scaler, "unscale_")

    def after_line(line: int, stack: list[int]) -> None:
        for state in states.values():
            grad = state.param.grad
            if state.fresh and zero(grad):
                # the gradients that flowed in were cleared by this line: a reset
                state.cleared_at = [line, *stack]
                state.flowed, state.fresh = None, False
            elif grad is not None and grad is not state.seen and not state.moved:
                # `p.grad = g` (gradients from torch.autograd.grad): set, not accumulated
                state.flowed, state.fresh = grad.detach().clone(), True
            state.seen, state.moved = grad, False

    ctx.line_hooks.append(after_line)

    def finish() -> None:
        torch.optim.Optimizer.__init__ = original_init
        for handle in handles:
            handle.remove()
        for owner, name, original in wrapped:
            setattr(owner, name, original)

    return finish


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
            for finish in finishers:
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
