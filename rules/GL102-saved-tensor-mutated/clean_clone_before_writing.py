"""Cloning before the in-place write leaves the saved tensor untouched."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Embedder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(8, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        emb = self.proj(x)
        unit = emb.clone()
        unit /= emb.norm(dim=-1, keepdim=True)
        return unit


if __name__ == "__main__":
    model = Embedder().to(device)
    model(torch.randn(4, 8, device=device)).sum().backward()
