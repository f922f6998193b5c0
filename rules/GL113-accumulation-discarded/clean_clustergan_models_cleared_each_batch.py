"""ClusterGAN-style alternation: every batch starts by clearing the generator's,
encoder's and discriminator's gradients (`model.zero_grad()`), the generator and encoder
train together every `n_skip_iter`-th batch with their own backward inside that guard,
and the discriminator trains on every batch. Nothing is accumulated across batches, so
the clearings discard nothing the generator's step needs."""
from itertools import chain as ichain

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def mlp(*sizes: int) -> nn.Sequential:
    layers: list = []
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b), nn.LeakyReLU(0.2)]
    return nn.Sequential(*layers[:-1])


class ClusterGAN:
    def __init__(self, latent_dim: int = 4, n_c: int = 3, x_dim: int = 6, n_skip_iter: int = 2) -> None:
        self.latent_dim, self.n_c, self.n_skip_iter = latent_dim, n_c, n_skip_iter
        self.generator = mlp(latent_dim + n_c, 16, x_dim).to(device)
        self.encoder = mlp(x_dim, 16, latent_dim + n_c).to(device)
        self.discriminator = mlp(x_dim, 16, 1).to(device)
        ge_chain = ichain(self.generator.parameters(), self.encoder.parameters())
        self.optimizer_ge = torch.optim.Adam(ge_chain, lr=1e-4, betas=(0.5, 0.9))
        self.optimizer_d = torch.optim.Adam(self.discriminator.parameters(), lr=1e-4, betas=(0.5, 0.9))

    def sample_z(self, n: int) -> tuple:
        zn = torch.randn(n, self.latent_dim, device=device)
        zc_idx = torch.randint(0, self.n_c, (n,), device=device)
        return zn, F.one_hot(zc_idx, self.n_c).float(), zc_idx

    def fit(self, loader, epochs: int = 1) -> list:
        history = []
        for _ in range(epochs):
            for i, real in enumerate(loader):
                self.generator.zero_grad()
                self.encoder.zero_grad()
                self.discriminator.zero_grad()
                real = real.to(device)

                self.optimizer_ge.zero_grad()
                zn, zc, zc_idx = self.sample_z(real.size(0))
                gen = self.generator(torch.cat([zn, zc], dim=1))
                d_gen, d_real = self.discriminator(gen), self.discriminator(real)

                if i % self.n_skip_iter == 0:
                    enc = self.encoder(gen)
                    enc_zn, enc_logits = enc[:, : self.latent_dim], enc[:, self.latent_dim :]
                    ge_loss = d_gen.mean() + F.mse_loss(enc_zn, zn) + F.cross_entropy(enc_logits, zc_idx)
                    ge_loss.backward(retain_graph=True)
                    self.optimizer_ge.step()

                self.optimizer_d.zero_grad()
                d_loss = d_real.mean() - self.discriminator(gen.detach()).mean()
                d_loss.backward()
                self.optimizer_d.step()
                history.append(d_loss.item())
        return history


if __name__ == "__main__":
    ClusterGAN().fit([torch.randn(4, 6) for _ in range(6)])
