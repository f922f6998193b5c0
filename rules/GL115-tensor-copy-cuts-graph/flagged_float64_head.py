"""A numerically careful head that converts the hidden state to float64 with torch.tensor, cutting off the encoder."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PrecisionHead(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.linear = nn.Linear(dim, 1, dtype=torch.float64)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        hidden64 = torch.tensor(hidden, dtype=torch.float64)  # error: GL115
        return self.linear(hidden64).squeeze(-1)


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(4, 8), nn.Tanh())
        self.head = PrecisionHead(8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(x))


if __name__ == "__main__":
    model = Model().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(6, 4, device=device), torch.randn(6, device=device, dtype=torch.float64)
    optimizer.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    optimizer.step()
