"""Grad mode switched off by `set_grad_enabled(False)`, as a statement and as a context."""
import torch
import torch as T

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def perturb(weights: list) -> None:
    previous = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    for w in weights:
        w.add_(0.01 * torch.randn_like(w))
    torch.set_grad_enabled(previous)


def project(w: torch.Tensor) -> None:
    with T.set_grad_enabled(False):
        w.div_(w.norm())


if __name__ == "__main__":
    a = torch.randn(3, device=device, requires_grad=True)
    b = torch.randn(3, device=device, requires_grad=True)
    perturb([a, b])
    project(a)
    print(a.norm().item())
