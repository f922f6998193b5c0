"""Lightning's documented manual-optimization accumulation: `manual_backward` every
batch, `opt.step()` then `opt.zero_grad()` every N-th. `LightningModule` and `fit` are
small stand-ins for what lightning provides."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LightningModule(nn.Module):
    """Stand-in: the optimizers from configure_optimizers(), and manual_backward()."""

    def optimizers(self):
        return self._optimizers[0] if len(self._optimizers) == 1 else self._optimizers

    def manual_backward(self, loss: torch.Tensor, *args, **kwargs) -> None:
        loss.backward(*args, **kwargs)


class Autoencoder(LightningModule):
    def __init__(self, accumulate: int = 3) -> None:
        super().__init__()
        self.automatic_optimization = False
        self.accumulate = accumulate
        self.encoder = nn.Sequential(nn.Linear(10, 6), nn.GELU(), nn.Linear(6, 3))
        self.decoder = nn.Sequential(nn.Linear(3, 6), nn.GELU(), nn.Linear(6, 10))

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        x = batch
        loss = F.mse_loss(self.decoder(self.encoder(x)), x)
        self.manual_backward(loss / self.accumulate)
        if (batch_idx + 1) % self.accumulate == 0:
            opt.step()
            opt.zero_grad()
        return loss.detach()

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=3e-4)


def fit(module: LightningModule, batches) -> None:
    """Stand-in for Trainer.fit with automatic_optimization=False."""
    optimizer = module.configure_optimizers()
    module._optimizers = [optimizer]
    module.train()
    for batch_idx, batch in enumerate(batches):
        module.training_step(batch.to(device), batch_idx)


if __name__ == "__main__":
    fit(Autoencoder().to(device), [torch.randn(4, 10) for _ in range(6)])
