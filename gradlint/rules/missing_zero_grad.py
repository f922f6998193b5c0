from __future__ import annotations

from gradlint.engine.evaluate import ANY
from gradlint.engine.events import Backward, Event, OptimizerMade, Step, Stream, Zero
from gradlint.engine.model import FunctionInfo
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
    the zeroing of the same optimizer; `model.zero_grad()` pairs with any.

    A function that calls `backward()` and steps an optimizer it did not create is
    flagged too when nothing clears the gradients in it, in the methods of its class, or
    in the functions that call it in this file: each call accumulates into the
    gradients of the previous one. `torch.autograd.grad()` does not write `.grad` and
    does not count as a backward here.

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
                loop = _training_loop(step, backwards)
                if loop is not None and (loop not in step.own_structure or _one_callee(step, loop, backwards)):
                    continue  # a loop inside a callee, or a callee that trains: its own walk judges it
                if loop is not None:
                    self._check_loop(step, index, loop, zeros, events)
                elif function is not None and not step.via:
                    self._check_function(step, function, zeros, stream)

    def _check_loop(self, step: Step, index: int, loop: tuple, zeros: list[Zero], events: list[Event]) -> None:
        for zero in zeros:
            if _pairs(zero, step) and loop in zero.structure and _contains(zero.structure, step.structure):
                return
        before = any(
            isinstance(e, Zero) and _pairs(e, step) and loop not in e.structure and i < index
            for i, e in enumerate(events)
        )
        elsewhere = any(_pairs(zero, step) and loop in zero.structure for zero in zeros)
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

    def _check_function(self, step: Step, function: FunctionInfo, zeros: list[Zero], stream: Stream) -> None:
        if any(_pairs(zero, step) for zero in zeros):
            return
        made = {e.path for e in stream.events if isinstance(e, OptimizerMade) and not e.via}
        if step.key in made:
            return  # a fresh optimizer per call: a self-contained, one-off step
        cls = function.cls
        if cls is not None and any(self.facts.zeroes(m) for m in cls.methods.values() if m is not function):
            return
        for caller in self.facts.callers_of(function):
            if any(isinstance(e, Zero) for e in self.facts.stream_of(caller).events):
                return
        self.report(
            step.site,
            f"`{step.spelling}.step()` uses gradients that nothing clears: `{function.name}()` calls "
            f"backward() and steps, so each call accumulates into the gradients of the previous one; "
            f"call `{step.spelling}.zero_grad()` in it or around its calls",
        )


def training_events(stream: Stream) -> list[Event]:
    """The backward, step and zeroing events of a stream, in order."""
    return [e for e in stream.events if isinstance(e, (Backward, Step, Zero))]


def _pairs(zero: Zero, step: Step) -> bool:
    return zero.key in (step.key, ANY)


def _one_callee(step: Step, loop: tuple, backwards: list[Backward]) -> bool:
    """The step and every backward of the loop come from one call of a function that
    backpropagates and steps: that function is judged on its own."""
    if not step.via:
        return False
    call = step.via[0].call
    return all(b.via and b.via[0].call is call for b in backwards if loop in b.structure)


def _contains(outer: tuple, inner: tuple) -> bool:
    """Whether the block at ``outer`` holds the one at ``inner`` (runs whenever it runs)."""
    return inner[: len(outer)] == outer


def _training_loop(step: Step, backwards: list[Backward]) -> tuple | None:
    """The innermost loop around the step that also runs a backward."""
    for loop in reversed(step.loops):
        if any(loop in backward.structure for backward in backwards):
            return loop
    return None
