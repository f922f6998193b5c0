"""Names that look like torch's but are not: a local helper and a method."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def no_grad() -> None:
    """Project helper that clears accumulated gradients of the global model."""
    for p in MODEL.parameters():
        p.grad = None


class Tracker:
    def __init__(self) -> None:
        self.calls = 0

    def inference_mode(self) -> None:
        self.calls += 1


MODEL = nn.Linear(3, 1).to(device)

if __name__ == "__main__":
    MODEL(torch.randn(2, 3, device=device)).sum().backward()
    no_grad()
    tracker = Tracker()
    tracker.inference_mode()
    print(all(p.grad is None for p in MODEL.parameters()), tracker.calls)
