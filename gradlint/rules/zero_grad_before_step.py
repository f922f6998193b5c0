from __future__ import annotations

from typing import Callable

import libcst as cst

from gradlint.engine.events import Backward, Event, Step, Zero
from gradlint.engine.timeline import ANY, ends_after, exclusive, pairs, same_iteration, training_events
from gradlint.oracles import StaleGradients
from gradlint.rule import Message, Rule


class ZeroGradBeforeStep(Rule):
    """Gradients cleared between `backward()` and the optimizer's `step()`.

    ## What it does
    Flags a zeroing of an optimizer's gradients (`optimizer.zero_grad()`,
    `model.zero_grad()`, `p.grad = None`, a helper of the file that zeroes) that runs
    after a `backward()` and before that optimizer's `step()` in the same iteration, with
    no `backward()` in between. Branches that exclude each other are told apart (also
    two `if`s on one flag taken opposite ways), a zeroing whose branch then leaves the
    iteration (`continue`, `return`, `raise`) is not followed by the step, and with
    several optimizers `model.zero_grad()` is only paired when one optimizer steps.
    `p.grad.fill_(0.01)` sets gradients; only `zero_()`, `fill_(0)`, `mul_(0)`,
    `= None` and `zero_grad()` clear them.

    ## Why is this bad?
    The step then sees no gradients (`None`, or zeros): the parameters do not move,
    or move only by momentum and weight decay. Nothing raises; the loss just stays flat.

    ## Example
    ```python
    for x, y in loader:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.zero_grad()
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
    No error. At `step()`, `p.grad` is `None` or zero although gradients flowed in this
    iteration (the harness watches `p.grad` line by line and reports the line after
    which the fresh gradients were cleared). With AMP, when the zeroing sets the
    gradients to `None`, `scaler.step()` raises `AssertionError: No inf checks were
    recorded for this optimizer.`

    ## Fix safety
    No automatic fix: move the zeroing before `backward()` or after `step()`.
    """

    code = "GL104"
    name = "zero-grad-before-step"
    needs = ("zero_grad", ".grad")
    oracle = StaleGradients("clear")

    def check(self) -> None:
        if not self.facts.uses_torch():
            return
        for stream in self.facts.streams():
            events = training_events(stream)
            if not any(isinstance(e, Backward) and e.accumulates for e in events):
                continue
            stepped = {e.key for e in events if isinstance(e, Step)}
            if not stepped:
                continue
            for index, zero in enumerate(events):
                if not isinstance(zero, Zero):
                    continue
                backward = _backward_before(events, index, stepped)
                if backward is None:
                    continue
                step = _step_after(events, index, stepped)
                if step is not None and not _inside_one_call(backward, zero, step):
                    self.report(zero.site, self._message(zero, backward, step))

    def _message(self, zero: Zero, backward: Backward, step: Step) -> Message:
        code = self.facts.code
        cleared = code(zero.site).strip()

        def message(line_of: Callable[[cst.CSTNode], int]) -> str:
            return (
                f"`{cleared}` clears the gradients that backward() (line {line_of(backward.site)}) just "
                f"computed, so `{step.spelling}.step()` (line {line_of(step.site)}) sees none; "
                f"zero them before backward() or after step()"
            )

        return message


def _inside_one_call(*events: Event) -> bool:
    """All carried in through the same call: the callee's own walk judges them."""
    calls = {id(e.via[0].call) if e.via else None for e in events}
    return len(calls) == 1 and None not in calls


def _backward_before(events: list[Event], index: int, stepped: set) -> Backward | None:
    zero = events[index]
    assert isinstance(zero, Zero)
    for event in reversed(events[:index]):
        if isinstance(event, Step) and _pairs_here(zero, event, stepped) and same_iteration(event, zero):
            return None  # the last thing before the zeroing was a step: the usual order
        if (
            isinstance(event, Backward)
            and event.accumulates
            and same_iteration(event, zero)
            and not exclusive(event, zero)
        ):
            return event
    return None


def _step_after(events: list[Event], index: int, stepped: set) -> Step | None:
    zero = events[index]
    assert isinstance(zero, Zero)
    for later, event in enumerate(events[index + 1 :], start=index + 1):
        if exclusive(event, zero) or not same_iteration(event, zero):
            continue
        if isinstance(event, Backward):
            return None  # fresh gradients before the step
        if isinstance(event, Step) and _pairs_here(zero, event, stepped):
            if ends_after(events, index, later):
                return None  # the zeroing's path leaves the iteration (continue, return) first
            return event
    return None


def _pairs_here(zero: Zero, step: Step, stepped: set) -> bool:
    """`model.zero_grad()`, `p.grad = None`: whose gradients, we can only tell when one
    optimizer steps here."""
    if zero.key == ANY:
        return len(stepped) <= 1
    return pairs(zero, step)
