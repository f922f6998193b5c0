"""A trainer that logs per-layer gradient norms from `named_parameters()` after
backward(): parameters are leaves, their `.grad` is filled."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Trainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        self.grad_norms: dict[str, list[float]] = {}

    def step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        self.optimizer.zero_grad()
        loss = F.cross_entropy(self.model(x), y)
        loss.backward()
        for name, param in self.model.named_parameters():
            if param.grad is not None:
                self.grad_norms.setdefault(name, []).append(param.grad.norm().item())
        self.optimizer.step()
        return loss.item()


if __name__ == "__main__":
    trainer = Trainer(nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3)).to(device))
    for _ in range(2):
        trainer.step(torch.randn(4, 5, device=device), torch.randint(0, 3, (4,), device=device))
    print(sorted(trainer.grad_norms))
