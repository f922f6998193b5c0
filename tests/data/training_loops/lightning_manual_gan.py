"""Lightning's manual-optimization GAN, as in its docs: each optimizer zeroes right
before its own backward."""
import torch
from lightning.pytorch import LightningModule
from torch import nn


class SimpleGAN(LightningModule):
    def __init__(self, generator: nn.Module, discriminator: nn.Module, latent_dim: int = 100) -> None:
        super().__init__()
        self.G, self.D = generator, discriminator
        self.latent_dim = latent_dim
        self.criterion = nn.BCEWithLogitsLoss()
        self.automatic_optimization = False

    def sample_G(self, n: int) -> torch.Tensor:
        return self.G(torch.randn(n, self.latent_dim, device=self.device))

    def training_step(self, batch, batch_idx):
        g_opt, d_opt = self.optimizers()
        X, _ = batch
        batch_size = X.shape[0]
        real_label = torch.ones((batch_size, 1), device=self.device)
        fake_label = torch.zeros((batch_size, 1), device=self.device)
        g_X = self.sample_G(batch_size)

        d_x = self.D(X)
        errD_real = self.criterion(d_x, real_label)
        d_z = self.D(g_X.detach())
        errD_fake = self.criterion(d_z, fake_label)
        errD = errD_real + errD_fake
        d_opt.zero_grad()
        self.manual_backward(errD)
        d_opt.step()

        d_z = self.D(g_X)
        errG = self.criterion(d_z, real_label)
        g_opt.zero_grad()
        self.manual_backward(errG)
        g_opt.step()
        self.log_dict({"g_loss": errG, "d_loss": errD}, prog_bar=True)

    def configure_optimizers(self):
        g_opt = torch.optim.Adam(self.G.parameters(), lr=1e-5)
        d_opt = torch.optim.Adam(self.D.parameters(), lr=1e-5)
        return g_opt, d_opt
