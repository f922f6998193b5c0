"""Grad-mode classes reached through torch.autograd and its grad_mode module."""
import torch
import torch.autograd.grad_mode as grad_mode
from torch import autograd

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def running_mean(history: list, value: torch.Tensor) -> torch.Tensor:
    autograd.no_grad()  # error: GL107
    history.append(value)
    return torch.stack(history).mean(0)


def snapshot(weights: torch.Tensor) -> torch.Tensor:
    grad_mode.no_grad()  # error: GL107
    return weights * 1.0


if __name__ == "__main__":
    w = torch.randn(3, requires_grad=True, device=device)
    hist: list = []
    for step in range(3):
        running_mean(hist, w * step)
    print(snapshot(w).requires_grad)
