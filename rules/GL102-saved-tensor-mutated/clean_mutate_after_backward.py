"""A manual training loop: the in-place update happens after backward, every step."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(steps: int = 3, lr: float = 0.1) -> torch.Tensor:
    w = torch.randn(3, device=device, requires_grad=True)
    x = torch.randn(5, 3, device=device)
    for _ in range(steps):
        pred = torch.sigmoid(x @ w)
        loss = (pred - 0.5).pow(2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            pred.clamp_(0.0, 1.0)
        w.grad.zero_()
        x.mul_(0.9)
    return w


if __name__ == "__main__":
    print(train())
