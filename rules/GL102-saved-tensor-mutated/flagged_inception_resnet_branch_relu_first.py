"""An Inception-ResNet block whose branches come from a factory; the 1x1 branch conv saves the
block input, then the 3x3 branch, an `nn.Sequential` that starts with `nn.ReLU(inplace=True)`,
overwrites it before the residual sum."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def preact_branch(c_in: int, c_out: int, kernel_size: int) -> nn.Sequential:
    return nn.Sequential(
        nn.ReLU(inplace=True),
        nn.Conv2d(c_in, c_out, kernel_size, padding=kernel_size // 2, bias=False),
        nn.BatchNorm2d(c_out),
    )


class InceptionResNetA(nn.Module):
    def __init__(self, channels: int = 8, scale: float = 0.17) -> None:
        super().__init__()
        self.scale = scale
        self.branch0 = nn.Conv2d(channels, 4, kernel_size=1, bias=False)
        self.branch1 = preact_branch(channels, 4, 3)
        self.branch_pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.conv = nn.Conv2d(4 + 4 + channels, channels, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x0 = self.branch0(x)
        x1 = self.branch1(x)  # error: GL102
        x2 = self.branch_pool(x)
        out = self.conv(torch.cat((x0, x1, x2), 1))
        return out * self.scale + x


class Net(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8))
        self.blocks = nn.Sequential(InceptionResNetA(), InceptionResNetA())
        self.fc = nn.Linear(8, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(F.adaptive_avg_pool2d(self.blocks(self.stem(x)), 1).flatten(1))


if __name__ == "__main__":
    net = Net().to(device)
    F.cross_entropy(net(torch.randn(2, 3, 8, 8, device=device)), torch.tensor([0, 3], device=device)).backward()
