"""A training loop that keeps each batch's loss tensor and averages the epoch with np.mean."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_epoch(model: nn.Module, loader, optimizer, criterion) -> float:
    model.train()
    losses = []
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.cpu())  # error: GL109
    return float(np.mean(losses))  # error: GL110


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = [
        (torch.randn(4, 8, device=device), torch.randint(0, 3, (4,), device=device)) for _ in range(3)
    ]
    for epoch in range(2):
        print(epoch, train_epoch(model, loader, optimizer, nn.CrossEntropyLoss()))
