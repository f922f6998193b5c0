"""Lightning's `test_fabric_boring_lightning_module_automatic`, with Accelerate: the
optimizer comes fresh from `module.configure_optimizers()`, is wrapped by
`accelerator.prepare(...)`, and stepped once. The wrapped optimizer is as fresh as the
one it wraps: there is nothing to clear. `Accelerator` is a small, faithful
stand-in for accelerate's (`prepare` returns the model and an optimizer wrapper that
forwards `step()`/`zero_grad()`)."""
import copy

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class AcceleratedOptimizer:
    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer

    @property
    def param_groups(self):
        return self.optimizer.param_groups

    def step(self, closure=None):
        return self.optimizer.step(closure)

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.optimizer.zero_grad(set_to_none=set_to_none)


class Accelerator:
    device = device

    def prepare(self, *objects):
        prepared = []
        for obj in objects:
            if isinstance(obj, nn.Module):
                obj = obj.to(self.device)
            elif isinstance(obj, torch.optim.Optimizer):
                obj = AcceleratedOptimizer(obj)
            prepared.append(obj)
        return tuple(prepared)

    def backward(self, loss: torch.Tensor, **kwargs) -> None:
        loss.backward(**kwargs)


class BoringModel(nn.Module):
    """Lightning's BoringModel, enough of it: a layer, a loss, its optimizers."""

    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(32, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x)

    def training_step(self, batch, batch_idx: int) -> dict:
        return {"loss": self(batch).sum()}

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.layer.parameters(), lr=0.1)
        lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        return [optimizer], [lr_scheduler]


def test_boring_lightning_module_with_accelerate() -> None:
    accelerator = Accelerator()
    module = BoringModel()
    parameters_before = copy.deepcopy(list(module.parameters()))

    optimizers, _ = module.configure_optimizers()
    model, optimizer = accelerator.prepare(module, optimizers[0])

    batch = torch.randn(4, 32, device=accelerator.device)
    output = model.training_step(batch, 0)
    accelerator.backward(output["loss"])
    optimizer.step()

    assert all(not torch.equal(before, after) for before, after in zip(parameters_before, model.parameters()))


if __name__ == "__main__":
    test_boring_lightning_module_with_accelerate()
