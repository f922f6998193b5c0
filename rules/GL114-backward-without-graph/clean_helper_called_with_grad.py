"""A saliency helper called from the training-time logger with grad on; the no_grad evaluation never calls it."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def saliency(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    x = x.detach().requires_grad_(True)
    score = model(x).max(1).values.sum()
    score.backward()
    return x.grad.abs()


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return (model(x).argmax(1) == y).float().mean().item()


def log_step(model: nn.Module, x: torch.Tensor, step: int) -> None:
    if step % 2 == 0:
        print(step, saliency(model, x[:1]).mean().item())


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(7, 5), nn.ReLU(), nn.Linear(5, 3)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(4, 7, device=device), torch.randint(0, 3, (4,), device=device)
    for step in range(3):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        log_step(model, x, step)
    print(evaluate(model, x, y))
