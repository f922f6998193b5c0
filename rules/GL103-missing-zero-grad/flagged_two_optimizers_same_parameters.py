"""Lightning's manual-optimization test with two optimizers over the same layer
(`test_multiple_optimizers_step`), with losses that are not identically zero: nothing
clears the gradients between `opt_a.step()` and the second backward, so `opt_b.step()`
uses `loss_1`'s gradient as well as `loss_2`'s (the test itself hides this: its losses
compare a prediction with itself). `LightningModule` and `fit` are small stand-ins for
what lightning provides."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LightningModule(nn.Module):
    """Stand-in: the optimizers from configure_optimizers(), and manual_backward()."""

    def optimizers(self):
        return self._optimizers[0] if len(self._optimizers) == 1 else self._optimizers

    def manual_backward(self, loss: torch.Tensor, *args, **kwargs) -> None:
        loss.backward(*args, **kwargs)


def assert_empty_grad(grad) -> None:
    assert grad is None


class ManualOptModel(LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.automatic_optimization = False
        self.layer = nn.Linear(32, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x)

    def loss(self, preds: torch.Tensor, labels=None) -> torch.Tensor:
        if labels is None:
            labels = torch.ones_like(preds)
        return nn.functional.mse_loss(preds, labels)

    def training_step(self, batch, batch_idx):
        opt_a, opt_b = self.optimizers()
        x = batch[0]

        loss_1 = self.loss(self(x))
        # make sure there are no grads
        assert_empty_grad(self.layer.weight.grad)
        self.manual_backward(loss_1)
        opt_a.step()

        # fake discriminator
        loss_2 = self.loss(self(x))
        self.manual_backward(loss_2, retain_graph=True)
        self.manual_backward(loss_2, retain_graph=True)
        assert self.layer.weight.grad is not None
        opt_b.step()  # error: GL103
        opt_b.zero_grad()
        return {"loss1": loss_1.detach(), "loss2": loss_2.detach()}

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.layer.parameters(), lr=0.1)
        optimizer_2 = torch.optim.SGD(self.layer.parameters(), lr=0.1)
        return optimizer, optimizer_2


def fit(module: LightningModule, batches) -> None:
    """Stand-in for Trainer.fit with automatic_optimization=False."""
    module._optimizers = list(module.configure_optimizers())
    for batch_idx, batch in enumerate(batches):
        module.training_step(batch, batch_idx)


if __name__ == "__main__":
    model = ManualOptModel().to(device)
    fit(model, [(torch.randn(4, 32, device=device),) for _ in range(3)])
