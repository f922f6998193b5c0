"""A GAN whose discriminator accumulates over two batches per update, but
`opt_d.zero_grad()` runs on every batch: each D step sees only the last batch."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
D_ACCUMULATE = 2


def generator(latent: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(latent, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, out), nn.Tanh())


def discriminator(inp: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


def train(loader, latent: int = 4) -> None:
    net_g, net_d = generator(latent, 6).to(device), discriminator(6).to(device)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    for i, real in enumerate(loader):
        real = real.to(device)
        fake = net_g(torch.randn(real.size(0), latent, device=device))

        opt_d.zero_grad()  # error: GL113
        d_real, d_fake = net_d(real), net_d(fake.detach())
        d_loss = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real)) + \
            F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
        (d_loss / D_ACCUMULATE).backward()
        if (i + 1) % D_ACCUMULATE == 0:
            opt_d.step()

        opt_g.zero_grad()
        g_out = net_d(fake)
        g_loss = F.binary_cross_entropy_with_logits(g_out, torch.ones_like(g_out))
        g_loss.backward()
        opt_g.step()


if __name__ == "__main__":
    train([torch.randn(4, 6) for _ in range(4)])
