"""In-place ops on intermediate results (non-leaves) are allowed."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Block(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, dim)
        self.fc2 = nn.Linear(dim, dim)
        self.scale = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.fc1(x)
        h.relu_()
        out = self.fc2(h)
        out += x
        out.mul_(2.0)
        gated = self.scale * 1.0
        gated[0] = 1.0
        return out * gated


if __name__ == "__main__":
    block = Block(4).to(device)
    block(torch.randn(3, 4, device=device)).sum().backward()
    print(block.scale.grad is not None)
