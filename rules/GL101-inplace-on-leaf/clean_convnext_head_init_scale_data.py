"""ConvNeXt's `head_init_scale` as shipped: `self.head[-1].weight.data.mul_(...)` on the last
layer of an `nn.Sequential(OrderedDict(...))` head, which autograd does not see."""
from collections import OrderedDict

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = nn.Parameter(1e-6 * torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.norm(self.dwconv(x).permute(0, 2, 3, 1))
        y = self.gamma * self.pwconv2(self.act(self.pwconv1(y)))
        return x + y.permute(0, 3, 1, 2)


class ConvNeXt(nn.Module):
    def __init__(self, dim: int = 8, depth: int = 2, num_classes: int = 5, head_init_scale: float = 0.001) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, dim, kernel_size=4, stride=4)
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
        self.head[-1].weight.data.mul_(head_init_scale)
        self.head[-1].bias.data.mul_(head_init_scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.stages(self.stem(x)))


if __name__ == "__main__":
    model = ConvNeXt().to(device)
    model(torch.randn(2, 3, 16, 16, device=device)).logsumexp(dim=1).mean().backward()
