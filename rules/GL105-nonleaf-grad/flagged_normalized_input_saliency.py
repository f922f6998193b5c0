"""Input saliency where the image leaf requires grad but the map is read from the
normalised copy that the model saw: that copy is a non-leaf and its `.grad` is None."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

MEAN = torch.tensor([0.485, 0.456, 0.406], device=device).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225], device=device).view(1, 3, 1, 1)


def make_model() -> nn.Module:
    return nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 4))


def saliency(model: nn.Module, image: torch.Tensor, target: int) -> torch.Tensor:
    image = image.clone().requires_grad_(True)
    normalized = (image - MEAN) / STD
    model(normalized)[0, target].backward()
    return normalized.grad.abs().amax(dim=1)  # error: GL105


if __name__ == "__main__":
    net = make_model().to(device).eval()
    print(saliency(net, torch.rand(1, 3, 8, 8, device=device), target=2).shape)
