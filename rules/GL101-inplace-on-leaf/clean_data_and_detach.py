"""Updates through `.data` and `.detach()`: autograd does not see them, by design."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ModelEMA:
    def __init__(self, model: nn.Module, decay: float = 0.9) -> None:
        self.decay = decay
        self.shadow = [p.detach().clone() for p in model.parameters()]

    def update(self, model: nn.Module) -> None:
        for shadow, p in zip(self.shadow, model.parameters()):
            shadow.mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)


def sgd_with_data(model: nn.Module, lr: float) -> None:
    for p in model.parameters():
        p.data -= lr * p.grad
        p.detach().mul_(0.999)
        p.data.clamp_(-1, 1)


if __name__ == "__main__":
    net = nn.Linear(3, 2).to(device)
    ema = ModelEMA(net)
    net(torch.randn(4, 3, device=device)).sum().backward()
    sgd_with_data(net, 0.1)
    ema.update(net)
