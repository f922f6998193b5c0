"""The zeroing sits in the else branch of a logging check: skipped on logging steps."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, optimizer, loader, log_every: int = 2) -> None:
    for step, (x, y) in enumerate(loader):
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()  # error: GL103
        if step % log_every == 0:
            print(f"step {step}: {loss.item():.4f}")
        else:
            optimizer.zero_grad()


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    train(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(4)])
