"""Two backward passes over one retained graph with no write in between."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def two_objectives() -> torch.Tensor:
    w = torch.randn(4, device=device, requires_grad=True)
    h = torch.tanh(w * 3.0)
    h.sum().backward(retain_graph=True)
    (h ** 2).sum().backward()
    with torch.no_grad():
        h.add_(0.5)
    return w.grad


if __name__ == "__main__":
    print(two_objectives())
