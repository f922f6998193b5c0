"""Functional batch norm saves its input: its output may be written in place."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Normalizer(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.fc(x)
        normed = F.batch_norm(h, None, None, training=True)
        normed.mul_(2.0).add_(1.0)
        return normed


if __name__ == "__main__":
    Normalizer(3).to(device)(torch.randn(4, 3, device=device)).sum().backward()
