"""A validation function that switches grad off with torch.set_grad_enabled(False) as a statement, then restores it."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def validate(model: nn.Module, batches) -> float:
    previous = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    model.eval()
    errors = []
    for x, y in batches:
        errors.append((model(x) - y).abs().cpu())
    torch.set_grad_enabled(previous)
    model.train()
    return float(np.mean(np.concatenate(errors)))


if __name__ == "__main__":
    model = nn.Linear(5, 1).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = [(torch.randn(4, 5, device=device), torch.randn(4, 1, device=device)) for _ in range(2)]
    for epoch in range(2):
        for x, y in batches:
            optimizer.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        print(epoch, validate(model, batches))
