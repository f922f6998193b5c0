"""The name is rebound to a fresh tensor before the in-place write."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def smoothed() -> torch.Tensor:
    w = torch.randn(4, device=device, requires_grad=True)
    y = w.exp()
    y = y * 0.5
    y += 1.0
    y.sum().backward()
    return w.grad


if __name__ == "__main__":
    print(smoothed())
