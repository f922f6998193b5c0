"""Attention weights masked in place after softmax, which saved its output."""
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
        attn = scores.softmax(dim=-1)
        attn.masked_fill_(pad, 0.0)  # error: GL102
        return attn @ self.v(x)


if __name__ == "__main__":
    layer = SelfAttention(4).to(device)
    tokens = torch.randn(2, 3, 4, device=device)
    mask = torch.tensor([False, False, True], device=device).expand(2, 3, 3)
    layer(tokens, mask).sum().backward()
