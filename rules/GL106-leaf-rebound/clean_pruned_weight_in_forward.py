"""A pruned linear layer whose forward rebinds a local alias of its weight to the masked
weight: the alias is only used as a value, gradients reach the parameter, and the
optimizer steps the parameter."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PrunedLinear(nn.Linear):
    def __init__(self, in_features: int, out_features: int, sparsity: float = 0.5) -> None:
        super().__init__(in_features, out_features)
        self.register_buffer("mask", (torch.rand(out_features, in_features) > sparsity).float())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight = self.weight
        weight = weight * self.mask
        return F.linear(x, weight, self.bias)


def train(steps: int = 3) -> None:
    model = nn.Sequential(PrunedLinear(8, 16), nn.ReLU(), PrunedLinear(16, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(steps):
        x, y = torch.randn(4, 8, device=device), torch.randn(4, 1, device=device)
        optimizer.zero_grad()
        F.mse_loss(model(x), y).backward()
        optimizer.step()


if __name__ == "__main__":
    train()
