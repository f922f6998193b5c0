"""Skipped batches clear the gradients in their own branch; training batches step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, loader) -> None:
    for step, (x, y) in enumerate(loader):
        if torch.isnan(x).any():
            optimizer.zero_grad()
            continue
        else:
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    batches = [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(2)]
    batches.append((torch.full((4, 3), float("nan"), device=device), torch.randn(4, 1, device=device)))
    train(net, opt, batches)
