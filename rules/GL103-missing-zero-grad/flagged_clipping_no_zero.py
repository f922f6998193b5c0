"""Gradient clipping between backward and step, but never a zero_grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, scheduler, loader, max_norm: float = 10.0) -> None:
    for inputs, targets in loader:
        loss = nn.functional.smooth_l1_loss(model(inputs), targets)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()  # error: GL103
        scheduler.step()


if __name__ == "__main__":
    net = nn.Linear(3, 2).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
    train(net, opt, sched, [(torch.randn(4, 3, device=device), torch.randn(4, 2, device=device)) for _ in range(3)])
