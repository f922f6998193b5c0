"""Saliency with respect to the noisy input itself: the input is rebound to its noisy
version and `.retain_grad()` is called on it, so its `.grad` is filled."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_classifier() -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 16), nn.ReLU(), nn.Linear(16, 4))


def noisy_saliency(model: nn.Module, image: torch.Tensor, target: int, sigma: float = 0.1):
    x = image.clone().requires_grad_(True)
    x = x + sigma * torch.randn_like(x)
    x.retain_grad()
    model(x)[0, target].backward()
    return x.grad.abs().amax(1)


if __name__ == "__main__":
    net = make_classifier().to(device).eval()
    print(noisy_saliency(net, torch.rand(1, 3, 8, 8, device=device), target=1).shape)
