"""Magnitude pruning that zeroes small weights with a boolean mask."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PrunableLinear(nn.Module):
    def __init__(self, fan_in: int, fan_out: int) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(fan_out, fan_in) * 0.1)
        self.bias = nn.Parameter(torch.zeros(fan_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.t() + self.bias

    def prune(self, fraction: float) -> int:
        threshold = self.weight.abs().flatten().kthvalue(int(fraction * self.weight.numel())).values
        mask = self.weight.abs() < threshold
        self.weight[mask] = 0.0  # error: GL101
        return int(mask.sum())


if __name__ == "__main__":
    layer = PrunableLinear(10, 4).to(device)
    print(layer.prune(0.5))
