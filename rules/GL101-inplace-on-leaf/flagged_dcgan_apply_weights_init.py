"""The DCGAN `weights_init` passed to `netG.apply`, dispatching with `type(m) in (...)` and
drawing the conv weights with `normal_` on the parameter itself: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
nz, ngf, nc = 8, 4, 3


class Generator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.main(z)


def weights_init(m: nn.Module) -> None:
    if type(m) in (nn.Conv2d, nn.ConvTranspose2d):
        m.weight.normal_(0.0, 0.02)  # error: GL101
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.constant_(m.bias, 0)


if __name__ == "__main__":
    netG = Generator().to(device)
    netG.apply(weights_init)
    print(netG(torch.randn(2, nz, 1, 1, device=device)).shape)
