"""A custom optimizer whose step() forgot `@torch.no_grad()`."""
import torch
from torch import nn


device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SignSGD(torch.optim.Optimizer):
    def __init__(self, params, lr: float = 1e-3) -> None:
        super().__init__(params, {"lr": lr})

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.add_(p.grad.sign(), alpha=-group["lr"])  # error: GL101
        return None


if __name__ == "__main__":
    model = nn.Linear(3, 1).to(device)
    opt = SignSGD(model.parameters())
    opt.zero_grad()
    model(torch.randn(2, 3, device=device)).sum().backward()
    opt.step()
