"""The tutorial's manual SGD done right: updates inside `torch.no_grad()`."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(epochs: int = 5, lr: float = 0.05):
    x = torch.randn(32, 3, device=device)
    y = x @ torch.tensor([[2.0], [-1.0], [0.5]], device=device)
    w = torch.randn(3, 1, device=device, requires_grad=True)
    b = torch.zeros(1, device=device, requires_grad=True)
    for epoch in range(epochs):
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
            if epoch % 2 == 0:
                w.clamp_(-10, 10)
        w.grad.zero_()
        b.grad.zero_()
    return w, b


if __name__ == "__main__":
    print(fit())
