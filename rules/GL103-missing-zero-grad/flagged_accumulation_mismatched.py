"""Gradient accumulation whose zeroing runs on a different schedule than its step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
ACCUMULATE = 2


def train(model: nn.Module, optimizer, loader) -> None:
    for i, (x, y) in enumerate(loader):
        loss = nn.functional.mse_loss(model(x), y) / ACCUMULATE
        loss.backward()
        if (i + 1) % ACCUMULATE == 0:
            optimizer.step()  # error: GL103
        if i % 10 == 0:
            optimizer.zero_grad()  # error: GL113


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    train(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(6)])
