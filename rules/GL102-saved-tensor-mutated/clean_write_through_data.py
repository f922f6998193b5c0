"""Writes through `.data` do not touch the version counter: torch raises nothing."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def perturbed_objective() -> torch.Tensor:
    w = torch.randn(4, device=device, requires_grad=True)
    y = w.exp()
    y.data.clamp_(max=10.0)
    w.data.add_(0.01)
    y.sum().backward()
    return w.grad


if __name__ == "__main__":
    print(perturbed_objective())
