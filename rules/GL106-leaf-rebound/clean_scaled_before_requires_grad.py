"""He initialisation written as a rebinding of `w` before it requires grad, then
`requires_grad_()`: `w` is a leaf when the optimizer gets it."""
import math

import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def init_layer(fan_in: int, fan_out: int):
    w = torch.randn(fan_in, fan_out, device=device)
    w = w * math.sqrt(2.0 / fan_in)
    w.requires_grad_()
    b = torch.zeros(fan_out, device=device, requires_grad=True)
    return w, b


def train(steps: int = 3) -> None:
    w1, b1 = init_layer(10, 32)
    w2, b2 = init_layer(32, 3)
    optimizer = torch.optim.SGD([w1, b1, w2, b2], lr=0.1)
    for _ in range(steps):
        x, y = torch.randn(8, 10, device=device), torch.randint(0, 3, (8,), device=device)
        optimizer.zero_grad()
        F.cross_entropy(F.relu(x @ w1 + b1) @ w2 + b2, y).backward()
        optimizer.step()


if __name__ == "__main__":
    train()
