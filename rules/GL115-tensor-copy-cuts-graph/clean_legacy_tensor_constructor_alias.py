"""Legacy code wrapping a model output in torch.Tensor(...): with a tensor argument it returns a differentiable alias."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Scorer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scores = torch.Tensor(self.net(x))
        return scores.squeeze(-1)


if __name__ == "__main__":
    model = Scorer().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    model(torch.randn(4, 5, device=device)).pow(2).mean().backward()
    assert model.net[0].weight.grad is not None
    optimizer.step()
