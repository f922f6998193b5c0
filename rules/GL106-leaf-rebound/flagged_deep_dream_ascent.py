"""DeepDream-style gradient ascent on an input image, normalising the step by the
gradient's mean magnitude; the ascent step rebinds the image, so the next step's
`img.grad` is None."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def feature_extractor() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU()
    )


def dream(model: nn.Module, img: torch.Tensor, steps: int = 4, lr: float = 0.05) -> torch.Tensor:
    img = img.clone().requires_grad_(True)
    for _ in range(steps):
        activation = model(img).norm()
        activation.backward()
        step = lr / (img.grad.abs().mean() + 1e-8)
        img = img + step * img.grad  # error: GL106
    return img.detach()


if __name__ == "__main__":
    net = feature_extractor().to(device).eval()
    print(dream(net, torch.rand(1, 3, 8, 8, device=device)).shape)
