"""Learnable bin centres from torch.linspace with integer end points: linspace always makes floats."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SoftHistogram(nn.Module):
    def __init__(self, bins: int) -> None:
        super().__init__()
        self.centers = torch.linspace(-1, 1, bins, requires_grad=True)
        self.width = 2.0 / bins

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        centers = self.centers.to(x.device)
        return torch.exp(-((x.unsqueeze(-1) - centers) ** 2) / self.width).sum(dim=0)


if __name__ == "__main__":
    layer = SoftHistogram(6)
    layer(torch.randn(10, device=device)).sum().backward()
    print(layer.centers.grad)
