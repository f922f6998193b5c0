from __future__ import annotations

from gradlint.engine.events import Backward
from gradlint.engine.values import Tensor, options_of
from gradlint.oracles import ExceptionAtLine
from gradlint.rule import Rule


class BackwardWithoutGraph(Rule):
    """`backward()` called on a value computed while grad mode was off, so there is no
    graph to go back through.

    ## What it does
    Flags `loss.backward()` where `loss` was computed with grad disabled: inside
    `with torch.no_grad():` or `with torch.inference_mode():`, in a function decorated
    with them, after `torch.set_grad_enabled(False)` written as a statement earlier in
    the function (or in a caller in the file), inside `with torch.set_grad_enabled(False):`,
    and in a function whose every caller in the file runs it without grad (an attack,
    probe or calibration helper called from an evaluation function under `no_grad`).
    Not flagged: `backward()` on values computed after the block ends, values computed
    under `torch.enable_grad()` nested inside `no_grad` (or in a function decorated with
    it), and losses that mix a no-grad part (a target, a teacher's output) with a part
    computed with grad.

    ## Why is this bad?
    With grad mode off, operations record no graph: the result has no `grad_fn` and
    does not require grad, even when the model's parameters do. `backward()` has nothing
    to differentiate. The mistake usually hides in a helper that works when called from
    the training loop and fails when an evaluation loop, already under `no_grad`, calls
    it too.

    ## Example
    ```python
    def fgsm(model, x, y, eps):
        x = x.clone().requires_grad_(True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        return (x + eps * x.grad.sign()).detach()

    @torch.no_grad()
    def robust_accuracy(model, loader):
        return [fgsm(model, x, y, 0.03) for x, y in loader]
    ```

    ## Use instead
    ```python
    def fgsm(model, x, y, eps):
        with torch.enable_grad():
            x = x.clone().requires_grad_(True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
        return (x + eps * x.grad.sign()).detach()
    ```

    ## Runtime behaviour
    `RuntimeError: element 0 of tensors does not require grad and does not have a
    grad_fn` at the `backward()` line (`element 1 of tensors ...` when the second of
    `torch.autograd.backward([a, b])` is the one computed without grad;
    `torch.autograd.grad` raises the same). The same under `no_grad`,
    `inference_mode`, `set_grad_enabled(False)` and a `no_grad` decorator, and for
    `backward()` called inside the block. `torch.enable_grad()` restores recording
    inside `no_grad`, but not inside `inference_mode` (the backward still raises).

    ## Fix safety
    No automatic fix: whether the computation should move out of the block, the block
    should end earlier, or the helper should enter `torch.enable_grad()` itself depends
    on what the code is for.
    """

    code = "GL114"
    name = "backward-without-graph"
    needs = ("no_grad", "inference_mode", "set_grad_enabled")
    oracle = ExceptionAtLine(
        ("RuntimeError",), r"element \d+ of tensors does not require grad and does not have a grad_fn"
    )

    def check(self) -> None:
        seen: set[int] = set()
        for _, backward in self.facts.events(Backward):
            if id(backward.node) in seen or backward.value is None:
                continue
            options = options_of(backward.value)
            if not options or not all(isinstance(o, Tensor) and o.unrecorded for o in options):
                continue
            seen.add(id(backward.node))
            what = self.facts.code(backward.target) if backward.target is not None else "its input"
            if backward.via:
                where = f"`{backward.via[0].function.name}()` is called with grad disabled"  # type: ignore[attr-defined]
            else:
                where = "it was computed with grad disabled"
            self.report(
                backward.node,
                f"`{what}` has no graph: {where} (`torch.no_grad()`, `inference_mode()` or "
                f"`set_grad_enabled(False)`), so backward() raises RuntimeError; compute it with grad "
                f"enabled (`with torch.enable_grad():`)",
            )
