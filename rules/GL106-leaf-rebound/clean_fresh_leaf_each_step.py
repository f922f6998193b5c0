"""Gradient descent that rebuilds `w` as a fresh leaf after every step
(`(w - lr * w.grad).detach().requires_grad_()`), as many notebooks do."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def minimise(steps: int = 5, lr: float = 1e-3):
    w = torch.tensor([-1.0, 1.0], device=device, requires_grad=True)
    for step in range(steps):
        value = rosenbrock(w)
        value.backward()
        w = (w - lr * w.grad).detach().requires_grad_()
        print(step, value.item(), w.grad)
    return w


if __name__ == "__main__":
    minimise()
