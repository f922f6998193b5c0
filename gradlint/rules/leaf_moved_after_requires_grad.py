from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from gradlint.engine.events import MethodCall
from gradlint.engine.tree import descendants
from gradlint.engine.values import Const, QualName, Value
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

    def check(self) -> None:
        reported: set[int] = set()
        bound: dict[int, str] | None = None
        uses: set[str] | None = None
        for _, call in self.facts.events(MethodCall):
            node = call.node
            if call.method not in _CASTS and call.method not in ("to", "cuda", "type") or id(node) in reported:
                continue
            if not isinstance(call.target, cst.Call):
                continue  # not made in this expression
            made = _made(call.target)
            if made is None:
                continue
            if bound is None:
                bound = _bound_calls(self.facts.module)
            if id(node) not in bound:
                continue  # not bound to a name
            copies = _copies(call.method, call.args, node, made)
            if copies is None:
                continue
            target = bound[id(node)]
            parameter = _name(call.target.func) == "Parameter" and "." in target
            if uses is None:
                uses = _leaf_uses(self.facts.module)
            if not parameter and not _used(target, uses):
                continue  # the copy is only computed with: the lost leaf is not missed
            reported.add(id(node))
            self.report(node, self._message(node, copies))

    def _message(self, node: cst.CSTNode, copies: str) -> str:
        written = " ".join(self.facts.code(node).split())
        written = written if len(written) <= 60 else written[:59] + "…"
        return (
            f"`{written}` makes a {copies} copy of a leaf that requires grad: the name gets a non-leaf whose `.grad` "
            f"stays None and that optimizers refuse; pass `device=`/`dtype=` to the factory (or `.requires_grad_()` "
            f"after the move)"
        )


#: the cast methods and the dtype each gives
_CASTS = {"double": "float64", "half": "float16", "bfloat16": "bfloat16", "float": "float32"}
_DTYPES = {
    "torch.float64": "float64",
    "torch.double": "float64",
    "torch.float32": "float32",
    "torch.float": "float32",
    "torch.float16": "float16",
    "torch.half": "float16",
    "torch.bfloat16": "bfloat16",
    "torch.DoubleTensor": "float64",
    "torch.FloatTensor": "float32",
    "torch.HalfTensor": "float16",
    "torch.BFloat16Tensor": "bfloat16",
    "torch.cuda.FloatTensor": "cuda",
    "torch.cuda.DoubleTensor": "cuda",
}
#: factories whose result is float32 on the CPU unless told otherwise
_FLOAT_FACTORIES = frozenset("randn rand zeros ones empty full normal randn_like rand_like".split())


def _bound_calls(module: cst.Module) -> dict[int, str]:
    """The calls whose result an assignment binds as it is, and the name or dotted path
    it binds (``self.w``)."""
    found: dict[int, str] = {}
    for node in _walk(module):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) and len(node.targets) == 1:
            path = _dotted(node.targets[0].target)
        elif isinstance(node, cst.AnnAssign) and isinstance(node.value, cst.Call):
            path = _dotted(node.target)
        else:
            continue
        if path is not None:
            found[id(node.value)] = path
    return found


def _leaf_uses(module: cst.Module) -> set[str]:
    """The names and dotted paths used as leaves somewhere in the file: their ``.grad``
    read, or listed in an optimizer's parameters (``torch.optim.SGD([w, b])``,
    ``{"params": [self.bias]}``)."""
    found: set[str] = set()
    for node in _walk(module):
        if isinstance(node, cst.Attribute) and node.attr.value == "grad":
            path = _dotted(node.value)
            if path is not None:
                found.add(path)
        elif isinstance(node, cst.Call) and "optim" in (_dotted(node.func) or "") and node.args:
            found |= _paths_in(node.args[0].value)
        elif isinstance(node, cst.Dict):
            for element in node.elements:
                key = getattr(element, "key", None)
                if isinstance(key, cst.SimpleString) and key.evaluated_value == "params":
                    found |= _paths_in(element.value)
    return found


def _paths_in(expr: cst.CSTNode) -> set[str]:
    return {
        path
        for inner in _walk(expr)
        if isinstance(inner, (cst.Name, cst.Attribute))
        for path in (_dotted(inner),)
        if path is not None
    }


def _used(target: str, uses: set[str]) -> bool:
    """Whether ``target`` (``w``, ``self.w``) is used as a leaf: by its name, or, for an
    attribute, by that attribute on any object (``vq.codebook.grad``)."""
    if target in uses:
        return True
    if "." not in target:
        return False
    attribute = "." + target.rsplit(".", 1)[1]
    return any(use.endswith(attribute) for use in uses)


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    return descendants(node)


def _name(expr: cst.BaseExpression) -> str:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return ""


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def _made(call: cst.Call) -> tuple[str | None, bool] | None:
    """For a call that makes a leaf that requires grad in this expression: its dtype
    (None when unknown) and whether it is on the CPU; None for any other call."""
    func = _name(call.func)
    if func in ("Parameter", "Variable"):
        if func == "Variable":
            flag = _keyword(call, "requires_grad")
            if flag is None or not (isinstance(flag.value, cst.Name) and flag.value.value == "True"):
                return None
        data = call.args[0].value if call.args and call.args[0].keyword is None else None
        return _made_data(data)
    if func == "requires_grad_" and isinstance(call.func, cst.Attribute):
        base = call.func.value
        return _made_data(base)
    if func in _FLOAT_FACTORIES:
        flag = _keyword(call, "requires_grad")
        if flag is None or not (isinstance(flag.value, cst.Name) and flag.value.value == "True"):
            return None
        return _made_data(call)
    return None


def _made_data(expr: cst.BaseExpression | None) -> tuple[str | None, bool] | None:
    """The dtype and CPU-ness of data a leaf is made from."""
    if isinstance(expr, cst.BinaryOperation):
        left = _made_data(expr.left)
        if left is not None and isinstance(expr.right, (cst.Integer, cst.Float, cst.Name)):
            return left
        return None
    if not isinstance(expr, cst.Call):
        return None
    if _name(expr.func) not in _FLOAT_FACTORIES:
        return None
    dtype = _keyword(expr, "dtype")
    on_cpu = _keyword(expr, "device") is None
    if dtype is None:
        return "float32", on_cpu
    written = _dotted(dtype.value)
    return _DTYPES.get(written or ""), on_cpu


def _dotted(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = _dotted(expr.value)
        return f"{base}.{expr.attr.value}" if base is not None else None
    return None


def _copies(method: str, args: tuple, node: cst.CSTNode, made: tuple[str | None, bool]) -> str | None:
    """What kind of copy ``method(args)`` makes of the leaf (``made``: its dtype and
    whether it is on the CPU): "float64", "device", ...; None when it returns the leaf
    itself or we cannot tell."""
    dtype, on_cpu = made
    if method in _CASTS:
        wanted = _CASTS[method]
        return wanted if dtype is not None and dtype != wanted else None
    if method == "cuda":
        return "device" if on_cpu else None
    positional = [value for keyword, value in args if keyword is None]
    keywords = {keyword: value for keyword, value in args if keyword is not None}
    if method == "type":
        target = _dtype_of(positional[0] if positional else keywords.get("dtype"))
        if target == "cuda":
            return "device"
        return target if target is not None and dtype is not None and target != dtype else None
    # .to(...): a dtype, a device, or both
    written = [arg.value for arg in node.args] if isinstance(node, cst.Call) else []
    for index, (keyword, value) in enumerate(args):
        target = _dtype_of(value)
        if target is not None and target != "cuda":
            if dtype is not None and target != dtype:
                return target
            continue
        expr = written[index] if index < len(written) else None
        if _device_of(value, expr) == "cuda" and on_cpu and keyword in (None, "device"):
            return "device"
    return None


def _dtype_of(value: Value | None) -> str | None:
    if isinstance(value, QualName):
        return _DTYPES.get(value.name)
    return None


def _device_of(value: Value | None, expr: cst.BaseExpression | None) -> str | None:
    """"cuda" for a device that may be a GPU (a string naming one, or a name that says it
    is a device: ``device``, ``args.device``, ``x.device``), "cpu" for the CPU, None when
    we cannot tell."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return "cpu" if value.value.startswith("cpu") else "cuda"
    written = _dotted(expr) if expr is not None else None
    if written is not None and written.split(".")[-1] in ("device", "cuda_device", "gpu", "dev"):
        return "cuda"
    return None
