"""`model.zero_grad(set_to_none=True)` at the top of each iteration."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Regressor(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(3, 8), nn.SiLU(), nn.Linear(8, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


if __name__ == "__main__":
    model = Regressor().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for step in range(3):
        model.zero_grad(set_to_none=True)
        loss = model(torch.randn(4, 3, device=device)).pow(2).mean()
        loss.backward()
        optimizer.step()
