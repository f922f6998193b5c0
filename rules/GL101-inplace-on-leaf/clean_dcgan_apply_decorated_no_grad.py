"""DCGAN's `weights_init` decorated with `@torch.no_grad()` and passed to `netD.apply`: the
direct `normal_`/`fill_` writes on the parameters run with grad off."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
nc, ndf = 3, 4


class Discriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.main(x).view(-1)


@torch.no_grad()
def weights_init(m: nn.Module) -> None:
    if type(m) in (nn.Conv2d, nn.ConvTranspose2d):
        m.weight.normal_(0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        m.weight.normal_(1.0, 0.02)
        m.bias.fill_(0)


if __name__ == "__main__":
    netD = Discriminator().to(device)
    netD.apply(weights_init)
    real = torch.rand(2, nc, 16, 16, device=device) * 2 - 1
    nn.functional.binary_cross_entropy(netD(real), torch.ones(2, device=device)).backward()
