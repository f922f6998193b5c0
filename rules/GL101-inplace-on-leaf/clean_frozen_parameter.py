"""Parameters created without grad, or switched off before being written."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PositionalTable(nn.Module):
    def __init__(self, length: int, dim: int) -> None:
        super().__init__()
        self.table = nn.Parameter(torch.zeros(length, dim), requires_grad=False)
        self.scale = nn.Parameter(torch.ones(1))
        positions = torch.arange(length).unsqueeze(1)
        self.table.copy_(torch.sin(positions / 10.0).expand(length, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.table[: x.shape[1]] * self.scale


def make_mask(n: int) -> torch.Tensor:
    mask = torch.ones(n, n, requires_grad=True)
    mask.requires_grad_(False)
    mask.triu_(1)
    return mask


if __name__ == "__main__":
    print(PositionalTable(8, 4).to(device)(torch.randn(2, 5, 4, device=device)).shape, make_mask(3).sum())
