from __future__ import annotations

import libcst as cst

from gradlint.engine.training import ANY, Event, zeroes
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

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = ctx.timeline()

    def finish(self) -> None:
        for key in list(self.timeline.events):
            if not self.timeline.trains(key):
                continue
            events = self.timeline.resolved(self.ctx, key)
            function = self.timeline.functions.get(key)
            backwards = [e for e in events if e.kind == "backward" and e.accumulates]
            if not backwards:
                continue
            zeros = [e for e in events if e.kind == "zero"]
            for index, step in enumerate(events):
                if step.kind != "step" or step.zeroes:
                    continue
                loop = _training_loop(step, backwards)
                if loop is not None:
                    self._check_loop(step, index, loop, zeros, events)
                elif function is not None:
                    self._check_function(step, function, zeros)

    def _check_loop(self, step: Event, index: int, loop: tuple, zeros: list[Event], events: list[Event]) -> None:
        for zero in zeros:
            if _pairs(zero, step) and loop in zero.path and _contains(zero.path, step.path):
                return
        before = any(
            _pairs(e, step) and e.kind == "zero" and loop not in e.path and i < index for i, e in enumerate(events)
        )
        elsewhere = any(_pairs(zero, step) and loop in zero.path for zero in zeros)
        spelled = f"`{step.spelling}.zero_grad()`"
        if elsewhere:
            where = f"{spelled} does not run on every iteration that steps"
        elif before:
            where = f"{spelled} is called only before the loop"
        else:
            where = f"{spelled} is never called in this loop"
        self.report(
            step.node,
            f"gradients accumulate across iterations: {where}; clear them once per step "
            f"(before backward() or after step())",
        )

    def _check_function(self, step: Event, function: cst.FunctionDef, zeros: list[Event]) -> None:
        if any(_pairs(zero, step) for zero in zeros):
            return
        if step.key in self.timeline.optimizers_made.get(id(function), ()):
            return  # a fresh optimizer per call: a self-contained, one-off step
        cls = self.ctx.class_of(function)
        if cls is not None and any(zeroes(self.ctx, m, depth=2) for m in cls.methods() if m is not function):
            return
        for site in self.ctx.call_sites(function.name.value):
            caller = id(site.function) if site.function is not None else 0
            if any(e.kind == "zero" for e in self.timeline.resolved(self.ctx, caller)):
                return
        self.report(
            step.node,
            f"`{step.spelling}.step()` uses gradients that nothing clears: `{function.name.value}()` calls "
            f"backward() and steps, so each call accumulates into the gradients of the previous one; "
            f"call `{step.spelling}.zero_grad()` in it or around its calls",
        )


def _pairs(zero: Event, step: Event) -> bool:
    return zero.kind == "zero" and zero.key in (step.key, ANY)


def _contains(outer: tuple, inner: tuple) -> bool:
    """Whether the block at ``outer`` holds the one at ``inner`` (runs whenever it runs)."""
    return inner[: len(outer)] == outer


def _training_loop(step: Event, backwards: list[Event]) -> tuple | None:
    """The innermost loop around the step that also runs a backward."""
    for loop in reversed(step.loops):
        if any(loop in backward.path for backward in backwards):
            return loop
    return None
