"""The FAQ's fix: the epoch total adds `loss.item()`, a Python float, so no graph is kept."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_epoch(model: nn.Module, loader, optimizer) -> float:
    model.train()
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    return total_loss / len(loader)


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    batches = [(torch.randn(4, 8, device=device), torch.randint(0, 4, (4,), device=device)) for _ in range(5)]
    print(f"train loss {train_epoch(net, batches, opt):.4f}")
