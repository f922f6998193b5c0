"""A PGD adversarial attack whose step rebinds `x_adv` without detaching: from the second
step on `x_adv` is a non-leaf, `x_adv.grad` is None and `.sign()` raises."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SmallConvNet(nn.Module):
    def __init__(self, classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(4))
        self.head = nn.Linear(4 * 16, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).flatten(1))


def pgd(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps=8 / 255, alpha=2 / 255, steps=4):
    x_adv = x.clone().detach().requires_grad_(True)
    for _ in range(steps):
        loss = F.cross_entropy(model(x_adv), y)
        loss.backward()
        x_adv = x_adv + alpha * x_adv.grad.sign()  # error: GL106
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(0, 1)
    return x_adv


if __name__ == "__main__":
    net = SmallConvNet().to(device).eval()
    images = torch.rand(2, 1, 8, 8, device=device)
    labels = torch.tensor([3, 7], device=device)
    print(pgd(net, images, labels).shape)
