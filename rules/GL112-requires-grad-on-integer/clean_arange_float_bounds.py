"""Learnable time steps from torch.arange with a float bound and with a float step: both make float32 tensors."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TimeWarp(nn.Module):
    def __init__(self, max_len: int, dim: int) -> None:
        super().__init__()
        self.proj = nn.Linear(1, dim)
        self.max_len = max_len

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(float(x.shape[1]), device=x.device, requires_grad=True)
        phases = torch.arange(0, 1, 1 / x.shape[1], device=x.device, requires_grad=True)
        return x + self.proj((positions / self.max_len + phases).unsqueeze(-1))


if __name__ == "__main__":
    model = TimeWarp(16, 4).to(device)
    model(torch.randn(2, 5, 4, device=device)).sum().backward()
