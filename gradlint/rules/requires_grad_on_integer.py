from __future__ import annotations

from gradlint.engine import torch_api
from gradlint.engine.evaluate import factory_args_dtype
from gradlint.engine.events import MethodCall, TorchCall
from gradlint.engine.values import Const, Tensor, Value
from gradlint.oracles import ExceptionAtLine
from gradlint.rule import Rule


class RequiresGradOnInteger(Rule):
    """`requires_grad` asked of an integer or bool tensor, which torch refuses.

    ## What it does
    Flags `requires_grad=True` in a factory call whose result has an integer or bool
    dtype: an explicit integer `dtype=` (`torch.long`, `torch.int32`, `torch.uint8`,
    `torch.bool`), `torch.arange` with integer bounds, `torch.tensor` / `torch.full` of
    integer or bool literals, `torch.randint`, and `*_like` of an integer tensor; also
    `.requires_grad_()` and `.requires_grad = True` on such tensors (`torch.randint(...)`,
    `.long()`, `argmax` results, class labels), and `nn.Parameter(...)` around one (a
    Parameter requires grad by default). Not flagged: a float or complex `dtype=` or
    float literals (`torch.arange(5.0)`, `torch.full((3,), 7.0)`), integer values cast
    first (`.float().requires_grad_()`), and `requires_grad=False`.

    ## Why is this bad?
    Gradients are only defined for floating point and complex values; an integer tensor
    cannot be a variable of optimization. The call stops the run where the tensor is
    made. Often the intent was a float tensor made from integer data (`torch.arange(n)`
    meant as positions), or no gradient at all (indices, labels, masks).

    ## Example
    ```python
    x = torch.tensor([1, 2, 3], requires_grad=True)
    positions = torch.arange(seq_len, requires_grad=True)
    ```

    ## Use instead
    ```python
    x = torch.tensor([1, 2, 3], dtype=torch.float32, requires_grad=True)
    positions = torch.arange(seq_len)
    ```

    ## Runtime behaviour
    At the flagged line: `RuntimeError: Only Tensors of floating point and complex dtype
    can require gradients` from a factory's `requires_grad=True` and from
    `nn.Parameter(...)`; `RuntimeError: only Tensors of floating point dtype can require
    gradients` from `.requires_grad_()`; `RuntimeError: only Tensors of floating point
    and complex dtype can require gradients` from `.requires_grad = True`.
    `torch.tensor([1, 2])`, `torch.arange(5)` and `torch.full((2,), 7)` infer int64;
    complex tensors may require grad; `nn.Parameter(t, requires_grad=False)` accepts an
    integer tensor.

    ## Fix safety
    No automatic fix: either a floating point dtype was meant (`dtype=torch.float32`,
    float literals, `.float()` first) or no gradient at all (drop `requires_grad`), and
    only the author knows which.
    """

    code = "GL112"
    name = "requires-grad-on-integer"
    needs = ("requires_grad", "Parameter")
    oracle = ExceptionAtLine(
        ("RuntimeError",), r"[Oo]nly Tensors of floating point (and complex )?dtype can require gradients"
    )

    def check(self) -> None:
        for _, call in self.facts.events(TorchCall):
            kind = self._made_kind(call)
            if kind is not None:
                self._flag(call.node, kind, self.facts.code(call.node))
        for _, method in self.facts.events(MethodCall):
            if method.method not in ("requires_grad_", "requires_grad="):
                continue
            flag = method.args[0][1] if method.args else None
            if flag is not None and not (isinstance(flag, Const) and flag.value is True):
                continue
            kind = method.value.dtype if isinstance(method.value, Tensor) else None
            if kind in ("int", "bool"):
                target = self.facts.code(method.target) if method.target is not None else "the tensor"
                self._flag(method.node, kind, target)

    def _made_kind(self, call: TorchCall) -> str | None:
        """The integer or bool kind of what a factory (or nn.Parameter) is asked to make
        with requires_grad on."""
        keywords = {keyword: value for keyword, value in call.args if keyword is not None}
        positional = [value for keyword, value in call.args if keyword is None]
        if call.qualname in torch_api.FACTORIES:
            if not _true(keywords.get("requires_grad")):
                return None
            kind = factory_args_dtype(call.qualname, call.args)
        elif call.qualname == torch_api.PARAMETER:
            flag = keywords.get("requires_grad", positional[1] if len(positional) > 1 else None)
            if flag is not None and not _true(flag):
                return None
            data = keywords.get("data", positional[0] if positional else None)
            kind = data.dtype if isinstance(data, Tensor) else None
        else:
            return None
        return kind if kind in ("int", "bool") else None

    def _flag(self, node, kind: str, what: str) -> None:
        self.report(
            node,
            f"`{what}` asks an {'integer' if kind == 'int' else 'bool'} tensor to require grad, which raises "
            f"RuntimeError: make it a floating point tensor (`dtype=torch.float32`, `.float()` first) or drop "
            f"`requires_grad`",
        )


def _true(value: Value | None) -> bool:
    return isinstance(value, Const) and value.value is True
