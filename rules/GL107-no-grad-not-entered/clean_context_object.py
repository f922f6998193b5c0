"""The guard is built first and entered later, or chosen at run time."""
import contextlib

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Runner:
    def __init__(self, model: nn.Module) -> None:
        self.model = model

    def step(self, batch: torch.Tensor, training: bool) -> torch.Tensor:
        ctx = contextlib.nullcontext() if training else torch.no_grad()
        with ctx:
            out = self.model(batch)
        return out

    def frozen_features(self, batch: torch.Tensor) -> torch.Tensor:
        guard = torch.inference_mode()
        with guard:
            return self.model(batch)

    def many(self, batches: list) -> list:
        with contextlib.ExitStack() as stack:
            stack.enter_context(torch.no_grad())
            return [self.model(b) for b in batches]


if __name__ == "__main__":
    runner = Runner(nn.Linear(2, 2).to(device))
    x = torch.randn(3, 2, device=device)
    assert runner.step(x, training=True).requires_grad
    assert not runner.step(x, training=False).requires_grad
    assert not runner.frozen_features(x).requires_grad
    print(len(runner.many([x, x])))
