"""A PGD attack that makes the adversarial batch a leaf with `.detach().requires_grad_()`
and then takes the signed-gradient step on it with `+=` outside no_grad: raises."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pgd_attack(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, eps: float = 8 / 255, alpha: float = 2 / 255, steps: int = 3) -> torch.Tensor:
    adv = images.detach().requires_grad_()
    for _ in range(steps):
        loss = F.cross_entropy(model(adv), labels)
        (grad,) = torch.autograd.grad(loss, adv)
        adv += alpha * grad.sign()  # error: GL101
        adv = torch.min(torch.max(adv, images - eps), images + eps).clamp(0, 1).detach().requires_grad_()
    return adv.detach()


if __name__ == "__main__":
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 10)).to(device)
    x = torch.rand(2, 3, 8, 8, device=device)
    y = torch.randint(0, 10, (2,), device=device)
    print(pgd_attack(model, x, y).shape)
