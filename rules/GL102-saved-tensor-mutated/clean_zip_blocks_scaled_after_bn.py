"""The conv stack zipped with per-block gains, with blocks of conv + batch norm: `x.mul_(gain)`
writes a batch-norm output (batch norm saves its input), and the ReLU comes after, out of place."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv_bn(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out))


class ScaledStack(nn.Module):
    def __init__(self, widths: tuple = (3, 8, 8, 8)) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([conv_bn(a, b) for a, b in zip(widths[:-1], widths[1:])])
        self.gains = [1.0 / (i + 1) for i in range(len(self.blocks))]
        self.head = nn.Conv2d(widths[-1], 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block, gain in zip(self.blocks, self.gains):
            x = block(x)
            x.mul_(gain)
            x = torch.relu(x)
        return self.head(x)


if __name__ == "__main__":
    net = ScaledStack().to(device)
    net(torch.randn(2, 3, 8, 8, device=device)).mean().backward()
