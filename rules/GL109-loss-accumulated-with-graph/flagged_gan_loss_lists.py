"""A GAN training loop that records the generator and discriminator losses for the
training curves by appending the loss tensors."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_gan(nz: int = 4):
    generator = nn.Sequential(nn.Linear(nz, 16), nn.ReLU(), nn.Linear(16, 6))
    discriminator = nn.Sequential(nn.Linear(6, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
    return generator.to(device), discriminator.to(device)


def train(steps: int = 4, nz: int = 4):
    netG, netD = make_gan(nz)
    optG, optD = torch.optim.Adam(netG.parameters(), lr=2e-4), torch.optim.Adam(netD.parameters(), lr=2e-4)
    criterion = nn.BCEWithLogitsLoss()
    G_losses, D_losses = [], []
    for _ in range(steps):
        real = torch.randn(4, 6, device=device)
        fake = netG(torch.randn(4, nz, device=device))
        ones, zeros = torch.ones(4, 1, device=device), torch.zeros(4, 1, device=device)
        optD.zero_grad()
        errD = criterion(netD(real), ones) + criterion(netD(fake.detach()), zeros)
        errD.backward()
        optD.step()
        optG.zero_grad()
        errG = criterion(netD(fake), ones)
        errG.backward()
        optG.step()
        G_losses.append(errG)  # error: GL109
        D_losses.append(errD)  # error: GL109
    return G_losses, D_losses


if __name__ == "__main__":
    g, d = train()
    print(len(g), len(d))
