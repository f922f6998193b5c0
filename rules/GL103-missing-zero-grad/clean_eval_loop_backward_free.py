"""An evaluation loop next to the training loop: no backward, no step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def evaluate(model: nn.Module, loader) -> float:
    model.eval()
    total = 0.0
    with torch.no_grad():
        for x, y in loader:
            total += nn.functional.mse_loss(model(x), y).item()
    return total


def train(model: nn.Module, optimizer, loader) -> None:
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    data = [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(2)]
    train(net, opt, data)
    print(evaluate(net, data))
