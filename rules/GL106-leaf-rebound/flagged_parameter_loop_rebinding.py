"""A hand-written SGD-with-weight-decay step over `model.parameters()` that rebinds the
loop variable: no parameter ever changes and the loss stays where it started."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_mlp(sizes=(6, 16, 1)) -> nn.Sequential:
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.Tanh()]
    return nn.Sequential(*layers[:-1])


def sgd_step(model: nn.Module, lr: float = 0.05, weight_decay: float = 1e-4) -> None:
    for p in model.parameters():
        if p.grad is None:
            continue
        p = p - lr * (p.grad + weight_decay * p)  # error: GL106


def train(steps: int = 5) -> list:
    model = make_mlp().to(device)
    x, y = torch.randn(32, 6, device=device), torch.randn(32, 1, device=device)
    history = []
    for _ in range(steps):
        model.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        sgd_step(model)
        history.append(loss.item())
    return history


if __name__ == "__main__":
    print(train())
