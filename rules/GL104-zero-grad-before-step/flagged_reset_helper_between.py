"""A `self.reset_grads()` helper called between backward and step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self) -> None:
        self.model = nn.Linear(3, 1).to(device)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.01)

    def reset_grads(self) -> None:
        for p in self.model.parameters():
            p.grad = None

    def step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        loss = nn.functional.mse_loss(self.model(x), y)
        loss.backward()
        self.reset_grads()  # error: GL104
        self.optimizer.step()
        return loss.item()


if __name__ == "__main__":
    trainer = Trainer()
    for _ in range(2):
        trainer.step(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device))
