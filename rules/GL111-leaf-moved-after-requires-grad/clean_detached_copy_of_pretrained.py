"""Fine-tuning a float64 copy of a pretrained weight: moved and cast, then detached and made a new leaf."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_adapter_weight(pretrained: nn.Linear) -> torch.Tensor:
    return pretrained.weight.to(device, torch.float64).detach().clone().requires_grad_(True)


if __name__ == "__main__":
    pretrained = nn.Linear(5, 3)
    weight = make_adapter_weight(pretrained)
    optimizer = torch.optim.SGD([weight], lr=0.1)
    x = torch.randn(4, 5, device=device, dtype=torch.float64)
    for _ in range(2):
        optimizer.zero_grad()
        (x @ weight.t()).pow(2).mean().backward()
        optimizer.step()
    print(weight.is_leaf, weight.grad.shape)
