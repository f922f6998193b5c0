"""Accumulation with the zeroing right after the step, both under the same condition."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, scheduler, loader, accumulate: int = 2) -> None:
    optimizer.zero_grad()
    for i, (x, y) in enumerate(loader):
        loss = nn.functional.mse_loss(model(x), y) / accumulate
        loss.backward()
        if (i + 1) % accumulate == 0:
            nn.utils.clip_grad_value_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.LinearLR(opt)
    train(net, opt, sched, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(4)])
