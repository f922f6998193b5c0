"""Linear regression with a hand-written SGD step that rebinds `w` instead of updating it:
from the second step on `w` is a non-leaf, its `.grad` is None and the update raises."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_data(n: int = 64):
    x = torch.randn(n, 3, device=device)
    true_w = torch.tensor([[1.5], [-2.0], [0.3]], device=device)
    return x, x @ true_w + 0.05 * torch.randn(n, 1, device=device)


def fit(epochs: int = 4, lr: float = 0.1):
    x, y = make_data()
    w = torch.zeros(3, 1, device=device, requires_grad=True)
    b = torch.zeros(1, device=device, requires_grad=True)
    for epoch in range(epochs):
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        w = w - lr * w.grad  # error: GL106
        with torch.no_grad():
            b -= lr * b.grad
        b.grad.zero_()
        print(f"epoch {epoch}: loss {loss.item():.4f}")
    return w, b


if __name__ == "__main__":
    fit()
