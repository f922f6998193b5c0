"""DCGAN-style alternation where the discriminator step uses `D(fake)` without
`.detach()`: its backward frees the generator's graph, and the generator step's
backward then fails."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_generator(nz: int = 4) -> nn.Module:
    return nn.Sequential(nn.Linear(nz, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh())


def make_discriminator() -> nn.Module:
    return nn.Sequential(nn.Linear(8, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


def train(steps: int = 2, nz: int = 4) -> None:
    netG, netD = make_generator(nz).to(device), make_discriminator().to(device)
    optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    criterion = nn.BCEWithLogitsLoss()
    for _ in range(steps):
        real = torch.randn(4, 8, device=device)
        ones, zeros = torch.ones(4, 1, device=device), torch.zeros(4, 1, device=device)
        fake = netG(torch.randn(4, nz, device=device))
        # (1) update D: maximize log(D(x)) + log(1 - D(G(z)))
        optD.zero_grad()
        errD = criterion(netD(real), ones) + criterion(netD(fake), zeros)
        errD.backward()
        optD.step()
        # (2) update G: maximize log(D(G(z)))
        optG.zero_grad()
        errG = criterion(netD(fake), ones)
        errG.backward()  # error: GL108
        optG.step()


if __name__ == "__main__":
    train()
