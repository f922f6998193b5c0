"""Alternating GAN updates: opt_g is zeroed after the discriminator's backward, but the
generator's own backward runs before opt_g.step()."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(steps: int = 2) -> None:
    gen = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 4)).to(device)
    disc = nn.Sequential(nn.Linear(4, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1)).to(device)
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-3)
    opt_d = torch.optim.Adam(disc.parameters(), lr=1e-3)
    for _ in range(steps):
        fake = gen(torch.randn(6, 2, device=device))
        opt_d.zero_grad()
        d_out = disc(torch.cat([torch.randn(6, 4, device=device), fake.detach()]))
        d_loss = F.binary_cross_entropy_with_logits(d_out, torch.cat([torch.ones(6, 1), torch.zeros(6, 1)]).to(device))
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_out = disc(fake)
        g_loss = F.binary_cross_entropy_with_logits(g_out, torch.ones_like(g_out))
        g_loss.backward()
        opt_g.step()


if __name__ == "__main__":
    train()
