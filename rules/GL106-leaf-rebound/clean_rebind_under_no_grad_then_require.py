"""Manual SGD that rebinds `w` under `torch.no_grad()` and then asks the new tensor to
require grad: each step makes a fresh leaf, which the next backward() fills."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(epochs: int = 4, lr: float = 0.1):
    x = torch.randn(64, 3, device=device)
    y = (x.sum(1, keepdim=True) > 0).float()
    w = torch.zeros(3, 1, device=device, requires_grad=True)
    for _ in range(epochs):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ w, y)
        loss.backward()
        with torch.no_grad():
            w = w - lr * w.grad
        w.requires_grad_()
    return w


if __name__ == "__main__":
    print(fit().is_leaf)
