"""A gradient penalty with torch.autograd.grad after the critic's output was edited."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Critic(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def penalty(critic: Critic, real: torch.Tensor) -> torch.Tensor:
    points = real.clone().requires_grad_(True)
    scores = torch.exp(critic(points))
    scores.sub_(1.0)  # error: GL102
    (grads,) = torch.autograd.grad(scores.sum(), points, create_graph=True)
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


if __name__ == "__main__":
    print(penalty(Critic().to(device), torch.randn(4, 3, device=device)))
