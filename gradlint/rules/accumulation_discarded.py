from __future__ import annotations

from typing import Callable

import libcst as cst

from gradlint.engine.events import Backward, Event, Step, Zero
from gradlint.engine.timeline import (
    ANY,
    accumulation_guard,
    exclusive,
    is_accumulation_frame,
    pairs,
    period,
    training_events,
    training_loop,
)
from gradlint.oracles import GradientsDiscarded
from gradlint.rule import Message, Rule


class AccumulationDiscarded(Rule):
    """Gradients cleared between the micro-steps of an accumulation, so each step sees only the last micro-batch.

    ## What it does
    Flags a zeroing of an optimizer's gradients (`optimizer.zero_grad()`,
    `model.zero_grad()`, `p.grad = None`, a helper of the file that zeroes) in code that
    means to accumulate gradients over several micro-batches (the optimizer's `step()`
    is guarded by a counter test such as `(i + 1) % k == 0`, or the loss is divided by
    the accumulation count), when that zeroing runs between two steps after a
    `backward()` whose gradients the next step was meant to use: `zero_grad()`
    unconditionally before every `backward()` with a guarded `step()`; zeroing and
    `step()` under the same guard, but the zeroing before that micro-batch's
    `backward()`; the same inside a training-step function that a loop (or a
    framework: an event-driven trainer's process function, a `training_step`) calls
    once per batch; a zeroing under a counter test of its own that counts another
    window (`if i % 10 == 0:` beside a step under `(i + 1) % 2 == 0`); and one that
    clears at the start of each window (`if i % k == 0:`) but after that micro-batch's
    `backward()`. A guard that is not about accumulation, such as
    `if torch.isfinite(loss):`, is a deliberate skip and is not flagged. Nor is a
    zeroing when the step's own `backward()` sits inside its guard with it (a GAN's
    generator trained every `n_critic`-th batch): the only gradients it clears are those
    another optimizer's every-batch step has already used (`d_loss.backward();
    opt_d.step()` also fills the generator's `.grad` when the fake is not detached).

    ## Why is this bad?
    The zeroing throws away the micro-batches accumulated since the last step: each
    step uses the gradient of one micro-batch, divided by the accumulation count. The
    effective batch is `k` times smaller than configured and the learning rate `k`
    times smaller than intended. Nothing raises; the run trains slower and noisier
    than the configuration says.

    ## Example
    ```python
    for i, (x, y) in enumerate(loader):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y) / accumulation_steps
        loss.backward()
        if (i + 1) % accumulation_steps == 0:
            optimizer.step()
    ```

    ## Use instead
    ```python
    for i, (x, y) in enumerate(loader):
        loss = loss_fn(model(x), y) / accumulation_steps
        loss.backward()
        if (i + 1) % accumulation_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
    ```

    ## Runtime behaviour
    No error and no warning. At the flagged line, the gradients that earlier
    micro-batches' `backward()` put in `.grad` since the optimizer's last `step()` are
    cleared; the same `backward()` call then refills `.grad`, and at `step()` `p.grad`
    is the gradient of the micro-batches after the clearing alone (verified on torch
    2.13: it matches the sum of what flowed in since the clearing, to rounding). The
    harness reports it at the clearing line when the cleared gradients were finite and
    not all zero, no clipping or unscaling had looked at them (a deliberate skip after
    an overflow looks first), the clearing was outside an optimizer step (an LBFGS
    closure clears inside one), they came from a `backward()` whose gradients no other
    optimizer's `step()` had used since, the same `backward()` call (same line, called
    from the same lines) added gradients again, and nothing was written to `.grad`
    before that optimizer's next `step()`.

    ## Fix safety
    No automatic fix: move the zeroing right after the `step()`, inside its guard
    (or clear once before the loop and after each step); which schedule is meant is
    the author's call.
    """

    code = "GL113"
    name = "accumulation-discarded"
    needs = ("zero_grad", ".grad")
    oracle = GradientsDiscarded()

    def check(self) -> None:
        if not self.facts.uses_torch():
            return
        reported: set[int] = set()
        for stream in self.facts.streams():
            events = training_events(stream)
            backwards = [e for e in events if isinstance(e, Backward) and e.accumulates]
            for step in (e for e in events if isinstance(e, Step) and not e.closure_zeroes):
                scope = training_loop(step, backwards)
                if scope is not None and scope not in step.own_structure:
                    continue  # a loop inside a callee: its own walk judges it
                in_scope = [b for b in backwards if scope is None or scope in b.structure]
                guard = accumulation_guard(step, scope, in_scope)
                micro = _micro_step_loop(step, scope, in_scope, [e for e in events if isinstance(e, Step)])
                if guard is None and micro is None:
                    continue
                # a backward that another optimizer's every-batch step uses next (a GAN's
                # critic: `d_loss.backward(); opt_d.step()`) is that step's, not this window's
                feeding = [b for b in in_scope if not _used_by_other_step(b, events, step)]
                for index, zero in enumerate(events):
                    if not isinstance(zero, Zero) or not pairs(zero, step) or id(zero.site) in reported:
                        continue
                    if exclusive(zero, step):
                        continue  # never in one run: `if use_amp:` ... `else:`
                    if _inside_one_call(zero, step, *in_scope):
                        continue  # all in one call of a function: its own walk judges it
                    if scope is not None and scope not in zero.structure:
                        continue
                    why = self._discards(zero, index, events, guard, micro, feeding, step)
                    if why is not None:
                        reported.add(id(zero.site))
                        self.report(zero.site, self._message(zero, step, guard, why))

    def _discards(
        self,
        zero: Zero,
        index: int,
        events: list[Event],
        guard: tuple | None,
        micro: tuple | None,
        backwards: list,
        step: Step,
    ) -> str | None:
        """Why ``zero`` throws away accumulated gradients, or None when it does not."""
        if micro is not None and micro in zero.loops:
            return "micro-loop"
        if guard is None:
            return None
        zero_guards = [f for f in zero.structure if is_accumulation_frame(f)]
        if not zero_guards and zero.key != ANY and self._syncs(guard):
            # Accelerate's prepared optimizer clears only when the last `accumulate()` synced:
            # outside the block, that is at the start of each window
            return None
        if not zero_guards:
            # not under any accumulation guard: runs on every micro-batch, which throws away
            # what a backward outside the step's guard left (when the step's own backward is
            # inside its guard, as in `if i % n_critic == 0:`, there is nothing to accumulate)
            if not any(not _is_guarded(b) and not exclusive(b, zero) for b in backwards):
                return None
            return "every-micro-batch"
        until = events.index(step) if events.index(step) > index else index  # after the step: none
        later = [
            b
            for b in backwards
            if index < events.index(b) < until and not _is_guarded(b) and not exclusive(b, zero)
        ]
        if self._guard_text(guard) not in {self._guard_text(f) for f in zero_guards}:
            # under another guard: the window's start (`if i % k == 0:`) if it counts the same window
            if guard[2] != "sync" and all(f[2] != "sync" and period(f) != period(guard) for f in zero_guards):
                return "other-window"
            earlier = [
                b for b in backwards if events.index(b) < index and not _is_guarded(b) and not exclusive(b, zero)
            ]
            return "after-backward" if earlier and not later else None
        return "before-backward" if later else None

    def _syncs(self, guard: tuple) -> bool:
        """A guard on Accelerate's sync steps: ``accumulate()`` or ``sync_gradients``."""
        return guard[2] == "sync" or "sync_gradients" in self._guard_text(guard)

    def _guard_text(self, frame: tuple) -> str:
        if frame[2] == "sync":
            return "sync"
        return " ".join(self.facts.code(frame[1].test).split())

    def _message(self, zero: Zero, step: Step, guard: tuple | None, why: str) -> Message:
        code = self.facts.code
        zero_guards = [f for f in zero.structure if is_accumulation_frame(f)]
        cleared = code(zero.site).strip()
        when = (
            "only on the accumulation's sync steps (`accumulate()`)"
            if guard is not None and guard[2] == "sync"
            else f"only when `{self._guard_text(guard)}`"
            if guard is not None
            else "once per window of micro-steps"
        )

        def message(line_of: Callable[[cst.CSTNode], int]) -> str:
            stepped = f"`{step.spelling}.step()` (line {line_of(step.site)}) runs {when}"
            if why == "before-backward":
                problem = f"`{cleared}` runs before this micro-batch's backward(), on the step's iteration"
            elif why == "other-window":
                problem = f"`{cleared}` runs on a schedule of its own (`{self._guard_text(zero_guards[0])}`)"
            elif why == "after-backward":
                problem = f"`{cleared}` runs after the first micro-batch's backward() of each window"
            elif why == "micro-loop":
                problem = f"`{cleared}` runs on every micro-step"
            else:
                problem = f"`{cleared}` runs on every micro-batch"
            return (
                f"{problem}, but {stepped}: the gradients accumulated since the last step are thrown "
                f"away and each step sees one micro-batch; clear them right after the step, inside its guard"
            )

        return message


def _inside_one_call(*events: Event) -> bool:
    calls = {id(e.via[0].call) if e.via else None for e in events}
    return len(calls) == 1 and None not in calls


def _is_guarded(event: Event) -> bool:
    return any(is_accumulation_frame(f) for f in event.structure)


def _used_by_other_step(backward: Backward, events: list[Event], step: Step) -> bool:
    """Whether the next backward-or-step after ``backward`` (in the order of the walk,
    skipping those never in one run with it) is a step of another optimizer that runs on
    every batch: the gradients that backward made are that step's."""
    for later in events[events.index(backward) + 1 :]:
        if not isinstance(later, Step) or exclusive(later, backward):
            continue  # more backwards may come first (`l_d_real.backward(); l_d_fake.backward()`)
        if pairs(later, step):
            return False
        if not _is_guarded(later) and not later.closure_zeroes:
            return True
    return False


def _micro_step_loop(
    step: Step, scope: tuple | None, backwards: list[Backward], steps: list[Step]
) -> tuple | None:
    """nanoGPT's accumulation: a loop over micro-steps inside the training loop, around
    the backward but not the step."""
    depth = len(step.loops)
    for backward in backwards:
        loops = backward.loops
        if len(loops) > depth and loops[:depth] == step.loops and (scope is None or scope in loops):
            if any(s is not step and loops[depth] in s.loops and pairs(s, step) for s in steps):
                continue  # that loop steps the optimizer itself: its backwards are its own steps'
            return loops[depth]
    return None
