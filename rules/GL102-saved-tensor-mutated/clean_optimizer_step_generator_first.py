"""G steps before D, and that is legitimate here: D's scores on the real batch are
computed before `opt_g.step()` and backpropagated after it, but they depend on D's
weights only, which `opt_g` does not own; D's scores on fakes are taken on
`fake.detach()`."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def generator(latent: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(latent, 16), nn.ReLU(), nn.Linear(16, out), nn.Tanh())


def discriminator(inp: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


def train_step(net_g, net_d, opt_g, opt_d, real: torch.Tensor, latent: int = 4) -> None:
    d_real = net_d(real)
    fake = net_g(torch.randn(real.size(0), latent, device=device))

    opt_g.zero_grad()
    g_out = net_d(fake)
    g_loss = F.binary_cross_entropy_with_logits(g_out, torch.ones_like(g_out))
    g_loss.backward()
    opt_g.step()

    opt_d.zero_grad()
    d_fake = net_d(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real)) + \
        F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
    d_loss.backward()
    opt_d.step()


if __name__ == "__main__":
    net_g, net_d = generator(4, 6).to(device), discriminator(6).to(device)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    for _ in range(2):
        train_step(net_g, net_d, opt_g, opt_d, torch.randn(4, 6, device=device))
