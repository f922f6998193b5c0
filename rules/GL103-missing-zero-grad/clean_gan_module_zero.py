"""The DCGAN tutorial's loop: `netD.zero_grad()` and `netG.zero_grad()` on the modules."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(steps: int = 2) -> None:
    netG = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 4)).to(device)
    netD = nn.Sequential(nn.Linear(4, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1)).to(device)
    optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizerG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    for i in range(steps):
        netD.zero_grad()
        real = torch.randn(6, 4, device=device)
        out_real = netD(real)
        errD_real = F.binary_cross_entropy_with_logits(out_real, torch.ones_like(out_real))
        errD_real.backward()
        fake = netG(torch.randn(6, 2, device=device))
        out_fake = netD(fake.detach())
        errD_fake = F.binary_cross_entropy_with_logits(out_fake, torch.zeros_like(out_fake))
        errD_fake.backward()
        optimizerD.step()
        netG.zero_grad()
        out = netD(fake)
        errG = F.binary_cross_entropy_with_logits(out, torch.ones_like(out))
        errG.backward()
        optimizerG.step()


if __name__ == "__main__":
    train()
