"""Embeddings for a nearest-neighbour index are computed in a method decorated with torch.inference_mode()."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Encoder(nn.Module):
    def __init__(self, dim: int = 10, out: int = 4) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, 16), nn.GELU(), nn.Linear(16, out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.normalize(self.net(x), dim=-1)


class NearestNeighbours:
    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.bank = None

    @torch.inference_mode()
    def embed(self, items: torch.Tensor) -> np.ndarray:
        return np.asarray(self.encoder(items).cpu())

    def fit(self, items: torch.Tensor) -> "NearestNeighbours":
        self.bank = self.embed(items)
        return self

    def query(self, items: torch.Tensor, k: int = 3) -> np.ndarray:
        return np.argsort(-(self.embed(items) @ self.bank.T), axis=1)[:, :k]


if __name__ == "__main__":
    index = NearestNeighbours(Encoder().to(device)).fit(torch.randn(12, 10, device=device))
    print(index.query(torch.randn(2, 10, device=device)))
