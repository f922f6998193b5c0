"""A phase switch written without its argument: `with torch.set_grad_enabled:`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def run_phase(model: nn.Module, batch: torch.Tensor, train: bool) -> torch.Tensor:
    model.train(train)
    with torch.set_grad_enabled:  # error: GL107
        out = model(batch)
    return out.mean()


if __name__ == "__main__":
    net = nn.Linear(4, 2).to(device)
    print(run_phase(net, torch.randn(3, 4, device=device), train=False))
