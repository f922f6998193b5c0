from __future__ import annotations

from gradlint.oracles import LeafCopyUsedAsLeaf
from gradlint.rule import Rule


class LeafMovedAfterRequiresGrad(Rule):
    """A leaf made to require grad, then moved or cast (`.cuda()`, `.to(device)`,
    `.double()`): the name binds a non-leaf copy, which then gets no `.grad` and cannot
    be optimized.

    ## What it does
    Flags a device move or dtype cast applied to a tensor that was just made a leaf that
    requires grad, where the result is bound to a name or attribute that is then used as
    a leaf (handed to an optimizer, its `.grad` read, or used as a parameter):
    `torch.randn(3, requires_grad=True).cuda()`, `torch.zeros(n, requires_grad=True).to(device)`,
    `nn.Parameter(torch.randn(d)).to(device)`, `Variable(t, requires_grad=True).double()`,
    `.half()`, `.bfloat16()`, `.to(torch.float64)`, `.type(torch.DoubleTensor)`. Not
    flagged: the factory given `device=`/`dtype=` itself, `.to(device).requires_grad_()`,
    `nn.Parameter(t.to(device))`, `module.to(device)` / `module.double()` (they convert
    parameters in place and keep them leaves), casts of tensors that do not require
    grad, and a copy used only in computation while the original leaf is kept and
    optimized.

    ## Why is this bad?
    `requires_grad=True` makes the factory's result a leaf; `.cuda()` or `.double()`
    then makes a differentiable copy of it, whose `grad_fn` is `ToCopyBackward0`. The
    name holds the copy, the leaf is unreachable: backward writes the gradients into the
    leaf nobody holds, the copy's `.grad` stays None, and optimizers refuse the copy.
    `nn.Parameter(...).to(device)` in `__init__` is the silent variant: the attribute is
    a plain tensor, not a Parameter, so `model.parameters()` does not list it and it
    never trains.

    ## Example
    ```python
    w = torch.randn(784, 10, requires_grad=True).cuda()
    b = torch.zeros(10, requires_grad=True).to(torch.float64)
    optimizer = torch.optim.SGD([w, b], lr=0.1)
    ```

    ## Use instead
    ```python
    w = torch.randn(784, 10, device="cuda", requires_grad=True)
    b = torch.zeros(10, dtype=torch.float64).requires_grad_()
    optimizer = torch.optim.SGD([w, b], lr=0.1)
    ```

    ## Runtime behaviour
    The move itself raises nothing: the result has `is_leaf == False`,
    `requires_grad == True` and `grad_fn` `ToCopyBackward0`. Handing it to an optimizer
    raises `ValueError: can't optimize a non-leaf Tensor` (also inside a param group).
    Reading its `.grad` returns None with `UserWarning: The .grad attribute of a Tensor
    that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated
    during autograd.backward(). ...` at the reading line, so a manual update raises next
    (`TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'`,
    `AttributeError: 'NoneType' object has no attribute 'data'`). Backward fills the
    hidden leaf's `.grad`, which nothing reads. The copy depends on the device and the
    dtype: `.cpu()`, `.to("cpu")` and `.float()` / `.to(torch.float32)` return the leaf
    itself when it is already a float32 CPU tensor, so on CPU only the dtype casts
    (`.double()`, `.half()`, `.bfloat16()`, `.to(torch.float64)`, `.type(...)`) and
    `.to(..., copy=True)` show the bug, while `.cuda()` and `.to(device)` show it on a
    GPU.

    ## Fix safety
    No automatic fix: whether `device=`/`dtype=` belongs in the factory call, or
    `.requires_grad_()` after the move (`torch.randn(3).to(device).requires_grad_()`), or
    `nn.Parameter` around the moved tensor, depends on the surrounding code.
    """

    code = "GL111"
    name = "leaf-moved-after-requires-grad"
    needs = ("requires_grad", "Parameter")
    oracle = LeafCopyUsedAsLeaf()
