"""Input saliency where the image is normalised first (from data that does not require
grad, so the result is a leaf) and only then made to require grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

MEAN = torch.tensor([0.5, 0.5, 0.5], device=device).view(1, 3, 1, 1)
STD = torch.tensor([0.25, 0.25, 0.25], device=device).view(1, 3, 1, 1)


def saliency(model: nn.Module, image: torch.Tensor, target: int) -> torch.Tensor:
    x = (image - MEAN) / STD
    x.requires_grad_(True)
    model(x)[0, target].backward()
    return x.grad.abs().amax(dim=1)


if __name__ == "__main__":
    net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 64, 2)).to(device).eval()
    print(saliency(net, torch.rand(1, 3, 8, 8, device=device), target=1).shape)
