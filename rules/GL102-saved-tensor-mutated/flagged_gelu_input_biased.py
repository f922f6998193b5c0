"""A bias added in place to the input of GELU, which saved its input."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MLP(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.up = nn.Linear(dim, 4 * dim, bias=False)
        self.down = nn.Linear(4 * dim, dim)
        self.shift = nn.Parameter(torch.zeros(4 * dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        hidden = self.up(x)
        activated = F.gelu(hidden)
        hidden += self.shift  # error: GL102
        return self.down(activated)


if __name__ == "__main__":
    mlp = MLP(3).to(device)
    mlp(torch.randn(2, 3, device=device)).sum().backward()
