"""A custom autograd Function: its forward runs with grad off and may work in place."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ClampedExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        out = x.exp()
        out.clamp_(max=1e3)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        (out,) = ctx.saved_tensors
        return grad * out


if __name__ == "__main__":
    inputs = torch.randn(3, device=device, requires_grad=True)
    ClampedExp.apply(inputs).sum().backward()
    print(inputs.grad)
