"""An EMA copy of a model whose parameters were never frozen, updated outside no_grad."""
import copy

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ModelEMA:
    def __init__(self, model: nn.Module, decay: float = 0.999) -> None:
        self.module = copy.deepcopy(model)
        self.decay = decay

    def update(self, model: nn.Module) -> None:
        for ema_p, p in zip(self.module.parameters(), model.parameters()):
            ema_p.mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)  # error: GL101


if __name__ == "__main__":
    net = nn.Linear(5, 5).to(device)
    ema = ModelEMA(net)
    opt = torch.optim.Adam(net.parameters())
    for _ in range(2):
        opt.zero_grad()
        net(torch.randn(3, 5, device=device)).sum().backward()
        opt.step()
        ema.update(net)
