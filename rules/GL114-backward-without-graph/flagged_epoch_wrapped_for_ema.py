"""A training epoch wrapped entirely in no_grad so that the EMA update inside it is not tracked."""
import copy

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_epoch_with_ema(model: nn.Module, ema: nn.Module, loader, optimizer, decay: float = 0.99) -> None:
    with torch.no_grad():
        for x, y in loader:
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()  # error: GL114
            optimizer.step()
            for ema_p, p in zip(ema.parameters(), model.parameters()):
                ema_p.mul_(decay).add_(p, alpha=1 - decay)


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 1)).to(device)
    ema = copy.deepcopy(model)
    loader = [(torch.randn(5, 3, device=device), torch.randn(5, 1, device=device)) for _ in range(2)]
    train_epoch_with_ema(model, ema, loader, torch.optim.SGD(model.parameters(), lr=0.1))
