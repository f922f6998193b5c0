"""Buffers, masks and batches moved and cast freely: none of them requires grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Normalizer(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(dim))
        self.register_buffer("std", torch.ones(dim))
        self.mask = torch.ones(dim).double().to(device)
        self.proj = nn.Linear(dim, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x - self.mean) / self.std
        return self.proj((x.double() * self.mask).float())


if __name__ == "__main__":
    model = Normalizer(4).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batch = torch.randn(6, 4).to(device).half().float()
    optimizer.zero_grad()
    model(batch).pow(2).mean().backward()
    optimizer.step()
