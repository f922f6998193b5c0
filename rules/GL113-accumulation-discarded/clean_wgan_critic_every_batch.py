"""WGAN-style training: the critic steps on every batch, the generator on every
`n_critic`-th (a `%` guard on a step). `opt_d.zero_grad()` at the top of each batch
clears gradients the generator's backward left in the critic: clearing them is the
point, not an accumulation thrown away."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def generator(latent: int, out: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(latent, 16), nn.ReLU(), nn.Linear(16, out))


def critic(inp: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inp, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


def train(loader, latent: int = 4, n_critic: int = 2, clip: float = 0.01) -> None:
    net_g, net_d = generator(latent, 6).to(device), critic(6).to(device)
    opt_g = torch.optim.RMSprop(net_g.parameters(), lr=5e-5)
    opt_d = torch.optim.RMSprop(net_d.parameters(), lr=5e-5)
    for i, real in enumerate(loader):
        real = real.to(device)
        opt_d.zero_grad()
        fake = net_g(torch.randn(real.size(0), latent, device=device)).detach()
        loss_d = net_d(fake).mean() - net_d(real).mean()
        loss_d.backward()
        opt_d.step()
        with torch.no_grad():
            for p in net_d.parameters():
                p.clamp_(-clip, clip)

        if i % n_critic == 0:
            opt_g.zero_grad()
            loss_g = -net_d(net_g(torch.randn(real.size(0), latent, device=device))).mean()
            loss_g.backward()
            opt_g.step()


if __name__ == "__main__":
    train([torch.randn(4, 6) for _ in range(5)])
