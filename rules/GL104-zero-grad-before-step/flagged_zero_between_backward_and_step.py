"""The classic misorder: gradients cleared between backward() and step()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, loader) -> list:
    losses = []
    for x, y in loader:
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.zero_grad()  # error: GL104
        optimizer.step()
        losses.append(loss.item())
    return losses


if __name__ == "__main__":
    net = nn.Linear(4, 3).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    train(net, opt, [(torch.randn(5, 4, device=device), torch.randint(0, 3, (5,), device=device)) for _ in range(2)])
