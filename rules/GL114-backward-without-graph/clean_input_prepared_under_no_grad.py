"""Inputs normalised under no_grad, then made to require grad outside it for an input-gradient penalty."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def input_gradient_penalty(model: nn.Module, x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        x = (x - mean) / std
    x.requires_grad_(True)
    out = model(x).sum()
    (grad,) = torch.autograd.grad(out, x, create_graph=True)
    return grad.pow(2).sum(dim=1).mean()


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(4, 8), nn.Softplus(), nn.Linear(8, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(6, 4, device=device)
    optimizer.zero_grad()
    penalty = input_gradient_penalty(model, x, x.mean(0), x.std(0))
    penalty.backward()
    optimizer.step()
