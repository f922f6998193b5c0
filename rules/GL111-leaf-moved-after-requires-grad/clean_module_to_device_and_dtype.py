"""A model moved with model.to(device) and cast with model.double(): modules convert their parameters in place, keeping them leaves."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ScaledRegressor(nn.Module):
    def __init__(self, features: int) -> None:
        super().__init__()
        self.linear = nn.Linear(features, 1)
        self.log_scale = nn.Parameter(torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x) * self.log_scale.exp()


if __name__ == "__main__":
    model = ScaledRegressor(3).to(device).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    x = torch.randn(12, 3, device=device, dtype=torch.float64)
    for _ in range(3):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), 5 * x.sum(1, keepdim=True)).backward()
        optimizer.step()
    print(model.log_scale.is_leaf, model.log_scale.grad is not None)
