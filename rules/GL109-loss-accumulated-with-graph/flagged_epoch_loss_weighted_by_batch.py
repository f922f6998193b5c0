"""A dataset-weighted epoch loss (`epoch_loss += loss * batch_size`) computed from the
loss tensor: the total keeps every batch's graph."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TabularNet(nn.Module):
    def __init__(self, features: int = 7) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(features, 16, bias=False), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def run_epoch(model: nn.Module, loader, optimizer, dataset_size: int) -> float:
    model.train()
    epoch_loss = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = F.mse_loss(model(inputs), targets)
        loss.backward()
        optimizer.step()
        epoch_loss += loss * inputs.size(0)  # error: GL109
    return epoch_loss.item() / dataset_size


if __name__ == "__main__":
    model = TabularNet().to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    batches = [(torch.randn(4, 7, device=device), torch.randn(4, 1, device=device)) for _ in range(4)]
    print(run_epoch(model, batches, opt, dataset_size=16))
