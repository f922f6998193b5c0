from __future__ import annotations

from gradlint.oracles import GradientsDiscarded
from gradlint.rule import Rule


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
    once per batch. A guard that is not about accumulation, such as
    `if torch.isfinite(loss):`, is a deliberate skip and is not flagged.

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
    closure clears inside one), the same `backward()` call (same line, called from the
    same lines) added gradients again, and nothing was written to `.grad` before that
    optimizer's next `step()`.

    ## Fix safety
    No automatic fix: move the zeroing right after the `step()`, inside its guard
    (or clear once before the loop and after each step); which schedule is meant is
    the author's call.
    """

    code = "GL113"
    name = "accumulation-discarded"
    needs = ("zero_grad", ".grad")
    oracle = GradientsDiscarded()
