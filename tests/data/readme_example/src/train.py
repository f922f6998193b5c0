import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.act = nn.Sigmoid()

    def forward(self, x):
        out = self.act(self.fc(x))
        out += x
        return out


def train(model, loader, optimizer):
    for x, y in loader:
        loss = (model(x) - y).pow(2).mean()
        loss.backward()
        optimizer.step()


def evaluate(model, x):
    torch.no_grad()
    return model(x)


w = torch.randn(8, requires_grad=True)
w -= 0.1 * w.grad
