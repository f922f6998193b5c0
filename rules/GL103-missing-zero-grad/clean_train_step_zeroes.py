"""A trainer whose train_step() clears the gradients itself."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

    def train_step(self, batch) -> float:
        x, y = batch
        self.optimizer.zero_grad()
        loss = nn.functional.mse_loss(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def fit(self, loader) -> None:
        for batch in loader:
            self.train_step(batch)


if __name__ == "__main__":
    Trainer(nn.Linear(3, 1).to(device)).fit([(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device))] * 3)
