"""A helper that clears gradients if present, called on raw leaf tensors before each
backward(): checking `.grad is not None` on a leaf is fine."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def clear_grads(*tensors: torch.Tensor) -> None:
    for t in tensors:
        if t.grad is not None:
            t.grad.zero_()


def fit(epochs: int = 3, lr: float = 0.05):
    x = torch.randn(20, 2, device=device)
    y = (x[:, :1] - x[:, 1:] > 0).float()
    w = torch.zeros(2, 1, device=device, requires_grad=True)
    b = torch.zeros(1, device=device, requires_grad=True)
    for _ in range(epochs):
        clear_grads(w, b)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ w + b, y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w, b


if __name__ == "__main__":
    fit()
