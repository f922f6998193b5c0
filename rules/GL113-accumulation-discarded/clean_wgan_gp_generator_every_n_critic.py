"""WGAN-GP as it is often written: the critic trains on every batch on a fake that is not
detached, so `d_loss.backward()` also fills the generator's `.grad`; the generator's
gradients are cleared on every batch and it trains on every `n_critic`-th, with its own
backward inside that guard. The clearing throws away only what the critic's loss left in
the generator: there is no accumulation here to lose."""
import torch
from torch import autograd, nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Generator(nn.Module):
    def __init__(self, latent_dim: int, out_dim: int) -> None:
        super().__init__()

        def block(in_feat: int, out_feat: int) -> list:
            return [nn.Linear(in_feat, out_feat), nn.LeakyReLU(0.2, inplace=True)]

        self.model = nn.Sequential(*block(latent_dim, 16), *block(16, 16), nn.Linear(16, out_dim), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.model(z)


class Critic(nn.Module):
    def __init__(self, in_dim: int) -> None:
        super().__init__()
        self.model = nn.Sequential(nn.Linear(in_dim, 16), nn.LeakyReLU(0.2, inplace=True), nn.Linear(16, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x)


def gradient_penalty(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    alpha = torch.rand(real.size(0), 1, device=real.device)
    interpolates = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = critic(interpolates)
    grads = autograd.grad(out, interpolates, torch.ones_like(out), create_graph=True, retain_graph=True)[0]
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


def train(loader, latent_dim: int = 4, n_critic: int = 2, lambda_gp: float = 10.0) -> None:
    generator, critic = Generator(latent_dim, 6).to(device), Critic(6).to(device)
    optimizer_g = torch.optim.Adam(generator.parameters(), lr=1e-4, betas=(0.5, 0.9))
    optimizer_d = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.5, 0.9))
    for i, real in enumerate(loader):
        real = real.to(device)

        optimizer_d.zero_grad()
        z = torch.randn(real.size(0), latent_dim, device=device)
        fake = generator(z)
        d_loss = -critic(real).mean() + critic(fake).mean() + lambda_gp * gradient_penalty(critic, real, fake.data)
        d_loss.backward()
        optimizer_d.step()

        optimizer_g.zero_grad()

        if i % n_critic == 0:
            fake = generator(z)
            g_loss = -critic(fake).mean()
            g_loss.backward()
            optimizer_g.step()


if __name__ == "__main__":
    train([torch.randn(4, 6) for _ in range(6)])
