"""The gradients are cleared once, before the loop: every later step accumulates."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(model: nn.Module, data, lr: float = 1e-2) -> None:
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    opt.zero_grad()
    for x, y in data:
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()  # error: GL103


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    fit(net, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(3)])
