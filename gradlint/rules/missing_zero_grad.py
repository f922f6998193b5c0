from __future__ import annotations

from gradlint.engine.events import Backward, Event, OptimizerMade, Step, Stream, Zero
from gradlint.engine.model import FunctionInfo
from gradlint.engine.timeline import (
    accumulation_guard,
    implied,
    is_accumulation_frame,
    made_in,
    pairs,
    period,
    training_events,
    training_loop,
)
from gradlint.oracles import StaleGradients
from gradlint.rule import Rule


class MissingZeroGrad(Rule):
    """A training loop, or training step, that never clears the gradients it steps with.

    ## What it does
    Flags an optimizer's `step()` inside a `for`/`while` loop that also calls
    `backward()`, when no zeroing of that optimizer's gradients runs on every iteration
    that steps: `optimizer.zero_grad()`, `model.zero_grad()`, `p.grad = None` or
    `p.grad.zero_()` over the parameters, `optimizer.step(closure)` whose closure zeroes,
    or a call to a function or method of the file that does one of these. Zeroing in the
    same branch as the step counts, so gradient accumulation (`step()` and `zero_grad()`
    together under `if (i + 1) % k == 0:`) is fine; zeroing only before the loop is not.
    With several optimizers (a GAN's `opt_d` and `opt_g`) each `step()` is paired with
    the zeroing of the same optimizer, or of one over the same module's parameters;
    `model.zero_grad()` pairs with any. Zeroing and stepping under two `if`s on the same
    flag or the same comparison (`if encoder_optimizer is not None:`), not rebound in
    between, pair up, and so do a loop over a collection of optimizers that zeroes each
    and one that steps each; a helper given the optimizer (`clear_gradients(opt)`)
    clears that optimizer. An optimizer wrapped on the way
    (`fabric.setup(model, opt)`, `accelerator.prepare(...)`) is the same optimizer, and
    one made anew in the loop has nothing to accumulate. When the step is part of a
    gradient accumulation (guarded by `(i + 1) % k == 0` or the like) and a zeroing of
    the same window exists, where it runs is GL113's question, not this one's.
    A helper's flag decides whether it zeroes (`def update(self, clear=False)` called
    as `update()` does not), and a helper's step under `if optimizer:` that no call in
    view gives an optimizer is not judged.

    A function that calls `backward()` and steps an optimizer it did not create is
    flagged too when nothing clears the gradients in it, in the methods of its class, or
    in the functions of this file that call it: each call accumulates into the
    gradients of the previous one. When nothing in the file calls it, its callers are
    out of view and it is not flagged. `torch.autograd.grad()` does not write `.grad`
    and does not count as a backward here, and a file that imports no torch (MXNet,
    JAX) is not looked at.

    ## Why is this bad?
    `backward()` adds to `.grad`; it never overwrites it. Without zeroing, every step
    uses the sum of all gradients so far: the updates grow, training diverges or crawls,
    and nothing raises.

    ## Example
    ```python
    for x, y in loader:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Use instead
    ```python
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Runtime behaviour
    No error. At the second `step()`, `p.grad` holds the gradients of both iterations
    (the harness sums what flows into each parameter between steps and compares it with
    `p.grad` at the flagged `step()`).

    ## Fix safety
    No automatic fix: where the zeroing belongs (top of the loop, after the step, with
    accumulation) is the author's call.
    """

    code = "GL103"
    name = "missing-zero-grad"
    needs = ("backward",)
    oracle = StaleGradients("step")

    def check(self) -> None:
        if not self.facts.uses_torch():
            return  # MXNet, JAX...: their step() and backward() are not ours to judge
        for stream in self.facts.streams():
            events = training_events(stream)
            backwards = [e for e in events if isinstance(e, Backward) and e.accumulates]
            if not backwards or not any(isinstance(e, Step) for e in events):
                continue
            zeros = [e for e in events if isinstance(e, Zero)]
            function = stream.function if isinstance(stream.function, FunctionInfo) else None
            for index, step in enumerate(events):
                if not isinstance(step, Step) or step.closure_zeroes:
                    continue
                loop = training_loop(step, backwards)
                if loop is not None and (loop not in step.own_structure or _one_callee(step, loop, backwards)):
                    continue  # a loop inside a callee, or a callee that trains: its own walk judges it
                if loop is not None:
                    if function is not None and self._never_runs(step, function):
                        continue
                    self._check_loop(step, index, loop, zeros, events)
                elif function is not None and not step.via:
                    self._check_function(step, function, zeros, stream)

    def _check_loop(self, step: Step, index: int, loop: tuple, zeros: list[Zero], events: list[Event]) -> None:
        if made_in(events[:index], step.key, loop):
            return  # a fresh optimizer each iteration: nothing to accumulate into
        for zero in zeros:
            if pairs(zero, step) and loop in zero.structure and implied(zero.structure, step.structure):
                return
        guard = accumulation_guard(step, loop)
        if guard is not None and any(self._in_window(z, step, loop, guard) for z in zeros):
            return  # an accumulation window with a zeroing in it: GL113 judges where it runs
        before = any(
            isinstance(e, Zero) and pairs(e, step) and loop not in e.structure and i < index for i, e in enumerate(events)
        )
        elsewhere = any(pairs(zero, step) and loop in zero.structure for zero in zeros)
        spelled = f"`{step.spelling}.zero_grad()`"
        if elsewhere:
            where = f"{spelled} does not run on every iteration that steps"
        elif before:
            where = f"{spelled} is called only before the loop"
        else:
            where = f"{spelled} is never called in this loop"
        self.report(
            step.site,
            f"gradients accumulate across iterations: {where}; clear them once per step "
            f"(before backward() or after step())",
        )

    def _never_runs(self, step: Step, function: FunctionInfo) -> bool:
        """Whether ``step`` sits under a test of a parameter (``if optimizer:``) that
        every call of ``function`` in view makes false (no optimizer given)."""
        if not step.guards or step.via:
            return False
        edges = self.facts.call_edges(function)
        return bool(edges) and not any(
            isinstance(e, Step) and e.node is step.node and e.via and e.via[0].call is edge.node
            for stream, edge in edges
            for e in stream.events
        )

    def _in_window(self, zero: Zero, step: Step, loop: tuple, guard: tuple) -> bool:
        """A zeroing in the loop that runs on every micro-batch, or under a guard that
        counts the same window as the step's: accumulation, GL113's to judge."""
        if not (pairs(zero, step) and loop in zero.structure):
            return False
        guards = [f for f in zero.structure if is_accumulation_frame(f)]
        return not guards or any(period(f) == period(guard) for f in guards)

    def _check_function(self, step: Step, function: FunctionInfo, zeros: list[Zero], stream: Stream) -> None:
        if any(pairs(zero, step) for zero in zeros):
            return
        made = {e.path for e in stream.events if isinstance(e, OptimizerMade) and not e.via}
        if step.key in made:
            return  # a fresh optimizer per call: a self-contained, one-off step
        cls = function.cls
        if cls is not None and any(self.facts.zeroes(m) for m in cls.methods.values() if m is not function):
            return
        callers = self.facts.callers_of(function)
        if not callers:
            return  # called from elsewhere: whether its callers clear the gradients is out of view
        for caller in callers:
            if any(isinstance(e, Zero) for e in self.facts.stream_of(caller).events):
                return
        self.report(
            step.site,
            f"`{step.spelling}.step()` uses gradients that nothing clears: `{function.name}()` calls "
            f"backward() and steps, so each call accumulates into the gradients of the previous one; "
            f"call `{step.spelling}.zero_grad()` in it or around its calls",
        )


def _one_callee(step: Step, loop: tuple, backwards: list[Backward]) -> bool:
    """The step and every backward of the loop come from one call of a function that
    backpropagates and steps: that function is judged on its own."""
    if not step.via:
        return False
    call = step.via[0].call
    return all(b.via and b.via[0].call is call for b in backwards if loop in b.structure)
