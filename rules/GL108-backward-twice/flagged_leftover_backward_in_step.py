"""A trainer whose `backward()` helper already backpropagates and clips, plus a leftover
`loss.backward()` in the training step: the second pass finds the graph freed."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module, max_norm: float = 1.0) -> None:
        self.model = model
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        self.max_norm = max_norm

    def backward(self, loss: torch.Tensor) -> None:
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), self.max_norm)

    def training_step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        self.optimizer.zero_grad()
        loss = F.cross_entropy(self.model(x), y)
        self.backward(loss)
        loss.backward()  # error: GL108
        self.optimizer.step()
        return loss.item()


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 3)).to(device))
    trainer.training_step(torch.randn(4, 6, device=device), torch.randint(0, 3, (4,), device=device))
