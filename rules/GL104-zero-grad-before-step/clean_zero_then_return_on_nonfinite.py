"""A `train_step()` that drops a batch whose loss is not finite: after the backward it
clears the gradients and returns, so the `step()` below never sees the zeroing. (One
batch here is made to overflow.)"""
import math

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        self.skipped = 0

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        self.model.train()
        loss = F.mse_loss(self.model(x.to(device)), y.to(device))
        loss.backward()
        if not math.isfinite(loss.item()):
            self.optimizer.zero_grad(set_to_none=True)
            self.skipped += 1
            return float("nan")
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return loss.item()


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1)).to(device))
    for i in range(4):
        target = torch.full((4, 1), float("inf")) if i == 1 else torch.randn(4, 1)
        trainer.train_step(torch.randn(4, 3), target)
