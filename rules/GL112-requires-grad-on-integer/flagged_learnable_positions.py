"""A model that makes its position indices learnable with torch.arange(..., requires_grad=True): arange of ints is int64."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TimeWarp(nn.Module):
    def __init__(self, max_len: int, dim: int) -> None:
        super().__init__()
        self.proj = nn.Linear(1, dim)
        self.max_len = max_len

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(x.shape[1], device=x.device, requires_grad=True)  # error: GL112
        return x + self.proj(positions.unsqueeze(-1) / self.max_len)


if __name__ == "__main__":
    model = TimeWarp(16, 4).to(device)
    print(model(torch.randn(2, 5, 4, device=device)).shape)
