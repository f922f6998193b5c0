"""Between backward and step: gradient clipping and gradient-norm logging, no zeroing."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, loader) -> list:
    logged = []
    for x, y in loader:
        optimizer.zero_grad()
        loss = nn.functional.huber_loss(model(x), y)
        loss.backward()
        total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
        logged.append(float(total_norm))
        for p in model.parameters():
            if p.grad is not None:
                logged.append(p.grad.abs().max().item())
        optimizer.step()
    return logged


if __name__ == "__main__":
    net = nn.Linear(3, 2).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    train(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 2, device=device)) for _ in range(2)])
