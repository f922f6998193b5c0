"""The ImageNet example's `AverageMeter`, fed the loss tensor instead of `loss.item()`:
its running sum keeps every batch's graph."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class AverageMeter:
    """Computes and stores the average and current value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.reset()

    def reset(self) -> None:
        self.val = 0
        self.avg = 0
        self.sum = 0
        self.count = 0

    def update(self, val, n: int = 1) -> None:
        self.val = val
        self.sum += val * n  # error: GL109
        self.count += n
        self.avg = self.sum / self.count


def train(loader, model: nn.Module, optimizer) -> float:
    losses = AverageMeter("Loss")
    model.train()
    for images, target in loader:
        output = model(images)
        loss = F.cross_entropy(output, target)
        losses.update(loss, images.size(0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return float(losses.avg.item())


if __name__ == "__main__":
    net = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 3)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    data = [(torch.randn(2, 3, 2, 2, device=device), torch.randint(0, 3, (2,), device=device)) for _ in range(4)]
    print(train(data, net, opt))
