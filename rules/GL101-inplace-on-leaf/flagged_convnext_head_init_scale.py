"""A ConvNeXt-style classifier built as `nn.Sequential(OrderedDict(...))` whose `head_init_scale`
multiplies `self.head[-1].weight` in place without `.data`: raises."""
from collections import OrderedDict

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LayerNorm2d(nn.LayerNorm):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.norm(self.dwconv(x).permute(0, 2, 3, 1))
        y = self.pwconv2(self.act(self.pwconv1(y)))
        return x + y.permute(0, 3, 1, 2)


class ConvNeXt(nn.Module):
    def __init__(self, dim: int = 8, depth: int = 2, num_classes: int = 5, head_init_scale: float = 0.001) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, dim, kernel_size=4, stride=4), LayerNorm2d(dim))
        self.stages = nn.Sequential(*[ConvNeXtBlock(dim) for _ in range(depth)])
        self.head = nn.Sequential(
            OrderedDict(
                [
                    ("global_pool", nn.AdaptiveAvgPool2d(1)),
                    ("flatten", nn.Flatten(1)),
                    ("norm", nn.LayerNorm(dim)),
                    ("fc", nn.Linear(dim, num_classes)),
                ]
            )
        )
        nn.init.trunc_normal_(self.head.fc.weight, std=0.02)
        nn.init.zeros_(self.head.fc.bias)
        self.head[-1].weight.mul_(head_init_scale)  # error: GL101

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.stages(self.stem(x)))


if __name__ == "__main__":
    model = ConvNeXt().to(device)
    print(model(torch.randn(2, 3, 16, 16, device=device)).shape)
