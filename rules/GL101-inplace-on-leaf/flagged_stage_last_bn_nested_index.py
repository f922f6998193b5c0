"""A RegNet-like backbone whose stages are `nn.Sequential`s in an `nn.ModuleList`; the last
batch norm of each stage is zeroed through `self.stages[i][-1].weight` outside no_grad: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv_bn_act(c_in: int, c_out: int, stride: int = 1) -> list:
    return [nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]


class Backbone(nn.Module):
    def __init__(self, widths: tuple = (4, 8, 16)) -> None:
        super().__init__()
        self.stem = nn.Sequential(*conv_bn_act(3, widths[0], stride=2))
        self.stages = nn.ModuleList()
        for c_in, c_out in zip(widths[:-1], widths[1:]):
            layers = conv_bn_act(c_in, c_out, stride=2)
            layers += [nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out)]
            self.stages.append(nn.Sequential(*layers))
        self.shortcuts = nn.ModuleList(nn.Conv2d(a, b, 1, 2, bias=False) for a, b in zip(widths[:-1], widths[1:]))
        self.zero_init_last()

    def zero_init_last(self) -> None:
        for i in range(len(self.stages)):
            self.stages[i][-1].weight.zero_()  # error: GL101

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        for stage, shortcut in zip(self.stages, self.shortcuts):
            x = torch.relu(stage(x) + shortcut(x))
        return x


if __name__ == "__main__":
    print(Backbone().to(device)(torch.randn(1, 3, 16, 16, device=device)).shape)
