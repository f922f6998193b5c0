"""A PGD attack written the usual way: the step is taken on `x_adv.detach()` and the
projected result is a fresh leaf that requires grad at the top of every iteration."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_model() -> nn.Module:
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 64, 10))


def pgd(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps=8 / 255, alpha=2 / 255, steps=4):
    x_adv = x.clone().detach()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = F.cross_entropy(model(x_adv), y)
        (grad,) = torch.autograd.grad(loss, [x_adv])
        x_adv = x_adv.detach() + alpha * grad.sign()
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(0, 1)
    return x_adv


if __name__ == "__main__":
    net = make_model().to(device).eval()
    adv = pgd(net, torch.rand(2, 1, 8, 8, device=device), torch.tensor([1, 4], device=device))
    print(adv.shape)
