"""Clearing with `p.grad = None` over the parameters, before the backward."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, loader) -> None:
    for x, y in loader:
        for p in model.parameters():
            p.grad = None
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    train(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(3)])
