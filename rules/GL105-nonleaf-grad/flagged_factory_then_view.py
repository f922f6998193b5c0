"""From-scratch linear regression whose weight is created with `requires_grad=True` and
then reshaped in the same expression: `w` is a view, its `.grad` is None and the update
line raises."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(x: torch.Tensor, y: torch.Tensor, epochs: int = 3, lr: float = 0.1):
    w = torch.randn(3, device=device, requires_grad=True).view(3, 1)
    b = torch.zeros(1, device=device, requires_grad=True)
    for _ in range(epochs):
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            b -= lr * b.grad
            w -= lr * w.grad  # error: GL105
        b.grad = None
    return w, b


if __name__ == "__main__":
    inputs = torch.randn(16, 3, device=device)
    fit(inputs, inputs.sum(1, keepdim=True))
