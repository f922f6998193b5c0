"""YOLOv5's Detect head as shipped: the in-place box decode on the sigmoid output runs only when
`not self.training`, and inference runs under `torch.no_grad()`; training uses the raw maps."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Detect(nn.Module):
    def __init__(self, nc: int = 2, anchors: tuple = ((10, 13, 16, 30), (30, 61, 62, 45)), ch: tuple = (8, 16), strides: tuple = (8, 16)) -> None:
        super().__init__()
        self.no = nc + 5
        self.nl = len(anchors)
        self.na = len(anchors[0]) // 2
        self.register_buffer("stride", torch.tensor(strides, dtype=torch.float32))
        self.register_buffer("anchor_grid", torch.tensor(anchors, dtype=torch.float32).view(self.nl, 1, self.na, 1, 1, 2))
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)

    @staticmethod
    def make_grid(nx: int, ny: int, device: torch.device) -> torch.Tensor:
        yv, xv = torch.meshgrid(torch.arange(ny, device=device), torch.arange(nx, device=device), indexing="ij")
        return torch.stack((xv, yv), 2).view(1, 1, ny, nx, 2).float()

    def forward(self, x: list):
        z = []
        for i in range(self.nl):
            x[i] = self.m[i](x[i])
            bs, _, ny, nx = x[i].shape
            x[i] = x[i].view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
            if not self.training:
                grid = self.make_grid(nx, ny, x[i].device)
                y = x[i].sigmoid()
                xy = (y[..., :2] * 2 - 0.5 + grid) * self.stride[i]
                wh = (y[..., 2:4] * 2) ** 2 * self.anchor_grid[i]
                y[..., :4] = torch.cat((xy, wh), -1)
                z.append(y.view(bs, -1, self.no))
        return x if self.training else torch.cat(z, 1)


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.p3 = nn.Sequential(nn.Conv2d(3, 8, 3, 8, 1), nn.BatchNorm2d(8), nn.SiLU())
        self.p4 = nn.Sequential(nn.Conv2d(8, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.SiLU())
        self.model = nn.ModuleList([self.p3, self.p4, Detect()])

    def forward(self, img: torch.Tensor):
        p3 = self.p3(img)
        return self.model[-1]([p3, self.p4(p3)])


if __name__ == "__main__":
    model = Model().to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    imgs = torch.randn(2, 3, 32, 32, device=device)
    opt.zero_grad()
    sum(p[..., 4].sigmoid().mean() for p in model(imgs)).backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        print(model(imgs).shape)
