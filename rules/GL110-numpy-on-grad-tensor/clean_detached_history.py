"""A loss history kept as detached CPU tensors and averaged with NumPy at the end of the epoch."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        self.history = []

    def step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.optimizer.zero_grad()
        loss = nn.functional.smooth_l1_loss(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        self.history.append(loss.detach().cpu())

    def epoch_summary(self) -> dict:
        losses = np.array([h.numpy() for h in self.history])
        return {"mean": float(np.mean(losses)), "last": float(losses[-1])}


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device))
    for _ in range(3):
        trainer.step(torch.randn(5, 4, device=device), torch.randn(5, 1, device=device))
    print(trainer.epoch_summary())
