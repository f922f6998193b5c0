"""Multi-task training that collects each task's loss in a list and backpropagates
their mean once per step."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MultiTaskNet(nn.Module):
    def __init__(self, tasks: int = 3) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(6, 16), nn.ReLU())
        self.heads = nn.ModuleList(nn.Linear(16, 1) for _ in range(tasks))

    def forward(self, x: torch.Tensor) -> list:
        h = self.trunk(x)
        return [head(h) for head in self.heads]


def train(model: MultiTaskNet, batches) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, targets in batches:
        task_losses = []
        for pred, target in zip(model(x), targets):
            task_losses.append(F.mse_loss(pred, target))
        optimizer.zero_grad()
        torch.stack(task_losses).mean().backward()
        optimizer.step()


if __name__ == "__main__":
    data = [(torch.randn(4, 6, device=device), [torch.randn(4, 1, device=device) for _ in range(3)]) for _ in range(3)]
    train(MultiTaskNet().to(device), data)
