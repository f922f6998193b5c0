"""The step helper does backward and step; its caller clears the gradients first."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def optimize(model: nn.Module, optimizer, x: torch.Tensor, y: torch.Tensor) -> float:
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def run(model: nn.Module, optimizer, loader) -> list:
    history = []
    for x, y in loader:
        optimizer.zero_grad()
        history.append(optimize(model, optimizer, x, y))
    return history


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    run(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(3)])
