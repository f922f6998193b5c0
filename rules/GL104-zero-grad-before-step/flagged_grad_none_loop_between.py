"""Parameters' gradients set to None in a loop, between backward and step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, batches) -> None:
    for x, y in batches:
        loss = nn.functional.l1_loss(model(x), y)
        loss.backward()
        for p in model.parameters():
            if p.grad is not None:
                p.grad = None  # error: GL104
        optimizer.step()


if __name__ == "__main__":
    net = nn.Linear(3, 2).to(device)
    opt = torch.optim.Adam(net.parameters())
    train(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 2, device=device)) for _ in range(2)])
