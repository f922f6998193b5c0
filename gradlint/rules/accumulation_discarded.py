from __future__ import annotations

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
    No error and no warning. At the flagged line, gradients that flowed in from earlier
    micro-batches since the optimizer's last `step()` are cleared, and the same
    `backward()` call refills `.grad` before that step: at `step()`, `p.grad` equals
    the last micro-batch's gradient alone (verified on torch 2.13: the harness's sum of
    what flowed in since the last zeroing matches `p.grad` exactly). The harness's
    stale-gradient oracle therefore reports nothing: it restarts its sum at every
    zeroing, and its "grads-cleared" event needs a step that sees no fresh gradient at
    all. What shows the bug is a clear, before the step, of finite gradients that no
    clipping or unscaling looked at, followed by gradients from the same backward call
    before that optimizer's next step; this rule declares no oracle until the harness
    observes that.

    ## Fix safety
    No automatic fix: move the zeroing right after the `step()`, inside its guard
    (or clear once before the loop and after each step); which schedule is meant is
    the author's call.
    """

    code = "GL113"
    name = "accumulation-discarded"
    needs = ("zero_grad", ".grad")
