"""A GAN step that builds D's loss and G's loss from one forward pass through D, then
steps D before G's backward: `opt_d.step()` updates D's weights in place, and G's loss
still needs the weights that pass saved."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def generator(latent: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(latent, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, out), nn.Tanh())


def discriminator(inp: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


def train_step(net_g, net_d, opt_g, opt_d, real: torch.Tensor, latent: int = 4) -> None:
    fake = net_g(torch.randn(real.size(0), latent, device=device))
    d_real, d_fake = net_d(real), net_d(fake)
    d_loss = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real)) + \
        F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
    g_loss = F.binary_cross_entropy_with_logits(d_fake, torch.ones_like(d_fake))

    opt_d.zero_grad()
    d_loss.backward(retain_graph=True)
    opt_d.step()  # error: GL102

    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()


if __name__ == "__main__":
    net_g, net_d = generator(4, 6).to(device), discriminator(6).to(device)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    train_step(net_g, net_d, opt_g, opt_d, torch.randn(4, 6, device=device))
