"""An adversarial-example helper that needs gradients inside a no_grad evaluation.

`torch.enable_grad()` on its own line does not turn them back on.
"""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fgsm(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps: float = 0.1) -> torch.Tensor:
    torch.enable_grad()  # error: GL107
    x = x.clone().requires_grad_(True)
    loss = F.cross_entropy(model(x), y)
    if not loss.requires_grad:
        return x.detach()  # no graph was recorded: no attack
    (grad,) = torch.autograd.grad(loss, x)
    return (x + eps * grad.sign()).detach()


@torch.no_grad()
def robust_accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    adversarial = fgsm(model, x, y)
    return (model(adversarial).argmax(1) == y).float().mean().item()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3)).to(device)
    xs, ys = torch.randn(6, 5, device=device), torch.randint(0, 3, (6,), device=device)
    print(robust_accuracy(net, xs, ys))
