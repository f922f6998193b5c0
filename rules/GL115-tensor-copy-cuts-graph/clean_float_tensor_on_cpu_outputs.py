"""A CPU-side metric that wraps float32 CPU outputs in torch.FloatTensor(...): an alias, gradients still flow."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def soft_dice(probs: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    probs = torch.FloatTensor(probs.float().cpu())
    target = torch.FloatTensor(target.float().cpu())
    inter = (probs * target).sum()
    return 1 - 2 * inter / (probs.sum() + target.sum() + 1e-6)


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(6, 4), nn.Sigmoid()).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(5, 6, device=device)
    target = torch.randint(0, 2, (5, 4), device=device)
    optimizer.zero_grad()
    soft_dice(model(x), target).backward()
    assert model[0].weight.grad is not None
    optimizer.step()
