"""An FGSM helper that enters torch.enable_grad() itself, so it also works from a no_grad evaluation."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fgsm(model: nn.Module, x: torch.Tensor, y: torch.Tensor, eps: float) -> torch.Tensor:
    with torch.enable_grad():
        x = x.clone().requires_grad_(True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
    return (x + eps * x.grad.sign()).detach()


@torch.no_grad()
def robust_accuracy(model: nn.Module, loader, eps: float = 0.03) -> float:
    model.eval()
    correct = total = 0
    for x, y in loader:
        adv = fgsm(model, x, y, eps)
        correct += (model(adv).argmax(1) == y).sum().item()
        total += y.numel()
    return correct / total


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
    loader = [(torch.randn(4, 10, device=device), torch.randint(0, 3, (4,), device=device))]
    print(robust_accuracy(model, loader))
