"""Embeddings normalised in place by their own norm: norm() saved them."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Embedder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(8, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        emb = self.proj(x)
        emb /= emb.norm(dim=-1, keepdim=True)  # error: GL102
        return emb


if __name__ == "__main__":
    model = Embedder().to(device)
    a, b = model(torch.randn(4, 8, device=device)), model(torch.randn(4, 8, device=device))
    (a * b).sum().backward()
