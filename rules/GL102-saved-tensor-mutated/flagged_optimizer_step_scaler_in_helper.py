"""A GAN trainer whose `update_discriminator()` helper runs the discriminator's scaled
backward (graph retained) and `scaler.step(opt_d)`; the generator's loss, built from
the same pass through D, is backpropagated afterwards."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def generator(latent: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(latent, 16), nn.ReLU(), nn.Linear(16, out), nn.Tanh())


def discriminator(inp: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


class Trainer:
    def __init__(self, latent: int = 4) -> None:
        self.latent = latent
        self.net_g, self.net_d = generator(latent, 6).to(device), discriminator(6).to(device)
        self.opt_g = torch.optim.Adam(self.net_g.parameters(), lr=2e-4)
        self.opt_d = torch.optim.Adam(self.net_d.parameters(), lr=2e-4)
        self.scaler = torch.amp.GradScaler(device.type)

    def update_discriminator(self, d_loss: torch.Tensor) -> None:
        self.opt_d.zero_grad()
        self.scaler.scale(d_loss).backward(retain_graph=True)
        self.scaler.step(self.opt_d)  # error: GL102

    def update_generator(self, g_loss: torch.Tensor) -> None:
        self.opt_g.zero_grad()
        self.scaler.scale(g_loss).backward()
        self.scaler.step(self.opt_g)

    def train_step(self, real: torch.Tensor) -> None:
        fake = self.net_g(torch.randn(real.size(0), self.latent, device=device))
        logits = self.net_d(torch.cat([real, fake]))
        real_logits, fake_logits = logits.chunk(2)
        d_loss = F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
        g_loss = F.softplus(-fake_logits).mean()
        self.update_discriminator(d_loss)
        self.update_generator(g_loss)
        self.scaler.update()


if __name__ == "__main__":
    Trainer().train_step(torch.randn(4, 6, device=device))
