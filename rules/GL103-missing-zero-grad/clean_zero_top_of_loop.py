"""The canonical loop: zero, forward, backward, step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, loader, epochs: int = 2) -> None:
    for epoch in range(epochs):
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(inputs), targets)
            loss.backward()
            optimizer.step()


if __name__ == "__main__":
    net = nn.Linear(4, 3).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    data = [(torch.randn(5, 4, device=device), torch.randint(0, 3, (5,), device=device)) for _ in range(2)]
    train(net, opt, data)
