"""A test-suite helper that runs forward and backward over some batches and, only when
it is given an optimizer (and asked to), clears and steps it on each batch. The
accumulation test calls it without an optimizer, so nothing is cleared between the
micro-batches, and steps once after them."""
from typing import Iterable, Optional

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SampleConvNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.gn = nn.GroupNorm(2, 4)
        self.fc = nn.Linear(4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.gn(self.conv(x)))
        return self.fc(x.mean(dim=(2, 3)))


class GradientAccumulationCheck:
    def __init__(self, batches: list) -> None:
        self.batches = batches
        self.model = SampleConvNet().to(device)
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1)

    def model_forward_backward(
        self,
        model: nn.Module,
        data_iter: Iterable,
        optimizer: Optional[torch.optim.Optimizer] = None,
        num_steps: int = 1,
        do_zero_grad: bool = True,
    ) -> None:
        for x, y in data_iter:
            if optimizer and do_zero_grad:
                optimizer.zero_grad()
            num_steps -= 1
            loss = self.criterion(model(x.to(device)), y.to(device))
            loss.backward()
            if optimizer:
                optimizer.step()
            if num_steps == 0:
                break

    def test_accumulation(self, steps: int = 3) -> None:
        model, optimizer = self.model, self.optimizer
        optimizer.zero_grad()
        self.model_forward_backward(model, self.batches, num_steps=steps)
        grads = [p.grad.clone() for p in model.parameters()]
        optimizer.step()
        assert all(g.abs().sum() > 0 for g in grads)


if __name__ == "__main__":
    data = [(torch.randn(2, 1, 6, 6), torch.randint(0, 3, (2,))) for _ in range(3)]
    GradientAccumulationCheck(data).test_accumulation()
