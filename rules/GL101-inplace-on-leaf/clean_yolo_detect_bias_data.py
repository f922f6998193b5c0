"""YOLOv5's `_initialize_biases` as shipped: the objectness and class priors are added through
`b.data[...]` on a view of each `self.model[-1].m` bias, then re-wrapped as a Parameter."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Detect(nn.Module):
    stride = None

    def __init__(self, nc: int = 3, anchors: tuple = ((10, 13, 16, 30), (30, 61, 62, 45)), ch: tuple = ()) -> None:
        super().__init__()
        self.nc = nc
        self.no = nc + 5
        self.nl = len(anchors)
        self.na = len(anchors[0]) // 2
        self.m = nn.ModuleList([nn.Conv2d(x, self.no * self.na, 1) for x in ch])

    def forward(self, x: list) -> list:
        for i in range(self.nl):
            bs, _, ny, nx = x[i].shape
            x[i] = self.m[i](x[i]).view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
        return x


class Neck(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.down1 = nn.Sequential(nn.Conv2d(3, 8, 3, 4, 1), nn.BatchNorm2d(8), nn.SiLU())
        self.down2 = nn.Sequential(nn.Conv2d(8, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.SiLU())

    def forward(self, x: torch.Tensor) -> list:
        p3 = self.down1(x)
        return [p3, self.down2(p3)]


class DetectionModel(nn.Module):
    def __init__(self, nc: int = 3) -> None:
        super().__init__()
        self.model = nn.Sequential(Neck(), Detect(nc, ch=(8, 16)))
        m = self.model[-1]
        m.stride = torch.tensor([32 / x.shape[-2] for x in self.forward(torch.zeros(1, 3, 32, 32))])
        self._initialize_biases()

    def forward(self, x: torch.Tensor) -> list:
        return self.model(x)

    def _initialize_biases(self, cf: torch.Tensor = None) -> None:
        m = self.model[-1]  # Detect() module
        for mi, s in zip(m.m, m.stride):
            b = mi.bias.view(m.na, -1)
            b.data[:, 4] += math.log(8 / (640 / s) ** 2)  # obj (8 objects per 640 image)
            b.data[:, 5 : 5 + m.nc] += math.log(0.6 / (m.nc - 0.99999)) if cf is None else torch.log(cf / cf.sum())
            mi.bias = nn.Parameter(b.view(-1), requires_grad=True)


if __name__ == "__main__":
    model = DetectionModel().to(device)
    outputs = model(torch.randn(2, 3, 32, 32, device=device))
    sum(o[..., 4].sigmoid().mean() for o in outputs).backward()
