"""L-BFGS with a closure: `backward()` runs several times per step, each time on a
graph the closure has just built."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, steps: int = 2) -> float:
    optimizer = torch.optim.LBFGS(model.parameters(), lr=0.5, max_iter=4)

    def closure():
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        return loss

    for _ in range(steps):
        loss = optimizer.step(closure)
    return loss.item()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1)).to(device)
    inputs = torch.randn(10, 3, device=device)
    print(fit(net, inputs, inputs.sum(1, keepdim=True)))
