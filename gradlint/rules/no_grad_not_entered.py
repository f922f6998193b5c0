from __future__ import annotations

from gradlint.diagnostics import SAFE
from gradlint.engine import gradmode
from gradlint.engine.events import TorchCall, WithItem
from gradlint.engine.fixes import FixPlan, NodeEdit
from gradlint.engine.values import QualName
from gradlint.oracles import ExceptionAtLine, GradModeObjectNotEntered
from gradlint.rule import FIX_SOMETIMES, Rule

# the grad-mode objects that do nothing until entered; set_grad_enabled(False) is not
# one of them: constructing it switches the mode at once
_NOT_ENTERED = frozenset({gradmode.NO_GRAD, gradmode.ENABLE_GRAD, gradmode.INFERENCE_MODE})


class NoGradNotEntered(Rule):
    """A grad-mode context manager made but never entered: `torch.no_grad()` as a
    statement, or `with torch.no_grad:` without the call.

    ## What it does
    Flags `torch.no_grad()`, `torch.enable_grad()` and `torch.inference_mode()` written
    as a statement on their own, and a `with` statement that names one of these classes
    (or `torch.set_grad_enabled`) without calling it. Aliases are resolved:
    `import torch as T; T.no_grad()` and `from torch import no_grad as ng; ng()` are
    caught too.

    ## Why is this bad?
    These objects change the grad mode only between `__enter__` and `__exit__`. Called on
    a line of their own they are built and thrown away: the code after them still records
    a graph, keeps activations alive and, in an update loop, tracks the update itself.
    Without the call, `with torch.no_grad:` hands the class to `with`, which fails.

    `torch.set_grad_enabled(False)` on a line of its own is not flagged: building it
    switches grad mode off at once, for the rest of the thread.

    ## Example
    ```python
    def evaluate(model, batch):
        torch.no_grad()
        return model(batch)
    ```

    ## Use instead
    ```python
    def evaluate(model, batch):
        with torch.no_grad():
            return model(batch)
    ```

    ## Runtime behaviour
    As a statement: nothing is raised; tensors computed after it still have
    `requires_grad=True` (the harness checks this on the following statement).
    Without the call: `TypeError: 'type' object does not support the context manager
    protocol` (Python 3.11 and later; `AttributeError: __enter__` before 3.11).

    ## Fix safety
    `with torch.no_grad:` gets a safe fix that adds the call: `with torch.no_grad():`
    (the code raises as written, so no working behaviour changes). The statement form
    has no automatic fix: only the author knows which lines the region should cover.
    """

    code = "GL107"
    name = "no-grad-not-entered"
    needs = ("no_grad", "enable_grad", "inference_mode", "set_grad_enabled")
    fix_availability = FIX_SOMETIMES
    oracle = (
        ExceptionAtLine(("TypeError", "AttributeError"), r"context manager protocol|__enter__"),
        GradModeObjectNotEntered(),
    )

    def check(self) -> None:
        for _, call in self.facts.events(TorchCall):
            if call.expression_statement and call.qualname in _NOT_ENTERED:
                written = self.facts.code(call.node)
                self.report(
                    call.node,
                    f"`{written}` as a statement builds a context manager and drops it, so grad mode "
                    f"does not change; use `with {written}:` around the code it should cover",
                )
        for _, item in self.facts.events(WithItem):
            if item.called or not isinstance(item.value, QualName):
                continue
            qualname = item.value.name
            if qualname not in gradmode.CONTEXT_CLASSES:
                continue
            expr = item.node.item  # type: ignore[attr-defined]
            written = self.facts.code(expr)
            if qualname == gradmode.SET_GRAD_ENABLED:
                # it needs the mode as an argument, which only the author knows
                remedy, fix = f"call it with the mode: `with {written}(False):`", None
            else:
                remedy = f"call it: `with {written}():`"
                fix = FixPlan(SAFE, f"Call it: `{written}()`", (NodeEdit(expr, "()", at="after"),))
            self.report(
                expr, f"`with {written}:` enters the class, not an instance, and raises TypeError; {remedy}", fix
            )
