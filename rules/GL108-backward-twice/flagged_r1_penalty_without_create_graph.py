"""An R1 gradient penalty computed with `torch.autograd.grad` without `create_graph`:
that call frees the discriminator's graph, and the discriminator loss's backward fails."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def discriminator() -> nn.Module:
    return nn.Sequential(nn.Linear(6, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))


def d_step(netD: nn.Module, optD, real: torch.Tensor, fake: torch.Tensor, gamma: float = 10.0) -> float:
    real = real.requires_grad_(True)
    real_out, fake_out = netD(real), netD(fake)
    d_loss = F.softplus(fake_out).mean() + F.softplus(-real_out).mean()
    (grad_real,) = torch.autograd.grad(real_out.sum(), real)
    r1 = gamma / 2 * grad_real.pow(2).sum(1).mean()
    optD.zero_grad()
    (d_loss + r1).backward()  # error: GL108
    optD.step()
    return d_loss.item()


if __name__ == "__main__":
    D = discriminator().to(device)
    opt = torch.optim.Adam(D.parameters(), lr=1e-4)
    d_step(D, opt, torch.randn(4, 6, device=device), torch.randn(4, 6, device=device))
