"""Writes into tensors that nothing saved: `x * 2`, `x + b`, sums and means, views."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def scaled_sum() -> torch.Tensor:
    x = torch.randn(4, device=device, requires_grad=True)
    b = torch.randn(4, device=device)
    doubled = x * 2
    shifted = x + b
    b += 1.0
    total = doubled.sum() + shifted.mean()
    with torch.no_grad():
        x.add_(0.1)
    total.backward()
    return x.grad


def flattened_view() -> None:
    h = torch.randn(2, 3, device=device, requires_grad=True) * 1.0
    flat = h.view(-1)
    h.add_(1.0)
    flat.sum().backward()


if __name__ == "__main__":
    print(scaled_sum())
    flattened_view()
