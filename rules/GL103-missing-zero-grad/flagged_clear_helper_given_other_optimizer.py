"""A GAN loop that clears gradients through a helper given the optimizer: it clears the
discriminator's before each D update, but the generator's optimizer is never passed to
it, so every G step uses the sum of all earlier G gradients (and the ones D's loss
left in G)."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def clear_gradients(optimizer: torch.optim.Optimizer) -> None:
    optimizer.zero_grad(set_to_none=True)


def train_gan(loader, latent: int = 4) -> None:
    net_g = nn.Sequential(nn.Linear(latent, 16), nn.ReLU(), nn.Linear(16, 6)).to(device)
    net_d = nn.Sequential(nn.Linear(6, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1)).to(device)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    for real in loader:
        real = real.to(device)
        fake = net_g(torch.randn(real.size(0), latent, device=device))

        clear_gradients(opt_d)
        d_real, d_fake = net_d(real), net_d(fake.detach())
        d_loss = F.binary_cross_entropy_with_logits(d_real, torch.ones_like(d_real)) + \
            F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake))
        d_loss.backward()
        opt_d.step()

        g_out = net_d(fake)
        g_loss = F.binary_cross_entropy_with_logits(g_out, torch.ones_like(g_out))
        g_loss.backward()
        opt_g.step()  # error: GL103


if __name__ == "__main__":
    train_gan([torch.randn(4, 6) for _ in range(3)])
