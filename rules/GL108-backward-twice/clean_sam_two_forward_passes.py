"""Sharpness-aware minimisation: two backward passes per step, each through its own
forward pass (the second one at the perturbed weights)."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SAM:
    """A minimal stand-in for the SAM optimizer wrapper (first_step / second_step)."""

    def __init__(self, params, base_optimizer, rho: float = 0.05) -> None:
        self.params = list(params)
        self.base = base_optimizer
        self.rho = rho
        self.eps: list = []

    @torch.no_grad()
    def first_step(self) -> None:
        norm = torch.norm(torch.stack([p.grad.norm() for p in self.params]))
        self.eps = [self.rho * p.grad / (norm + 1e-12) for p in self.params]
        for p, e in zip(self.params, self.eps):
            p.add_(e)
        self.base.zero_grad()

    @torch.no_grad()
    def second_step(self) -> None:
        for p, e in zip(self.params, self.eps):
            p.sub_(e)
        self.base.step()
        self.base.zero_grad()


def train(model: nn.Module, batches) -> None:
    sam = SAM(model.parameters(), torch.optim.SGD(model.parameters(), lr=0.1))
    for x, y in batches:
        F.cross_entropy(model(x), y).backward()
        sam.first_step()
        F.cross_entropy(model(x), y).backward()
        sam.second_step()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).to(device)
    train(net, [(torch.randn(6, 4, device=device), torch.randint(0, 2, (6,), device=device)) for _ in range(2)])
