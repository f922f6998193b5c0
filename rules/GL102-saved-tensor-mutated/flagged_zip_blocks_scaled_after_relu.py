"""A plain conv stack whose blocks (conv + ReLU, in an `nn.ModuleList`) are zipped with fixed
per-block gains; `x.mul_(gain)` then writes the ReLU output that ReLU saved for backward."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv_relu(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU())


class ScaledStack(nn.Module):
    def __init__(self, widths: tuple = (3, 8, 8, 8)) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([conv_relu(a, b) for a, b in zip(widths[:-1], widths[1:])])
        self.gains = [1.0 / (i + 1) for i in range(len(self.blocks))]
        self.head = nn.Conv2d(widths[-1], 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block, gain in zip(self.blocks, self.gains):
            x = block(x)
            x.mul_(gain)  # error: GL102
        return self.head(x)


if __name__ == "__main__":
    net = ScaledStack().to(device)
    net(torch.randn(2, 3, 8, 8, device=device)).mean().backward()
