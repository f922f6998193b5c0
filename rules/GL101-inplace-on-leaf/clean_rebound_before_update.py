"""A name rebound to a fresh tensor before the in-place update."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def restart(w: torch.Tensor) -> torch.Tensor:
    return w


def train(steps: int = 3, lr: float = 0.1) -> torch.Tensor:
    w = torch.randn(4, device=device, requires_grad=True)
    for _ in range(steps):
        loss = (w ** 2).sum()
        loss.backward()
        w = (w - lr * w.grad).detach()
        w.clamp_(-1.0, 1.0)
        w.requires_grad_()
    snapshot = torch.zeros(4, device=device)
    snapshot += w.detach()
    w = torch.randn(4, device=device)
    w.add_(1.0)
    return restart(w)


if __name__ == "__main__":
    print(train())
