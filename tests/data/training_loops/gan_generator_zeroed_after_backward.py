"""A GAN loop that moved the generator's zeroing below its backward: G steps on
cleared gradients and never learns."""
import torch
import torch.nn.functional as F


def train(generator, discriminator, loader, latent_dim: int, device: str = "cuda") -> None:
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    for real, _ in loader:
        real = real.to(device)
        z = torch.randn(real.size(0), latent_dim, device=device)
        fake = generator(z)

        opt_d.zero_grad()
        d_loss = F.softplus(discriminator(fake.detach())).mean() + F.softplus(-discriminator(real)).mean()
        d_loss.backward()
        opt_d.step()

        g_loss = F.softplus(-discriminator(fake)).mean()
        g_loss.backward()
        opt_g.zero_grad()  # error: GL104
        opt_g.step()
