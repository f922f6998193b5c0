from __future__ import annotations

import libcst as cst

from gradlint.engine import gradmode
from gradlint.engine.access import aliases
from gradlint.engine.events import Backward, Stream
from gradlint.engine.model import FunctionInfo
from gradlint.engine.names import dotted
from gradlint.engine.tree import descendants
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
    Also flags a `backward()` inside `with torch.set_grad_enabled(<condition>):` (the
    train/val phase loop of the transfer-learning tutorial) that no `if` on that same
    condition guards: the phase that turns grad off raises there.
    Not flagged: `backward()` on values computed after the block ends, values computed
    under `torch.enable_grad()` nested inside `no_grad` (or in a function decorated with
    it), losses that mix a no-grad part (a target, a teacher's output) with a part
    computed with grad, `backward()` under `if phase == "train":` in such a block, and
    code that tests the loss first (`if not loss.requires_grad: return`).

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
        self._check_conditional_grad(seen)
        for stream, backward in self.facts.events(Backward):
            if id(backward.node) in seen or backward.value is None:
                continue
            options = options_of(backward.value)
            if not options or not all(isinstance(o, Tensor) and o.unrecorded for o in options):
                continue
            if self._checks_for_a_graph(stream, backward):
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

    def _check_conditional_grad(self, seen: set[int]) -> None:
        """``with torch.set_grad_enabled(phase == "train"):`` around a backward() that no
        ``if`` on the same condition guards: the phase that turns grad off raises."""
        for stream in self.facts.streams():
            function = stream.function
            body = function.node.body if isinstance(function, FunctionInfo) else self.facts.module
            own = [e for e in stream.events if isinstance(e, Backward) and not e.via and e.grad == gradmode.UNKNOWN]
            if not own:
                continue
            for block in descendants(body, skip=(cst.FunctionDef, cst.ClassDef)):
                if not isinstance(block, cst.With):
                    continue
                condition = self._grad_condition(block)
                if condition is None:
                    continue
                inside = {id(n) for n in descendants(block.body, skip=(cst.FunctionDef, cst.ClassDef))}
                guarded = self._guarded(block.body, condition)
                for backward in own:
                    if id(backward.node) not in inside or id(backward.node) in guarded or id(backward.node) in seen:
                        continue
                    seen.add(id(backward.node))
                    written = " ".join(self.facts.code(condition).split())
                    self.report(
                        backward.node,
                        f"backward() runs whatever `{written}` is, but `set_grad_enabled({written})` records no "
                        f"graph when it is false, so backward() raises RuntimeError then; call it under "
                        f"`if {written}:`",
                    )

    def _grad_condition(self, block: cst.With) -> cst.BaseExpression | None:
        """The condition of a ``set_grad_enabled(<condition>)`` item that is not a literal."""
        for item in block.items:
            call = item.item
            if not isinstance(call, cst.Call) or not call.args:
                continue
            name = dotted(call.func) or ""
            if name.rsplit(".", 1)[-1] != "set_grad_enabled":
                continue
            argument = call.args[0].value
            if isinstance(argument, cst.Name) and argument.value in ("True", "False"):
                return None
            return argument
        return None

    def _guarded(self, body: cst.CSTNode, condition: cst.BaseExpression) -> set[int]:
        """The nodes under an ``if`` whose test is ``condition`` (taken when it is true)."""
        text = " ".join(self.facts.code(condition).split())
        found: set[int] = set()
        for node in descendants(body):
            if isinstance(node, cst.If) and " ".join(self.facts.code(node.test).split()) == text:
                found |= {id(n) for n in descendants(node.body)}
        return found

    def _checks_for_a_graph(self, stream: Stream, backward: Backward) -> bool:
        """Whether the function around the backward tests the backwarded tensor's
        ``requires_grad`` (``if not loss.requires_grad: return``): it knows a graph may
        be missing."""
        function = backward.via[-1].function if backward.via else stream.function
        if not isinstance(function, FunctionInfo) or backward.target is None:
            return False
        names = set()
        for node in descendants(backward.target):
            path = dotted(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
            if path is not None:
                names |= aliases(function.node.body, path)
        for node in descendants(function.node.body):
            if isinstance(node, cst.Attribute) and node.attr.value == "requires_grad" and dotted(node.value) in names:
                return True
        return False
