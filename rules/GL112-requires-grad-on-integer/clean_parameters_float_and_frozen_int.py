"""Learnable frequencies cast to float, next to an integer lookup table kept as a frozen Parameter."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class FourierFeatures(nn.Module):
    def __init__(self, n_freqs: int) -> None:
        super().__init__()
        self.freqs = nn.Parameter(torch.arange(1, n_freqs + 1).float())
        self.order = nn.Parameter(torch.arange(2 * n_freqs), requires_grad=False)

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        angles = 2 * math.pi * t.unsqueeze(-1) * self.freqs
        return torch.cat([angles.sin(), angles.cos()], dim=-1)[..., self.order]


if __name__ == "__main__":
    features = FourierFeatures(4).to(device)
    features(torch.rand(3, device=device)).sum().backward()
    print(features.freqs.grad.shape)
