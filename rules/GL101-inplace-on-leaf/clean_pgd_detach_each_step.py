"""The usual PGD loop: the adversarial batch is a leaf only while the gradient is taken; each
step builds a new tensor from `adv.detach()`, and the in-place clamp is on that new tensor."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pgd_attack(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, eps: float = 8 / 255, alpha: float = 2 / 255, steps: int = 3) -> torch.Tensor:
    adv = images.detach() + torch.empty_like(images).uniform_(-eps, eps)
    adv.clamp_(0, 1)
    for _ in range(steps):
        adv.requires_grad_()
        loss = F.cross_entropy(model(adv), labels)
        (grad,) = torch.autograd.grad(loss, adv)
        adv = adv.detach() + alpha * grad.sign()
        adv = torch.min(torch.max(adv, images - eps), images + eps)
        adv.clamp_(0, 1)
    return adv


if __name__ == "__main__":
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 10)).to(device)
    x = torch.rand(2, 3, 8, 8, device=device)
    y = torch.randint(0, 10, (2,), device=device)
    print(pgd_attack(model, x, y).shape)
