from __future__ import annotations

from gradlint.diagnostics import SAFE
from gradlint.engine.events import MethodCall, TorchCall
from gradlint.engine.fixes import FixPlan, NodeEdit
from gradlint.engine.values import Seq, Value, options_of, requires_grad_of
from gradlint.oracles import ExceptionAtLine
from gradlint.rule import FIX_SOMETIMES, Rule


class NumpyOnGradTensor(Rule):
    """A tensor that requires grad converted to NumPy without `.detach()`: `.numpy()`, or
    a NumPy function applied to it or to a list of such tensors.

    ## What it does
    Flags `t.numpy()` (also after `.cpu()`) where `t` requires grad and grad mode is on:
    a model's output, a loss, a parameter, anything computed from them. Flags the
    implicit conversions too: `np.asarray(t)`, `np.array(t)`, NumPy ufuncs and routines
    that take an array (`np.exp(t)`, `np.clip(t, 0, 1)`, `np.isnan(loss)`,
    `np.percentile(t, 50)`), and NumPy reductions over a list of such tensors
    (`np.mean(losses)`, `np.sum(losses)`, `np.std(losses)` after `losses.append(loss)`, a
    common way to average the losses of an epoch), in a helper too when its caller passes
    such a tensor. Not flagged: `.detach().numpy()`, `.numpy(force=True)`,
    `.data.numpy()`, `.item()`, `.tolist()`, tensors that do not require grad (inputs,
    targets, `argmax` and comparison results, outputs of frozen models), and any
    conversion made while grad mode is off (`torch.no_grad()`, `torch.inference_mode()`,
    `torch.set_grad_enabled(False)`): torch allows it there, even for a parameter.

    ## Why is this bad?
    A NumPy array cannot carry the autograd graph, so torch refuses to hand out the
    memory of a tensor that is part of one. The conversion stops the run, typically at
    the end of the first epoch or the first time a plot or a metric is made, long after
    the training code started.

    ## Example
    ```python
    losses = []
    for x, y in loader:
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss)
    print("epoch loss", np.mean(losses))
    preds = model(x_val).numpy()
    ```

    ## Use instead
    ```python
    losses = []
    for x, y in loader:
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print("epoch loss", np.mean(losses))
    preds = model(x_val).detach().numpy()
    ```

    ## Runtime behaviour
    `RuntimeError: Can't call numpy() on Tensor that requires grad. Use
    tensor.detach().numpy() instead.` at the flagged line, from `.numpy()`,
    `.cpu().numpy()`, `np.asarray`, `np.array`, ufuncs and routines that make an array
    of the tensor (`np.exp`, `np.clip`, `np.isnan`, `np.percentile`, `np.concatenate`),
    and reductions over a list of such tensors (`np.mean(losses)`, `np.sum`, `np.std`,
    `np.median`, `np.average`). A NumPy reduction called on one tensor (`np.mean(t)`,
    `np.sum(t)`, `np.max(t)`) is different: NumPy calls the tensor's own method with
    NumPy's keywords, which raises `TypeError: mean() got an unexpected keyword argument
    'axis'` whether or not the tensor requires grad, so it is not this rule's finding.
    With grad mode off the same conversions succeed, even on a tensor that requires
    grad. Without NumPy installed every `.numpy()` raises `RuntimeError: Numpy is not
    available` instead. `float(t)` and `t.item()` work (`float(t)` warns once per
    process: "Converting a tensor with requires_grad=True to a scalar may lead to
    unexpected behavior").

    ## Fix safety
    `t.numpy()` and `t.cpu().numpy()` get a safe fix that inserts `.detach()` before
    `.numpy()` (`loss.numpy()` → `loss.detach().numpy()`): the code raises as written,
    so no working behaviour changes. The implicit conversions (`np.asarray(t)`,
    `np.mean(losses)`) have no automatic fix: the detach belongs where the tensor is
    made or collected (`losses.append(loss.item())`), which only the author knows.
    """

    code = "GL110"
    name = "numpy-on-grad-tensor"
    needs = ("numpy",)
    fix_availability = FIX_SOMETIMES
    oracle = ExceptionAtLine(("RuntimeError",), r"Can't call numpy\(\) on Tensor that requires grad")

    def check(self) -> None:
        seen: set[int] = set()
        for stream, call in self.facts.events(MethodCall):
            if call.method != "numpy" or id(call.node) in seen or not self.facts.records_grad(call, stream):
                continue
            if any(keyword == "force" for keyword, _ in call.args) or not _requires_grad(call.value):
                continue
            seen.add(id(call.node))
            target = self.facts.code(call.target) if call.target is not None else "the tensor"
            fix = None
            if call.target is not None:
                fix = FixPlan(SAFE, f"Detach first: `{target}.detach().numpy()`", (NodeEdit(call.target, ".detach()", at="after"),))
            self.report(
                call.node,
                f"`{target}.numpy()` on a tensor that requires grad raises RuntimeError; "
                f"call `{target}.detach().numpy()` (or `.item()` for a scalar)",
                fix,
            )
        for stream, numpy_call in self.facts.events(TorchCall):
            if not numpy_call.qualname.startswith("numpy.") or id(numpy_call.node) in seen:
                continue
            function = numpy_call.qualname[len("numpy.") :]
            if not self.facts.records_grad(numpy_call, stream) or not _converts(function, numpy_call.args):
                continue
            seen.add(id(numpy_call.node))
            written = self.facts.code(numpy_call.node)
            self.report(
                numpy_call.node,
                f"`{written}` hands NumPy a tensor that requires grad, which raises RuntimeError; "
                f"pass `.detach()`ed tensors (or `.item()` values) instead",
            )


#: NumPy functions that take one tensor by its methods (``np.mean(t)`` calls
#: ``t.mean(axis=...)``, a TypeError of its own): only a list of tensors is converted
_DISPATCHED = frozenset("mean sum max min std var prod argmax argmin all any amax amin average".split())


def _requires_grad(value: Value | None) -> bool:
    return value is not None and any(requires_grad_of(option) is True for option in options_of(value))


def _converts(function: str, args: tuple) -> bool:
    """Whether ``np.function(*args)`` converts a tensor that requires grad."""
    positional = [value for keyword, value in args if keyword is None]
    if not positional:
        return False
    first = positional[0]
    if isinstance(first, Seq):
        return any(_requires_grad(item) for item in first.items)
    return function not in _DISPATCHED and _requires_grad(first)
