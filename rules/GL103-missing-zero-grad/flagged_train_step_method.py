"""A trainer whose train_step() does backward and step, called from a loop elsewhere;
nothing clears the gradients between calls."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module, lr: float = 0.01) -> None:
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def train_step(self, batch) -> float:
        x, y = batch
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.optimizer.step()  # error: GL103
        return loss.item()

    def fit(self, loader, epochs: int = 1) -> list:
        history = []
        for _ in range(epochs):
            for batch in loader:
                history.append(self.train_step(batch))
        return history


if __name__ == "__main__":
    trainer = Trainer(nn.Linear(3, 1).to(device))
    trainer.fit([(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(3)])
