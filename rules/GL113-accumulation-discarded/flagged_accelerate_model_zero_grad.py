"""Accelerate-style accumulation that clears with `model.zero_grad()` inside
`with accelerator.accumulate(model):`. The prepared optimizer skips `step()` and
`zero_grad()` on micro-steps that do not sync, but the model's own `zero_grad()` is not
skipped: each real step sees the last micro-batch only. `Accelerator` is a small,
faithful stand-in for accelerate's (sync every `gradient_accumulation_steps` calls,
the loss divided by it in `backward()`, the optimizer wrapped)."""
import contextlib

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class AcceleratedOptimizer:
    def __init__(self, optimizer, accelerator: "Accelerator") -> None:
        self.optimizer = optimizer
        self.accelerator = accelerator

    @property
    def param_groups(self):
        return self.optimizer.param_groups

    def zero_grad(self, set_to_none: bool = True) -> None:
        if self.accelerator.sync_gradients:
            self.optimizer.zero_grad(set_to_none=set_to_none)

    def step(self, closure=None) -> None:
        if self.accelerator.sync_gradients:
            self.optimizer.step(closure)


class Accelerator:
    def __init__(self, gradient_accumulation_steps: int = 1) -> None:
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.sync_gradients = True
        self.step = 0
        self.device = device

    def prepare(self, model: nn.Module, optimizer):
        return model.to(self.device), AcceleratedOptimizer(optimizer, self)

    @contextlib.contextmanager
    def accumulate(self, *models):
        self.step += 1
        self.sync_gradients = self.step % self.gradient_accumulation_steps == 0
        yield

    def backward(self, loss: torch.Tensor, **kwargs) -> None:
        (loss / self.gradient_accumulation_steps).backward(**kwargs)


def main() -> None:
    accelerator = Accelerator(gradient_accumulation_steps=2)
    model = nn.Sequential(nn.Linear(7, 14), nn.ReLU(), nn.Linear(14, 2))
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
    model, optimizer = accelerator.prepare(model, optimizer)
    dataloader = [(torch.randn(3, 7), torch.randint(0, 2, (3,))) for _ in range(4)]
    model.train()
    for inputs, targets in dataloader:
        with accelerator.accumulate(model):
            model.zero_grad()  # error: GL113
            outputs = model(inputs.to(accelerator.device))
            loss = F.cross_entropy(outputs, targets.to(accelerator.device))
            accelerator.backward(loss)
            optimizer.step()


if __name__ == "__main__":
    main()
