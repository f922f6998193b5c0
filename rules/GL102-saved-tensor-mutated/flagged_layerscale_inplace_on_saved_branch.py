"""timm's `LayerScale(inplace=True)` applied to an MLP branch whose output the block also feeds
to an auxiliary probe (a Linear that saves its input): `x.mul_(self.gamma)` overwrites it."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LayerScale(nn.Module):
    def __init__(self, dim: int, init_values: float = 1e-5, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace
        self.gamma = nn.Parameter(init_values * torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mul_(self.gamma) if self.inplace else x * self.gamma  # error: GL102


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class ProbedBlock(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, dim * 2)
        self.probe = nn.Linear(dim, 1)
        self.ls = LayerScale(dim, inplace=True)

    def forward(self, x: torch.Tensor) -> tuple:
        h = self.mlp(self.norm(x))
        probe = self.probe(h)
        return x + self.ls(h), probe


if __name__ == "__main__":
    block = ProbedBlock(8).to(device)
    out, probe = block(torch.randn(2, 5, 8, device=device))
    (out.pow(2).mean() + probe.mean()).backward()
