"""The tutorial's manual SGD done right: `w` is updated in place under `torch.no_grad()`,
so it stays the leaf that backward() fills."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(epochs: int = 4, lr: float = 0.1):
    x = torch.randn(64, 3, device=device)
    y = x @ torch.tensor([[1.5], [-2.0], [0.3]], device=device)
    w = torch.zeros(3, 1, device=device, requires_grad=True)
    for epoch in range(epochs):
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
        print(f"epoch {epoch}: loss {loss.item():.4f}")
    return w


if __name__ == "__main__":
    fit()
