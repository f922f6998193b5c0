from __future__ import annotations

from gradlint.engine.events import GradRead, MethodCall, Rebind
from gradlint.engine.values import Derived, Grad, Tensor, Value, ident_of, is_view_op, options_of, requires_grad_of
from gradlint.oracles import NonleafGradRead
from gradlint.rule import Rule


class NonleafGrad(Rule):
    """`.grad` read on a tensor that is not a leaf of the autograd graph, with no
    `.retain_grad()` on it first.

    ## What it does
    Flags a read of `.grad` (before or after `backward()`, in an `is None` test too) on
    a tensor known to be a non-leaf: the result of an operation on a tensor that
    requires grad, such as `y = x ** 2`, a layer's output, an embedding lookup or a
    loss; and a view or reshape of a leaf, whether the leaf's own name is rebound to it
    (`x = x.view(-1)`) or the view is taken in the expression that makes the leaf
    (`w = torch.randn(3, requires_grad=True).view(3, 1)`,
    `Variable(t, requires_grad=True).view(...)`).

    Not flagged: a tensor on which `.retain_grad()` was called first; results computed
    under `torch.no_grad()` or from tensors that do not require grad (they are leaves,
    as is `(image - mean) / std` before `requires_grad_()`); a view taken before
    `requires_grad_()`; the leaf itself read beside a view of it under another name.
    A name rebound by arithmetic on itself (`w = w - lr * w.grad`) is reported by GL106
    at the rebinding, not again here.

    ## Why is this bad?
    `backward()` fills `.grad` only for leaves (and tensors that asked with
    `.retain_grad()`). On any other tensor `.grad` stays None: a saliency map or a
    Grad-CAM weight comes out None and the next operation on it raises, a manual
    update raises `TypeError`, and code that tests `if t.grad is not None:` quietly
    does nothing.

    ## Example
    ```python
    w = torch.randn(3, requires_grad=True).view(3, 1)
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    ```

    ## Use instead
    ```python
    w = torch.randn(3, 1, requires_grad=True)
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    ```
    For an intermediate, call `feats.retain_grad()` before `backward()`, register a
    hook (`feats.register_hook(save)`), or take `torch.autograd.grad(out, feats)`.

    ## Runtime behaviour
    The read returns None and torch (2.13, 2.14) warns at that line, before `backward()`
    as well as after: `UserWarning: The .grad attribute of a Tensor that is not a leaf
    Tensor is being accessed. Its .grad attribute won't be populated during
    autograd.backward(). If you indeed want the .grad field to be populated for a
    non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the
    non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See
    github.com/pytorch/pytorch/pull/30531 for more information.` Using the None on the
    same line raises, e.g. `AttributeError: 'NoneType' object has no attribute 'norm'`
    or `TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'`. A view
    of a leaf (`x.view(-1)`, `x.reshape(1, 3)`) is a non-leaf with a `ViewBackward0`
    grad_fn, so it warns too. Assigning `.grad` on a non-leaf neither warns nor raises.

    ## Fix safety
    No automatic fix: only the author knows whether the leaf's gradient was meant (read
    the leaf) or the intermediate's (call `.retain_grad()` on it before `backward()`).
    """

    code = "GL105"
    name = "nonleaf-grad"
    needs = (".grad",)
    oracle = NonleafGradRead()

    def check(self) -> None:
        # GL106's: a leaf's name rebound to a non-leaf made from it (in every stream it shows in)
        nodes = {id(event.node) for _, event in self.facts.rebound_leaves()}
        rebound = {
            ident_of(option)
            for _, event in self.facts.events(Rebind)
            if id(event.node) in nodes and event.new is not None
            for option in options_of(event.new)
        }
        seen: set[int] = set()
        for stream in self.facts.streams():
            retained: set = set()
            for event in stream.events:
                if isinstance(event, MethodCall) and event.method == "retain_grad" and event.value is not None:
                    retained |= {ident_of(option) for option in options_of(event.value)}
                    continue
                if not isinstance(event, GradRead) or id(event.node) in seen or event.value is None:
                    continue
                kind = _nonleaf(event.value)
                if kind is None:
                    continue
                idents = {ident_of(option) for option in options_of(event.value)}
                if idents & retained or idents & rebound:
                    continue
                seen.add(id(event.node))
                target = self.facts.code(event.target) if event.target is not None else "the tensor"
                self.report(
                    event.node,
                    f"`{target}` is {kind}, not a leaf: backward() does not fill its `.grad`, which stays None; "
                    f"read the leaf's `.grad`, or call `{target}.retain_grad()` before backward()",
                )


def _nonleaf(value: Value) -> str | None:
    """How ``value`` is known to be a non-leaf tensor (every option is), or None."""
    kinds = set()
    for option in options_of(value):
        if isinstance(option, Tensor) and option.retains_grad:
            return None
        if isinstance(option, Tensor) and option.grad == Grad.NON_LEAF:
            kinds.add("computed by an op that autograd recorded")
        elif isinstance(option, Tensor) and option.grad == Grad.VIEW_OF_LEAF:
            kinds.add("a view of a leaf")
        elif isinstance(option, Derived) and requires_grad_of(option) is True:
            kinds.add("a view of a leaf" if is_view_op(option.node) else "computed by an op that autograd recorded")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None
