from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from gradlint.engine.events import GradRead, MethodCall, Rebind, Stream, TorchCall
from gradlint.engine.model import FunctionInfo
from gradlint.engine.values import Derived, Grad, Iterable, Mapping, Seq, Tensor, Value, ident_of, options_of
from gradlint.oracles import LeafReboundThenUsedAsLeaf
from gradlint.rule import Message, Rule


class LeafRebound(Rule):
    """A leaf tensor that requires grad rebound to the result of an operation on itself,
    then used as if it were still the leaf.

    ## What it does
    Flags an assignment, outside `no_grad`, that rebinds a name (or a `self.` attribute)
    holding a leaf that requires grad to an out-of-place result computed from it:
    `x = x + 1`, `w = w - lr * w.grad`, `emb = emb / emb.norm(dim=1, keepdim=True)`,
    `scale = scale.clamp(max=4.6)`, `self.W = self.W - lr * self.W.grad`, when the name
    is then used as the leaf: its `.grad` is read, it is handed to an optimizer, or the
    assignment is itself an update step (it reads the leaf's `.grad`, in a loop over
    `model.parameters()` too). Leaves are tensors made with `requires_grad=True`,
    `requires_grad_()`, `Variable(..., requires_grad=True)`, and `nn.Parameter`s.

    Not flagged: rebinding under `torch.no_grad()` followed by `requires_grad_()`;
    `(w - lr * w.grad).detach().requires_grad_()`; a rebinding used only as a value
    afterwards (a masked or quantized weight in `forward()`, a noisy input that only
    feeds the model, MAML's fast weights taken with `torch.autograd.grad`); a rebound
    tensor on which `.retain_grad()` was called before its `.grad` is read; updates
    through `w.data`. A name rebound to a view of its leaf (`x = x.view(-1)`) is GL105's
    when its `.grad` is read, and a leaf moved with `.to()`/`.cuda()`/`.double()` is
    GL111's.

    ## Why is this bad?
    After the assignment the name refers to a new, non-leaf tensor whose graph leads
    back to the old leaf. Gradients still flow into the old leaf, which nothing reads or
    updates any more; the new tensor's `.grad` stays None and optimizers refuse it. In a
    hand-written SGD loop the second step crashes; in a loop over `model.parameters()`
    the updated tensor is thrown away and training silently stops.

    ## Example
    ```python
    w = torch.zeros(3, 1, requires_grad=True)
    for x, y in batches:
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        w = w - lr * w.grad
    ```

    ## Use instead
    ```python
    w = torch.zeros(3, 1, requires_grad=True)
    for x, y in batches:
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad = None
    ```

    ## Runtime behaviour
    The assignment itself raises nothing (torch 2.13, 2.14). What follows it does:
    reading the rebound tensor's `.grad` warns `UserWarning: The .grad attribute of a
    Tensor that is not a leaf Tensor is being accessed. ...` and returns None, so the
    next update raises `TypeError: unsupported operand type(s) for *: 'float' and
    'NoneType'` (or `AttributeError: 'NoneType' object has no attribute 'zero_'` /
    `'sign'`); `torch.optim.SGD([w], ...)` raises `ValueError: can't optimize a
    non-leaf Tensor`; `for p in model.parameters(): p = p - lr * p.grad` raises nothing
    and leaves every parameter unchanged. Rebinding under `torch.no_grad()` is not a fix
    on its own: it makes a leaf that does not require grad, so the next step's `w.grad`
    is None (with no warning) or, if nothing else in the loss requires grad,
    `backward()` raises `RuntimeError: element 0 of tensors does not require grad and
    does not have a grad_fn`; follow it with `w.requires_grad_()`.

    ## Fix safety
    No automatic fix. The message suggests the in-place update under `torch.no_grad()`
    (`with torch.no_grad(): w -= lr * w.grad`), which keeps the leaf and every
    reference to it (an optimizer's, a module's); turning a rebinding into an in-place
    write changes what aliases of the old tensor see, which only the author can judge.
    """

    code = "GL106"
    name = "leaf-rebound"
    needs = ("requires_grad", "Parameter", "parameters", "Variable")
    oracle = LeafReboundThenUsedAsLeaf()

    def check(self) -> None:
        optimized = self._optimized()
        reported: set[int] = set()
        for stream, event in self.facts.rebound_leaves():
            if id(event.node) in reported:
                continue
            idents = _idents(event.new)
            if event.reads_grad:
                use = "the assignment is an update step: its result is a new tensor that the next backward() does not reach"
            elif idents & optimized or self._optimized_later(stream, event):
                use = "the optimizer it is then given refuses a non-leaf (`can't optimize a non-leaf Tensor`)"
            else:
                read = _grad_read_after(stream, event, idents)
                if read is None:
                    continue
                use = "its `.grad` (line {line}) stays None"
                reported.add(id(event.node))
                self.report(event.node, self._message(event, use, read))
                continue
            reported.add(id(event.node))
            self.report(event.node, self._message(event, use, None))

    def _message(self, event: Rebind, use: str, read: cst.CSTNode | None) -> Message:
        written = " ".join(self.facts.code(event.node).split())
        written = written if len(written) <= 60 else written[:59] + "…"
        path = event.path

        def message(line_of: Callable[[cst.CSTNode], int]) -> str:
            told = use.format(line=line_of(read)) if read is not None else use
            return (
                f"`{written}` rebinds `{path}` from a leaf that requires grad to a non-leaf computed from it; "
                f"{told}: update it in place under `torch.no_grad()` (`{path} -= ...`) or "
                f"`.detach().requires_grad_()` the result"
            )

        return message

    def _optimized_later(self, stream: Stream, rebind: Rebind) -> bool:
        """Whether an optimizer made later in the stream is given the rebound name, and
        it may still hold the non-leaf there (rebound in a loop that may have run)."""
        after = False
        for event in stream.events:
            if event is rebind:
                after = True
                continue
            if not after or not isinstance(event, TorchCall) or not event.qualname.startswith("torch.optim."):
                continue
            if not isinstance(event.node, cst.Call) or not event.node.args or not event.args:
                continue
            listed = event.node.args[0].value
            values = event.args[0][1]
            if not isinstance(listed, (cst.List, cst.Tuple)) or not isinstance(values, Seq):
                continue
            if any(isinstance(element, cst.StarredElement) for element in listed.elements):
                continue
            for element, value in zip(listed.elements, values.items):
                if self.facts.code(element.value) == rebind.path and not _holds_leaf(value):
                    return True
        return False

    def _optimized(self) -> set:
        """Identities of the tensors handed to an optimizer's constructor."""
        found: set = set()
        for stream, call in self.facts.events(TorchCall):
            if not call.qualname.startswith("torch.optim.") or not call.args:
                continue
            found |= _idents(call.args[0][1], deep=True)
            function = stream.function
            if isinstance(function, FunctionInfo) and isinstance(call.node, cst.Call) and call.node.args:
                # a global the function reads: what the module leaves in it
                listed = call.node.args[0].value
                for element in getattr(listed, "elements", ()):
                    if isinstance(element.value, cst.Name):
                        found |= _idents(self.facts.global_value(function, element.value.value))
        return found


def _idents(value: Value | None, deep: bool = False) -> set:
    """The identities of the tensors ``value`` may be; with ``deep``, of those in the
    lists, iterables and ``{"params": ...}`` groups it holds."""
    found: set = set()
    if value is None:
        return found
    for option in options_of(value):
        if isinstance(option, (Tensor, Derived)):
            found.add(ident_of(option))
        elif deep and isinstance(option, Seq):
            for item in option.items:
                found |= _idents(item, deep)
        elif deep and isinstance(option, Iterable):
            found |= _idents(option.element, deep)
        elif deep and isinstance(option, Mapping):
            found |= _idents(option.items.get("params"), deep)
    return found


def _holds_leaf(value: Value) -> bool:
    return any(isinstance(option, Tensor) and option.grad == Grad.LEAF for option in options_of(value))


def _grad_read_after(stream: Stream, rebind: Rebind, idents: set) -> cst.CSTNode | None:
    """The first ``.grad`` read of the rebound tensor after ``rebind`` in its stream,
    unless ``.retain_grad()`` is called on it first."""
    after = False
    for event in stream.events:
        if event is rebind:
            after = True
        elif not after:
            continue
        elif isinstance(event, MethodCall) and event.method == "retain_grad" and _idents(event.value) & idents:
            return None
        elif isinstance(event, GradRead) and _idents(event.value) & idents:
            return event.node
    return None
