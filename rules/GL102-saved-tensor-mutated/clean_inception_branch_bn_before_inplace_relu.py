"""An Inception-ResNet block whose factory-built branches run conv -> bn -> in-place ReLU: the
1x1 branch conv saves the block input, but each ReLU writes its own batch norm's output,
which batch norm does not save."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv_bn_relu(c_in: int, c_out: int, kernel_size: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel_size, padding=kernel_size // 2, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


class InceptionResNetA(nn.Module):
    def __init__(self, channels: int = 8, scale: float = 0.17) -> None:
        super().__init__()
        self.scale = scale
        self.branch0 = nn.Conv2d(channels, 4, kernel_size=1, bias=False)
        self.branch1 = nn.Sequential(conv_bn_relu(channels, 4, 1), conv_bn_relu(4, 4, 3))
        self.branch_pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.conv = nn.Conv2d(4 + 4 + channels, channels, kernel_size=1)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x0 = self.branch0(x)
        x1 = self.branch1(x)
        x2 = self.branch_pool(x)
        out = self.conv(torch.cat((x0, x1, x2), 1))
        out = out * self.scale + x
        return self.relu(out)


class Net(nn.Module):
    def __init__(self, num_classes: int = 5) -> None:
        super().__init__()
        self.stem = conv_bn_relu(3, 8, 3)
        self.blocks = nn.Sequential(InceptionResNetA(), InceptionResNetA())
        self.fc = nn.Linear(8, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(F.adaptive_avg_pool2d(self.blocks(self.stem(x)), 1).flatten(1))


if __name__ == "__main__":
    net = Net().to(device)
    F.cross_entropy(net(torch.randn(2, 3, 8, 8, device=device)), torch.tensor([0, 3], device=device)).backward()
