"""A copy made with clone() and a dtype change with .to(): both are differentiable, unlike torch.tensor."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PrecisionHead(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.linear = nn.Linear(dim, 1, dtype=torch.float64)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        hidden64 = hidden.clone().to(torch.float64)
        return self.linear(hidden64).squeeze(-1)


if __name__ == "__main__":
    encoder = nn.Sequential(nn.Linear(4, 8), nn.Tanh()).to(device)
    head = PrecisionHead(8).to(device)
    y = torch.randn(6, device=device, dtype=torch.float64)
    nn.functional.mse_loss(head(encoder(torch.randn(6, 4, device=device))), y).backward()
    assert encoder[0].weight.grad is not None
