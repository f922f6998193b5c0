"""Serving code that edits weights inside inference_mode (weight folding)."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fold_scale(linear: nn.Linear, scale: torch.Tensor) -> None:
    with torch.inference_mode():
        linear.weight.mul_(scale.unsqueeze(1))
        linear.bias.mul_(scale)


if __name__ == "__main__":
    layer = nn.Linear(3, 2).to(device)
    fold_scale(layer, torch.tensor([2.0, 0.5], device=device))
    with torch.inference_mode():
        print(layer(torch.randn(1, 3, device=device)))
