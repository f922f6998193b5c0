"""A training step that wraps the forward pass in no_grad "to save memory", then calls backward."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        self.criterion = nn.CrossEntropyLoss()

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        with torch.no_grad():
            logits = self.model(x)
            loss = self.criterion(logits, y)
        loss.backward()  # error: GL114
        self.optimizer.step()
        return loss.item()


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 2)).to(device))
    print(trainer.train_step(torch.randn(8, 6, device=device), torch.randint(0, 2, (8,), device=device)))
