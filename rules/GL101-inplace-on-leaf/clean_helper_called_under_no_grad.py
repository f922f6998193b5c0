"""A re-initialisation method that is only ever called under no_grad."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LowRank(nn.Module):
    def __init__(self, dim: int, rank: int) -> None:
        super().__init__()
        self.a = nn.Parameter(torch.empty(dim, rank))
        self.b = nn.Parameter(torch.empty(rank, dim))
        with torch.no_grad():
            self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1 / math.sqrt(self.a.shape[0])
        self.a.uniform_(-bound, bound)
        self.b.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.a @ self.b


if __name__ == "__main__":
    layer = LowRank(6, 2).to(device)
    with torch.no_grad():
        layer.reset_parameters()
    print(layer(torch.randn(2, 6, device=device)).shape)
