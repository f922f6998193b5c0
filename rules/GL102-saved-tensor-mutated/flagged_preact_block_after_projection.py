"""A pre-activation ResNet stage: the parent projects the shortcut with a 1x1 conv (which
saves its input), then hands the same tensor to a block whose first op is an in-place ReLU."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv3x3(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


class PreActBranch(nn.Module):
    """relu -> conv -> bn -> relu -> conv, as in the pre-activation ResNet papers."""

    def __init__(self, in_planes: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = conv3x3(in_planes, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv2 = conv3x3(planes, planes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(x)  # error: GL102
        out = self.conv1(out)
        out = self.relu(self.bn2(out))
        return self.conv2(out)


class DownStage(nn.Module):
    def __init__(self, in_planes: int, planes: int) -> None:
        super().__init__()
        self.bn = nn.BatchNorm2d(in_planes)
        self.shortcut = nn.Conv2d(in_planes, planes, kernel_size=1, stride=2, bias=False)
        self.branch = PreActBranch(in_planes, planes, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.bn(x)
        shortcut = self.shortcut(x)
        return self.branch(x) + shortcut


class PreActResNet(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.stem = conv3x3(3, 8)
        self.stage = DownStage(8, 16)
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(F.adaptive_avg_pool2d(self.stage(self.stem(x)), 1).flatten(1))


if __name__ == "__main__":
    model = PreActResNet().to(device)
    images, labels = torch.randn(2, 3, 8, 8, device=device), torch.randint(0, 10, (2,), device=device)
    F.cross_entropy(model(images), labels).backward()
