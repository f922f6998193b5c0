"""An epoch total kept on the device without a host sync per step: it adds
`loss.detach()`, which has no graph."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_epoch(model: nn.Module, loader, optimizer) -> float:
    total = torch.zeros((), device=device)
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.detach()
    return (total / len(loader)).item()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    print(train_epoch(net, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(4)], opt))
