"""An Attention U-Net whose gate multiplies the skip feature map in place; every skip was also
fed to max pooling on the way down, and pooling saved it for backward."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def double_conv(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
        nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


class AttentionGate(nn.Module):
    def __init__(self, gate_ch: int, skip_ch: int, inter_ch: int) -> None:
        super().__init__()
        self.w_g = nn.Conv2d(gate_ch, inter_ch, 1)
        self.w_x = nn.Conv2d(skip_ch, inter_ch, 1)
        self.psi = nn.Sequential(nn.Conv2d(inter_ch, 1, 1), nn.Sigmoid())

    def forward(self, g: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        psi = self.psi(F.relu(self.w_g(g) + self.w_x(skip)))
        skip.mul_(psi)  # error: GL102
        return skip


class AttentionUNet(nn.Module):
    def __init__(self, channels: tuple = (4, 8, 16), num_classes: int = 2) -> None:
        super().__init__()
        self.downs = nn.ModuleList()
        c_prev = 3
        for c in channels:
            self.downs.append(double_conv(c_prev, c))
            c_prev = c
        self.pool = nn.MaxPool2d(2)
        self.ups = nn.ModuleList(nn.ConvTranspose2d(c, c // 2, 2, stride=2) for c in channels[:0:-1])
        self.gates = nn.ModuleList(AttentionGate(c // 2, c // 2, c // 4) for c in channels[:0:-1])
        self.up_convs = nn.ModuleList(double_conv(c, c // 2) for c in channels[:0:-1])
        self.out = nn.Conv2d(channels[0], num_classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, down in enumerate(self.downs):
            x = down(x)
            if i < len(self.downs) - 1:
                skips.append(x)
                x = self.pool(x)
        for up, gate, conv in zip(self.ups, self.gates, self.up_convs):
            x = up(x)
            x = conv(torch.cat([gate(x, skips.pop()), x], dim=1))
        return self.out(x)


if __name__ == "__main__":
    net = AttentionUNet().to(device)
    images, masks = torch.randn(1, 3, 16, 16, device=device), torch.randint(0, 2, (1, 16, 16), device=device)
    F.cross_entropy(net(images), masks).backward()
