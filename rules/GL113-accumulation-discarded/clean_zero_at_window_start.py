"""Zeroing under a guard, before backward, that is right: `i % k == 0` is the first
micro-batch of a window and `(i + 1) % k == 0` its last, so the zeroing only clears
what the previous step already used."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv_block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class SmallNet(nn.Module):
    def __init__(self, classes: int = 4) -> None:
        super().__init__()
        self.features = nn.Sequential(conv_block(3, 8), nn.MaxPool2d(2), conv_block(8, 8))
        self.model = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(self.features(x))


def train(model: nn.Module, optimizer, loader, accumulation_steps: int = 2) -> None:
    model.train()
    for step, (images, labels) in enumerate(loader):
        if step % accumulation_steps == 0:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(images.to(device)), labels.to(device))
        (loss / accumulation_steps).backward()
        if (step + 1) % accumulation_steps == 0:
            optimizer.step()


if __name__ == "__main__":
    net = SmallNet().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    train(net, opt, [(torch.randn(2, 3, 8, 8), torch.randint(0, 4, (2,))) for _ in range(4)])
