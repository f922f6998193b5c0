"""Attention weights returned by a transformer block and turned into a heatmap for a report."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Block(nn.Module):
    def __init__(self, dim: int = 8, heads: int = 2) -> None:
        super().__init__()
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor):
        out, weights = self.attn(x, x, x, need_weights=True)
        return self.norm(x + out), weights


def heatmap_rows(weights: torch.Tensor) -> list:
    matrix = weights[0].cpu().numpy()  # error: GL110
    return [" ".join(f"{v:.2f}" for v in row) for row in matrix]


if __name__ == "__main__":
    block = Block().to(device)
    tokens = torch.randn(1, 5, 8, device=device)
    _, attention = block(tokens)
    print("\n".join(heatmap_rows(attention)))
