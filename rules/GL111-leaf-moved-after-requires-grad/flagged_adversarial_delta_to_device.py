"""A universal adversarial perturbation made on the CPU with requires_grad=True and moved with .to(device); Adam refuses it on a GPU."""
# fixture: cuda-only
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def universal_perturbation(model: nn.Module, loader, shape, eps: float = 0.1, steps: int = 3) -> torch.Tensor:
    delta = torch.zeros(shape, requires_grad=True).to(device)  # error: GL111
    optimizer = torch.optim.Adam([delta], lr=0.01)
    for _ in range(steps):
        for x, y in loader:
            optimizer.zero_grad()
            (-nn.functional.cross_entropy(model(x + delta), y)).backward()
            optimizer.step()
            with torch.no_grad():
                delta.clamp_(-eps, eps)
    return delta.detach()


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 2)).to(device).requires_grad_(False)
    loader = [(torch.randn(4, 6, device=device), torch.randint(0, 2, (4,), device=device))]
    print(universal_perturbation(model, loader, (6,)))
