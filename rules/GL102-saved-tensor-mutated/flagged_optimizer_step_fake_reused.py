"""Several generator updates per batch that reuse one `fake = net_g(z)`: the first
`opt_g.step()` updates G's weights in place, and the next backward goes through the
same `fake`, whose graph saved the old ones."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def generator(latent: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(latent, 16), nn.ReLU(), nn.Linear(16, out))


def critic(inp: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


class GANTrainer:
    def __init__(self, latent: int = 4, g_steps: int = 2) -> None:
        self.latent, self.g_steps = latent, g_steps
        self.net_g, self.net_d = generator(latent, 6).to(device), critic(6).to(device)
        self.opt_g = torch.optim.SGD(self.net_g.parameters(), lr=1e-2)
        self.opt_d = torch.optim.SGD(self.net_d.parameters(), lr=1e-2)

    def step(self, real: torch.Tensor) -> None:
        fake = self.net_g(torch.randn(real.size(0), self.latent, device=device))

        self.opt_d.zero_grad()
        d_loss = F.softplus(self.net_d(fake.detach())).mean() + F.softplus(-self.net_d(real)).mean()
        d_loss.backward()
        self.opt_d.step()

        for _ in range(self.g_steps):
            self.opt_g.zero_grad()
            g_loss = F.softplus(-self.net_d(fake)).mean()
            g_loss.backward(retain_graph=True)
            self.opt_g.step()  # error: GL102


if __name__ == "__main__":
    GANTrainer().step(torch.randn(4, 6, device=device))
