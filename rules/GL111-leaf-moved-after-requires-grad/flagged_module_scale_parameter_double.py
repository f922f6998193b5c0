"""A module that builds its scale as nn.Parameter(...).double(): the attribute is a plain tensor, never registered, never trained."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ScaledRegressor(nn.Module):
    def __init__(self, features: int) -> None:
        super().__init__()
        self.linear = nn.Linear(features, 1, dtype=torch.float64)
        self.log_scale = nn.Parameter(torch.zeros(1)).double()  # error: GL111

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x) * self.log_scale.to(x.device).exp()


if __name__ == "__main__":
    model = ScaledRegressor(3).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    x = torch.randn(12, 3, device=device, dtype=torch.float64)
    y = 5 * x.sum(1, keepdim=True)
    for _ in range(3):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    print([name for name, _ in model.named_parameters()])
