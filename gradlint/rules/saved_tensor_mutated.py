from __future__ import annotations

import libcst as cst

from typing import Callable

from gradlint.engine.events import Backward, Event, Return, Save, Stream, Write
from gradlint.engine.model import FunctionInfo
from gradlint.engine.values import Value, deps_of, ident_of, options_of
from gradlint.oracles import SavedTensorMutated as SavedTensorOracle
from gradlint.rule import Message, Rule

_LONG = 40


class SavedTensorMutated(Rule):
    """A tensor saved for backward is modified in place before backward() runs.

    ## What it does
    Flags an in-place write (augmented assignment, item assignment, an in-place method,
    `inplace=True`, also under `no_grad` and through `.detach()`) into a tensor that an
    earlier op saved for its backward, when a `backward()`, `torch.autograd.backward()`
    or `torch.autograd.grad()` later runs through that op. Which ops save which operands,
    or their result, is not guessable: `x * 2` saves nothing, `x * w` saves `x` only when
    `w` requires grad, `x ** 2` saves `x`, `x.exp()` and `x.sigmoid()` save their
    result. gradlint asks a table learned from torch by execution
    (`scripts/probe_saved_tensors.py`, over 200 ops), with what it knows of which
    operands require grad; when that is unknown it stays silent.

    In `nn.Module.forward` (and the methods it calls) the backward runs later in the
    caller, so a saved tensor written after its saving op is flagged when `forward`
    returns a result computed through that op: `out = self.relu(out); out += identity`
    writes the ReLU's saved output, while after `out = self.bn(out)` the same line is fine
    (batch norm saves its input, not its output). Writes through `.data` are not flagged:
    they bypass the version counter, so torch raises nothing.

    ## Why is this bad?
    Backward needs the saved values as they were when the op ran. torch notices the
    write through the tensor's version counter and refuses to compute a wrong gradient,
    but only at `backward()`, far from the line at fault.

    ## Example
    ```python
    x = torch.ones(1, 10, requires_grad=True)
    y1 = x ** 2          # pow saves x
    with torch.no_grad():
        x += 1           # x was saved by `x ** 2`
    z = y1 ** 2
    z.sum().backward()
    ```

    ## Use instead
    ```python
    x = torch.ones(1, 10, requires_grad=True)
    with torch.no_grad():
        x += 1
    y1 = x ** 2          # compute after the update
    z = y1 ** 2
    z.sum().backward()
    ```
    or make the write out of place: `x = x + 1`, `out = out + identity`.

    ## Runtime behaviour
    `RuntimeError: one of the variables needed for gradient computation has been
    modified by an inplace operation: [torch.FloatTensor [1, 10]] is at version 1;
    expected version 0 instead.` at the `backward()` call (the harness locates the write
    with saved-tensor hooks and checks it is the flagged line).

    ## Fix safety
    No automatic fix: moving the op or copying the tensor changes what the code
    computes, and which is meant is the author's call.
    """

    code = "GL102"
    name = "saved-tensor-mutated"
    needs = ("backward", "forward", "autograd")
    oracle = SavedTensorOracle()

    def check(self) -> None:
        reported: set[int] = set()  # one finding per statement
        for stream in self.facts.streams():
            self._check_stream(stream, reported)

    def _check_stream(self, stream: Stream, reported: set[int]) -> None:
        """Walk one function's events in order: a write into a tensor an earlier op
        saved is pending until a backward that reaches that op (reported) or one that
        frees it (forgotten); a forward's return counts as the backward to come."""
        saved_by: dict[object, list[Save]] = {}
        pending: dict[tuple, list[tuple[Write, Save]]] = {}
        consumed: set[tuple] = set()
        function = stream.function if isinstance(stream.function, FunctionInfo) else None
        in_forward = self.facts.in_forward(function) and not (
            function is not None and self.facts.always_mutation_allowed(function)
        )
        events = stream.events
        writes: list[tuple[int, Write]] = []
        for index, event in enumerate(events):
            if isinstance(event, Save):
                for ident in event.saved:
                    saved_by.setdefault(ident, []).append(event)
                for write, _ in _carried_over(events, index, event, writes):
                    pending.setdefault(event.key, []).append((write, event))
            elif isinstance(event, Write):
                if event.mutation_allowed or event.eval_only:
                    continue  # legal there; or code a module runs only when not training
                writes.append((index, event))
                for ident in _idents(event.value):
                    for record in saved_by.get(ident, ()):
                        if record.key in consumed:
                            continue
                        pending.setdefault(record.key, []).append((event, record))
                        backward = _next_iteration_backward(events, index, event, record)
                        if backward is not None:
                            self._report(frozenset({record.key}), pending, backward.node, reported)
            elif isinstance(event, Backward):
                deps = deps_of(event.value) if event.value is not None else frozenset()
                self._report(deps, pending, event.node, reported)
                if not event.retains_graph:
                    consumed |= deps
                    for key in deps:
                        pending.pop(key, None)
            elif isinstance(event, Return) and in_forward and not event.via:
                deps = deps_of(event.value) if event.value is not None else frozenset()
                self._report(deps, pending, None, reported)

    def _report(
        self, deps: frozenset, pending: dict[tuple, list[tuple[Write, Save]]], backward: cst.CSTNode | None, reported: set[int]
    ) -> None:
        for key in [k for k in pending if k in deps]:  # in the order the writes met them
            for write, record in pending[key]:
                statement = id(write.statement or write.node)
                if statement in reported:
                    continue
                reported.add(statement)
                self.report(write.node, self._message(write, record, backward))

    def _message(self, write: Write, record: Save, backward: cst.CSTNode | None) -> Message:
        code = self.facts.code
        target = code(write.target) if write.target is not None else "the tensor"
        saver = code(record.node).strip()
        saver = saver if len(saver) <= _LONG else saver[: _LONG - 1] + "…"
        remedy = _remedy(write, target, saver)
        what = "its result" if write.value is not None and ident_of(write.value) == record.result else "it"
        if write.kind == "step":
            what = "some of them"

        def message(line_of: Callable[[cst.CSTNode], int]) -> str:
            where = f"`{saver}` (line {line_of(record.node)}) saved {what} for backward"
            if backward is None:
                then = "forward() returns a result computed through that op, so backward through this module will raise RuntimeError"
            else:
                then = f"`{code(backward).strip()[:_LONG]}` at line {line_of(backward)} will raise RuntimeError"
            if write.kind == "step":
                return (
                    f"`{code(write.node).strip()}` updates its parameters in place, but {where}; {then}. "
                    f"Step after that backward, or compute what it backpropagates again after the step."
                )
            if write.kind == "renorm":
                return (
                    f"`{target}` renormalises its weight in place (`max_norm`), but {where}; {then}. "
                    f"Drop `max_norm`, or use the weight only after the last lookup."
                )
            if write.target is write.node:  # a member of an nn.Sequential writing in place
                return (
                    f"in `{target}`, the in-place `{write.op}` writes the output that `{record.op}` saved for "
                    f"backward (line {line_of(record.node)}); {then}. Drop `inplace=True` from the `{write.op}`."
                )
            return f"`{target}` is modified in place, but {where}; {then}. {remedy}"

        return message


def _carried_over(events: list[Event], index: int, save: Save, writes: list[tuple[int, Write]]) -> list[tuple[Write, int]]:
    """Writes earlier in a loop's body into a tensor this later save of the same body
    keeps: the next iteration's write spoils this iteration's save, unless a backward
    in the body frees it first. Only tensors that are the same in every iteration
    count (a module's parameters, what the function was given)."""
    found: list[tuple[Write, int]] = []
    for loop in save.loops:
        inside = [(i, w) for i, w in writes if loop in w.loops]
        if not inside:
            continue
        freed = any(
            isinstance(e, Backward)
            and not e.retains_graph
            and loop in e.loops
            and e.value is not None
            and save.key in deps_of(e.value)
            for e in events[index + 1 :]
        )
        if freed:
            continue
        for i, write in inside:
            if any(ident in save.saved and _invariant(ident) for ident in _idents(write.value)):
                found.append((write, i))
    return found


def _next_iteration_backward(events: list[Event], index: int, write: Write, record: Save) -> Backward | None:
    """A backward earlier in the loop body around ``write`` that reaches ``record``,
    saved before that loop: it runs again, after the write, in the next iteration
    (``fake`` made once, then several generator steps on it)."""
    for loop in write.loops:
        if loop in record.structure:
            continue
        for earlier in events[:index]:
            if (
                isinstance(earlier, Backward)
                and loop in earlier.loops
                and earlier.retains_graph
                and earlier.value is not None
                and record.key in deps_of(earlier.value)
            ):
                return earlier
    return None


def _invariant(ident: object) -> bool:
    """A tensor that is one tensor across a loop's iterations: a module's parameter
    (``("param", module, name)``) or what the caller passed (``("caller", ...)``)."""
    return isinstance(ident, tuple) and bool(ident) and ident[0] in ("param", "caller")


def _idents(value: Value | None) -> list[object]:
    found = []
    for option in options_of(value) if value is not None else ():
        ident = ident_of(option)
        if ident is not None:
            found.append(ident)
    return found


def _remedy(write: Write, target: str, saver: str) -> str:
    if write.kind == "augmented":
        out_of_place = f" (`{target} = {target} {write.op[:-1]} ...`)"
    elif write.kind == "method":
        out_of_place = f" (`{target} = {target}.{write.op.rstrip('_')}(...)`)"
    else:
        out_of_place = ""
    return f"Compute `{saver}` after the update, or make the update out of place{out_of_place}."

