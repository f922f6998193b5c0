"""A GAN training loop that saves a grid of generated samples, clipped with np.clip, every few steps."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_grid(samples: np.ndarray, rows: int) -> np.ndarray:
    images = samples.reshape(rows, -1, 4, 4)
    return np.concatenate(list(np.concatenate(list(images), axis=1)), axis=1)


def save_samples(generator: nn.Module, z: torch.Tensor, step: int) -> np.ndarray:
    fake = generator(z).cpu()
    grid = make_grid(np.clip(fake * 0.5 + 0.5, 0.0, 1.0), rows=2)  # error: GL110
    return grid


if __name__ == "__main__":
    generator = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 16), nn.Tanh()).to(device)
    discriminator = nn.Sequential(nn.Linear(16, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1)).to(device)
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4)
    bce = nn.BCEWithLogitsLoss()
    fixed_z = torch.randn(4, 8, device=device)
    for step in range(3):
        real = torch.randn(6, 16, device=device)
        fake = generator(torch.randn(6, 8, device=device))
        opt_d.zero_grad()
        d_loss = bce(discriminator(real), torch.ones(6, 1, device=device)) + bce(
            discriminator(fake.detach()), torch.zeros(6, 1, device=device)
        )
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        bce(discriminator(fake), torch.ones(6, 1, device=device)).backward()
        opt_g.step()
        if step % 2 == 0:
            save_samples(generator, fixed_z, step)
