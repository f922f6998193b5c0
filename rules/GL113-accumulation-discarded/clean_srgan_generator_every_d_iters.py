"""An SRGAN trainer in the style of BasicSR: the generator's gradients are cleared on
every iteration and it trains only every `net_d_iters`-th iteration after a warm-up, with
its own backward inside that test; the discriminator then trains on every iteration with
two backwards (real, then fake) before its step. Nothing the generator's step needs is
ever cleared."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_generator(scale: int = 2) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.PReLU(), nn.Conv2d(8, 3 * scale**2, 3, padding=1),
                         nn.PixelShuffle(scale))


def make_discriminator() -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.LeakyReLU(0.2), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(8, 1))


class SRGANModel:
    def __init__(self, net_d_iters: int = 2, net_d_init_iters: int = 0) -> None:
        self.net_g, self.net_d = make_generator().to(device), make_discriminator().to(device)
        self.optimizer_g = torch.optim.Adam(self.net_g.parameters(), lr=1e-4)
        self.optimizer_d = torch.optim.Adam(self.net_d.parameters(), lr=1e-4)
        self.net_d_iters, self.net_d_init_iters = net_d_iters, net_d_init_iters

    def optimize_parameters(self, lq: torch.Tensor, gt: torch.Tensor, current_iter: int) -> dict:
        for p in self.net_d.parameters():
            p.requires_grad = False
        self.optimizer_g.zero_grad()
        output = self.net_g(lq)
        log = {}
        if current_iter % self.net_d_iters == 0 and current_iter > self.net_d_init_iters:
            fake_g_pred = self.net_d(output)
            l_g_total = F.l1_loss(output, gt) + 1e-3 * F.softplus(-fake_g_pred).mean()
            l_g_total.backward()
            self.optimizer_g.step()
            log["l_g_total"] = l_g_total.item()

        for p in self.net_d.parameters():
            p.requires_grad = True
        self.optimizer_d.zero_grad()
        real_d_pred = self.net_d(gt)
        l_d_real = F.softplus(-real_d_pred).mean()
        l_d_real.backward()
        fake_d_pred = self.net_d(output.detach())
        l_d_fake = F.softplus(fake_d_pred).mean()
        l_d_fake.backward()
        self.optimizer_d.step()
        log["l_d"] = l_d_real.item() + l_d_fake.item()
        return log


if __name__ == "__main__":
    model = SRGANModel()
    for it in range(1, 5):
        model.optimize_parameters(torch.rand(2, 3, 4, 4, device=device), torch.rand(2, 3, 8, 8, device=device), it)
