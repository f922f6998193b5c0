"""Two backward passes over one graph, with an in-place edit in between."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def two_objectives() -> torch.Tensor:
    w = torch.randn(4, device=device, requires_grad=True)
    h = torch.tanh(w * 3.0)
    first = h.sum()
    second = (h ** 2).sum()
    first.backward(retain_graph=True)
    h.add_(0.5)  # error: GL102
    second.backward()
    return w.grad


if __name__ == "__main__":
    print(two_objectives())
