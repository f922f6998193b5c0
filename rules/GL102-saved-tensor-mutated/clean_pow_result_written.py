"""`x ** 2` saves x, not its result: the result may be written in place."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def energy() -> torch.Tensor:
    x = torch.randn(5, device=device, requires_grad=True)
    squared = x.pow(2)
    squared += 1.0
    squared.clamp_(max=10.0)
    squared.sum().backward()
    return x.grad


if __name__ == "__main__":
    print(energy())
