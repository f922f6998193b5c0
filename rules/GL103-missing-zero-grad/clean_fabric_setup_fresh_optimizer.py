"""A Lightning Fabric test (`test_special_callbacks`): the optimizer is created two
lines above, wrapped by `fabric.setup(model, optimizer)`, and stepped once. A wrapped
fresh optimizer is still fresh: there is nothing to clear. `Fabric` is a small,
faithful stand-in for lightning's (setup returns wrappers that forward to the
originals and run the callbacks' hooks)."""
from unittest.mock import Mock

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class _FabricModule(nn.Module):
    def __init__(self, module: nn.Module) -> None:
        super().__init__()
        self._forward_module = module

    def forward(self, *args, **kwargs):
        return self._forward_module(*args, **kwargs)


class _FabricOptimizer:
    def __init__(self, optimizer: torch.optim.Optimizer, fabric: "Fabric") -> None:
        self.optimizer = optimizer
        self._fabric = fabric

    def step(self, closure=None):
        output = self.optimizer.step(closure)
        self._fabric.call("on_after_optimizer_step", strategy=self._fabric._strategy, optimizer=self.optimizer)
        return output

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.optimizer.zero_grad(set_to_none=set_to_none)


class Fabric:
    def __init__(self, accelerator: str = "cpu", callbacks=()) -> None:
        self._callbacks = list(callbacks)
        self._strategy = accelerator

    def call(self, hook_name: str, *args, **kwargs) -> None:
        for callback in self._callbacks:
            method = getattr(callback, hook_name, None)
            if callable(method):
                method(*args, **kwargs)

    def setup(self, module: nn.Module, *optimizers):
        module = _FabricModule(module.to(device))
        self.call("on_after_setup", fabric=self, module=module)
        return (module, *(_FabricOptimizer(o, self) for o in optimizers))


def test_special_callbacks() -> None:
    class SpecialCallback:
        def on_after_optimizer_step(self, strategy, optimizer):
            pass

        def on_after_setup(self, fabric, module):
            pass

    callback = Mock(wraps=SpecialCallback())
    fabric = Fabric(accelerator="cpu", callbacks=[callback])

    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    fabric_model, fabric_optimizer = fabric.setup(model, optimizer)
    callback.on_after_setup.assert_called_once_with(fabric=fabric, module=fabric_model)

    model(torch.randn(2, 2, device=device)).sum().backward()
    fabric_optimizer.step()
    callback.on_after_optimizer_step.assert_called_once_with(strategy=fabric._strategy, optimizer=optimizer)


if __name__ == "__main__":
    test_special_callbacks()
