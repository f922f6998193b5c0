"""A helper that applies the step with `p.add_`, called from the training loop."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def apply_gradients(model: nn.Module, lr: float) -> None:
    for p in model.parameters():
        if p.grad is None:
            continue
        p.add_(p.grad, alpha=-lr)  # error: GL101


def run(steps: int = 3) -> None:
    model = nn.Linear(6, 2).to(device)
    criterion = nn.CrossEntropyLoss()
    for step in range(steps):
        x = torch.randn(8, 6, device=device)
        y = torch.randint(0, 2, (8,), device=device)
        model.zero_grad()
        criterion(model(x), y).backward()
        apply_gradients(model, lr=0.1)


if __name__ == "__main__":
    run()
