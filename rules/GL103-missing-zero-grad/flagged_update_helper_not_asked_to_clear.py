"""A trainer whose `update(clear=False)` steps the optimizer and clears the gradients
only when asked; the training loop calls it as `self.update()`, so nothing ever clears
them and every step uses the sum of all gradients so far."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_mlp(sizes: list) -> nn.Sequential:
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


class Trainer:
    def __init__(self, model: nn.Module, lr: float = 1e-2, max_norm: float = 5.0) -> None:
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.max_norm = max_norm

    def update(self, clear: bool = False) -> None:
        nn.utils.clip_grad_norm_(self.model.parameters(), self.max_norm)
        self.optimizer.step()
        if clear:
            self.optimizer.zero_grad(set_to_none=True)

    def train_epoch(self, loader) -> float:
        self.model.train()
        total = 0.0
        for x, y in loader:
            loss = F.cross_entropy(self.model(x.to(device)), y.to(device))
            loss.backward()
            self.update()  # error: GL103
            total += loss.item()
        return total


if __name__ == "__main__":
    trainer = Trainer(make_mlp([6, 12, 3]).to(device))
    trainer.train_epoch([(torch.randn(4, 6), torch.randint(0, 3, (4,))) for _ in range(3)])
