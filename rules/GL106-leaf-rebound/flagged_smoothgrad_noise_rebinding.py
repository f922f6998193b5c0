"""SmoothGrad saliency where the noise is added by rebinding the input leaf: the
gradient goes to the leaf, and the noisy tensor's `.grad` read for the map is None."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_classifier() -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 5))


def smoothgrad(model: nn.Module, image: torch.Tensor, target: int, samples: int = 4, sigma: float = 0.1):
    maps = []
    for _ in range(samples):
        x = image.clone().requires_grad_(True)
        x = x + sigma * torch.randn_like(x)  # error: GL106
        model(x)[0, target].backward()
        maps.append(x.grad.abs())
    return torch.stack(maps).mean(0)


if __name__ == "__main__":
    net = make_classifier().to(device).eval()
    print(smoothgrad(net, torch.rand(1, 3, 8, 8, device=device), target=2).shape)
