"""A loss that converts its target only when it is not already a tensor, so predictions keep their graph."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def to_tensor(value, like: torch.Tensor) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value
    return torch.tensor(value, dtype=like.dtype, device=like.device)


class WeightedMSE:
    def __init__(self, weight: float) -> None:
        self.weight = weight

    def __call__(self, pred, target) -> torch.Tensor:
        target = to_tensor(target, pred)
        return self.weight * ((to_tensor(pred, target) - target) ** 2).mean()


if __name__ == "__main__":
    model = nn.Linear(3, 1).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    loss = WeightedMSE(0.5)(model(torch.randn(4, 3, device=device)), [[0.0], [1.0], [0.5], [0.2]])
    loss.backward()
    optimizer.step()
    print(model.weight.grad.abs().sum().item() > 0)
