"""An EMA helper that imported no_grad under a short name and called it as a statement."""
import copy

import torch
from torch import nn
from torch import no_grad as ng

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class EMA:
    def __init__(self, model: nn.Module, decay: float = 0.99) -> None:
        self.decay = decay
        self.shadow = copy.deepcopy(model)
        for p in self.shadow.parameters():
            p.requires_grad_(False)

    def update(self, model: nn.Module) -> None:
        ng()  # error: GL107
        for ema_p, p in zip(self.shadow.parameters(), model.parameters()):
            ema_p.mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)


if __name__ == "__main__":
    net = nn.Linear(3, 3).to(device)
    ema = EMA(net)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(3):
        opt.zero_grad()
        net(torch.randn(2, 3, device=device)).pow(2).mean().backward()
        opt.step()
        ema.update(net)
    print(next(ema.shadow.parameters()).sum().item())
