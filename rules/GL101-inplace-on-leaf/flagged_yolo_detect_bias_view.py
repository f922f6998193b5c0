"""A YOLOv5-style model that initialises its Detect head's objectness biases through
`self.model[-1].m`, writing into a view of each bias without `.data`: raises."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Conv(nn.Module):
    def __init__(self, c1: int, c2: int, k: int = 3, s: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = nn.SiLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.bn(self.conv(x)))


class Detect(nn.Module):
    stride = None  # strides computed during build

    def __init__(self, nc: int = 1, anchors: tuple = ((10, 13, 16, 30), (30, 61, 62, 45)), ch: tuple = ()) -> None:
        super().__init__()
        self.nc = nc  # number of classes
        self.no = nc + 5  # outputs per anchor
        self.nl = len(anchors)  # number of detection layers
        self.na = len(anchors[0]) // 2  # number of anchors
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)  # output conv

    def forward(self, x: list) -> list:
        for i in range(self.nl):
            x[i] = self.m[i](x[i])
            bs, _, ny, nx = x[i].shape
            x[i] = x[i].view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
        return x


class Backbone(nn.Module):
    def __init__(self, ch: int = 3) -> None:
        super().__init__()
        self.p3 = nn.Sequential(Conv(ch, 8, 3, 2), Conv(8, 16, 3, 2), Conv(16, 16, 3, 2))
        self.p4 = Conv(16, 32, 3, 2)

    def forward(self, x: torch.Tensor) -> list:
        p3 = self.p3(x)
        return [p3, self.p4(p3)]


class Model(nn.Module):
    def __init__(self, ch: int = 3, nc: int = 1) -> None:
        super().__init__()
        self.model = nn.Sequential(Backbone(ch), Detect(nc, ch=(16, 32)))
        m = self.model[-1]  # Detect()
        s = 64  # 2x min stride
        m.stride = torch.tensor([s / x.shape[-2] for x in self.forward(torch.zeros(1, ch, s, s))])
        self.stride = m.stride
        self._initialize_biases()  # only run once

    def forward(self, x: torch.Tensor) -> list:
        return self.model(x)

    def _initialize_biases(self) -> None:
        # objectness prior: 8 objects per 640 image (https://arxiv.org/abs/1708.02002 section 3.3)
        m = self.model[-1]  # Detect() module
        for mi, s in zip(m.m, m.stride):
            b = mi.bias.view(m.na, -1)  # conv.bias(255) to (3,85)
            b[:, 4] += math.log(8 / (640 / s) ** 2)  # error: GL101
            mi.bias = nn.Parameter(b.view(-1), requires_grad=True)


if __name__ == "__main__":
    model = Model().to(device)
    print([p.shape for p in model(torch.randn(1, 3, 64, 64, device=device))])
