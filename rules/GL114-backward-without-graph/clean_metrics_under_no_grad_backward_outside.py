"""A training step that logs metrics under no_grad and calls backward on the loss computed outside the block."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        self.criterion = nn.CrossEntropyLoss()

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> dict:
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        logits = self.model(x)
        loss = self.criterion(logits, y)
        with torch.no_grad():
            accuracy = (logits.argmax(1) == y).float().mean()
            confidence = logits.softmax(1).max(1).values.mean()
        loss.backward()
        self.optimizer.step()
        return {"loss": loss.item(), "acc": accuracy.item(), "conf": confidence.item()}


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 2)).to(device))
    print(trainer.train_step(torch.randn(8, 6, device=device), torch.randint(0, 2, (8,), device=device)))
