"""Attention masked the right way: scores filled in place before the softmax."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SelfAttention(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        scores = self.q(x) @ self.k(x).transpose(-2, -1) / math.sqrt(x.shape[-1])
        scores.masked_fill_(pad, float("-inf"))
        attn = scores.softmax(dim=-1)
        return attn @ self.v(x)


if __name__ == "__main__":
    layer = SelfAttention(4).to(device)
    mask = torch.tensor([False, False, True], device=device).expand(2, 3, 3)
    layer(torch.randn(2, 3, 4, device=device), mask).sum().backward()
