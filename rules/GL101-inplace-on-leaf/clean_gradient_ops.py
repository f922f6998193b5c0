"""In-place work on `.grad`: zeroing, scaling, clipping by hand, accumulation."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, batches, lr: float = 0.1, accumulate: int = 2) -> None:
    for step, (x, y) in enumerate(batches):
        loss = nn.functional.mse_loss(model(x), y) / accumulate
        loss.backward()
        if (step + 1) % accumulate == 0:
            for p in model.parameters():
                p.grad.mul_(1.0 / accumulate)
                p.grad.clamp_(-1, 1)
                with torch.no_grad():
                    p -= lr * p.grad
                p.grad.zero_()
        else:
            for p in model.parameters():
                if p.grad is not None:
                    p.grad -= 0.0


if __name__ == "__main__":
    net = nn.Linear(2, 1).to(device)
    data = [(torch.randn(3, 2, device=device), torch.randn(3, 1, device=device)) for _ in range(4)]
    train(net, data)
