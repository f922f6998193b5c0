"""Linear regression with a hand-written SGD step, as in many tutorials."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_data(n: int = 32):
    x = torch.randn(n, 3, device=device)
    true_w = torch.tensor([[2.0], [-1.0], [0.5]], device=device)
    return x, x @ true_w + 0.1


def fit(epochs: int = 5, lr: float = 0.05):
    x, y = make_data()
    w = torch.randn(3, 1, device=device, requires_grad=True)
    b = torch.zeros(1, device=device, requires_grad=True)
    for epoch in range(epochs):
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        w -= lr * w.grad  # error: GL101
        with torch.no_grad():
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w, b


if __name__ == "__main__":
    print(fit())
