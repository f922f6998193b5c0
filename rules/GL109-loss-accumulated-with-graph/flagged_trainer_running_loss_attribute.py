"""A trainer class that keeps `self.running_loss` for periodic logging and adds the loss
tensor to it at every step."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module, log_every: int = 10) -> None:
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        self.log_every = log_every
        self.running_loss = 0.0
        self.steps = 0

    def training_step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.optimizer.zero_grad()
        loss = F.cross_entropy(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        self.running_loss += loss  # error: GL109
        self.steps += 1
        if self.steps % self.log_every == 0:
            self.log()

    def log(self) -> None:
        print(f"step {self.steps}: loss {self.running_loss / self.log_every:.4f}")
        self.running_loss = 0.0


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(6, 10), nn.ReLU(), nn.Linear(10, 2)).to(device))
    for _ in range(4):
        trainer.training_step(torch.randn(3, 6, device=device), torch.randint(0, 2, (3,), device=device))
