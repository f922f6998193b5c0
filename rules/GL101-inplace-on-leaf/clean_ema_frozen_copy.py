"""An EMA copy whose parameters are switched off with requires_grad_(False)."""
import copy

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ModelEMA:
    def __init__(self, model: nn.Module, decay: float = 0.99) -> None:
        self.module = copy.deepcopy(model).eval()
        self.module.requires_grad_(False)
        self.decay = decay

    def update(self, model: nn.Module) -> None:
        for ema_p, p in zip(self.module.parameters(), model.parameters()):
            ema_p.mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)


if __name__ == "__main__":
    net = nn.Linear(4, 4).to(device)
    ema = ModelEMA(net)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(2):
        opt.zero_grad()
        net(torch.randn(2, 4, device=device)).sum().backward()
        opt.step()
        ema.update(net)
