"""A custom optimizer written the documented way: `@torch.no_grad()` on step()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Lion(torch.optim.Optimizer):
    def __init__(self, params, lr: float = 1e-4, beta: float = 0.9) -> None:
        super().__init__(params, {"lr": lr, "beta": beta})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "exp_avg" not in state:
                    state["exp_avg"] = torch.zeros_like(p)
                avg = state["exp_avg"]
                p.add_(torch.sign(avg * group["beta"] + p.grad * (1 - group["beta"])), alpha=-group["lr"])
                avg.mul_(group["beta"]).add_(p.grad, alpha=1 - group["beta"])
        return None


if __name__ == "__main__":
    model = nn.Linear(3, 1).to(device)
    opt = Lion(model.parameters())
    for _ in range(2):
        opt.zero_grad()
        model(torch.randn(4, 3, device=device)).pow(2).mean().backward()
        opt.step()
