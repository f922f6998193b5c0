"""The training loop from the PyTorch FAQ's memory question: `total_loss += loss` adds the
loss tensor itself, so every batch's graph stays reachable from the total."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_model() -> nn.Module:
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))


def train_epoch(model: nn.Module, loader, optimizer) -> float:
    model.train()
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        output = model(x)
        loss = F.cross_entropy(output, y)
        loss.backward()
        optimizer.step()
        total_loss += loss  # error: GL109
    return total_loss / len(loader)


if __name__ == "__main__":
    net = make_model().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    batches = [(torch.randn(4, 8, device=device), torch.randint(0, 4, (4,), device=device)) for _ in range(5)]
    print(f"train loss {train_epoch(net, batches, opt):.4f}")
