"""The ImageNet example's `AverageMeter` used as intended: it is fed `loss.item()`."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class AverageMeter:
    """Computes and stores the average and current value."""

    def __init__(self) -> None:
        self.val = self.avg = self.sum = 0.0
        self.count = 0

    def update(self, val: float, n: int = 1) -> None:
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count


def train(loader, model: nn.Module, optimizer) -> float:
    losses = AverageMeter()
    for images, target in loader:
        loss = F.cross_entropy(model(images), target)
        losses.update(loss.item(), images.size(0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses.avg


if __name__ == "__main__":
    net = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 3)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    print(train([(torch.randn(2, 3, 2, 2, device=device), torch.randint(0, 3, (2,), device=device)) for _ in range(4)], net, opt))
