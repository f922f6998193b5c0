"""Embeddings extracted for a nearest-neighbour search with np.asarray on the encoder's output."""
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

    def fit(self, items: torch.Tensor) -> "NearestNeighbours":
        self.bank = np.asarray(self.encoder(items).cpu())  # error: GL110
        return self

    def query(self, items: torch.Tensor, k: int = 3) -> np.ndarray:
        scores = np.asarray(self.encoder(items).detach().cpu()) @ self.bank.T
        return np.argsort(-scores, axis=1)[:, :k]


if __name__ == "__main__":
    encoder = Encoder().to(device)
    index = NearestNeighbours(encoder).fit(torch.randn(12, 10, device=device))
    print(index.query(torch.randn(2, 10, device=device)))
