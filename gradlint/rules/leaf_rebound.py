from __future__ import annotations

from gradlint.oracles import LeafReboundThenUsedAsLeaf
from gradlint.rule import Rule


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
