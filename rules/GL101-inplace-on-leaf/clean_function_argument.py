"""A helper whose argument might or might not be a leaf: gradlint does not guess."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def normalize_(t):
    t.mul_(0.5)
    return t


def pipeline(x: torch.Tensor) -> torch.Tensor:
    h = x * 2.0
    return normalize_(h)


if __name__ == "__main__":
    leaf = torch.randn(4, device=device, requires_grad=True)
    out = pipeline(leaf)
    out.sum().backward()
    print(normalize_(torch.randn(3, device=device)))
